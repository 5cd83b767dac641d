"""Learning from inspection outcomes: features, guilt by association, a boosted-trees model, reasons.

The consignment's features come in three families:

* **own fields** (``OWN_FEATURES``): value per kg against its HS-code peers, value
  against the de minimis threshold, weight, quantity, goods chapter, route, channel,
  and any numeric extra column the source carried. The *plain* baseline uses only these.
* **network** (``NETWORK_FEATURES``): the unsupervised scores, indicator strengths,
  centrality and community of its seller and buyer, and how many parties share its
  delivery address.
* **history** (``HISTORY_FEATURES``): the inspections and confirmed frauds of its
  seller, buyer, delivery address and declarant, and suspicion propagated from known
  fraud and confirmed leads over the party graph (personalised PageRank on the
  specificity-weighted projection, so a shared depot spreads almost nothing).

History is computed **out of fold**: the labelled rows are split into folds and a row's
history counts and propagation use only the labels of the other folds, so a
consignment's own outcome never reaches its features. Rows being scored use all the
usable labels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

from graphintel.analytics.partygraph import PartyGraph
from graphintel.model.scoring import SCHEME_LABELS, PartyScores

ROLES = {  # history role -> consignment column, words
    "seller": ("seller_key", "seller"),
    "buyer": ("buyer_key", "buyer"),
    "address": ("delivery_address_key", "delivery address"),
    "declarant": ("declarant_id", "declarant"),
}
CATEGORICAL = ("hs_chapter", "origin", "departure", "channel")
OWN_FEATURES = (
    "log_value",
    "log_weight",
    "log_value_per_kg",
    "unit_value_vs_hs",
    "value_vs_threshold",
    "near_threshold",
    "quantity",
    "origin_is_not_seller_country",
    "origin_is_transit",
    "weekday",
    *CATEGORICAL,
)
SCORE_FEATURES = (
    "unsupervised_score",
    "seller_score",
    "buyer_score",
    "seller_anomaly",
    "buyer_anomaly",
    *(f"ind_{name}" for name in SCHEME_LABELS),
)
ACTIVITY_FEATURES = (
    "seller_pagerank",
    "buyer_pagerank",
    "seller_parcels",
    "buyer_parcels",
    "seller_community_size",
    "buyer_community_size",
    "address_sharers",
)
NETWORK_FEATURES = SCORE_FEATURES + ACTIVITY_FEATURES
HISTORY_FEATURES = (
    *(f"{role}_{kind}" for role in ROLES for kind in ("inspections", "frauds", "fraud_rate")),
    "seller_association",
    "buyer_association",
)
MIN_FRAUDS = 10  # fewer confirmed frauds than this: unsupervised only
FULL_FRAUDS = 100  # from this many confirmed frauds on: supervised only; in between, blended
PRIOR_STRENGTH = 5.0  # pseudo-inspections pulling a party's fraud rate towards the overall rate


@dataclass(frozen=True)
class LearningParams:
    """How labels are used; recorded with the run and the model."""

    mode: str = "auto"  # auto, unsupervised, supervised
    folds: int = 5
    explore_share: float = 0.1
    inspection_rate: float = 0.05
    explain_top: int = 5_000
    seed: int = 7
    de_minimis_threshold: float = 150.0


@dataclass
class Labels:
    """Usable outcomes: a boolean mask over the consignments and their fraud flags (0/1)."""

    usable: np.ndarray
    fraud: np.ndarray
    revenue: np.ndarray

    @property
    def n(self) -> int:
        return int(self.usable.sum())

    @property
    def frauds(self) -> int:
        return int(self.fraud[self.usable].sum())


@dataclass
class Features:
    frame: pd.DataFrame
    hops: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # party -> (hops, frauds, label)


def read_labels(consignments: pd.DataFrame, before: pd.Timestamp | None = None) -> Labels:
    """The consignments inspected with a known outcome (optionally only those declared before a date)."""
    inspected = pd.to_numeric(consignments["inspected"], errors="coerce").fillna(0).to_numpy() == 1
    fraud = pd.to_numeric(consignments["fraud"], errors="coerce")
    usable = inspected & fraud.notna().to_numpy()
    if before is not None:
        usable &= (pd.to_datetime(consignments["declaration_date"]) < before).to_numpy()
    revenue = pd.to_numeric(consignments["revenue_recovered"], errors="coerce").fillna(0).to_numpy()
    return Labels(usable, fraud.fillna(0).astype(int).to_numpy(), revenue)


def choose_mode(labels: Labels, requested: str = "auto") -> tuple[str, float, str]:
    """``(mode, supervised weight, why)``: unsupervised, blended or supervised, from the number of frauds."""
    frauds, n = labels.frauds, labels.n
    if requested == "unsupervised":
        return "unsupervised", 0.0, "unsupervised, as asked"
    if frauds < MIN_FRAUDS or n - frauds < MIN_FRAUDS:
        if requested == "supervised":
            from graphintel.errors import GraphIntelError

            raise GraphIntelError(
                f"--mode supervised needs at least {MIN_FRAUDS} confirmed frauds and {MIN_FRAUDS} clean inspections; "
                f"the store has {frauds} and {n - frauds}"
            )
        return "unsupervised", 0.0, f"unsupervised: {n:,} labelled consignments, {frauds} frauds (< {MIN_FRAUDS})"
    if requested == "supervised" or frauds >= FULL_FRAUDS:
        return "supervised", 1.0, f"supervised: trained on {n:,} labelled consignments, {frauds:,} frauds"
    weight = round((frauds - MIN_FRAUDS) / (FULL_FRAUDS - MIN_FRAUDS) * 0.5 + 0.5, 3)
    return (
        "blended",
        weight,
        f"blended: {n:,} labelled consignments, {frauds} frauds (< {FULL_FRAUDS}); "
        f"supervised weight {weight:.2f}, unsupervised {1 - weight:.2f}",
    )


# -- features ------------------------------------------------------------------
def own_features(c: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Features from the consignment's own fields (no network, no labels)."""
    value = pd.to_numeric(c["declared_value"], errors="coerce")
    weight = pd.to_numeric(c["gross_weight_kg"], errors="coerce")
    per_kg = value / weight.where(weight > 0)
    hs = c["hs_code"].astype(str)
    peer = per_kg.groupby(hs).transform("median")
    f = pd.DataFrame(index=c.index)
    f["log_value"] = np.log1p(value)
    f["log_weight"] = np.log1p(weight)
    f["log_value_per_kg"] = np.log1p(per_kg)
    f["unit_value_vs_hs"] = per_kg / peer.where(peer > 0)
    f["value_vs_threshold"] = value / threshold
    f["near_threshold"] = ((value >= 0.8 * threshold) & (value < threshold)).astype(float)
    f["quantity"] = pd.to_numeric(c["quantity"], errors="coerce")
    origin = c["origin_country"].fillna("").astype(str)
    seller_country = c["seller_country"].fillna("").astype(str)
    departure = c["departure_country"].fillna("").astype(str)
    f["origin_is_not_seller_country"] = (origin != seller_country).astype(float)
    f["origin_is_transit"] = ((origin == departure) & (origin != seller_country)).astype(float)
    f["weekday"] = pd.to_datetime(c["declaration_date"]).dt.day_of_week.astype(float)
    f["hs_chapter"] = _category(hs.str[:2])
    f["origin"] = _category(origin)
    f["departure"] = _category(departure)
    f["channel"] = _category(c["channel"].fillna("").astype(str))
    for name, values in _extra_numeric(c).items():
        f[name] = values
    return f


