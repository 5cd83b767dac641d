"""Network algorithms inside Neo4j with the Graph Data Science library.

The party projection's weighted edges are projected into a GDS in-memory graph
(Cypher aggregation over integer node ids); connected components (WCC),
Louvain communities and PageRank run in the database and only their results
come back. The functions need only a store with ``query(cypher, params)``.
"""

from __future__ import annotations

import secrets

import networkx as nx

from graphintel.analytics.partygraph import PartyGraph
from graphintel.errors import StoreError


def gds_version(store) -> str | None:
    """The GDS library version when its procedures are available, else None."""
    try:
        frame = store.query("RETURN gds.version() AS version")
    except StoreError:
        return None
    return str(frame.iloc[0, 0]) if len(frame) else None


def network_in_gds(store, graph: nx.Graph | PartyGraph, seed: int = 7) -> tuple[dict, dict, dict]:
    """Components, communities and centrality of ``graph`` computed by GDS.

    Returns ``(components, communities, {"degree": ..., "pagerank": ...})`` keyed by
    node, with the same shapes and numbering rules as ``analytics.algorithms``.
    """
    from graphintel.analytics.algorithms import _numbered

    keys = sorted(graph.nodes)
    index = {key: i for i, key in enumerate(keys)}
    edges = [[index[a], index[b], float(w)] for a, b, w in graph.edges(data="weight", default=1.0)]
    name = f"graphintel-{secrets.token_hex(4)}"
    components: dict[str, int] = {}
    communities: dict[str, int] = {}
    pagerank: dict[str, float] = {key: 0.0 for key in keys}
    try:
        if edges:
            store.query(
                "UNWIND $edges AS e "
                "WITH gds.graph.project($name, e[0], e[1], {relationshipProperties: {weight: e[2]}}, "
                "{undirectedRelationshipTypes: ['*']}) AS g RETURN g.nodeCount AS nodes",
                {"edges": edges, "name": name},
            )
            wcc = store.query(
                "CALL gds.wcc.stream($name) YIELD nodeId, componentId RETURN nodeId, componentId", {"name": name}
            )
            louvain = store.query(
                "CALL gds.louvain.stream($name, {relationshipWeightProperty: 'weight', concurrency: 1}) "
                "YIELD nodeId, communityId RETURN nodeId, communityId",
                {"name": name},
            )
            ranks = store.query(
                "CALL gds.pageRank.stream($name, {relationshipWeightProperty: 'weight', concurrency: 1}) "
                "YIELD nodeId, score RETURN nodeId, score",
                {"name": name},
            )
            components = {keys[int(n)]: int(c) for n, c in zip(wcc["nodeId"], wcc["componentId"], strict=True)}
            communities = {keys[int(n)]: int(c) for n, c in zip(louvain["nodeId"], louvain["communityId"], strict=True)}
            total = float(ranks["score"].sum()) or 1.0
            pagerank.update(
                {keys[int(n)]: float(s) / total for n, s in zip(ranks["nodeId"], ranks["score"], strict=True)}
            )
    finally:
        if edges:
            try:
                store.query("CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName", {"name": name})
            except StoreError:
                pass  # the graph was never projected
    # Nodes without edges are their own component and community.
    next_id = max([*components.values(), *communities.values(), 0]) + 1
    for key in keys:
        if key not in components:
            components[key] = communities[key] = next_id
            next_id += 1
    degree = dict(graph.degree(weight="weight"))
    return (
        _numbered(list(components), list(components.values())),
        _numbered(list(communities), list(communities.values())),
        {"degree": degree, "pagerank": pagerank},
    )
