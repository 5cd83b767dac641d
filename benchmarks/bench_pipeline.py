"""Measure the embedded pipeline: generate, ingest, score, export, evaluate.

Usage: python benchmarks/bench_pipeline.py [--consignments 20000 100000 ...] [--out benchmarks/out]

Each size runs in a fresh child process so its peak memory (ru_maxrss) is its
own; results are printed and appended to benchmarks/out/results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

STEPS = ("generate", "ingest", "score", "leads export", "evaluate")


def one(size: int, out: Path) -> dict:
    from graphintel.cli import main

    home = out / f"n{size}"
    shutil.rmtree(home, ignore_errors=True)
    data = home / "data"
    timings = {}
    commands = {
        "generate": ["generate", "--consignments", str(size), "--seed", "7", "--out", str(data)],
        "ingest": ["ingest", str(data / "consignments.csv"), "--home", str(home)],
        "score": ["score", "--home", str(home)],
        "leads export": ["leads", "export", "--top", "30", "--home", str(home)],
        "evaluate": ["evaluate", "--truth", str(data / "ground_truth.csv"), "--home", str(home)],
    }
    for step in STEPS:
        started = time.perf_counter()
        code = main(commands[step])
        timings[step] = round(time.perf_counter() - started, 2)
        if code != 0:
            raise SystemExit(f"{step} failed with exit code {code}")
    evaluation = json.loads(next((home / "runs").glob("*/evaluation.json")).read_text())
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "consignments": size,
        "seconds": timings,
        "total_seconds_without_generate": round(sum(v for k, v in timings.items() if k != "generate"), 2),
        "peak_rss_mib": round(peak_mib),
        "evaluation": {
            k: evaluation[k]
            for k in ("rings_found_share", "precision_at_k", "heavy_hitters_in_top_k", "consignment_roc_auc")
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consignments", type=int, nargs="+", default=[20_000])
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.child:
        print("RESULT " + json.dumps(one(args.child, args.out)), flush=True)
        return
    for size in args.consignments:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(size), "--out", str(args.out)], capture_output=True, text=True
        )
        line = next((row for row in proc.stdout.splitlines() if row.startswith("RESULT ")), None)
        if proc.returncode != 0 or line is None:
            sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
            raise SystemExit(f"benchmark at {size} failed")
        result = json.loads(line[len("RESULT ") :])
        with (args.out / "results.jsonl").open("a") as handle:
            handle.write(json.dumps({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), **result}) + "\n")
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
