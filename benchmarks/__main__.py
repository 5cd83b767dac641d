"""GraphIntel's benchmark suite: every stage timed separately, with its peak memory, at several sizes.

Usage:
  python -m benchmarks [--sizes 10000 100000 1000000] [--neo4j] [--compare] [--repeat 20] [--out benchmarks/out]
  make bench                      # the default sizes: 10,000 and 100,000
  make bench SIZES="10000 100000 1000000"

Per size: generate (cached in OUT/data/n<size>/), ingest into a fresh embedded
store, ingest into Neo4j (``--neo4j``, needs NEO4J_URI and NEO4J_PASSWORD),
each scoring stage (projection, indicators, graph, components, communities,
centrality, anomaly model, combine, model, leads, write), lead export, and the
dashboard's reads (lead subgraph, neighbourhood at depth 2, entity search) as
p50/p95 over ``--repeat`` calls. Peak memory per stage is the process's
high-water mark (VmHWM), reset before each stage through /proc/self/clear_refs.
Ingest's peak is also sampled (every 0.2 s) as the summed RSS of this process and
the one preparing the input, and "ingest + score" reports the larger of the two.

``--compare`` adds, reported as ratios: each algorithm as GraphIntel runs it
(igraph) against networkx on the same projection, with the modularity of both
partitions; the embedded store's bulk load against row-by-row MERGE (on a
sample); and with ``--neo4j``, GraphIntel's Neo4j load against LOAD CSV.

Writes OUT/bench-<stamp>.json and .md (and OUT/latest.md), and prints the table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


# -- measuring ---------------------------------------------------------------------------------
def _status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])  # kB
    return 0


def reset_peak() -> None:
    """Reset this process's peak RSS (VmHWM) to its current RSS (Linux)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
    except OSError:
        pass


def children_peak_mib() -> int:
    """Peak RSS of the largest child process that has ended (Linux ``RUSAGE_CHILDREN``), in MiB."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def peak_mib() -> int:
    return round(_status("VmHWM") / 1024)


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass  # the process ended between the listing and the read
    return 0


def _descendants(root: int) -> list[int]:
    """This process tree's process ids (Linux /proc), the root first."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


@contextmanager
def tree_peak(every: float = 0.2):
    """Sample the summed RSS of this process and all its children every ``every`` s; yields a dict
    whose ``mib`` is the highest sum seen (ingest prepares its input in a second process)."""
    import threading

    seen = {"mib": 0}
    stop = threading.Event()

    def sample() -> None:
        while True:
            total = sum(_rss_kib(pid) for pid in _descendants(os.getpid()))
            seen["mib"] = max(seen["mib"], round(total / 1024))
            if stop.wait(every):
                return

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join()


class Stages:
    """Seconds and peak memory of named stages."""

    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}

    @contextmanager
    def stage(self, name: str):
        reset_peak()
        started = time.perf_counter()
        yield
        self.rows[name] = {"seconds": round(time.perf_counter() - started, 2), "peak_mib": peak_mib()}
        print(f"  {name:<28} {self.rows[name]['seconds']:>9.2f} s {self.rows[name]['peak_mib']:>7} MiB", flush=True)

    def record(self, name: str, seconds: float, peak: int | None = None) -> None:
        self.rows[name] = {"seconds": round(seconds, 2), "peak_mib": peak}
        shown = f"{peak:>7} MiB" if peak is not None else "       -"
        print(f"  {name:<28} {seconds:>9.2f} s {shown}", flush=True)


# -- one size ----------------------------------------------------------------------------------
def data_for(size: int, out: Path, stages: Stages) -> Path:
    from graphintel.cli import main as cli

    folder = out / "data" / f"n{size}"
    meta = folder / "bench-meta.json"
    if (folder / "consignments.csv").exists() and meta.exists():
        seconds = json.loads(meta.read_text())["seconds"]
        stages.record("generate (cached)", seconds)
        return folder / "consignments.csv"
    shutil.rmtree(folder, ignore_errors=True)
    with stages.stage("generate"):
        assert cli(["generate", "--consignments", str(size), "--seed", "7", "--out", str(folder)]) == 0
    meta.write_text(json.dumps({"seconds": stages.rows["generate"]["seconds"]}))
    return folder / "consignments.csv"


