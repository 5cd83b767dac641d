"""A public-declarations-shaped extract through the command line: ingest with a mapping, score, back-test.

The extract has importer, declarant and seller ids, HS codes, origins, values in KRW millions, text
columns (process type, tax type, origin indicator), no quantity and no address
(``benchmarks.worlds.declarations``).
"""

from __future__ import annotations

import json

import pytest

from benchmarks.worlds.declarations import write_extract
from graphintel.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extract")
    data, mapping = write_extract(folder / "data", rows=1500, seed=3, unlabelled_days=14)
    assert main(["ingest", str(data), "--mapping", str(mapping), "--home", str(folder)]) == 0
    return folder


def test_score_learns_from_the_extract_and_lists_what_it_dropped(home):
    assert main(["score", "--home", str(home)]) == 0
    run = sorted((home / "runs").iterdir())[-1]
    summary = json.loads((run / "run.json").read_text())["summary"]
    assert summary["mode"].startswith("supervised") and summary["model_id"]
    saved = json.loads((home / "models" / summary["model_id"] / "model.json").read_text())
    dropped = {d["feature"]: d["reason"] for d in saved["dropped_features"]}
    assert dropped["quantity"] == "empty" and dropped["address_inspections"] == "empty"
    assert {"extra_tax_type", "extra_process_type", "importer_profile", "hs6_profile"} <= set(saved["features"])

    assert main(["score", "--home", str(home), "--objective", "revenue"]) == 0
    run = sorted((home / "runs").iterdir())[-1]
    assert "ranked by expected revenue" in json.loads((run / "run.json").read_text())["summary"]["mode"]
    assert main(["score", "--home", str(home), "--model", summary["model_id"]]) == 0  # the saved model scores


def test_evaluate_reports_network_and_baseline_side_by_side(home, capsys):
    args = ["evaluate", "--home", str(home), "--split-date", "2025-03-20"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "network model (supervised)" in out and "DATE baseline" in out and "against DATE baseline" in out
    result = json.loads(sorted((home / "evaluations").glob("backtest-*.json"))[-1].read_text())
    rows = {row["model"]: row for row in result["models"]}
    network, baseline = rows["network model (supervised)"], rows[result["compared"][1]]
    assert network["roc_auc"] > 0.6 and baseline["roc_auc"] > 0.6
    assert network["roc_auc"] >= baseline["roc_auc"] - 0.03  # no network to speak of here: about the same
    assert set(result["beats_baseline"]) >= {"roc_auc", "precision@1%", "precision@5%", "precision@10%", "revenue@5%"}
    assert main([*args, "--objective", "revenue"]) == 0
    result = json.loads(sorted((home / "evaluations").glob("backtest-*.json"))[-1].read_text())
    assert result["objective"] == "revenue" and result["compared"][0].endswith("expected revenue")


def test_the_backtest_benchmark_reports_both_models_and_counts_wins_ties_and_losses(tmp_path):
    from benchmarks import backtest

    out = tmp_path / "BACKTEST.md"
    assert backtest.main(["--rows", "1500", "--seeds", "3", "--out", str(out)]) == 0
    saved = json.loads(out.with_suffix(".json").read_text())
    (result,) = saved["results"]
    assert result["names"][0] == "network model (supervised)" and "DATE baseline" in result["names"][1]
    assert result["network"]["roc_auc"] > 0.6 and result["baseline"]["roc_auc"] > 0.6
    assert "| roc_auc |" in out.read_text()
    fake = [{"network": dict.fromkeys(backtest.METRICS, 0.5), "baseline": dict.fromkeys(backtest.METRICS, b)}
            for b in (0.4, 0.5, 0.6)]  # fmt: skip
    assert {k: v for k, v in backtest.summarise(fake)["roc_auc"].items() if k != "baseline"} == {
        "network": 0.5, "wins": 1, "ties": 1, "losses": 1}  # fmt: skip
