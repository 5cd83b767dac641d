"""The party graph held as arrays: one row per edge, nodes numbered in key order.

A million consignments give about a million parties and a million edges. As a
networkx graph that is a dict of dicts of dicts, which takes half a minute to
build and gigabytes to hold; here the edges are five numpy columns, and the
views the algorithms need (igraph, a scipy matrix, networkx for the reference
engine) are built from them once, when first asked for.

``PartyGraph`` reads like a networkx graph where the scoring code needs it to
(``graph[node]``, ``graph.degree(node)``, ``node in graph``, ``len(graph)``,
``graph.edges(data="weight")``, ``graph.has_edge``), so the detectors, the lead
builder and the tests work on either.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import numpy as np


class PartyGraph:
    """An undirected weighted graph over parties.

    Parameters
    ----------
    names: node keys, in node order.
    u, v: each edge's two nodes as positions in ``names`` (one row per edge, no duplicates).
    attributes: the edges' ``weight``, ``parcels``, ``shared`` and ``co_declared`` columns.
    node_data: optional per-node columns (``label``, ``party_id``), aligned with ``names``.

    Examples
    --------
    >>> g = PartyGraph(["a", "b", "c"], [0, 1], [1, 2], {"weight": [1.0, 0.5], "parcels": [2, 0],
    ...     "shared": [0, 1], "co_declared": [0, 0]})
    >>> g["b"]["c"]
    {'weight': 0.5, 'parcels': 0, 'shared': 1, 'co_declared': 0}
    >>> g.degree("b"), g.has_edge("c", "b"), g.number_of_edges()
    (2, True, 2)
    """

    def __init__(self, names, u, v, attributes: dict, node_data: dict | None = None) -> None:
        # What the graph was built from (hub limit, trade weight, hubs, hub variants): GDS projects by it.
        self.basis: dict = {}
        self.names = np.asarray(names, dtype=object)
        self.u = np.asarray(u, dtype=np.int64)
        self.v = np.asarray(v, dtype=np.int64)
        self.weight = np.asarray(attributes.get("weight", np.ones(len(self.u))), dtype=float)
        self.parcels = np.asarray(attributes.get("parcels", np.zeros(len(self.u))), dtype=np.int64)
        self.shared = np.asarray(attributes.get("shared", np.zeros(len(self.u))), dtype=np.int64)
        self.co_declared = np.asarray(attributes.get("co_declared", np.zeros(len(self.u))), dtype=np.int64)
        self.node_data = node_data or {}
        self.graph: dict = {}  # graph attributes, as networkx has
        self._index: dict[str, int] | None = None
        self._csr: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._igraph = None
        self._networkx: nx.Graph | None = None

    # -- networkx-like reading -------------------------------------------------------------------
    @property
    def index(self) -> dict[str, int]:
        """Node key -> position."""
        if self._index is None:
            self._index = dict(zip(self.names.tolist(), range(len(self.names)), strict=True))
        return self._index

    @property
    def nodes(self) -> list[str]:
        return self.names.tolist()

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names.tolist())

    def __contains__(self, node) -> bool:
        return node in self.index

    def number_of_nodes(self) -> int:
        return len(self.names)

    def number_of_edges(self) -> int:
        return len(self.u)

    def __getitem__(self, node: str) -> dict[str, dict]:
        """The neighbours of ``node`` with each edge's attributes, like ``networkx.Graph[node]``."""
        indptr, others, edge_ids = self.adjacency_lists()
        at = self.index[node]
        row = slice(indptr[at], indptr[at + 1])
        return {
            self.names[o]: self._edge_dict(e) for o, e in zip(others[row].tolist(), edge_ids[row].tolist(), strict=True)
        }

    def has_edge(self, a: str, b: str) -> bool:
        if a not in self.index or b not in self.index:
            return False
        indptr, others, _ = self.adjacency_lists()
        at = self.index[a]
        return bool(np.any(others[indptr[at] : indptr[at + 1]] == self.index[b]))

    def degree(self, node: str | None = None, weight: str | None = None):
        """A node's number of neighbours (or summed ``weight``); without a node, a dict over every node."""
        if node is not None:
            indptr, _, edge_ids = self.adjacency_lists()
            at = self.index[node]
            if weight is None:
                return int(indptr[at + 1] - indptr[at])
            return float(getattr(self, weight)[edge_ids[indptr[at] : indptr[at + 1]]].sum())
        return dict(zip(self.names.tolist(), self.node_sums(weight).tolist(), strict=True))

    def node_sums(self, column: str | None = None) -> np.ndarray:
        """Per node, the sum of an edge column over its edges (the number of edges without one)."""
        values = np.ones(len(self.u)) if column is None else getattr(self, column).astype(float)
        n = len(self.names)
        total = np.bincount(self.u, weights=values, minlength=n) + np.bincount(self.v, weights=values, minlength=n)
        return total.astype(np.int64) if column in (None, "parcels", "shared", "co_declared") else total

    def edges(self, data: str | bool | None = None, default=None):
        """``(a, b)`` per edge, or ``(a, b, value)`` with ``data="weight"``, or ``(a, b, dict)`` with ``data=True``."""
        a, b = self.names[self.u].tolist(), self.names[self.v].tolist()
        if data is None or data is False:
            return list(zip(a, b, strict=True))
        if data is True:
            return [(x, y, self._edge_dict(e)) for e, (x, y) in enumerate(zip(a, b, strict=True))]
        return list(zip(a, b, getattr(self, data).tolist(), strict=True))

    def _edge_dict(self, e: int) -> dict:
        return {
            "weight": float(self.weight[e]),
            "parcels": int(self.parcels[e]),
            "shared": int(self.shared[e]),
            "co_declared": int(self.co_declared[e]),
        }

    # -- views -----------------------------------------------------------------------------------
    def adjacency_lists(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR adjacency: ``indptr``, neighbour positions and edge ids, neighbours in edge order."""
        if self._csr is None:
            n = len(self.names)
            rows = np.concatenate([self.u, self.v])
            cols = np.concatenate([self.v, self.u])
            ids = np.concatenate([np.arange(len(self.u)), np.arange(len(self.u))])
            order = np.argsort(rows, kind="stable")
            indptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
            self._csr = (indptr, cols[order], ids[order])
        return self._csr

    def matrix(self, weight: str = "weight"):
        """The symmetric weighted adjacency matrix (scipy CSR), rows and columns in node order."""
        import scipy.sparse as sp

        n = len(self.names)
        values = getattr(self, weight).astype(float)
        return sp.coo_array(
            (np.concatenate([values, values]), (np.concatenate([self.u, self.v]), np.concatenate([self.v, self.u]))),
            shape=(n, n),
        ).tocsr()

    def igraph(self):
        """The graph as an igraph Graph (same node order), weights in the ``weight`` edge attribute."""
        if self._igraph is None:
            import igraph as ig

            # Pairs as tuples: igraph reads them twice as fast as lists or a numpy array (1M edges: 0.6 s).
            g = ig.Graph(n=len(self.names), edges=list(zip(self.u.tolist(), self.v.tolist(), strict=True)))
            g.vs["name"] = self.names.tolist()
            g.es["weight"] = self.weight.tolist()
            self._igraph = g
        return self._igraph

    def to_networkx(self) -> nx.Graph:
        """The same graph as a networkx Graph, with node and edge attributes (for the reference engine)."""
        if self._networkx is None:
            graph = nx.Graph()
            columns = list(self.node_data)
            graph.add_nodes_from(
                (name, {c: self.node_data[c][i] for c in columns}) for i, name in enumerate(self.names.tolist())
            )
            graph.add_edges_from(
                (self.names[a], self.names[b], self._edge_dict(e))
                for e, (a, b) in enumerate(zip(self.u.tolist(), self.v.tolist(), strict=True))
            )
            self._networkx = graph
        return self._networkx


def as_networkx(graph) -> nx.Graph:
    """``graph`` as a networkx Graph (a PartyGraph is converted once and the conversion kept)."""
    return graph.to_networkx() if isinstance(graph, PartyGraph) else graph
