"""The benchmark suite runs end to end at a tiny size (CI runs the smallest only; figures are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmark_suite_writes_json_and_markdown_for_every_stage(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--sizes", "3000", "--repeat", "2", "--compare", "--merge-sample", "200",
         "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(next(tmp_path.glob("bench-*.json")).read_text())
    size = report["sizes"][0]
    for stage in ("generate", "ingest embedded", "score: projection", "score: communities", "score: centrality",
                  "score: indicators", "score: model", "lead export (top 30)", "ingest + score embedded"):  # fmt: skip
        assert size["stages"][stage]["seconds"] >= 0 and size["stages"][stage]["peak_mib"] > 0, stage
    # Ingest's memory is sampled over its whole process tree too (the input is prepared apart when large).
    assert size["ingest_summed_peak_mib"] > 0
    for read in ("lead subgraph", "neighbourhood depth 2", "entity search"):
        assert size["dashboard embedded"][read]["p95_ms"] >= size["dashboard embedded"][read]["p50_ms"] > 0
    algos = size["algorithms vs networkx"]
    assert algos["components"]["same_result"] and algos["communities (Louvain)"]["modularity_gap"] <= 0.02
    assert size["bulk load vs row-by-row MERGE"]["rows"] == 200
    text = (tmp_path / "latest.md").read_text()
    assert "| score: communities |" in text and "Dashboard reads, embedded" in text
