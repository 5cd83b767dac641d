"""What the dashboard shows: leads, a lead's network, its members and consignments.

Every read goes through the named queries of ``queries/`` with parameters, so
nothing an analyst types can change a query's structure.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from graphintel.store.base import read_query_text


def run_named(store, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run ``queries/NAME.cypher`` (or its dialect's variant) with parameters."""
    return store.query(read_query_text(name, getattr(store, "dialect", "")), params or {})


@dataclass
class Network:
    """Elements for an interactive graph: nodes (id, label, name, ...) and edges (id, source, target, label)."""

    nodes: list[dict]
    edges: list[dict]
    capped: bool = False

    def elements(self) -> dict:
        return {"nodes": [{"data": n} for n in self.nodes], "edges": [{"data": e} for e in self.edges]}


def lead_network(store, lead_id: str, max_nodes: int = 400) -> Network:
    """A lead's parties, their shared identifiers and the trade between them."""
    members = run_named(store, "lead_members", {"lead_id": lead_id})
    identifiers = run_named(store, "lead_identifiers", {"lead_id": lead_id})
    trade = run_named(store, "lead_trade", {"lead_id": lead_id})
    nodes: dict[str, dict] = {}
    for m in members.itertuples(index=False):
        nodes[m.key] = {"id": m.key, "label": m.label.upper(), "name": f"{m.party_id} {m.name or ''}".strip(),
                        "party_id": m.party_id, "score": round(float(m.score or 0), 3)}
    edges: list[dict] = []
    for t in trade.itertuples(index=False):
        edges.append({"id": f"t|{t.seller}|{t.buyer}", "source": t.seller, "target": t.buyer, "label": "SHIPPED_TO",
                      "parcels": int(t.parcels), "value": round(float(t.value or 0), 2)})
    shared = identifiers.groupby("key")["party"].nunique()
    for i in identifiers.itertuples(index=False):
        if shared.get(i.key, 0) < 2 and len(members) > 1:
            continue  # only identifiers that tie members together
        nodes.setdefault(i.key, {"id": i.key, "label": i.kind.upper(), "name": i.value})
        edges.append({"id": f"i|{i.party}|{i.key}", "source": i.party, "target": i.key, "label": "HAS_" + i.kind.upper()})
    capped = len(nodes) > max_nodes
    if capped:
        keep = set(list(nodes)[:max_nodes])
        nodes = {k: v for k, v in nodes.items() if k in keep}
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    return Network(list(nodes.values()), edges, capped)
