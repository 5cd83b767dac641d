"""What the dashboard shows: leads, networks around leads and parties, paths, and search.

Every read goes through the named queries of ``queries/`` with parameters, so
nothing an analyst types can change a query's structure. Networks are built
here, store-agnostic, as plain dicts an interactive graph component can draw:
parties and the addresses, phones and e-mails that tie them, and trade between
sellers and buyers (edge width by parcels).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import pandas as pd

from graphintel import schema
from graphintel.finite import finite
from graphintel.frames import isin
from graphintel.schema import IDENTIFIER_KINDS, PARTY_KINDS, SELLER_KIND, TIE_LINKS, TRADE_LINK
from graphintel.store.base import GraphStore, read_query_text  # noqa: F401  (the query page reads texts here)

HUB_SHARERS = 25  # an identifier shared by more parties is drawn but not expanded (a depot, a call centre)
MAX_NODES = 300  # nodes drawn at most; beyond, the network says it is capped


def run_named(store: GraphStore, name: str, params: dict | None = None) -> pd.DataFrame:
    """Run ``queries/NAME.cypher`` (or its dialect's variant) with parameters."""
    return store.named(name, params or {})


def _rows(frame: pd.DataFrame, *columns: str):
    """The frame's rows as tuples of ``columns`` (``itertuples`` costs a column copy per call in pandas 3)."""
    return zip(*(frame[c].tolist() for c in columns), strict=True)


def _grouped(rows) -> dict:
    """Row tuples grouped by their first value, groups and rows in the order met."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(row[0], []).append(row)
    return groups


def _clean(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _score(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, 3)


def _written(frame: pd.DataFrame) -> pd.DataFrame:
    """Identifier rows with their ``display`` column (as written), empty when the read has none."""
    return frame if "display" in frame else frame.assign(display=None)


def trade_width(parcels: int) -> float:
    """A trade link's width for its parcels (1 to 8, growing with their log)."""
    return round(1 + min(7.0, 1.6 * math.log1p(max(parcels, 0))), 2)


@dataclass
class Network:
    """Nodes and edges for an interactive graph, keyed by id, with what was left out."""

    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[str, dict] = field(default_factory=dict)
    capped: bool = False
    hubs: dict[str, int] = field(default_factory=dict)  # identifier key -> parties sharing it (not expanded)
    expanded: set[str] = field(default_factory=set)
    max_nodes: int = MAX_NODES

    # -- building ---------------------------------------------------------
    def add_party(self, key: str, label: str, party_id, name, score=None, depth: int = 0) -> bool:
        if key in self.nodes:
            return True
        if len(self.nodes) >= self.max_nodes:
            self.capped = True
            return False
        kind = str(label).upper()
        self.nodes[key] = {
            "id": key,
            "label": kind,
            "name": f"{_clean(party_id)} {_clean(name)}".strip() or key,
            "party_id": _clean(party_id),
            "score": _score(score),
            "depth": depth,
        }
        return True

    def add_identifier(self, key: str, kind: str, value, depth: int = 0, display=None) -> bool:
        """An address, phone or e-mail, named as written (``display``, addresses) or else by its value."""
        if key in self.nodes:
            return True
        if len(self.nodes) >= self.max_nodes:
            self.capped = True
            return False
        name = _clean(display) or _clean(value) or key
        self.nodes[key] = {"id": key, "label": str(kind).upper(), "name": name, "depth": depth}
        return True

    def add_trade(self, seller: str, buyer: str, parcels: int, value: float) -> None:
        if seller in self.nodes and buyer in self.nodes:
            edge_id = f"t|{seller}|{buyer}"
            self.edges[edge_id] = {
                "id": edge_id,
                "source": seller,
                "target": buyer,
                "label": TRADE_LINK,
                "parcels": int(parcels),
                "value": round(finite(value) or 0.0, 2),  # a sum of hostile values may be infinite
                "width": trade_width(int(parcels)),
            }

    def add_tie(self, party: str, identifier: str) -> None:
        if party in self.nodes and identifier in self.nodes:
            kind = self.nodes[identifier]["label"]
            edge_id = f"i|{party}|{identifier}"
            self.edges[edge_id] = {"id": edge_id, "source": party, "target": identifier, "label": TIE_LINKS[kind]}

    def remove(self, keys) -> None:
        for key in keys:
            self.nodes.pop(key, None)
            self.hubs.pop(key, None)
        self.edges = {k: e for k, e in self.edges.items() if e["source"] in self.nodes and e["target"] in self.nodes}

    # -- reading ----------------------------------------------------------
    def parties(self) -> list[str]:
        return [k for k, n in self.nodes.items() if n["label"] in PARTY_KINDS]

    def elements(self) -> dict:
        nodes = []
        for n in self.nodes.values():
            data = dict(n)
            if n["id"] in self.hubs:
                data["name"] = f"{n['name']} ({self.hubs[n['id']]:,} parties)"
            nodes.append({"data": data})
        return {"nodes": nodes, "edges": [{"data": e} for e in self.edges.values()]}

    def notices(self) -> list[str]:
        out = []
        if self.capped:
            out.append(
                f"Large network: only {len(self.nodes)} nodes are drawn (the cap is {self.max_nodes}). "
                "Remove nodes or expand fewer at a time to see others."
            )
        if self.hubs:
            biggest = sorted(self.hubs.items(), key=lambda kv: -kv[1])[:3]
            named = ", ".join(f"{self.nodes[k]['name']} ({n:,} parties)" for k, n in biggest if k in self.nodes)
            out.append(
                f"{len(self.hubs)} shared identifier(s) used by more than {HUB_SHARERS} parties are drawn "
                f"but not expanded: {named}. Double-click one to expand it on purpose."
            )
        return out

    def to_json(self) -> str:
        return json.dumps(
            {"nodes": self.nodes, "edges": self.edges, "capped": self.capped, "hubs": self.hubs,
             "expanded": sorted(self.expanded), "max_nodes": self.max_nodes}
        )  # fmt: skip

    @classmethod
    def from_json(cls, text: str) -> Network:
        data = json.loads(text)
        return cls(data["nodes"], data["edges"], data["capped"], data["hubs"], set(data["expanded"]), data["max_nodes"])


# -- a lead's network -------------------------------------------------------------------
def lead_network(store: GraphStore, lead_id: str, max_nodes: int = MAX_NODES) -> Network:
    """A lead's parties, the identifiers shared between them and the trade among them."""
    members = run_named(store, "lead_members", {"lead_id": lead_id})
    identifiers = _written(run_named(store, "lead_identifiers", {"lead_id": lead_id}))
    trade = run_named(store, "lead_trade", {"lead_id": lead_id})
    net = Network(max_nodes=max_nodes)
    for m in members.itertuples(index=False):
        net.add_party(m.key, m.label, m.party_id, m.name, m.score)
    shared = identifiers.groupby("key")["party"].nunique()
    for i in identifiers.itertuples(index=False):
        if shared.get(i.key, 0) < 2 and len(members) > 1:
            continue  # only identifiers that tie members together
        if net.add_identifier(i.key, i.kind, i.value, display=i.display):
            net.add_tie(i.party, i.key)
    for t in trade.itertuples(index=False):
        net.add_trade(t.seller, t.buyer, t.parcels, t.value)
    net.expanded.update(net.parties())
    return net


# -- expanding ---------------------------------------------------------------------------
def expand(store: GraphStore, net: Network, keys, depth: int = 1, per_node: int = 50, force: bool = False) -> list[str]:
    """Add what lies one step from each key: a party's identifiers and trade partners, an identifier's parties.

    Returns the parties newly added. Identifiers shared by more than
    ``HUB_SHARERS`` parties are recorded as hubs and not expanded unless
    ``force`` (an analyst asked for that node); a party's trade partners are
    capped at ``per_node``, busiest first.
    """
    keys = [k for k in dict.fromkeys(keys) if k in net.nodes]
    parties = [k for k in keys if net.nodes[k]["label"] in PARTY_KINDS]
    identifiers = [k for k in keys if net.nodes[k]["label"] in IDENTIFIER_KINDS]
    added: list[str] = []
    if parties:
        ids = _written(store.neighbour_rows("entity_identifiers", parties))
        for party, kind, key, value, display in _rows(ids, "party", "kind", "key", "value", "display"):
            if net.add_identifier(key, kind, value, depth, display):
                net.add_tie(party, key)
                if key not in net.expanded:
                    identifiers.append(key)
        trade = store.neighbour_rows("entity_trade", parties)
        if len(trade):
            trade = trade.sort_values(["parcels", "value"], ascending=False)
            side = trade["seller"].isin(parties)
            trade["from_key"] = trade["seller"].where(side, trade["buyer"])
            trade["partner"] = trade["buyer"].where(side, trade["seller"])
            by_party = trade.groupby("from_key", sort=False)
            if (by_party.size() > per_node).any():
                net.capped = True
            busiest = trade[by_party.cumcount().to_numpy() < per_node]  # each party's busiest partners
            columns = ("from_key", "partner", "partner_label", "partner_id", "partner_name", "partner_score")
            for rows in _grouped(_rows(busiest, *columns, "seller", "buyer", "parcels", "value")).values():
                for _, partner, label, pid, name, score, seller, buyer, parcels, value in rows:
                    new = partner not in net.nodes
                    if net.add_party(partner, label, pid, name, score, depth):
                        net.add_trade(seller, buyer, parcels, value)
                        if new:
                            added.append(partner)
        net.expanded.update(parties)
    identifiers = list(dict.fromkeys(identifiers))
    if identifiers:
        rows = store.neighbour_rows("identifier_parties", identifiers)
        explicit = set(keys) if force else set()
        sizes = rows.groupby("identifier", sort=False).size()
        hubs = {k: int(n) for k, n in sizes.items() if n > HUB_SHARERS and k not in explicit}
        net.hubs.update(hubs)
        # A hub's ties are drawn only to parties shown (now, or added by this step): its rows to any other
        # party are dropped unread; a hub shared by thousands would otherwise be walked row by row.
        at_hub = isin(rows["identifier"], list(hubs))
        shown = set(net.nodes) | set(rows.loc[~at_hub, "key"].tolist())
        rows = rows[~at_hub | isin(rows["key"], list(shown))]
        columns = ("identifier", "key", "label", "party_id", "name", "score")
        for ident, group in _grouped(_rows(rows, *columns)).items():
            if ident in hubs:
                group = [r for r in group if r[1] in net.nodes]
            elif len(group) > per_node:
                net.capped = True
                group = sorted(group, key=lambda r: -(_score(r[5]) or -1.0))[:per_node]  # riskiest first
            else:
                net.hubs.pop(ident, None)
            for _, key, label, party_id, name, score in group:
                new = key not in net.nodes
                if net.add_party(key, label, party_id, name, score, depth):
                    net.add_tie(key, ident)
                    if new:
                        added.append(key)
        net.expanded.update(identifiers)
    return added


def neighbourhood(
    store: GraphStore, key: str, depth: int = 1, max_nodes: int = MAX_NODES, per_node: int = 50
) -> Network:
    """Everything within ``depth`` steps (1 to 3) of a party or identifier.

    A step goes from a party to its trade partners and to the parties sharing
    one of its addresses, phones or e-mails. Four named queries per step, each
    over the whole frontier; capped at ``max_nodes`` with a notice.
    """
    if depth not in (1, 2, 3):
        raise ValueError("depth must be 1, 2 or 3")
    net = Network(max_nodes=max_nodes)
    start = store.neighbour_rows("entity_details", [key])
    if start.empty:
        return net
    row = start.iloc[0]
    if str(row["label"]).upper() in PARTY_KINDS:
        net.add_party(key, row["label"], row["party_id"], row["name"], row["score"])
    else:
        net.add_identifier(key, row["label"], row["value"], display=row.get("display"))
    frontier = [key]
    # On a large embedded store a step costs a lookup per key, so the frontier is expanded a slice at a
    # time and the walk stops once the drawing is full (the network says it is capped).
    batch = store.frontier_batch
    for level in range(1, depth + 1):
        if not frontier or net.capped and len(net.nodes) >= max_nodes:
            break
        found: list[str] = []
        step = batch or len(frontier)
        for start in range(0, len(frontier), step):
            if len(net.nodes) >= max_nodes:
                net.capped = True
                break
            found += expand(
                store, net, frontier[start : start + step], depth=level, per_node=per_node, force=level == 1
            )
        frontier = found
    return net


# -- paths -------------------------------------------------------------------------------
PATHS_LIMIT = 25  # paths_between returns at most this many paths (its LIMIT)


def path_network(store: GraphStore, from_key: str, to_key: str) -> tuple[Network, pd.DataFrame]:
    """The shortest paths between two parties (at most 8 hops), drawn, and the paths as a table: the parties on
    each, its links (a trade through a consignment is one link) and its names; ``PATHS_LIMIT`` at most."""
    return paths_network(store, run_named(store, "paths_between", {"from_key": from_key, "to_key": to_key}))


def paths_network(store: GraphStore, paths: pd.DataFrame) -> tuple[Network, pd.DataFrame]:
    """Paths given as ``hops`` and ``node_keys`` (what ``paths_between`` returns), drawn: their parties and
    identifiers, the ties between them and the trade along them; and the paths as a table: ``parties`` on each
    path, its ``links`` between parties and identifiers (a seller's trade with a buyer through a consignment is
    one link, not two hops) and its ``path`` of names."""
    net = Network()
    if paths.empty:
        return net, paths
    keys = sorted({k for ks in paths["node_keys"] for k in ks})
    details = store.neighbour_rows("entity_details", keys).set_index("key")
    for k in keys:
        d = details.loc[k] if k in details.index else None
        if d is None:
            continue
        if str(d["label"]).upper() in PARTY_KINDS:
            net.add_party(k, d["label"], d["party_id"], d["name"], d["score"])
        else:
            net.add_identifier(k, d["label"], d["value"], display=d.get("display"))
    for ks in paths["node_keys"]:
        for a, b in zip(ks, ks[1:], strict=False):
            if a not in net.nodes or b not in net.nodes:
                continue
            kinds = (net.nodes[a]["label"], net.nodes[b]["label"])
            if kinds == PARTY_KINDS or kinds == PARTY_KINDS[::-1]:
                continue  # a consignment step: drawn as trade below
            party, ident = (a, b) if kinds[0] in PARTY_KINDS else (b, a)
            net.add_tie(party, ident)
    sellers = [k for k in net.parties() if net.nodes[k]["label"] == SELLER_KIND]
    if sellers:
        trade = store.neighbour_rows("entity_trade", sellers)
        on_path = {(a, b) for ks in paths["node_keys"] for a, b in zip(ks, ks[2:], strict=False)}
        for t in trade.itertuples(index=False):
            if (t.seller, t.buyer) in on_path or (t.buyer, t.seller) in on_path:
                net.add_trade(t.seller, t.buyer, t.parcels, t.value)
    names = {k: n["name"] for k, n in net.nodes.items()}
    drawn = [[k for k in ks if k in names] for ks in paths["node_keys"]]  # consignments are not drawn
    table = pd.DataFrame(
        {
            "parties": [sum(net.nodes[k]["label"] in PARTY_KINDS for k in ks) for ks in drawn],
            "links": [max(len(ks) - 1, 0) for ks in drawn],  # a trade (seller, consignment, buyer) is one link
            "path": [" → ".join(names[k] for k in ks) for ks in drawn],
        }
    )
    return net, table


# -- leads queue -------------------------------------------------------------------------
def lead_facets(store: GraphStore, run_id: str) -> pd.DataFrame:
    """Per lead: channels, origin and destination countries, first and last parcel date."""
    rows = run_named(store, "lead_facets", {"run_id": run_id})
    columns = ["lead_id", "channels", "origins", "destinations", "first_date", "last_date"]
    if rows.empty:
        return pd.DataFrame(columns=columns)

    def joined(values) -> str:
        return ",".join(sorted({str(v) for v in values if isinstance(v, str) and v}))

    out = rows.groupby("lead_id").agg(
        channels=("channel", joined),
        origins=("origin_country", joined),
        destinations=("destination_country", joined),
        first_date=("first_date", "min"),
        last_date=("last_date", "max"),
    )
    out["first_date"] = pd.to_datetime(out["first_date"]).dt.date
    out["last_date"] = pd.to_datetime(out["last_date"]).dt.date
    return out.reset_index()[columns]


def split_reasons(text) -> list[str]:
    """A party's or consignment's reason text as lines."""
    return schema.split_reasons(_clean(text))


def lead_reason_lines(lead) -> list[str]:
    """A lead's reasons as lines: the structured ``reason_lines`` it was stored with, else (a store written
    before leads kept them) its reason text split."""
    try:
        lines = json.loads(lead.get("reason_lines") or "")
    except (TypeError, ValueError):
        lines = None
    if isinstance(lines, list):
        return [str(line) for line in lines if line]
    return split_reasons(lead.get("reasons"))
