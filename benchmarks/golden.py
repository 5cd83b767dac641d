"""Golden comparison: do two versions of GraphIntel score the same data the same way?

``python -m benchmarks.golden capture OUT [--consignments N]`` runs the demo pipeline (generate, ingest,
score, all with fixed seeds) in a scratch folder and keeps a normalised copy of what it produced: the
leads with their members and evidence, every party's and consignment's score and reasons.

``python -m benchmarks.golden compare BEFORE AFTER`` says whether the two captures agree: the same
leads (same members, same order), scores equal to 1e-9 and the same reasons. It exits 1 on any
difference and lists the first few.

The redesign of issue 16 was checked with it: a capture taken before the first commit of that
issue and one taken after (see ``benchmarks/GOLDEN.md``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

TOLERANCE = 1e-9
FILES = {
    "leads.csv": ["rank"],
    "lead_members.csv": ["lead_id", "party_key"],
    "lead_evidence.csv": ["lead_id", "consignment_id"],
    "parties.csv": ["label", "party_id"],
    "consignments.csv": ["consignment_id"],
    "clusters.csv": ["cluster_id"],
}
DROPPED = {"leads.csv": ["decided_by", "decided_at", "note", "status"]}


def _graphintel(*args: str) -> None:
    command = [sys.executable, "-m", "graphintel", *args]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def capture(out: Path, consignments: int | None) -> None:
    """Run the pipeline with fixed seeds and keep its normalised outputs in ``out``."""
    with tempfile.TemporaryDirectory(prefix="golden-") as scratch:
        home = Path(scratch) / "home"
        if consignments is None:
            _graphintel("demo", "--no-dashboard", "--home", str(home))
        else:
            data = Path(scratch) / "data"
            _graphintel("generate", "--out", str(data), "--consignments", str(consignments), "--seed", "7")
            _graphintel("ingest", "--home", str(home), str(data / "consignments.csv"))
            _graphintel("score", "--home", str(home), "--seed-value", "42")
        run = sorted((home / "runs").iterdir())[-1]
        out.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            frame = pd.read_csv(run / name, dtype=str, keep_default_na=False)
            if "lead_id" in frame:  # run ids differ between runs: keep the lead's number
                frame["lead_id"] = frame["lead_id"].str.rsplit("-", n=1).str[-1]
            frame = frame.drop(columns=[c for c in DROPPED.get(name, []) if c in frame])
            frame.to_csv(out / name, index=False)
    print(f"golden capture in {out}")


def _compare_frame(name: str, before: pd.DataFrame, after: pd.DataFrame) -> list[str]:
    problems: list[str] = []
    if list(before.columns) != list(after.columns):
        problems.append(f"{name}: columns differ: {list(before.columns)} vs {list(after.columns)}")
        common = [c for c in before.columns if c in after.columns]
        before, after = before[common], after[common]
    if len(before) != len(after):
        return [*problems, f"{name}: {len(before)} rows before, {len(after)} after"]
    keys = FILES[name]
    before = before.sort_values(keys).reset_index(drop=True)
    after = after.sort_values(keys).reset_index(drop=True)
    for column in before.columns:
        left, right = before[column], after[column]
        numeric_left = pd.to_numeric(left, errors="coerce")
        numeric_right = pd.to_numeric(right, errors="coerce")
        both = numeric_left.notna() & numeric_right.notna()
        if both.all() and len(left):
            differ = (numeric_left - numeric_right).abs() > TOLERANCE
        else:
            differ = left != right
        for index in differ[differ].index[:3]:
            row_key = ", ".join(f"{k}={before.at[index, k]}" for k in keys)
            problems.append(f"{name} [{row_key}] {column}: {left[index]!r} -> {right[index]!r}")
        if differ.sum() > 3:
            problems.append(f"{name} {column}: {int(differ.sum())} rows differ in all")
    return problems


def compare(before: Path, after: Path) -> int:
    """Print the differences between two captures; 0 when they agree."""
    problems: list[str] = []
    for name in FILES:
        left = pd.read_csv(before / name, dtype=str, keep_default_na=False)
        right = pd.read_csv(after / name, dtype=str, keep_default_na=False)
        problems += _compare_frame(name, left, right)
    summary = {"before": str(before), "after": str(after), "same": not problems, "differences": problems[:50]}
    print(json.dumps(summary, indent=2))
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.golden", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    take = commands.add_parser("capture", help="run the pipeline and keep its outputs")
    take.add_argument("out", type=Path)
    take.add_argument("--consignments", type=int, default=None, help="a generated data set of this size "
                      "instead of the demo")
    check = commands.add_parser("compare", help="compare two captures")
    check.add_argument("before", type=Path)
    check.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "capture":
        if args.out.exists():
            shutil.rmtree(args.out)
        capture(args.out, args.consignments)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
