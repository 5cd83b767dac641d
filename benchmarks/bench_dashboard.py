"""Measure the dashboard's reads: lead subgraph, neighbourhood at depth 1 and 2, entity search, paths.

Usage:
  python benchmarks/bench_dashboard.py --store PATH_OR_BOLT_URI [--repeat 30]
  python benchmarks/bench_dashboard.py --consignments 100000   # generates, ingests and scores an embedded store

Each read is the function the dashboard calls (``graphintel.leads.explore`` and
``graphintel.leads.search``), uncached, over a read-only store, on a sample of
leads, of the busiest parties and of random parties. Prints p50, p95 and max in
milliseconds and appends a JSON line to benchmarks/out/dashboard.jsonl.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import pandas as pd


def timed(fn, items) -> dict:
    ms = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        ms.append((time.perf_counter() - started) * 1000)
    a = np.array(ms)
    return {
        "calls": len(ms),
        "p50_ms": round(float(np.percentile(a, 50)), 1),
        "p95_ms": round(float(np.percentile(a, 95)), 1),
        "max_ms": round(float(a.max()), 1),
    }


def prepare(size: int, out: Path) -> str:
    from graphintel.cli import main

    home = out / f"dash-n{size}"
    store = home / "graph.lbug"
    if store.exists():
        return str(store)
    data = home / "data"
    for command in (
        ["generate", "--consignments", str(size), "--seed", "7", "--out", str(data)],
        ["ingest", str(data / "consignments.csv"), "--home", str(home)],
        ["score", "--home", str(home)],
    ):
        if main(command) != 0:
            raise SystemExit(f"{command[0]} failed")
    return str(store)


def run(uri: str, repeat: int, seed: int = 1) -> dict:
    from graphintel.leads import explore
    from graphintel.leads.runs import latest_run, read_leads
    from graphintel.leads.search import SearchIndex
    from graphintel.store import open_store

    rng = random.Random(seed)
    store = open_store(uri, read_only=True)
    counts = store.counts()
    run_ = latest_run(store)
    leads = list(read_leads(store, run_["run_id"])["lead_id"])[:repeat]
    sellers = store.query(
        "MATCH (s:Seller)-[:SHIPPED]->(c:Consignment) WITH s, count(c) AS n "
        "RETURN s.key AS key, s.name AS name, n ORDER BY n DESC LIMIT $k",
        {"k": repeat // 2},
    )
    all_parties = store.query("MATCH (p:Seller) RETURN p.key AS key, p.name AS name")
    all_parties = pd.concat([all_parties, store.query("MATCH (p:Buyer) RETURN p.key AS key, p.name AS name")])
    sample = all_parties.sample(repeat - len(sellers), random_state=seed)
    parties = list(sellers["key"]) + list(sample["key"])
    started = time.perf_counter()
    index = SearchIndex.build(store)
    index_seconds = time.perf_counter() - started
    neighbour_seconds = None
    from graphintel.dashboard.access import NEIGHBOUR_INDEX_FROM

    if counts["Consignment"] >= NEIGHBOUR_INDEX_FROM:  # as the dashboard does: neighbourhoods from memory
        from graphintel.leads.neighbours import IndexedStore

        started = time.perf_counter()
        store = IndexedStore(store)
        neighbour_seconds = round(time.perf_counter() - started, 2)

    def typo(name: str) -> str:
        name = str(name)
        i = rng.randrange(1, max(2, len(name) - 1))
        return (name[:i] + name[i + 1 :]).lower()

    queries = [typo(n) for n in list(sellers["name"]) + list(sample["name"])]
    pairs = [(parties[i], parties[(i + 1) % len(parties)]) for i in range(min(10, len(parties)))]
    result = {
        "store": uri,
        "consignments": counts["Consignment"],
        "search_index_seconds": round(index_seconds, 2),
        "search_index_entries": len(index),
        "neighbour_index_seconds": neighbour_seconds,
        "lead subgraph": timed(lambda lead: explore.lead_network(store, lead), leads),
        "neighbourhood depth 1": timed(lambda key: explore.neighbourhood(store, key, 1), parties),
        "neighbourhood depth 2": timed(lambda key: explore.neighbourhood(store, key, 2), parties),
        "entity search": timed(lambda q: index.search(q), queries),
        "leads queue facets": timed(lambda _: explore.lead_facets(store, run_["run_id"]), range(5)),
        "paths (10 pairs)": timed(lambda ab: explore.path_network(store, *ab), pairs),
    }
    store.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="an embedded database file or a bolt:// URI (scored)")
    parser.add_argument("--consignments", type=int, help="build an embedded store of this size first")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.store and not args.consignments:
        parser.error("give --store or --consignments")
    uri = args.store or prepare(args.consignments, args.out)
    result = run(uri, args.repeat)
    print(f"store {result['store']}: {result['consignments']:,} consignments")
    print(f"search index: {result['search_index_entries']:,} entries in {result['search_index_seconds']} s")
    if result["neighbour_index_seconds"] is not None:
        print(f"neighbour index (large store): built in {result['neighbour_index_seconds']} s")
    print(f"{'read':28} {'calls':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, value in result.items():
        if isinstance(value, dict):
            print(f"{name:28} {value['calls']:>5} {value['p50_ms']:>8} {value['p95_ms']:>8} {value['max_ms']:>8}")
    with open(args.out / "dashboard.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