def network_features(c: pd.DataFrame, scored: PartyScores, links: pd.DataFrame) -> pd.DataFrame:
    """The consignment's parties in the network: unsupervised scores, indicators, centrality, community."""
    parties = scored.parties.set_index("key")
    f = pd.DataFrame(index=c.index)
    f["unsupervised_score"] = c["key"].map(scored.consignments.set_index("key")["score"]).to_numpy()
    community_size = parties["community"].map(parties["community"].value_counts())
    for role, column in (("seller", "seller_key"), ("buyer", "buyer_key")):
        keys = c[column]
        f[f"{role}_score"] = keys.map(parties["score"])
        f[f"{role}_anomaly"] = keys.map(parties["anomaly"])
        f[f"{role}_pagerank"] = keys.map(parties["pagerank"] * len(parties))
        f[f"{role}_parcels"] = np.log1p(keys.map(parties["parcels"]))
        f[f"{role}_community_size"] = np.log1p(keys.map(community_size))
    sharers = links[links["kind"] == "address"].groupby("identifier")["party"].nunique()
    f["address_sharers"] = np.log1p(c["delivery_address_key"].map(sharers).fillna(0))
    for name in SCHEME_LABELS:
        strength = scored.strengths[name]
        f[f"ind_{name}"] = np.maximum(
            c["seller_key"].map(strength).fillna(0).to_numpy(), c["buyer_key"].map(strength).fillna(0).to_numpy()
        )
    return f


