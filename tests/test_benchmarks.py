"""The benchmark suite runs end to end at a tiny size (CI runs the smallest only; timings are not asserted, the
counts and the report's shape are)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from graphintel.batch import lead_members
from graphintel.store.base import read_query_text
from graphintel.store.embedded import LadybugStore

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
    stages = size["stages"]
    for stage in ("generate", "ingest embedded", "score: projection", "score: communities", "score: centrality",
                  "score: indicators", "score: model", "lead export (top 30)", "ingest + score embedded"):  # fmt: skip
        assert set(stages[stage]) == {"seconds", "peak_mib"} and stages[stage]["peak_mib"] > 0, stage
    both = stages["ingest embedded"]["seconds"] + stages["score (total)"]["seconds"]
    assert stages["ingest + score embedded"]["seconds"] == pytest.approx(both, abs=0.011)
    # The counts reported are those generated and held: 3,000 consignments in the file and in the store,
    # and as many leads in the store's scoring run as the report says.
    assert size["consignments"] == 3000
    generated = pd.read_csv(tmp_path / "data" / "n3000" / "consignments.csv", dtype=str)
    assert len(generated) == 3000 and generated["consignment_id"].is_unique
    with LadybugStore(tmp_path / "work" / "n3000" / "embedded" / "graph.lbug", read_only=True) as store:
        held = int(store.query(read_query_text("consignment_count", store.dialect)).iloc[0, 0])
        leads = lead_members(store, size["scoring"]["run_id"])
    assert held == 3000
    assert len(leads) == size["scoring"]["leads"] > 0
    # Ingest's memory is sampled over its whole process tree too (the input is prepared apart when large).
    assert size["ingest_summed_peak_mib"] > 0
    for read in ("lead subgraph", "neighbourhood depth 2", "entity search"):
        assert size["dashboard embedded"][read]["p95_ms"] >= size["dashboard embedded"][read]["p50_ms"] > 0
    algos = size["algorithms vs networkx"]
    assert algos["components"]["same_result"] and algos["communities (Louvain)"]["modularity_gap"] <= 0.02
    assert size["bulk load vs row-by-row MERGE"]["rows"] == 200
    text = (tmp_path / "latest.md").read_text()
    assert "| stage | 3,000 s | MiB |" in text.splitlines() and "Dashboard reads, embedded" in text
    for stage, row in stages.items():  # the Markdown table holds every stage's figures, as the JSON does
        peak = row["peak_mib"] if row["peak_mib"] is not None else "-"
        assert f"| {stage} | {row['seconds']:.2f} | {peak} |" in text.splitlines(), stage
