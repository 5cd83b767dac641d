"""Learning from inspection outcomes: labels, the mode, training, ranking with exploration, reasons.

The model is ``estimators.NetworkModel``: gradient-boosted trees over the consignment's declared
fields, the DATE-style fraud-rate profiles of its importer, declarant, seller, HS6 code and origin,
its network (unsupervised scores, indicator strengths, centrality, community) and the fraud history
of its seller, buyer, delivery address and declarant with suspicion propagated from known fraud over
the party graph (``features.GraphHistory``). Profiles and history are computed **out of fold** for the
training rows, so a consignment's own outcome never reaches its features; rows being scored use every
usable label.

``learn`` is the whole path ``graphintel score`` runs: choose the mode from the labels (unsupervised,
blended or supervised), train (or use a saved model), score, rank the consignments not yet inspected
(by fraud probability, or by expected revenue with ``objective="revenue"``), keep a share of the list
for exploration, and explain the top of it (``reasons.reason_records``, worded by ``reasons.reason_words``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from graphintel.errors import GraphIntelError
from graphintel.model import features as ft
from graphintel.model.estimators import DateBaseline, NetworkModel, class_counts
from graphintel.model.features import (  # noqa: F401 - the learning path's names, importable from here
    ACTIVITY_FEATURES,
    HISTORY_FEATURES,
    NETWORK_FEATURES,
    OWN_FEATURES,
    ROLES,
    SCORE_FEATURES,
    GraphHistory,
    network_features,
)
from graphintel.model.reasons import (  # noqa: F401
    GROUPS,
    frauds_text,
    groups_for,
    hop_reasons,
    hop_text,
    nearest_fraud,
    reason_records,
    reason_words,
)
from graphintel.model.scoring import PartyScores
from graphintel.model.spread import SPREAD_DEPTH, spread_factor

MIN_FRAUDS = 10  # fewer confirmed frauds (or clean inspections) than this: unsupervised only
FULL_FRAUDS = 100  # from this many confirmed frauds on: supervised only; in between, blended
OBJECTIVES = ("fraud", "revenue")


@dataclass(frozen=True)
class LearningParams:
    """How labels are used; recorded with the run and the model."""

    mode: str = "auto"  # auto, unsupervised, supervised
    folds: int = 5
    explore_share: float = 0.1
    inspection_rate: float = 0.05
    explain_top: int = 5_000
    seed: int = 7
    de_minimis_threshold: float | None = 150.0  # when a parcel carries no ``de_minimis`` of its own
    objective: str = "fraud"  # fraud: rank by P(fraud); revenue: by P(fraud) x predicted recovered revenue
    spread: float = SPREAD_DEPTH  # how far a party's later parcels yield to other parties' (0: rank by risk)
    holdout: bool = True  # measure a time-ordered holdout ROC AUC for the model's record (a second fit)


@dataclass
class Labels:
    """Usable outcomes: a boolean mask over the consignments, their fraud flags (0/1) and recovered
    revenue (NaN where missing or not a finite number: ignored, never propagated)."""

    usable: np.ndarray
    fraud: np.ndarray
    revenue: np.ndarray | None
    contradicted: int = 0  # rows marked fraud but not inspected: no outcome, and said so

    @property
    def n(self) -> int:
        return int(self.usable.sum())

    @property
    def frauds(self) -> int:
        return int(self.fraud[self.usable].sum())


def read_labels(consignments: pd.DataFrame, before: pd.Timestamp | None = None) -> Labels:
    """The consignments inspected with a known outcome (optionally only those declared before a date)."""
    inspected = ft.number(consignments, "inspected").fillna(0).to_numpy() == 1
    fraud = ft.number(consignments, "fraud")
    usable = inspected & fraud.notna().to_numpy()
    if before is not None:
        usable &= (ft.dates(consignments) < before).to_numpy()
    revenue = ft.number(consignments, "revenue_recovered").to_numpy()
    flagged = (fraud.fillna(0) > 0).to_numpy()
    return Labels(usable, flagged.astype(int), revenue, int((flagged & ~inspected).sum()))


def choose_mode(labels: Labels, requested: str = "auto") -> tuple[str, float, str]:
    """``(mode, supervised weight, why)``: unsupervised, blended or supervised, from the number of frauds.

    Too few labels, or labels of one outcome only, give unsupervised with one line saying why.
    """
    frauds, n = labels.frauds, labels.n
    clean = n - frauds
    if requested == "unsupervised":
        return "unsupervised", 0.0, "unsupervised, as asked"
    if frauds < MIN_FRAUDS or clean < MIN_FRAUDS:
        if requested == "supervised":
            raise GraphIntelError(
                f"--mode supervised needs at least {MIN_FRAUDS} confirmed frauds and {MIN_FRAUDS} clean inspections; "
                f"the store has {frauds} and {clean}"
            )
        if n == 0:
            why = "unsupervised: no inspection outcomes"
        elif clean == 0 or frauds == 0:
            outcome = "fraud" if clean == 0 else "clean"
            why = f"unsupervised: all {n:,} labelled consignments are {outcome}; a model needs both outcomes"
        else:
            why = (
                f"unsupervised: {n:,} labelled consignments, {frauds} frauds and {clean} clean "
                f"(a model needs {MIN_FRAUDS} of each)"
            )
        return "unsupervised", 0.0, why
    if requested == "supervised" or frauds >= FULL_FRAUDS:
        return "supervised", 1.0, f"supervised: trained on {n:,} labelled consignments, {frauds:,} frauds"
    return (
        "blended",
        1.0,
        f"blended: {n:,} labelled consignments, {frauds} frauds (< {FULL_FRAUDS}); "
        "the model's probability and the network score count as independent evidence",
    )


def own_features(c: pd.DataFrame, threshold: float | None) -> pd.DataFrame:
    """Features from the consignment's own declared fields (no network, no labels)."""
    return ft.declared_features(c, threshold)