def history_features(
    c: pd.DataFrame,
    labels: Labels,
    graph: nx.Graph | PartyGraph,
    folds: int,
    seed: int,
    confirmed: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Inspections, frauds and propagated suspicion around each consignment, out of fold for labelled rows."""
    n = len(c)
    fold = np.full(n, -1)
    labelled = np.flatnonzero(labels.usable)
    rng = np.random.default_rng(seed)
    fold[labelled] = rng.integers(0, folds, len(labelled))
    inspected = labels.usable.astype(float)
    fraud = (labels.usable & (labels.fraud == 1)).astype(float)
    rate = fraud.sum() / max(inspected.sum(), 1.0)
    f = pd.DataFrame(index=c.index)
    for role, (column, _) in ROLES.items():
        keys = c[column].fillna("").astype(str).to_numpy()
        frame = pd.DataFrame({"key": keys, "fold": fold, "inspected": inspected, "fraud": fraud})
        frame = frame[frame["key"] != ""]
        total = frame.groupby("key")[["inspected", "fraud"]].sum()
        per_fold = frame[frame["fold"] >= 0].groupby(["key", "fold"])[["inspected", "fraud"]].sum()
        own_total = total.reindex(keys).fillna(0).to_numpy()
        own_fold = per_fold.reindex(pd.MultiIndex.from_arrays([keys, fold])).fillna(0).to_numpy()
        counts = own_total - own_fold  # for unlabelled rows the fold part is empty: all labels count
        counts[keys == ""] = np.nan
        f[f"{role}_inspections"] = counts[:, 0]
        f[f"{role}_frauds"] = counts[:, 1]
        f[f"{role}_fraud_rate"] = (counts[:, 1] + PRIOR_STRENGTH * rate) / (counts[:, 0] + PRIOR_STRENGTH)
    association = propagate(c, fraud, fold, folds, graph, confirmed or {})
    f["seller_association"] = association["seller"]
    f["buyer_association"] = association["buyer"]
    return f


def propagate(
    c: pd.DataFrame,
    fraud: np.ndarray,
    fold: np.ndarray,
    folds: int,
    graph: nx.Graph | PartyGraph,
    confirmed: dict[str, float],
    alpha: float = 0.85,
    iterations: int = 30,
) -> dict[str, np.ndarray]:
    """Personalised PageRank from each party's confirmed frauds (and confirmed lead members) over the
    specificity-weighted party graph; one run per fold leaving that fold's frauds out, one with all."""
    nodes = list(graph.nodes)
    if not nodes:
        return {"seller": np.zeros(len(c)), "buyer": np.zeros(len(c))}
    index = {node: i for i, node in enumerate(nodes)}
    matrix = (
        graph.matrix("weight")
        if isinstance(graph, PartyGraph)
        else nx.to_scipy_sparse_array(graph, nodelist=nodes, weight="weight", format="csr")
    )
    out_weight = np.asarray(matrix.sum(axis=1)).ravel()
    transition = sp.diags(np.where(out_weight > 0, 1.0 / np.maximum(out_weight, 1e-12), 0.0)) @ matrix
    seeds = np.zeros((len(nodes), folds + 1))
    for column in ("seller_key", "buyer_key"):
        ids = c[column].map(index).to_numpy(dtype=float)
        ok = ~np.isnan(ids) & (fraud > 0)
        for k in range(folds + 1):  # column k < folds leaves fold k out; the last column uses every label
            use = ok & (fold != k) if k < folds else ok
            np.add.at(seeds[:, k], ids[use].astype(int), fraud[use])
    for key, weight in confirmed.items():
        if key in index:
            seeds[index[key], :] += weight
    mass = seeds.sum(axis=0)
    start = seeds / np.where(mass > 0, mass, 1.0)
    scores = start.copy()
    transposed = transition.T.tocsr()
    for _ in range(iterations):
        scores = alpha * (transposed @ scores) + (1 - alpha) * start
    scores *= len(nodes) / 1000.0  # per 1,000 parties: readable numbers
    out = {}
    for role, column in (("seller", "seller_key"), ("buyer", "buyer_key")):
        ids = c[column].map(index)
        has = ids.notna().to_numpy()
        values = np.zeros(len(c))
        rows = ids[has].astype(int).to_numpy()
        cols = np.where(fold[has] >= 0, fold[has], folds)
        values[has] = scores[rows, cols]
        out[role] = np.log1p(values)
    return out


def build_features(
    c: pd.DataFrame,
    scored: PartyScores,
    links: pd.DataFrame,
    labels: Labels,
    params: LearningParams,
    confirmed: dict[str, float] | None = None,
) -> pd.DataFrame:
    """All three families, one row per consignment (same order as ``c``)."""
    own = own_features(c, params.de_minimis_threshold)
    network = network_features(c, scored, links)
    history = history_features(c, labels, scored.graph, params.folds, params.seed, confirmed)
    return pd.concat([own, network, history], axis=1)


# -- model -----------------------------------------------------------------------
def new_estimator(seed: int) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        max_iter=250,
        learning_rate=0.06,
        max_leaf_nodes=31,
        min_samples_leaf=20,
        l2_regularization=1.0,
        categorical_features="from_dtype",
        early_stopping=True,  # stops when a held-out fifth of the training rows stops improving: little
        validation_fraction=0.2,  # signal, few trees (labels that carry nothing give a near-constant score)
        n_iter_no_change=15,
        random_state=seed,
    )


