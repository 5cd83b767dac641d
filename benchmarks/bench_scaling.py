"""How graph work scales on this machine: GraphIntel's algorithms beside linear-time references.

Usage: python benchmarks/bench_scaling.py [--stores SMALL.lbug LARGE.lbug] [--repeat 3]

Reads the party graph of two scored embedded stores (by default the 100,000 and
1,000,000 consignment stores ``python -m benchmarks`` leaves in benchmarks/out/work)
and times, best of ``--repeat``, operations whose work is linear in the edges
(building a CSR matrix, an igraph graph) beside the network algorithms the
scoring runs (components, Louvain, PageRank) and igraph's Leiden. The ratio of
the large graph's time to the small one's, next to the ratio of their edges,
shows how much of a stage's scaling is the machine's (caches, memory) and how
much the algorithm's.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _graph(store_path: Path):
    from graphintel.analytics.projection import party_graph, read_projection
    from graphintel.store.embedded import LadybugStore

    with LadybugStore(store_path, read_only=True) as store:
        return party_graph(read_projection(store))


def _seeded(call):
    import igraph as ig

    def run():
        ig.set_random_number_generator(random.Random(7))
        try:
            return call()
        finally:
            ig.set_random_number_generator(random)

    return run


def operations(graph) -> dict:
    """Name -> zero-argument call, each on the same graph."""
    import igraph as ig
    import scipy.sparse as sp

    n, u, v, w = len(graph.names), graph.u, graph.v, graph.weight
    g = graph.igraph()
    return {
        "linear: CSR matrix from the edges": lambda: sp.coo_matrix((w, (u, v)), shape=(n, n)).tocsr(),
        "linear: igraph graph from the edges": lambda: ig.Graph(
            n=n, edges=list(zip(u.tolist(), v.tolist(), strict=True))
        ),
        "components (igraph)": lambda: g.connected_components(),
        "Louvain (igraph multilevel)": _seeded(lambda: g.community_multilevel(weights="weight")),
        "Leiden, 2 iterations (igraph)": _seeded(
            lambda: g.community_leiden(objective_function="modularity", weights="weight", n_iterations=2)
        ),
        "PageRank (igraph PRPACK)": lambda: g.pagerank(weights="weight"),
    }


def best_of(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    work = HERE / "out" / "work"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--stores",
        type=Path,
        nargs=2,
        default=[work / "n100000" / "embedded" / "graph.lbug", work / "n1000000" / "embedded" / "graph.lbug"],
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    for path in args.stores:
        if not path.exists():
            parser.error(f"no store at {path}; run `python -m benchmarks --sizes 100000 1000000` first")
    sizes, rows = [], {}
    for path in args.stores:
        graph = _graph(path)
        sizes.append({"store": str(path), "nodes": len(graph.names), "edges": len(graph.u)})
        print(f"{path}: {len(graph.names):,} nodes, {len(graph.u):,} edges", flush=True)
        for name, call in operations(graph).items():
            rows.setdefault(name, []).append(round(best_of(call, args.repeat), 4))
            print(f"  {name:<38} {rows[name][-1]:>8.3f} s", flush=True)
    edge_ratio = sizes[1]["edges"] / sizes[0]["edges"]
    lines = [
        f"Edges: {sizes[0]['edges']:,} and {sizes[1]['edges']:,} (ratio {edge_ratio:.1f}); best of {args.repeat} runs.",
        "",
        "| operation | small s | large s | ratio |",
        "| --- | --- | --- | --- |",
    ]
    for name, (small, large) in rows.items():
        lines.append(f"| {name} | {small:.3f} | {large:.3f} | {large / small:.1f} |")
    text = "\n".join(lines)
    print("\n" + text)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    (args.out / f"scaling-{stamp}.json").write_text(json.dumps({"sizes": sizes, "seconds": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
