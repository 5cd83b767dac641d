"""Clustering scored pairs into entities without chaining.

Why: connected components over "likely match" edges chain: A~B and B~C put A with C even when A and C
were compared and clearly differ (two "Mohammed Ali" joined through a third record that lacks a phone).
So:

1. must-links (same source id, an analyst's merge) are joined first;
2. components of the likely-match edges that hold no contrary evidence are accepted as they are
   (the common, cheap case);
3. inside the other components, clusters are merged greedily, strongest edge first, and only while
   the summed evidence of *all* compared pairs between the two clusters stays positive. A pair
   compared and found different, or an analyst's split (cannot-link), vetoes the merge.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

VETO = -1e9  # the weight of a cannot-link


class _Clusters:
    """Union-find whose roots carry the summed evidence to neighbouring clusters."""

    def __init__(self, n: int):
        self.parent = list(range(n))
        self.links: dict[int, dict[int, float]] = {}

    def add_all(self, left: np.ndarray, right: np.ndarray, weight: np.ndarray) -> None:
        """Record the evidence of every compared pair, before any union (each record its own root): the
        summed evidence of each ordered pair computed in numpy, then one dictionary per record."""
        n = len(self.parent)
        keep = left != right
        a = np.concatenate([left[keep], right[keep]]).astype(np.int64)
        b = np.concatenate([right[keep], left[keep]]).astype(np.int64)
        w = np.concatenate([weight[keep], weight[keep]]).astype(float)
        if len(a) == 0:
            return
        order = np.argsort(a * n + b, kind="stable")
        a, b, w = a[order], b[order], w[order]
        first = np.flatnonzero(np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])])
        a, b, w = a[first], b[first], np.add.reduceat(w, first)
        starts = np.flatnonzero(np.r_[True, a[1:] != a[:-1]])
        ends = np.r_[starts[1:], len(a)]
        b_list, w_list = b.tolist(), w.tolist()
        for record, start, end in zip(a[starts].tolist(), starts.tolist(), ends.tolist(), strict=True):
            self.links[record] = dict(zip(b_list[start:end], w_list[start:end], strict=True))

    def find(self, x: int) -> int:
        """The root of ``x``, with path halving."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        """Merge two clusters, the smaller's evidence folded into the larger's."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        la, lb = self.links.setdefault(ra, {}), self.links.setdefault(rb, {})
        if len(la) < len(lb):
            ra, rb, la, lb = rb, ra, lb, la
        self.parent[rb] = ra
        for other, weight in lb.items():
            if other == ra:
                continue
            la[other] = la.get(other, 0.0) + weight
            row = self.links[other]
            row[ra] = row.get(ra, 0.0) + row.pop(rb)
        la.pop(rb, None)
        del self.links[rb]

    def evidence(self, a: int, b: int) -> float:
        """Summed evidence between the clusters of ``a`` and ``b`` (0 when never compared)."""
        return self.links.get(self.find(a), {}).get(self.find(b), 0.0)


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected-component label of every record over the given edges."""
    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _greedy(n: int, left, right, weight, must, component_of, contested) -> np.ndarray:
    """Constrained greedy merging inside contested components; returns a root label per record."""
    clusters = _Clusters(n)
    inside = contested[component_of[left]]
    clusters.add_all(left[inside], right[inside], weight[inside])
    for a, b in must:
        if clusters.evidence(a, b) > VETO / 2:
            clusters.union(a, b)
    order = np.argsort(-weight[inside], kind="stable")
    for a, b, w in zip(left[inside][order].tolist(), right[inside][order].tolist(), weight[inside][order], strict=True):
        if w <= 0:
            break
        if clusters.find(a) != clusters.find(b) and clusters.evidence(a, b) > 0:
            clusters.union(a, b)
    return np.array([clusters.find(i) for i in range(n)])


def cluster(n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray, must: list[tuple[int, int]]) -> np.ndarray:
    """An entity label per record, from compared pairs (``weight`` > 0 supports a link) and must-links.

    ``weight`` is the log-odds of a match minus the decision threshold; cannot-links carry :data:`VETO`.
    Must-links are honoured unless a cannot-link forbids them.
    """
    must_l = np.array([a for a, _ in must], dtype=np.int64)
    must_r = np.array([b for _, b in must], dtype=np.int64)
    positive = weight > 0
    component_of = _components(n, np.concatenate([left[positive], must_l]), np.concatenate([right[positive], must_r]))
    negative = ~positive
    same = component_of[left[negative]] == component_of[right[negative]]
    contested = np.zeros(component_of.max() + 1 if n else 0, dtype=bool)
    contested[component_of[left[negative]][same]] = True
    if not contested.any():
        return component_of
    greedy = _greedy(n, left, right, weight, must, component_of, contested)
    labels = np.where(contested[component_of], greedy + n, component_of)  # offsets keep the two label sets apart
    return labels
