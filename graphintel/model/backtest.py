"""Evaluation that does not flatter: a time split, two baselines, metrics at inspection rates.

Train on the outcomes declared before a date, score what was declared from that
date on, and compare in one run: the network model (as ``graphintel score``
would run it), a plain gradient-boosted model on the consignment's own fields,
the unsupervised score, and random selection (its expected value).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from graphintel.errors import GraphIntelError
from graphintel.model import supervised as sv
from graphintel.model.scoring import PartyScores

RATES = (0.01, 0.05, 0.10)


def backtest(
    c: pd.DataFrame,
    scored: PartyScores,
    links: pd.DataFrame,
    split: pd.Timestamp,
    params: sv.LearningParams,
    outcomes: pd.DataFrame | None = None,
    shuffle_labels: bool = False,
) -> dict:
    """The evaluation table as a dict: ``models`` (one row per model), test-set facts, and the mode used.

    ``outcomes`` (``consignment_id``, ``fraud``, optional ``revenue_recovered``) gives the true outcome of
    every test consignment; without it the test set is the consignments inspected on or after ``split``.
    ``shuffle_labels`` permutes the training outcomes (a leakage check: the test AUC must fall to ~0.5).
    """
    c = c.reset_index(drop=True)
    dates = pd.to_datetime(c["declaration_date"])
    train = sv.read_labels(c, before=split)
    if shuffle_labels:
        rng = np.random.default_rng(params.seed)
        fraud = train.fraud.copy()
        fraud[train.usable] = rng.permutation(fraud[train.usable])
        train = sv.Labels(train.usable, fraud, train.revenue)
    after = (dates >= split).to_numpy()
    if outcomes is not None:
        truth = outcomes.set_index(outcomes["consignment_id"].astype(str))
        ids = c["consignment_id"].astype(str)
        known = ids.isin(truth.index).to_numpy()
        test = after & known
        y = ids.map(truth["fraud"]).fillna(0).astype(int).to_numpy()
        revenue = (
            ids.map(pd.to_numeric(truth["revenue_recovered"], errors="coerce")).fillna(0).to_numpy()
            if "revenue_recovered" in truth.columns
            else None
        )
        source = "outcomes file"
    else:
        everything = sv.read_labels(c)
        test = after & everything.usable
        y = everything.fraud
        has_revenue = pd.to_numeric(c["revenue_recovered"], errors="coerce").notna()
        revenue = everything.revenue if has_revenue[test].any() else None
        source = "inspected consignments in the test window"
    if not test.any():
        raise GraphIntelError(f"no consignment with a known outcome is declared on or after {split.date()}")
    if train.n == 0:
        raise GraphIntelError(f"no inspected consignment with an outcome is declared before {split.date()}")
    if len(set(y[test])) < 2:
        raise GraphIntelError(f"the test window from {split.date()} has only one outcome; ROC AUC needs both")

    network = sv.learn(c, scored, links, dataclasses.replace(params, explain_top=0), labels=train)
    own = sv.own_features(c, params.de_minimis_threshold)
    scores = {f"network model ({network.mode})": network.consignments["score"].to_numpy()}
    if train.frauds >= 2 and train.n - train.frauds >= 2:
        plain = sv.fit(own, train, list(own.columns), params.seed)
        scores["plain model (own fields)"] = plain.predict_proba(own)[:, 1]
    scores["unsupervised"] = network.consignments["unsupervised"].to_numpy()

    rows = [_metrics(name, s[test], y[test], None if revenue is None else revenue[test]) for name, s in scores.items()]
    rows.append(_random(y[test], None if revenue is None else revenue[test]))
    return {
        "split_date": str(split.date()),
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
            "revenue": None if revenue is None else round(float(revenue[test].sum()), 2),
        },
        "mode": network.why,
        "models": rows,
    }


def _metrics(name: str, score: np.ndarray, y: np.ndarray, revenue: np.ndarray | None) -> dict:
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
    """The models as a Markdown table."""
    rows = result["models"]
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(row.get(c)) for c in columns) + " |")
    return "\n".join(lines)


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value >= 10 else f"{value:.3f}"
    return str(value)
