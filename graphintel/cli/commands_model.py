"""Commands over the model: ``evaluate`` (planted rings, or a back-test on a time split) and ``model``."""

from __future__ import annotations

import json
import time
from pathlib import Path

from graphintel import console
from graphintel.cli import common
from graphintel.errors import GraphIntelError, InputError


def cmd_evaluate(args) -> int:
    if args.split_date is None and args.truth is None:
        raise InputError("evaluate needs --truth FILE (planted rings) or --split-date YYYY-MM-DD (back-test)")
    if args.split_date is not None:
        backtest(args)
    if args.truth is not None:
        evaluate(args, args.truth, args.top, args.run)
    return 0


def backtest(args) -> dict:
    """Back-test the model on a time split; write the table into HOME/evaluations and print it."""
    import pandas as pd

    from graphintel.analytics.projection import read_projection
    from graphintel.model.backtest import backtest_projection, read_outcomes, table, write_backtest

    started = time.perf_counter()
    params = common.scoring_params(args)
    outcomes = None if args.outcomes is None else read_outcomes(args.outcomes)
    with console.steps("back-test", 6) as done:
        with common.open_for_reading(args) as store:
            data = read_projection(store)
        done("read projection")
        result = backtest_projection(
            data,
            pd.Timestamp(args.split_date),
            params,
            common.learning_params(args, params),
            outcomes=outcomes,
            shuffle_labels=args.shuffle_labels,
            progress=done,
        )
    written = write_backtest(result, common.home(args) / "evaluations")
    print(table(result))
    console.summary("evaluate (time split)", _backtest_rows(result, written, started))
    return result


def _backtest_rows(result: dict, written: Path, started: float) -> list[tuple[str, object]]:
    training, test = result["training"], result["test"]
    return [
        ("split date", result["split_date"]),
        (
            "training",
            f"{training['labelled']:,} inspected, {training['frauds']:,} frauds, "
            f"{training['window'][0]} to {training['window'][1]}"
            + (" (labels shuffled)" if training["shuffled"] else ""),
        ),
        ("test", f"{test['consignments']:,} consignments, {test['frauds']:,} frauds ({test['labels']})"),
        ("model", result["mode"]),
        ("objective", result["objective"]),
        (
            "against the baseline",
            ", ".join(
                f"{k} {'beats' if gap > 0 else 'matches' if gap == 0 else 'below'}"
                for k, gap in result["baseline_gap"].items()
            )
            or "no baseline (see the notes)",
        ),
        ("table", str(written)),
        ("seconds", f"{time.perf_counter() - started:.1f}"),
    ]


def evaluate(args, truth_path: Path, top: int, run_id: str | None = None):
    """Compare a run's leads with planted rings; print the result and write the run's evaluation.json."""
    from graphintel.leads.evaluate import evaluate_run, read_ground_truth, write_evaluation
    from graphintel.leads.runs import latest_run, read_leads, read_run

    truth = read_ground_truth(truth_path)
    with common.open_for_reading(args) as store:
        run = latest_run(store) if run_id is None else read_run(store, run_id)
        if run is None:
            raise GraphIntelError("no scoring run in the store; run `graphintel score` first")
        leads = read_leads(store, run["run_id"])
    result = evaluate_run(leads, run, truth, top_k=top)
    rows = [
        ("run", run["run_id"]),
        (
            f"rings found in top {top}",
            f"{result.rings['found'].sum()} of {len(result.rings)} ({result.found_share:.0%})",
        ),
        (
            f"precision of top {top}",
            f"{result.precision_at_k:.0%} ({round(result.precision_at_k * result.leads_considered)} of "
            f"{result.leads_considered} leads find a planted ring)",
        ),
        (f"heavy hitters in top {top}", result.heavy_hitters_in_top_k),
        ("consignment ROC AUC", "n/a" if result.consignment_auc is None else f"{result.consignment_auc:.3f}"),
    ]
    for row in result.per_scheme.itertuples():
        rows.append((f"  {row.typology}", f"{row.found} of {row.rings} rings found"))
    console.summary("evaluate", rows)
    write_evaluation(result, run)
    return result


def cmd_model_show(args) -> int:
    from graphintel.model import registry

    rec = registry.record(common.home(args) / "models", args.model_id)
    rows = []
    for key, value in rec.items():
        if key == "features":
            value = f"{len(value)}: " + ", ".join(value)
        elif isinstance(value, dict | list):
            value = json.dumps(value, default=str)
        rows.append((key, value))
    console.summary(f"model {rec['model_id']}", rows)
    return 0


def cmd_model_list(args) -> int:
    from graphintel.model import registry

    recs = registry.records(common.home(args) / "models")
    rows = [
        (
            r["model_id"],
            f"{r.get('mode', '?')}, trained on {r.get('labelled', 0):,} ({r.get('frauds', 0):,} frauds) "
            f"{' to '.join(r.get('training_window') or [])}, holdout AUC {r.get('holdout_roc_auc')}",
        )
        for r in recs
    ]
    console.summary("models", rows or [("models", "none saved yet")])
    return 0