def score_apart(home: Path, stages: Stages) -> dict:
    """``score_stages`` in a fresh process, as ``graphintel score`` runs.

    Its times and peaks are then its own: in the process that has just ingested, what ingest
    left on the heap made the 1M graph stage take 4.8 s instead of 2.5 s.
    """
    command = [sys.executable, "-m", "benchmarks", "--score-stages", str(home)]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=HERE.parent, check=False)
    line = next((row for row in proc.stdout.splitlines() if row.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"scoring {home} failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    payload = json.loads(line[len("RESULT ") :])
    for name, row in payload["rows"].items():
        stages.record(name, row["seconds"], row["peak_mib"])
    return payload["scoring"]


def score_stages(store, home: Path, stages: Stages) -> dict:
    """Run a scoring run and split its time into stages, each with its peak memory."""
    from graphintel.leads.runs import run_scoring
    from graphintel.model.scoring import ScoringParams

    marks: list[tuple[str, float, int]] = []
    last = [time.perf_counter()]
    reset_peak()

    def progress(name: str) -> None:
        now = time.perf_counter()
        marks.append((name.split(":")[0], now - last[0], peak_mib()))
        last[0] = now
        reset_peak()

    started = time.perf_counter()
    result = run_scoring(store, home / "runs", ScoringParams(algorithms="python"), progress=progress)
    total = time.perf_counter() - started
    timings = json.loads(result.record["summary"])["timings_seconds"]
    peaks = {name: peak for name, _, peak in marks}
    names = {"read projection": "score: projection", "model": "score: model", "leads": "score: leads"}
    for name, seconds, peak in marks:
        label = names.get(name, f"score: {name}")
        if name == "network":
            for part in ("components", "communities", "centrality"):
                stages.record(f"score: {part}", timings.get(f"network: {part}", 0.0), peak)
            continue
        stages.record(label, seconds, peak)
    stages.record("score: write", timings.get("write", 0.0), peaks.get("leads"))
    stages.record("score (total)", total, max((p for *_, p in marks), default=None))
    return {"run_id": result.run_id, "leads": len(result.leads.leads)}


def dashboard_reads(uri: str, repeat: int) -> dict:
    sys.path.insert(0, str(HERE))
    from bench_dashboard import run as dashboard_run

    result = dashboard_run(uri, repeat)
    keep = ("lead subgraph", "neighbourhood depth 2", "entity search")
    return {k: result[k] for k in keep} | {
        "search_index_seconds": result["search_index_seconds"],
        "neighbour_index_seconds": result["neighbour_index_seconds"],
    }


def compare_algorithms(store) -> dict:
    """igraph (GraphIntel's engine) against networkx on the same party graph."""
    from graphintel.analytics import algorithms
    from graphintel.analytics.projection import ProjectionData, merge_hub_variants, party_graph, read_projection

    data = read_projection(store)
    graph = party_graph(ProjectionData(data.consignments, data.parties, merge_hub_variants(data.links)))
    out = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    runs = {
        "components": lambda e: algorithms.connected_components(graph, engine=e),
        "communities (Louvain)": lambda e: algorithms.communities(graph, engine=e),
        "centrality (PageRank)": lambda e: algorithms.centrality(graph, engine=e),
    }
    for name, fn in runs.items():
        seconds, answers = {}, {}
        for engine in ("igraph", "networkx"):
            started = time.perf_counter()
            answers[engine] = fn(engine)
            seconds[engine] = time.perf_counter() - started
        row = {
            "graphintel_seconds": round(seconds["igraph"], 3),
            "networkx_seconds": round(seconds["networkx"], 3),
            "speedup": round(seconds["networkx"] / max(seconds["igraph"], 1e-9), 1),
        }
        if name == "components":
            row["same_result"] = answers["igraph"] == answers["networkx"]
        elif name.startswith("communities"):
            q_ig = algorithms.modularity(graph, answers["igraph"])
            q_nx = algorithms.modularity(graph, answers["networkx"])
            row.update(modularity_graphintel=round(q_ig, 4), modularity_networkx=round(q_nx, 4),
                       modularity_gap=round(abs(q_ig - q_nx) / abs(q_nx), 4) if q_nx else 0.0)  # fmt: skip
        else:
            a, b = answers["igraph"]["pagerank"], answers["networkx"]["pagerank"]
            import numpy as np
            from scipy.stats import spearmanr

            keys = list(a)
            row["pagerank_spearman"] = round(float(spearmanr([a[k] for k in keys], [b[k] for k in keys])[0]), 4)
            row["pagerank_max_abs_diff"] = float(np.max(np.abs(np.array([a[k] - b[k] for k in keys]))))
        out[name] = row
    return out


def compare_merge(csv: Path, work: Path, sample: int) -> dict:
    """The embedded store's bulk load against row-by-row MERGE of the same rows."""
    import pandas as pd

    from graphintel.cli import main as cli
    from graphintel.store.embedded import LadybugStore

    rows = pd.read_csv(csv, dtype=str, keep_default_na=False, nrows=sample)
    part = work / "merge-sample.csv"
    rows.to_csv(part, index=False)
    shutil.rmtree(work / "bulk", ignore_errors=True)
    started = time.perf_counter()
    assert cli(["ingest", str(part), "--home", str(work / "bulk")]) in (0, 5)
    bulk = time.perf_counter() - started
    shutil.rmtree(work / "merge", ignore_errors=True)
    store = LadybugStore(work / "merge" / "graph.lbug")
    started = time.perf_counter()
    for r in rows.itertuples(index=False):
        store.write(
            "MERGE (c:Consignment {key: $c}) ON CREATE SET c.consignment_id = $c, c.declared_value = $v "
            "MERGE (s:Seller {key: $s}) ON CREATE SET s.party_id = $sid, s.name = $sn "
            "MERGE (b:Buyer {key: $b}) ON CREATE SET b.party_id = $bid, b.name = $bn "
            "MERGE (s)-[:SHIPPED]->(c) MERGE (c)-[:CONSIGNED_TO]->(b)",
            {"c": r.consignment_id, "v": float(r.declared_value or 0), "s": f"seller:{r.seller_id}",
             "sid": r.seller_id, "sn": r.seller_name, "b": f"buyer:{r.buyer_id}", "bid": r.buyer_id,
             "bn": r.buyer_name},
        )  # fmt: skip
    merge = time.perf_counter() - started
    store.close()
    return {
        "rows": len(rows),
        "bulk_seconds": round(bulk, 2),
        "bulk_rows_per_second": round(len(rows) / bulk),
        "merge_seconds": round(merge, 2),
        "merge_rows_per_second": round(len(rows) / merge),
        "speedup": round(merge / bulk, 1),
        "note": "MERGE writes only consignment, seller, buyer and two edges per row; the bulk load writes all "
        "nine node types and edges, validated and normalised",
    }


def one_size(size: int, args, out: Path) -> dict:
    from graphintel.cli import main as cli
    from graphintel.store.embedded import LadybugStore

    print(f"\n== {size:,} consignments", flush=True)
    stages = Stages()
    result: dict = {"consignments": size}
    csv = data_for(size, out, stages)
    work = out / "work" / f"n{size}"
    shutil.rmtree(work, ignore_errors=True)
    home = work / "embedded"
    with tree_peak() as both, stages.stage("ingest embedded"):
        assert cli(["ingest", str(csv), "--home", str(home)]) in (0, 5)
    # A large input is read, validated and normalised in a second process: its peak counts too.
    helper = children_peak_mib()
    if helper:
        stages.record("  (input-preparing process)", 0.0, helper)
        stages.record("  (both processes, summed)", 0.0, both["mib"])
        result["ingest_preparing_process_peak_mib"] = helper
    result["ingest_summed_peak_mib"] = both["mib"]
    ingest_peak = max(both["mib"], stages.rows["ingest embedded"]["peak_mib"])
    result["scoring"] = score_apart(home, stages)
    with stages.stage("lead export (top 30)"):
        assert cli(["leads", "export", "--top", "30", "--home", str(home), "--out", str(work / "export")]) == 0
    result["dashboard embedded"] = dashboard_reads(str(home / "graph.lbug"), args.repeat)
    ingest_row, score_row = stages.rows["ingest embedded"], stages.rows["score (total)"]
    stages.record(
        "ingest + score embedded",
        ingest_row["seconds"] + score_row["seconds"],
        max(ingest_peak, score_row["peak_mib"] or 0),
    )
    uri = os.environ.get("NEO4J_URI")
    if args.neo4j and uri:
        from graphintel.store.neo4j_store import Neo4jStore
        from tests.conftest import wipe_neo4j

        wipe_neo4j(Neo4jStore(uri))
        with stages.stage("ingest neo4j"):
            assert cli(["ingest", str(csv), "--store", uri, "--home", str(work / "neo4j")]) in (0, 5)
        with stages.stage("score neo4j"):
            assert cli(["score", "--store", uri, "--home", str(work / "neo4j")]) == 0
        result["dashboard neo4j"] = dashboard_reads(uri, args.repeat)
    if args.compare:
        with LadybugStore(home / "graph.lbug", read_only=True) as store:
            result["algorithms vs networkx"] = compare_algorithms(store)
        result["bulk load vs row-by-row MERGE"] = compare_merge(csv, work, min(size, args.merge_sample))
        if args.neo4j and uri:
            sys.path.insert(0, str(HERE))
            from bench_neo4j_load import compare as neo4j_compare

            port = uri.rsplit(":", 1)[-1]
            result["neo4j load vs LOAD CSV"] = neo4j_compare(
                uri, csv, Path(f".graphintel/neo4j-{port}"), work / "neo4j-load", warmup=min(10_000, size // 10)
            )
    result["stages"] = stages.rows
    return result


# -- report --------------------------------------------------------------------------------------
def markdown(report: dict) -> str:
    sizes = report["sizes"]
    lines = [f"# GraphIntel benchmarks, {report['when']}", "", f"Machine: {report['machine']}", ""]
    names = list(dict.fromkeys(n for r in sizes for n in r["stages"]))
    header = "| stage | " + " | ".join(f"{r['consignments']:,} s | MiB" for r in sizes) + " |"
    lines += [header, "| --- |" + " --- | --- |" * len(sizes)]
    for name in names:
        cells = []
        for r in sizes:
            row = r["stages"].get(name)
            cells.append(f"{row['seconds']:.2f} | {row['peak_mib'] if row['peak_mib'] is not None else '-'}"
                         if row else "- | -")  # fmt: skip
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if len(sizes) >= 2:
        a, b = sizes[-2], sizes[-1]
        factor = b["consignments"] / a["consignments"]
        lines += [
            "",
            f"Scaling {a['consignments']:,} → {b['consignments']:,} (×{factor:g} data; target ≤ 12 at ×10):",
            "",
        ]
        lines += ["| stage | ratio |", "| --- | --- |"]
        for name in names:
            x, y = a["stages"].get(name), b["stages"].get(name)
            if x and y and x["seconds"] >= 0.05 and "cached" not in name:
                lines.append(f"| {name} | {y['seconds'] / x['seconds']:.1f} |")
    for r in sizes:
        for store in ("dashboard embedded", "dashboard neo4j"):
            if store in r:
                lines += ["", f"Dashboard reads, {store.split()[1]}, {r['consignments']:,} consignments (ms):", ""]
                lines += ["| read | p50 | p95 | max |", "| --- | --- | --- | --- |"]
                for k, v in r[store].items():
                    if isinstance(v, dict):
                        lines.append(f"| {k} | {v['p50_ms']} | {v['p95_ms']} | {v['max_ms']} |")
                built = {"search index": r[store].get("search_index_seconds"),
                         "neighbour index": r[store].get("neighbour_index_seconds")}  # fmt: skip
                lines += ["", "Built once per data version: " + ", ".join(
                    f"{k} {v} s" for k, v in built.items() if v is not None) + "."]  # fmt: skip
        for key in ("algorithms vs networkx", "bulk load vs row-by-row MERGE", "neo4j load vs LOAD CSV"):
            if key in r:
                lines += ["", f"{key}, {r['consignments']:,} consignments:", "", "```json",
                          json.dumps(r[key], indent=1), "```"]  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--repeat", type=int, default=20, help="calls per dashboard read")
    parser.add_argument("--neo4j", action="store_true", help="also ingest and score into Neo4j (NEO4J_URI)")
    parser.add_argument("--compare", action="store_true", help="networkx, row-by-row MERGE (and LOAD CSV) ratios")
    parser.add_argument("--merge-sample", type=int, default=5_000, help="rows loaded by row-by-row MERGE")
    parser.add_argument("--score-stages", type=Path, help=argparse.SUPPRESS)  # score_apart's child
    args = parser.parse_args(argv)
    if args.score_stages:
        from graphintel.store.embedded import LadybugStore

        stages = Stages()
        with LadybugStore(args.score_stages / "graph.lbug") as store:
            scoring = score_stages(store, args.score_stages, stages)
        print("RESULT " + json.dumps({"rows": stages.rows, "scoring": scoring}, default=str), flush=True)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    if args.neo4j and not os.environ.get("NEO4J_URI"):
        parser.error("--neo4j needs NEO4J_URI (and NEO4J_PASSWORD); scripts/neo4j-start starts a local server")
    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "sizes": [one_size(size, args, args.out) for size in sorted(args.sizes)],
    }
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    (args.out / f"bench-{stamp}.json").write_text(json.dumps(report, indent=2, default=str))
    text = markdown(report)
    (args.out / f"bench-{stamp}.md").write_text(text)
    (args.out / "latest.md").write_text(text)
    print("\n" + text)
    print(f"wrote {args.out / f'bench-{stamp}.json'} and .md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