def history_features(
    c: pd.DataFrame,
    labels: Labels,
    graph,
    folds: int,
    seed: int,
    confirmed: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Inspections, frauds and propagated suspicion around each consignment: out of fold for the
    labelled rows, from every label for the others (``features.GraphHistory``)."""
    history = GraphHistory(graph=graph, confirmed=confirmed, folds=folds, seed=seed)
    usable = np.asarray(labels.usable, dtype=bool)
    out = pd.DataFrame(index=c.index, columns=list(HISTORY_FEATURES), dtype=float)
    y = np.asarray(labels.fraud)[usable]
    if usable.any():
        out.loc[usable] = history.fit_transform(c[usable], y).to_numpy()
    else:
        history.fit(c.iloc[:0], y)
    if (~usable).any():
        out.loc[~usable] = history.transform(c[~usable]).to_numpy()
    return out


def holdout_auc(
    model: DateBaseline, X: pd.DataFrame, labels: Labels, dates: pd.Series, reference: np.ndarray | None = None
) -> float | None:
    """ROC AUC of a fresh copy of ``model`` trained on the earliest 80% of the labelled rows and tested on
    the latest 20%; None when either part lacks an outcome (never an error).

    With ``reference`` (a score for every row, e.g. the unsupervised one), returns the pair
    ``(model's AUC, reference's AUC)`` on the same held-out rows instead.
    """
    usable = np.flatnonzero(labels.usable)
    order = usable[np.argsort(dates.to_numpy()[usable], kind="stable")]
    cut = int(len(order) * 0.8)
    train, test = order[:cut], order[cut:]
    y_train, y_test = labels.fraud[train], labels.fraud[test]
    if min(class_counts(y_train)) < 2 or len(set(y_test)) < 2:
        return None
    fresh = type(model)(**model.get_params(deep=False))  # shares the graph: no deep copy
    fresh.fit(X.iloc[train], y_train)
    auc = float(roc_auc_score(y_test, fresh.predict_proba(X.iloc[test])[:, 1]))
    if reference is None:
        return auc
    return auc, float(roc_auc_score(y_test, reference[test]))


def combine(probability: np.ndarray, network: np.ndarray, weight: float = 1.0) -> np.ndarray:
    """The model's probability (scaled by ``weight``) and the network score as independent evidence,
    ``1 - (1 - weight * p) * (1 - s)`` (``docs/typologies.md``): a model trained on a few labelled months
    knows only the schemes they caught, so a ring of another scheme keeps its evidence, and a pattern the
    model learned keeps its probability where no typology fires.

    >>> combine(np.array([0.0, 0.9, 0.5]), np.array([0.8, 0.0, 0.5])).round(3).tolist()
    [0.8, 0.9, 0.75]
    """
    p = np.clip(np.asarray(probability, dtype=float) * weight, 0.0, 1.0)
    return 1.0 - (1.0 - p) * (1.0 - np.clip(np.asarray(network, dtype=float), 0.0, 1.0))


def validated_weight(weight: float, sup_auc: float, ref_auc: float, why: str) -> tuple[float, str]:
    """The model's weight in a blend, lowered to a quarter when the model did no better than the unsupervised
    network score on the same held-out labels: few labels teach trees less than the typologies know.

    >>> validated_weight(0.6, 0.70, 0.90, "blended")[0], validated_weight(0.6, 0.95, 0.90, "blended")[0]
    (0.25, 0.6)
    """
    if sup_auc > ref_auc or weight <= 0.25:
        return weight, why
    return 0.25, (
        f"{why}; on held-out labels the model scored AUC {sup_auc:.3f} against the network score's "
        f"{ref_auc:.3f}, so its weight is 0.25"
    )


# -- the whole path ------------------------------------------------------------------
@dataclass
class LearnResult:
    """Scores of every consignment under the chosen mode, with reasons and the ranked inspection list."""

    mode: str
    weight: float
    why: str
    # key, consignment_id, score (priority), risk, supervised, unsupervised, expected_revenue, reasons,
    # reason_records, rank, list
    consignments: pd.DataFrame
    parties: pd.DataFrame  # key, inspections, frauds, association (words: nearest party with frauds)
    model: DateBaseline | None = None
    columns: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


def learn(
    c: pd.DataFrame,
    scored: PartyScores,
    links: pd.DataFrame,
    params: LearningParams,
    confirmed: dict[str, float] | None = None,
    labels: Labels | None = None,
    model=None,
    columns: list[str] | None = None,
) -> LearnResult:
    """Choose the mode from the labels, train (or use ``model``), score, rank with exploration, explain."""
    c = c.reset_index(drop=True)
    labels = labels if labels is not None else read_labels(c)
    mode, weight, why = choose_mode(labels, params.mode) if model is None else ("supervised", 1.0, "saved model")
    if labels.contradicted:
        why += (
            f"; {labels.contradicted:,} consignments marked fraud but not inspected were not learnt from "
            "(an outcome counts where inspected is 1)"
        )
    unsupervised = c["key"].map(scored.consignments.set_index("key")["score"]).fillna(0).to_numpy(dtype=float)
    out = pd.DataFrame({"key": c["key"], "consignment_id": c["consignment_id"], "unsupervised": unsupervised})
    meta: dict = {"labelled": labels.n, "frauds": labels.frauds, "objective": params.objective}
    out["supervised"] = out["expected_revenue"] = np.nan
    X = None
    if mode != "unsupervised":
        X = ft.model_frame(c, scored, links, params.de_minimis_threshold)
        model, columns, X = _model(model, columns, X, c, labels, scored.graph, confirmed, params, meta, unsupervised)
        if mode == "blended" and meta.get("holdout_roc_auc") is not None:
            weight, why = validated_weight(weight, meta["holdout_roc_auc"], meta["holdout_unsupervised_roc_auc"], why)
        outcomes = model.predict_outcomes(X)
        probability = outcomes["probability"].to_numpy(dtype=float, copy=True)
        if model is not None and meta.get("trained"):
            probability[labels.usable] = model.training_proba_  # out-of-fold profiles and history
        out["supervised"] = probability
        blended = combine(probability, unsupervised, weight)
        out["expected_revenue"] = blended * outcomes["revenue"].to_numpy()
    else:
        blended = unsupervised
    out["risk"] = np.round(blended, 6)
    out["score"] = np.round(blended * _spread(c, blended, labels, params), 6)
    out["inspected"] = labels.usable
    ranking, why = _ranking(out, model, params, why)
    party_frauds, party_inspections = _party_counts(c, labels)
    ranked = _rank(out, c, labels, ranking, party_inspections, mode, params)

    nearest = {}
    if (labels.frauds or confirmed) and params.explain_top > 0:
        nearest = _nearest(c, ranked[: params.explain_top], scored, party_frauds, confirmed)
    reasons = c["key"].map(scored.consignments.set_index("key")["reasons"]).fillna("").to_list()
    records = ["[]"] * len(c)
    if mode != "unsupervised" and len(ranked) and params.explain_top > 0:
        _explain(c, X, model, ranked[: params.explain_top], scored, nearest, params, mode, reasons, records)
    out["reasons"] = reasons
    out["reason_records"] = records
    parties = pd.DataFrame({"key": scored.parties["key"]})
    parties["inspections"] = parties["key"].map(party_inspections).fillna(0).astype(int)
    parties["frauds"] = parties["key"].map(party_frauds).fillna(0).astype(int)
    # A party's own frauds are in its record already; its association is its nearest tie to known fraud.
    parties["association"] = [
        "" if frauds else hop_text(nearest.get(key, {}))
        for key, frauds in zip(parties["key"], parties["frauds"], strict=True)
    ]
    meta.pop("trained", None)
    meta.update(mode=mode, supervised_weight=weight, why=why)
    return LearnResult(mode, weight, why, out, parties, model, list(columns or []), meta)


def _model(model, columns, X, c, labels, graph, confirmed, params, meta, unsupervised=None):
    """A fitted network model and its input columns: ``model`` (saved) made ready for this store, or a
    new one trained on the usable labels (with its holdout AUC, training window and dropped features)."""
    if model is None:
        model = NetworkModel(graph=graph, confirmed=confirmed, folds=params.folds, seed=params.seed)
        dates = ft.dates(c)
        pair = holdout_auc(model, X, labels, dates, reference=unsupervised) if params.holdout else None
        meta["holdout_roc_auc"] = None if pair is None else pair[0]
        meta["holdout_unsupervised_roc_auc"] = None if pair is None else pair[1]
        usable = labels.usable
        revenue = None if labels.revenue is None else labels.revenue[usable]
        model.fit(X[usable], labels.fraud[usable], revenue=revenue)
        window = dates[usable]
        meta["training_window"] = [str(window.min().date()), str(window.max().date())]
        meta["dropped_features"] = model.dropped_features_
        meta["revenue_rows"] = model.revenue_rows_
        meta["trained"] = True
        return model, list(X.columns), X
    if not isinstance(model, DateBaseline):
        raise GraphIntelError(
            "the saved model was made by an earlier GraphIntel version; run `graphintel score` without --model "
            "to train a new one"
        )
    if isinstance(model, NetworkModel):
        model.set_params(graph=graph, confirmed=confirmed)
    columns = list(columns or model.input_columns_)
    missing = [name for name in columns if name not in X.columns and name not in model.dropped_features_]
    if missing:
        raise GraphIntelError(f"the saved model needs features this store lacks: {', '.join(missing)}")
    return model, columns, X.reindex(columns=columns)


def _spread(c: pd.DataFrame, risk: np.ndarray, labels: Labels, params: LearningParams) -> np.ndarray:
    """The factor turning each consignment's risk into its priority (``spread.spread_factor``), over the
    consignments not yet inspected; an inspected one keeps its risk."""
    factor = np.ones(len(c))
    todo = ~labels.usable
    if params.spread > 0 and todo.any():
        groups = [ft.text(c, column).to_numpy()[todo] for column in ("seller_key", "buyer_key")]
        factor[todo] = spread_factor(risk[todo], groups, params.spread)
    return factor


def _ranking(out: pd.DataFrame, model, params: LearningParams, why: str) -> tuple[np.ndarray, str]:
    """What the inspection list is ordered by: the score, or (objective revenue) the expected revenue."""
    if params.objective != "revenue":
        return out["score"].to_numpy(), why
    if model is None:
        return out["score"].to_numpy(), f"{why}; ranked by score (expected revenue needs a trained model)"
    if not getattr(model, "revenue_rows_", 0):
        return out["score"].to_numpy(), f"{why}; ranked by score (the outcomes carry no recovered revenue)"
    return out["expected_revenue"].to_numpy(), f"{why}; ranked by expected revenue (P(fraud) x predicted revenue)"


def _rank(out, c, labels, ranking, party_inspections, mode, params) -> np.ndarray:
    """Rank the consignments not yet inspected (``rank``, ``list`` columns of ``out``); return them in order.
    Exploration picks the novel ones: parties never inspected, unusual to the unsupervised model, and
    (when a model exists) where it is least sure."""
    candidates = np.flatnonzero(~labels.usable)
    seen = [ft.text(c, column).map(party_inspections).fillna(0).to_numpy() for column in ("seller_key", "buyer_key")]
    never = (seen[0] + seen[1]) == 0
    novelty = out["unsupervised"].to_numpy() * np.where(never, 1.0, 0.5)
    if mode != "unsupervised":
        p = out["supervised"].to_numpy()
        novelty = novelty + 0.5 * (1 - np.abs(2 * p - 1)) * (p > 0.05)
    order, explore = interleave(ranking[candidates], novelty[candidates], params.explore_share, params.seed)
    ranked = candidates[order]
    out["rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out.loc[ranked, "rank"] = np.arange(1, len(ranked) + 1)
    out["list"] = ""
    out.loc[ranked, "list"] = np.where(explore, "explore", "score")
    return ranked


def _nearest(c, rows, scored: PartyScores, party_frauds: pd.Series, confirmed) -> dict[str, dict]:
    """The nearest known fraud of the explained rows' sellers and buyers."""
    label_of = scored.parties.set_index("key")["label"].to_dict()
    involved = pd.unique(pd.concat([c.loc[rows, "seller_key"], c.loc[rows, "buyer_key"]]).dropna())
    counts = {k: int(v) for k, v in party_frauds.items() if v}
    for key in confirmed or {}:
        counts.setdefault(key, 0)
    return nearest_fraud(scored.graph, list(involved), counts, label_of)


def _explain(c, X, model, rows, scored, nearest, params, mode, reasons: list, records: list) -> None:
    """Reason records (JSON) and words for the explained rows, in place; in blended mode the words are
    followed by the unsupervised reasons."""
    parts, features = model.contributions(X.iloc[rows], groups_for(model.feature_names_))
    found = reason_records(c.iloc[rows], features, parts, nearest, params.de_minimis_threshold)
    party_reasons = scored.parties.set_index("key")["reasons"]
    for i, row_records in zip(rows, found, strict=True):
        records[i] = json.dumps(row_records)
        text = reason_words(row_records, party_reasons)
        if text:
            reasons[i] = text if mode == "supervised" or not reasons[i] else f"{text}; {reasons[i]}"


def _party_counts(c: pd.DataFrame, labels: Labels) -> tuple[pd.Series, pd.Series]:
    """Confirmed frauds and inspections per seller or buyer key, from the usable labels."""
    frames = []
    for column in ("seller_key", "buyer_key"):
        frames.append(
            pd.DataFrame(
                {
                    "key": c[column] if column in c.columns else None,
                    "inspected": labels.usable.astype(int),
                    "fraud": (labels.usable & (labels.fraud == 1)).astype(int),
                }
            )
        )
    both = pd.concat(frames).dropna(subset=["key"])
    both = both[both["key"] != ""]
    grouped = both.groupby("key")[["inspected", "fraud"]].sum()
    return grouped["fraud"], grouped["inspected"]


# -- exploration -------------------------------------------------------------------
def interleave(score: np.ndarray, novelty: np.ndarray, share: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A ranking where every ``1/share``-th place goes to the most novel item not yet ranked (uncertain or
    unexplored cases), so any top-k prefix holds about ``share`` exploration picks.

    Returns the order (indices into the inputs) and a boolean "explore" flag per position.

    >>> order, explore = interleave(np.array([0.9, 0.8, 0.7, 0.1]), np.array([0, 0, 0, 1.0]), 0.5, 0)
    >>> order.tolist(), explore.tolist()
    ([0, 3, 1, 2], [False, True, False, True])
    """
    n = len(score)
    by_score = list(np.lexsort((np.arange(n), -score)))
    if share <= 0 or n == 0:
        return np.array(by_score, dtype=int), np.zeros(n, dtype=bool)
    jitter = np.random.default_rng(seed).random(n) * 1e-9
    by_novelty = list(np.lexsort((np.arange(n), -(novelty + jitter))))
    every = max(2, round(1 / share))
    placed = np.zeros(n, dtype=bool)
    order, explore = [], []
    si = ni = 0
    while len(order) < n:
        want_explore = (len(order) + 1) % every == 0
        source = by_novelty if want_explore else by_score
        pos = ni if want_explore else si
        while pos < n and placed[source[pos]]:
            pos += 1
        if pos >= n:  # that list is used up: take from the other
            want_explore = not want_explore
            source = by_novelty if want_explore else by_score
            pos = ni if want_explore else si
            while placed[source[pos]]:
                pos += 1
        placed[source[pos]] = True
        order.append(source[pos])
        explore.append(want_explore)
        if want_explore:
            ni = pos + 1
        else:
            si = pos + 1
    return np.array(order, dtype=int), np.array(explore, dtype=bool)