def fit(features: pd.DataFrame, labels: Labels, columns: list[str], seed: int) -> HistGradientBoostingClassifier:
    X = features.loc[labels.usable, columns]
    y = labels.fraud[labels.usable]
    return new_estimator(seed).fit(X, y)


def holdout_auc(
    features: pd.DataFrame, labels: Labels, dates: pd.Series, columns: list[str], seed: int
) -> float | None:
    """ROC AUC of a model trained on the earliest 80% of the labelled rows, tested on the latest 20%."""
    usable = np.flatnonzero(labels.usable)
    order = usable[np.argsort(dates.to_numpy()[usable], kind="stable")]
    cut = int(len(order) * 0.8)
    train, test = order[:cut], order[cut:]
    y_train, y_test = labels.fraud[train], labels.fraud[test]
    if len(set(y_train)) < 2 or len(set(y_test)) < 2:
        return None
    model = new_estimator(seed).fit(features.iloc[train][columns], y_train)
    return float(roc_auc_score(y_test, model.predict_proba(features.iloc[test][columns])[:, 1]))


def reference_row(features: pd.DataFrame, labels: Labels, columns: list[str]) -> dict:
    """Typical values (median, or most common category) of the training rows: what "ordinary" means when
    a feature group is switched off to measure its contribution."""
    train = features.loc[labels.usable, columns]
    out = {}
    for column in columns:
        values = train[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            mode = values.mode()
            out[column] = mode.iloc[0] if len(mode) else values.cat.categories[0]
        else:
            out[column] = values.median()
    return out


# -- explanations ------------------------------------------------------------------
GROUPS: dict[str, tuple[str, ...]] = {
    "unit value": ("unit_value_vs_hs", "log_value_per_kg", "log_value", "log_weight"),
    "threshold": ("value_vs_threshold", "near_threshold"),
    "route": ("origin_is_not_seller_country", "origin_is_transit", "origin", "departure"),
    "goods": ("hs_chapter", "quantity"),
    "seller history": ("seller_inspections", "seller_frauds", "seller_fraud_rate"),
    "buyer history": ("buyer_inspections", "buyer_frauds", "buyer_fraud_rate"),
    "address history": ("address_inspections", "address_frauds", "address_fraud_rate"),
    "declarant history": ("declarant_inspections", "declarant_frauds", "declarant_fraud_rate"),
    "association": ("seller_association", "buyer_association"),
    "network": SCORE_FEATURES,
    "activity": ACTIVITY_FEATURES,
}


def contributions(model, features: pd.DataFrame, columns: list[str], reference: dict) -> pd.DataFrame:
    """Per row and feature group: how much the fraud probability falls when the group is set to ordinary
    values (occlusion). Positive means the group raised the score."""
    base = model.predict_proba(features[columns])[:, 1]
    out = pd.DataFrame(index=features.index)
    extras = [c for c in columns if c.startswith("extra_")]
    groups = dict(GROUPS, **({"extra fields": tuple(extras)} if extras else {}))
    for name, group in groups.items():
        present = [c for c in group if c in columns]
        if not present:
            continue
        changed = features[columns].copy()
        for column in present:
            changed[column] = reference[column]
            if isinstance(features[column].dtype, pd.CategoricalDtype):
                changed[column] = changed[column].astype(features[column].dtype)
        out[name] = base - model.predict_proba(changed)[:, 1]
    return out


def explain(
    rows: pd.DataFrame,
    features: pd.DataFrame,
    parts: pd.DataFrame,
    scored: PartyScores,
    hops: dict[str, str],
    threshold: float,
    top: int = 3,
) -> list[str]:
    """Plain-word reasons with their numbers, strongest contribution first."""
    party_reasons = scored.parties.set_index("key")["reasons"]
    texts = []
    for i in range(len(rows)):
        row = rows.iloc[i]
        f = features.iloc[i]
        contribution = parts.iloc[i].sort_values(ascending=False)
        words = []
        for group, delta in contribution.items():
            if delta < 0.01 or len(words) >= top:
                break
            text = _group_text(group, row, f, party_reasons, hops, threshold)
            if text:
                words.append(f"{text} (+{delta * 100:.0f} pts)")
        texts.append("; ".join(words))
    return texts


def _group_text(group: str, row, f, party_reasons: pd.Series, hops: dict[str, str], threshold: float) -> str:
    if group == "unit value":
        ratio = f["unit_value_vs_hs"]
        return "" if pd.isna(ratio) else f"unit value {ratio:.0%} of the HS {row['hs_code']} peer median"
    if group == "threshold":
        return f"declared {row['declared_value']:.2f}, {f['value_vs_threshold']:.0%} of the {threshold:g} threshold"
    if group == "route":
        return (
            f"origin {row['origin_country']} declared, shipped from {row['departure_country']} "
            f"by a seller in {row['seller_country']}"
        )
    if group == "goods":
        return f"goods HS {row['hs_code']}"
    for role in ("seller", "buyer", "address", "declarant"):
        if group == f"{role} history":
            inspections, frauds = f[f"{role}_inspections"], f[f"{role}_frauds"]
            if pd.isna(inspections):
                return ""
            words = ROLES[role][1]
            if frauds > 0:
                return f"{words} has {frauds_text(frauds, inspections)}"
            return f"{words} has {inspections:.0f} clean inspections" if inspections else f"{words} never inspected"
    if group == "association":
        for column in ("seller_key", "buyer_key"):
            text = hops.get(row[column] or "")
            if text:
                return text
        return "close in the network to parties with confirmed frauds"
    if group == "network":
        for column in ("seller_key", "buyer_key"):
            text = party_reasons.get(row[column] or "", "")
            if text:
                return text.split(" | ")[0]
        return f"unsupervised network score {f['unsupervised_score']:.2f}"
    if group == "activity":
        sold, bought = math.expm1(f["seller_parcels"]), math.expm1(f["buyer_parcels"])
        return f"seller with {sold:.0f} parcels, buyer with {bought:.0f}"
    if group == "extra fields":
        return "unusual values in the source's extra fields"
    return group


def hop_reasons(
    graph: nx.Graph | PartyGraph, parties: list[str], frauds: dict[str, int], labels: dict[str, str]
) -> dict[str, str]:
    """For each party: its own confirmed frauds, or the nearest party within two strong hops that has some
    ("2 hops from a seller with 14 confirmed frauds"). Edges below weight 0.2 do not count as ties."""
    out = {}
    for party in parties:
        if party not in graph:
            continue
        if frauds.get(party, 0):
            out[party] = f"{labels.get(party, 'party').lower()} itself has {frauds_text(frauds[party])}"
            continue
        best = None
        frontier = {party}
        seen = {party}
        for hop in (1, 2):
            nxt = set()
            for node in frontier:
                for other, data in graph[node].items():
                    if other in seen or data.get("weight", 0) < 0.2:
                        continue
                    seen.add(other)
                    nxt.add(other)
                    if frauds.get(other, 0) and (best is None or frauds[other] > best[1]):
                        best = (hop, frauds[other], other)
            if best or len(nxt) > 5_000:
                break
            frontier = nxt
        if best:
            hop, n, other = best
            what = labels.get(other, "party").lower()
            out[party] = f"{hop} hop{'s' if hop > 1 else ''} from a {what} with {frauds_text(n)}"
    return out


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


def _category(values: pd.Series) -> pd.Series:
    """A categorical with at most 250 categories (the rarest folded into one), as the trees need."""
    counts = values.value_counts()
    keep = set(counts.index[:250])
    return values.where(values.isin(keep), "other").astype("category")


def _extra_numeric(c: pd.DataFrame) -> dict[str, pd.Series]:
    """Numeric columns the source carried beyond the canonical ones (stored as JSON in ``extra``)."""
    if "extra" not in c.columns or c["extra"].isna().all():
        return {}
    import json

    parsed = pd.DataFrame([json.loads(x) if isinstance(x, str) and x else {} for x in c["extra"]], index=c.index)
    out = {}
    for column in parsed.columns:
        values = pd.to_numeric(parsed[column], errors="coerce")
        if values.notna().mean() >= 0.5:
            out[f"extra_{column}"] = values
    return out


# -- the whole path ------------------------------------------------------------------
@dataclass
class LearnResult:
    """Scores of every consignment under the chosen mode, with reasons and the ranked inspection list."""

    mode: str
    weight: float
    why: str
    consignments: pd.DataFrame  # key, consignment_id, score, supervised, unsupervised, reasons, rank, list
    parties: pd.DataFrame  # key, inspections, frauds, association (words: nearest party with frauds)
    model: HistGradientBoostingClassifier | None = None
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
    labels = labels or read_labels(c)
    mode, weight, why = choose_mode(labels, params.mode) if model is None else ("supervised", 1.0, "saved model")
    by_key = scored.consignments.set_index("key")
    unsupervised = c["key"].map(by_key["score"]).fillna(0).to_numpy()
    reasons = c["key"].map(by_key["reasons"]).fillna("").to_list()
    out = pd.DataFrame({"key": c["key"], "consignment_id": c["consignment_id"], "unsupervised": unsupervised})
    party_frauds, party_inspections = _party_counts(c, labels)
    meta: dict = {"labelled": labels.n, "frauds": labels.frauds}
    features = None
    if mode != "unsupervised":
        features = build_features(c, scored, links, labels, params, confirmed)
        columns = columns or list(features.columns)
        missing = [name for name in columns if name not in features.columns]
        if missing:
            from graphintel.errors import GraphIntelError

            raise GraphIntelError(f"the saved model needs features this store lacks: {', '.join(missing)}")
        if model is None:
            dates = pd.to_datetime(c["declaration_date"])
            meta["holdout_roc_auc"] = holdout_auc(features, labels, dates, columns, params.seed)
            model = fit(features, labels, columns, params.seed)
            window = dates[labels.usable]
            meta["training_window"] = [str(window.min().date()), str(window.max().date())]
        probability = model.predict_proba(features[columns])[:, 1]
        out["supervised"] = probability
        score = weight * probability + (1 - weight) * unsupervised
    else:
        out["supervised"] = np.nan
        score = unsupervised
    out["score"] = np.round(score, 6)
    out["inspected"] = labels.usable

    # Rank the consignments not yet inspected; exploration picks the novel ones: parties never inspected,
    # unusual to the unsupervised model, and (when a model exists) where it is least sure.
    candidates = np.flatnonzero(~labels.usable)
    never = (
        c["seller_key"].map(party_inspections).fillna(0).to_numpy()
        + c["buyer_key"].map(party_inspections).fillna(0).to_numpy()
    ) == 0
    novelty = unsupervised * np.where(never, 1.0, 0.5)
    if mode != "unsupervised":
        p = out["supervised"].to_numpy()
        novelty = novelty + 0.5 * (1 - np.abs(2 * p - 1)) * (p > 0.05)
    order, explore = interleave(score[candidates], novelty[candidates], params.explore_share, params.seed)
    ranked = candidates[order]
    out["rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out.loc[ranked, "rank"] = np.arange(1, len(ranked) + 1)
    out["list"] = ""
    out.loc[ranked, "list"] = np.where(explore, "explore", "score")

    hops_text = {}
    if (labels.frauds or confirmed) and params.explain_top > 0:
        label_of = scored.parties.set_index("key")["label"].to_dict()
        explain_rows = ranked[: params.explain_top]
        involved = pd.unique(pd.concat([c.loc[explain_rows, "seller_key"], c.loc[explain_rows, "buyer_key"]]).dropna())
        counts = {k: int(v) for k, v in party_frauds.items() if v}
        for key in confirmed or {}:
            counts.setdefault(key, 0)
        hops_text = hop_reasons(scored.graph, list(involved), counts, label_of)
    if mode != "unsupervised" and len(ranked) and params.explain_top > 0:
        rows = ranked[: params.explain_top]
        reference = reference_row(features, labels, columns)
        parts = contributions(model, features.iloc[rows], columns, reference)
        texts = explain(c.iloc[rows], features.iloc[rows], parts, scored, hops_text, params.de_minimis_threshold)
        for i, text in zip(rows, texts, strict=True):
            if text:
                reasons[i] = text if mode == "supervised" or not reasons[i] else f"{text}; {reasons[i]}"
    out["reasons"] = reasons
    parties = pd.DataFrame({"key": scored.parties["key"]})
    parties["inspections"] = parties["key"].map(party_inspections).fillna(0).astype(int)
    parties["frauds"] = parties["key"].map(party_frauds).fillna(0).astype(int)
    # A party's own frauds are in its record already; its association is its nearest tie to known fraud.
    parties["association"] = [
        "" if frauds else hops_text.get(key, "") for key, frauds in zip(parties["key"], parties["frauds"], strict=True)
    ]
    meta.update(mode=mode, supervised_weight=weight, why=why)
    return LearnResult(mode, weight, why, out, parties, model, list(columns or []), meta)


def _party_counts(c: pd.DataFrame, labels: Labels) -> tuple[pd.Series, pd.Series]:
    """Confirmed frauds and inspections per seller or buyer key, from the usable labels."""
    frames = []
    for column in ("seller_key", "buyer_key"):
        frames.append(
            pd.DataFrame(
                {
                    "key": c[column],
                    "inspected": labels.usable.astype(int),
                    "fraud": (labels.usable & (labels.fraud == 1)).astype(int),
                }
            )
        )
    both = pd.concat(frames).dropna(subset=["key"])
    grouped = both.groupby("key")[["inspected", "fraud"]].sum()
    return grouped["fraud"], grouped["inspected"]


def frauds_text(n: float, inspections: float | None = None) -> str:
    """ "1 confirmed fraud", "14 confirmed frauds in 52 inspections": one wording everywhere."""
    text = f"{n:.0f} confirmed fraud{'' if n == 1 else 's'}"
    if inspections is None:
        return text
    return f"{text} in {inspections:.0f} inspection{'' if inspections == 1 else 's'}"
