"""Evaluation that does not flatter: a time split, strong baselines, metrics at inspection rates.

Train on the outcomes declared before a date, score what was declared from that date on, and
compare in one run:

* the network model, as ``graphintel score`` would run it (``supervised.learn``), ranked by fraud
  probability and by expected revenue (P(fraud) x predicted recovered revenue);
* the DATE-style baseline (``estimators.DateBaseline``: gradient-boosted trees on the declared fields
  plus cross-fitted fraud-rate profiles of importer, declarant, seller, HS6 and origin), ranked the
  same two ways;
* the plain model (the declared fields alone), the unsupervised score, and random selection (its
  expected value).

The result records, for each metric, whether the network model beats the baseline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from graphintel.analytics.projection import ProjectionData
from graphintel.errors import GraphIntelError, InputError
from graphintel.model import features as ft
from graphintel.model import supervised as sv
from graphintel.model.estimators import DateBaseline, class_counts
from graphintel.model.scoring import PartyScores, ScoringParams, prepare, score_parties

RATES = (0.01, 0.05, 0.10)
BASELINE = "DATE baseline (declared fields + profiles)"
PLAIN = "plain model (own fields)"
REVENUE = ", expected revenue"


def read_outcomes(path: Path) -> pd.DataFrame:
    """The true outcome of every test consignment: a CSV of ``consignment_id``, ``fraud`` (and optional
    ``revenue_recovered``)."""
    try:
        outcomes = pd.read_csv(path, dtype={"consignment_id": str})
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read outcomes ({exc})") from None
    for column in ("consignment_id", "fraud"):
        if column not in outcomes.columns:
            raise InputError(f"{path}: outcomes lack column '{column}'")
    return outcomes


def backtest_projection(
    data: ProjectionData,
    split: pd.Timestamp,
    params: ScoringParams,
    learning: sv.LearningParams,
    outcomes: pd.DataFrame | None = None,
    shuffle_labels: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Score a projection read from the store as ``graphintel score`` would, then ``backtest`` it."""
    if data.consignments.empty:
        raise GraphIntelError("the store holds no consignments; run `graphintel ingest` first")
    data = prepare(data, params)  # each parcel's de minimis threshold and evidence, as `score` uses them
    scored = score_parties(data, params, progress=progress)
    return backtest(data.consignments, scored, data.links, split, learning, outcomes=outcomes,
                    shuffle_labels=shuffle_labels)  # fmt: skip


