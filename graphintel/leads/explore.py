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
        nodes[m.key] = {
            "id": m.key,
            "label": m.label.upper(),
            "name": f"{m.party_id} {m.name or ''}".strip(),
            "party_id": m.party_id,
            "score": round(float(m.score or 0), 3),
        }
    edges: list[dict] = []
    for t in trade.itertuples(index=False):
        edges.append(
            {
                "id": f"t|{t.seller}|{t.buyer}",
                "source": t.seller,
                "target": t.buyer,
                "label": "SHIPPED_TO",
                "parcels": int(t.parcels),
                "value": round(float(t.value or 0), 2),
            }
        )
    shared = identifiers.groupby("key")["party"].nunique()
    for i in identifiers.itertuples(index=False):
        if shared.get(i.key, 0) < 2 and len(members) > 1:
            continue  # only identifiers that tie members together
        nodes.setdefault(i.key, {"id": i.key, "label": i.kind.upper(), "name": i.value})
        edges.append(
            {"id": f"i|{i.party}|{i.key}", "source": i.party, "target": i.key, "label": "HAS_" + i.kind.upper()}
        )
    capped = len(nodes) > max_nodes
    if capped:
        keep = set(list(nodes)[:max_nodes])
        nodes = {k: v for k, v in nodes.items() if k in keep}
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    return Network(list(nodes.values()), edges, capped)


def neighbourhood(store, party_key: str, depth: int = 1, max_nodes: int = 300, per_node: int = 100) -> Network:
    """Parties within ``depth`` steps (1 to 3) of a party, one named query per node expanded.

    A step is trade or a shared address, phone or e-mail. The result is capped at
    ``max_nodes`` parties (``capped`` says so) so a hub cannot freeze the browser.
    """
    if depth not in (1, 2, 3):
        raise ValueError("depth must be 1, 2 or 3")
    nodes: dict[str, dict] = {party_key: {"id": party_key, "depth": 0}}
    edges: dict[str, dict] = {}
    frontier = [party_key]
    capped = False
    for level in range(1, depth + 1):
        following = []
        for key in frontier:
            rows = run_named(store, "party_neighbourhood", {"party_key": key, "limit": per_node})
            capped = capped or len(rows) >= per_node
            for row in rows.itertuples(index=False):
                if row.key not in nodes:
                    if len(nodes) >= max_nodes:
                        capped = True
                        continue
                    nodes[row.key] = {
                        "id": row.key,
                        "label": row.label.upper(),
                        "name": f"{row.party_id} {row.name or ''}".strip(),
                        "party_id": row.party_id,
                        "depth": level,
                    }
                    following.append(row.key)
                a, b = sorted((key, row.key))
                edges.setdefault(
                    f"n|{a}|{b}",
                    {"id": f"n|{a}|{b}", "source": a, "target": b, "label": "LINKED", "links": int(row.links)},
                )
        frontier = following
    return Network(list(nodes.values()), list(edges.values()), capped)
