"""The network model against the DATE-style baseline on a declarations extract, on a time split.

Usage:
  python -m benchmarks.backtest                          # 4 seeds, 20,000 declarations each
  python -m benchmarks.backtest --rows 3000 --seeds 11 12

Each seed writes a public-declarations-shaped extract (``benchmarks.worlds.declarations``: importer,
declarant, seller and courier ids, HS codes, values in KRW millions, text columns, no quantity and no
address, every row inspected, about a fifth frauds), ingests it with its column mapping and runs
``graphintel evaluate --split-date`` as an operator would: train on outcomes before the date, test after.
The figures are the evaluation's own (``evaluations/backtest-*.json``): ROC AUC, precision and revenue
captured at 1, 5 and 10% inspection rates, for the network model and the DATE-style baseline (gradient-
boosted trees on the declared fields plus cross-fitted fraud-rate profiles of importer, declarant, seller,
HS6 code and origin), and whether the network model beats the baseline on each.

The extract's frauds follow parties, goods, tax type and unit price, not a network: what the network model
can add there is its relation profiles (the fraud rate of each importer-declarant, importer-HS6,
seller-importer and declarant-HS6 pair). At 3,000 declarations the test months hold about 11 rows at 1%,
so precision at 1% moves by a row; 20,000 declarations (about 70 rows at 1%) is the default.

Seeds 11 to 14 were used while developing the relation profiles (session 9); ``EVALUATION_SEEDS`` were
first run on the final code of that session and not looked at before their table was written.
Writes benchmarks/BACKTEST.md and benchmarks/BACKTEST.json.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EVALUATION_SEEDS = (21, 22, 23, 24)
SPLIT_DATE = "2025-03-20"
METRICS = ("roc_auc", "precision@1%", "precision@5%", "precision@10%", "revenue@1%", "revenue@5%", "revenue@10%")


def run_seed(seed: int, rows: int, split_date: str) -> dict:
    """Ingest one extract and back-test it through the command line; the evaluation's two compared rows."""
    from benchmarks.worlds.declarations import write_extract
    from graphintel.cli import main

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        data, mapping = write_extract(home / "data", rows=rows, seed=seed)
        quiet = io.StringIO()
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            codes = (main(["ingest", str(data), "--mapping", str(mapping), "--home", str(home)]),
                     main(["evaluate", "--home", str(home), "--split-date", split_date]))  # fmt: skip
        if any(codes):
            raise SystemExit(f"seed {seed}: ingest/evaluate exited {codes}:\n{quiet.getvalue()[-2000:]}")
        result = json.loads(sorted((home / "evaluations").glob("backtest-*.json"))[-1].read_text())
    models = {row["model"]: row for row in result["models"]}
    network, baseline = (models[name] for name in result["compared"][:2])
    return {
        "seed": seed,
        "rows": rows,
        "network": {m: network.get(m) for m in METRICS},
        "baseline": {m: baseline.get(m) for m in METRICS},
        "beats": {m: result["beats_baseline"].get(m) for m in METRICS},
        "names": result["compared"][:2],
        "seconds": round(time.perf_counter() - started, 1),
    }


def summarise(results: list[dict]) -> dict:
    """Per metric: the mean of each model, and on how many seeds the network model wins, ties or loses."""
    out = {}
    for metric in METRICS:
        pairs = [(r["network"][metric], r["baseline"][metric]) for r in results]
        pairs = [(n, b) for n, b in pairs if n is not None and b is not None]
        if not pairs:
            continue
        out[metric] = {
            "network": sum(n for n, _ in pairs) / len(pairs),
            "baseline": sum(b for _, b in pairs) / len(pairs),
            "wins": sum(n > b for n, b in pairs),
            "ties": sum(n == b for n, b in pairs),
            "losses": sum(n < b for n, b in pairs),
        }
    return out


def markdown(results: list[dict], summary: dict, command: str) -> str:
    lines = ["# Back-test against the DATE-style baseline", "",
             f"`{command}`, run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. How each figure is measured: "
             "`benchmarks/backtest.py`'s docstring.", "",
             "| metric | network model (mean) | DATE baseline (mean) | network wins | ties | losses |",
             "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for metric, s in summary.items():
        means = f"{s['network']:.3f} | {s['baseline']:.3f}"
        lines.append(f"| {metric} | {means} | {s['wins']} | {s['ties']} | {s['losses']} |")
    lines += ["", "| seed | declarations | metric | network model | DATE baseline | beats |",
              "| --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    for r in results:
        for metric in METRICS:
            n, b = r["network"][metric], r["baseline"][metric]
            if n is None or b is None:
                continue
            beats = "yes" if r["beats"][metric] else "no"
            lines.append(f"| {r['seed']} | {r['rows']:,} | {metric} | {n:.3f} | {b:.3f} | {beats} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.backtest", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", nargs="+", type=int, default=list(EVALUATION_SEEDS))
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--split-date", default=SPLIT_DATE)
    parser.add_argument("--out", type=Path, default=HERE / "BACKTEST.md")
    args = parser.parse_args(argv)
    results = []
    for seed in args.seeds:
        results.append(run_seed(seed, args.rows, args.split_date))
        r = results[-1]
        print(f"seed {seed}: " + ", ".join(f"{m} {r['network'][m]:.3f} vs {r['baseline'][m]:.3f}"
                                           for m in METRICS[:4]) + f" ({r['seconds']} s)", flush=True)  # fmt: skip
    summary = summarise(results)
    command = "python -m benchmarks.backtest " + " ".join(sys.argv[1:] if argv is None else argv)
    args.out.write_text(markdown(results, summary, command.strip()) + "\n", encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps({"results": results, "summary": summary}, indent=2))
    for metric, s in summary.items():
        print(f"{metric}: network {s['network']:.3f}, baseline {s['baseline']:.3f}; "
              f"wins {s['wins']}, ties {s['ties']}, losses {s['losses']}")  # fmt: skip
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