def write_backtest(result: dict, folder: Path, now: dt.datetime | None = None) -> Path:
    """Write ``backtest-<time>.json`` and ``.md`` (the table) into ``folder``; return the ``.md`` path."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"backtest-{(now or dt.datetime.now()).strftime('%Y%m%dT%H%M%S')}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    stem.with_suffix(".md").write_text(table(result) + "\n", encoding="utf-8")
    return stem.with_suffix(".md")


def backtest(
    c: pd.DataFrame,
    scored: PartyScores,
    links: pd.DataFrame,
    split: pd.Timestamp,
    params: sv.LearningParams,
    outcomes: pd.DataFrame | None = None,
    shuffle_labels: bool = False,
) -> dict:
    """The evaluation table as a dict: ``models`` (one row per model and ranking), test-set facts, the
    mode used, ``beats_baseline`` (per metric: does the network model beat the DATE-style baseline) and
    ``notes`` (what could not be trained, and why).

    ``outcomes`` (``consignment_id``, ``fraud``, optional ``revenue_recovered``) gives the true outcome of
    every test consignment; without it the test set is the consignments inspected on or after ``split``.
    ``shuffle_labels`` permutes the training outcomes (a leakage check: the test AUC must fall to ~0.5).
    ``params.objective`` says which ranking (fraud probability or expected revenue) is compared.
    """
    c = c.reset_index(drop=True)
    dates = ft.dates(c)
    train = _training_labels(c, split, shuffle_labels, params.seed)
    test, y, revenue, source = _test_set(c, dates, split, outcomes)
    if not test.any():
        raise GraphIntelError(f"no consignment with a known outcome is declared on or after {split.date()}")
    if train.n == 0:
        raise GraphIntelError(f"no inspected consignment with an outcome is declared before {split.date()}")
    if len(set(y[test])) < 2:
        raise GraphIntelError(f"the test window from {split.date()} has only one outcome; ROC AUC needs both")

    notes: list[str] = []
    network = sv.learn(c, scored, links, dataclasses.replace(params, explain_top=0, holdout=False), labels=train)
    if network.mode == "unsupervised":
        notes.append(f"network model not trained: {network.why}")
    scores = _network_scores(network)
    scores += _baseline_scores(c, scored, links, train, params, notes)
    scores.append(("unsupervised", "unsupervised", "score", network.consignments["unsupervised"].to_numpy()))
    test_revenue = None if revenue is None else revenue[test]
    rows = [
        {**_metrics(name, s[test], y[test], test_revenue), "role": role, "ranking": ranking}
        for name, role, ranking, s in scores
    ]
    rows.append({**_random(y[test], test_revenue), "role": "random", "ranking": "random"})
    compared, beats, gap = _compare(rows, params.objective)
    return {
        "split_date": str(split.date()),
        "objective": params.objective,
        "training": {
            "labelled": train.n,
            "frauds": train.frauds,
            "window": [str(dates[train.usable].min().date()), str(dates[train.usable].max().date())],
            "shuffled": shuffle_labels,
        },
        "test": {
            "consignments": int(test.sum()),
            "frauds": int(y[test].sum()),
            "labels": source,
            "revenue": None if test_revenue is None else round(float(test_revenue.sum()), 2),
        },
        "mode": network.why,
        "models": rows,
        "compared": compared,
        "beats_baseline": beats,
        "baseline_gap": gap,
        "notes": notes,
    }


def _training_labels(c: pd.DataFrame, split: pd.Timestamp, shuffle: bool, seed: int) -> sv.Labels:
    train = sv.read_labels(c, before=split)
    if shuffle:
        fraud = train.fraud.copy()
        fraud[train.usable] = np.random.default_rng(seed).permutation(fraud[train.usable])
        train = sv.Labels(train.usable, fraud, train.revenue)
    return train


def _test_set(c: pd.DataFrame, dates: pd.Series, split: pd.Timestamp, outcomes: pd.DataFrame | None):
    """``(test mask, fraud 0/1, recovered revenue or None, where the labels come from)``; revenue that is
    missing or not a finite number counts as nothing recovered."""
    after = (dates >= split).to_numpy()
    if outcomes is not None:
        truth = outcomes.drop_duplicates("consignment_id", keep="last")
        truth = truth.set_index(truth["consignment_id"].astype(str))
        ids = c["consignment_id"].astype(str)
        fraud = ids.map(ft.number(truth, "fraud"))
        test = after & fraud.notna().to_numpy()
        y = (fraud.fillna(0) > 0).astype(int).to_numpy()
        revenue = ids.map(ft.number(truth, "revenue_recovered")).to_numpy() if "revenue_recovered" in truth else None
        source = "outcomes file"
    else:
        everything = sv.read_labels(c)
        test = after & everything.usable
        y = everything.fraud
        revenue = everything.revenue
        source = "inspected consignments in the test window"
    if revenue is not None:
        revenue = np.where(np.isfinite(revenue) & (revenue > 0), revenue, 0.0)
        if not revenue[test].any():
            revenue = None
    return test, y, revenue, source


def _network_scores(network: sv.LearnResult) -> list[tuple[str, str, str, np.ndarray]]:
    name = f"network model ({network.mode})"
    scores = [(name, "network", "probability", network.consignments["risk"].to_numpy())]
    if not np.array_equal(network.consignments["risk"].to_numpy(), network.consignments["score"].to_numpy()):
        # the inspection list's order: the same risk, each party's later parcels yielding (model/spread.py)
        scores.append((name + ", spread over parties", "network", "priority", network.consignments["score"].to_numpy()))
    if network.model is not None and network.model.revenue_rows_:
        expected = network.consignments["expected_revenue"].to_numpy()
        scores.append((name + REVENUE, "network", "expected revenue", expected))
    if network.mode != "unsupervised":  # what the labels taught, before the network score joins it
        scores.append(
            ("network model, labels alone", "labels", "probability", network.consignments["supervised"].to_numpy())
        )
    return scores


def _baseline_scores(c, scored, links, train: sv.Labels, params, notes: list[str]):
    """The DATE-style baseline (both rankings) and the plain model, when the training labels allow."""
    clean, frauds = class_counts(train.fraud[train.usable])
    if min(clean, frauds) < 2:
        notes.append(
            f"baselines not trained: the outcomes before the split have {frauds} frauds and {clean} clean "
            "inspections; a model needs at least 2 of each"
        )
        return []
    X = ft.model_frame(c, scored, links, params.de_minimis_threshold)
    usable = train.usable
    revenue = None if train.revenue is None else train.revenue[usable]
    baseline = DateBaseline(seed=params.seed, folds=params.folds).fit(X[usable], train.fraud[usable], revenue)
    outcomes = baseline.predict_outcomes(X)
    scores = [(BASELINE, "baseline", "probability", outcomes["probability"].to_numpy())]
    if baseline.revenue_rows_:
        expected = (outcomes["probability"] * outcomes["revenue"]).to_numpy()
        scores.append((BASELINE + REVENUE, "baseline", "expected revenue", expected))
    plain = DateBaseline(profiles=False, seed=params.seed, folds=params.folds).fit(X[usable], train.fraud[usable])
    scores.append((PLAIN, "plain", "probability", plain.predict_proba(X)[:, 1]))
    return scores


def _compare(rows: list[dict], objective: str) -> tuple[list[str], dict, dict]:
    """The network and baseline rows of the objective's ranking, and per metric whether the network model
    beats the baseline (and by how much)."""
    ranking = "expected revenue" if objective == "revenue" else "probability"

    def pick(role: str) -> dict | None:
        found = [row for row in rows if row["role"] == role]
        return next((row for row in found if row["ranking"] == ranking), found[0] if found else None)

    network, baseline = pick("network"), pick("baseline")
    if network is None or baseline is None:
        return [], {}, {}
    metrics = [key for key in network if key not in ("model", "role", "ranking") and key in baseline]
    beats = {key: bool(network[key] > baseline[key]) for key in metrics}
    gap = {key: round(float(network[key] - baseline[key]), 4) for key in metrics}
    return [network["model"], baseline["model"]], beats, gap


def _metrics(name: str, score: np.ndarray, y: np.ndarray, revenue: np.ndarray | None) -> dict:
    score = _finite(score)
    order = np.lexsort((np.arange(len(score)), -score))
    row = {"model": name, "roc_auc": round(float(roc_auc_score(y, score)), 4)}
    for rate in RATES:
        k = max(1, math.ceil(rate * len(y)))
        top = order[:k]
        label = f"{rate:.0%}"
        row[f"precision@{label}"] = round(float(y[top].mean()), 4)
        row[f"recall@{label}"] = round(float(y[top].sum() / max(y.sum(), 1)), 4)
        if revenue is not None:
            row[f"revenue@{label}"] = round(float(revenue[top].sum()), 2)
    return row


def _finite(score: np.ndarray) -> np.ndarray:
    """Scores with missing or infinite values put last (below every real score)."""
    score = np.asarray(score, dtype=float)
    finite = np.isfinite(score)
    if finite.all():
        return score
    floor = score[finite].min() - 1.0 if finite.any() else 0.0
    return np.where(finite, score, floor)


def _random(y: np.ndarray, revenue: np.ndarray | None) -> dict:
    """Random selection, as its expected value (not one lucky or unlucky draw)."""
    row = {"model": "random selection (expected)", "roc_auc": 0.5}
    for rate in RATES:
        k = max(1, math.ceil(rate * len(y)))
        label = f"{rate:.0%}"
        row[f"precision@{label}"] = round(float(y.mean()), 4)
        row[f"recall@{label}"] = round(k / len(y), 4)
        if revenue is not None:
            row[f"revenue@{label}"] = round(float(revenue.sum() * k / len(y)), 2)
    return row


def table(result: dict) -> str:
    """The models as a Markdown table, then the network-versus-baseline verdict and any notes."""
    rows = result["models"]
    columns = [key for key in rows[0] if key not in ("role", "ranking")]
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(c)) for c in columns) + " |")
    beats = result.get("beats_baseline") or {}
    if beats:
        network, baseline = result["compared"]
        gap = result.get("baseline_gap") or {}
        verdict = {
            word: [key for key in beats if (gap.get(key, 0) > 0, gap.get(key, 0) == 0, gap.get(key, 0) < 0)[i]]
            for i, word in enumerate(("beats it on", "matches it on", "falls below it on"))
        }
        said = "; ".join(f"{word} {', '.join(keys)}" for word, keys in verdict.items() if keys)
        lines += ["", f"{network} against {baseline}: {said}"]
    lines += ["", *(f"note: {note}" for note in result.get("notes") or [])] if result.get("notes") else []
    return "\n".join(lines)


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value >= 10 else f"{value:.3f}"
    return str(value)
