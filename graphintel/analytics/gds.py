"""Network algorithms inside Neo4j with the Graph Data Science library.

The party graph is projected into a GDS in-memory graph from the stored graph itself, by a Cypher
aggregation (``queries/gds_project_parties.cypher``) that gives each edge the weight ``party_graph`` gives
it here; nothing is uploaded from Python but the few hub identifiers the indicators found. Connected
components (WCC), Leiden communities (seeded) and PageRank run in the database; only their results, by
party key, come back.
"""

from __future__ import annotations

import secrets

from graphintel.analytics.partygraph import PartyGraph
from graphintel.errors import StoreError
from graphintel.store.base import GraphStore


def gds_version(store: GraphStore) -> str | None:
    """The GDS library version when its procedures are available, else None."""
    try:
        frame = store.named("gds_version")
    except StoreError:
        return None
    return str(frame.iloc[0, 0]) if len(frame) else None


def network_in_gds(store: GraphStore, graph: PartyGraph, seed: int = 7) -> tuple[dict, dict, dict]:
    """Components, communities and centrality of the stored party graph, computed by GDS.

    ``graph`` is the party graph built here: its ``basis`` (hub limit, trade weight, hubs, hub variants)
    parameterises the projection, its nodes are the parties reported, and its weighted degree is the
    degree centrality. Returns ``(components, communities, {"degree": ..., "pagerank": ...})`` keyed by
    party, with the same shapes and numbering rules as ``analytics.algorithms``.
    """
    from graphintel.analytics.algorithms import _numbered

    basis = graph.basis
    name = f"graphintel-{secrets.token_hex(4)}"
    params = {
        "name": name,
        "trade_weight": float(basis.get("trade_weight", 0.5)),
        "hub_limit": int(basis.get("hub_limit", 150)),
        "contact_limit": int(basis.get("contact_limit", 4 * basis.get("hub_limit", 150))),
        "hubs": [str(h) for h in basis.get("hubs", [])],
        "replaced": {str(k): str(v) for k, v in basis.get("replaced", {}).items()},
    }
    keys = sorted(graph.nodes)
    try:
        projected = store.named("gds_project_parties", params)
        edges = int(projected.iloc[0]["relationships"]) if len(projected) else 0
        if edges:
            wcc = store.named("gds_components", {"name": name})
            leiden = store.named("gds_communities", {"name": name, "seed": int(seed)})
            ranks = store.named("gds_pagerank", {"name": name})
    finally:
        try:
            store.named("gds_drop", {"name": name})
        except StoreError:
            pass  # the graph was never projected
    components: dict[str, int] = {}
    communities: dict[str, int] = {}
    pagerank: dict[str, float] = {key: 0.0 for key in keys}
    if edges:
        components = dict(zip(wcc["key"], wcc["component"].astype(int), strict=True))
        communities = dict(zip(leiden["key"], leiden["community"].astype(int), strict=True))
        total = float(ranks["score"].sum()) or 1.0
        pagerank.update({k: float(s) / total for k, s in zip(ranks["key"], ranks["score"], strict=True)})
    # Parties without edges are their own component and community.
    next_id = max([*components.values(), *communities.values(), 0]) + 1
    for key in keys:
        if key not in components:
            components[key] = communities[key] = next_id
            next_id += 1
    components = {k: components[k] for k in keys}
    communities = {k: communities[k] for k in keys}
    degree = dict(graph.degree(weight="weight"))
    return (
        _numbered(list(components), list(components.values())),
        _numbered(list(communities), list(communities.values())),
        {"degree": degree, "pagerank": pagerank},
    )
