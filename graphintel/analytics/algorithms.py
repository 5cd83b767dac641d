"""Network algorithms over the party graph, as plain functions (networkx is the reference)."""

from __future__ import annotations

import networkx as nx


def connected_components(graph: nx.Graph, min_weight: float = 0.0) -> dict[str, int]:
    """Component number of every node, over edges weighing more than ``min_weight``.

    Components are numbered by decreasing size, then by their smallest node, so
    the numbering is stable across runs and stores.

    >>> g = nx.Graph([("a", "b"), ("c", "d"), ("d", "e")])
    >>> connected_components(g)
    {'c': 0, 'd': 0, 'e': 0, 'a': 1, 'b': 1}
    """
    if min_weight > 0:
        strong = nx.Graph()
        strong.add_nodes_from(graph)
        strong.add_edges_from((a, b) for a, b, w in graph.edges(data="weight", default=1.0) if w > min_weight)
        graph = strong
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    return {node: number for number, part in enumerate(parts) for node in part}


def communities(graph: nx.Graph, resolution: float = 1.0, seed: int = 7) -> dict[str, int]:
    """Louvain communities (weighted), numbered by decreasing size then smallest node.

    Reference: Blondel et al., "Fast unfolding of communities in large networks", 2008.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> communities(g)
    {'a': 0, 'b': 0, 'c': 0, 'x': 1, 'y': 1}
    """
    found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    parts = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return {node: number for number, part in enumerate(parts) for node in part}


def _numbered(membership: dict[str, int]) -> dict[str, int]:
    """Renumber groups by decreasing size, then smallest node, whatever numbers an algorithm gave."""
    groups: dict[int, list[str]] = {}
    for node, group in membership.items():
        groups.setdefault(group, []).append(node)
    parts = sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))
    return {node: number for number, part in enumerate(parts) for node in part}


def modularity(graph: nx.Graph, membership: dict[str, int]) -> float:
    """Weighted modularity of a partition given as node -> community."""
    groups: dict[int, set[str]] = {}
    for node, group in membership.items():
        groups.setdefault(group, set()).add(node)
    return nx.community.modularity(graph, groups.values(), weight="weight")


def centrality(graph: nx.Graph) -> dict[str, dict[str, float]]:
    """Weighted degree and PageRank of every node.

    Returns ``{"degree": {...}, "pagerank": {...}}``.
    """
    degree = dict(graph.degree(weight="weight"))
    pagerank = nx.pagerank(graph, weight="weight") if graph.number_of_edges() else {n: 0.0 for n in graph}
    return {"degree": degree, "pagerank": pagerank}


def core_numbers(graph: nx.Graph) -> dict[str, int]:
    """k-core number of every node (self-loops removed)."""
    simple = nx.Graph(graph)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    return nx.core_number(simple)
