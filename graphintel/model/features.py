"""The learning model's inputs: one row per consignment, built without labels, plus the graph history.

``model_frame`` gives every consignment's row in four families of columns:

* **declared fields** (``declared_features``): value per kg and per unit, value per kg against HS peers, value
  against the de minimis threshold (the row's own ``de_minimis`` when the frame has it), weight,
  quantity, goods chapter, route, an unknown declared origin, channel, transport mode, currency,
  platform, carrier and every extra column the source carried (numbers stay numbers, text is text);
* **profile keys** (``PROFILES``): importer, declarant, seller, HS6 and origin, as text; the
  estimators turn each into a cross-fitted fraud rate (DATE-style profiles);
* **network** (``NETWORK_FEATURES``): the unsupervised scores, indicator strengths, centrality and
  community of the seller and buyer, and how many parties share the delivery address;
* **keys** (``KEY_COLUMNS``): the party keys ``GraphHistory`` counts inspections and frauds of.

``GraphHistory`` is the label-dependent part: the inspections and confirmed frauds of the seller,
buyer, delivery address and declarant, and suspicion propagated from known fraud over the party
graph (personalised PageRank on the specificity-weighted projection, so a shared depot spreads almost
nothing). It is a scikit-learn transformer: ``fit_transform`` gives the training rows their history
**out of fold** (a row never sees its own outcome); ``transform`` gives other rows the history of all
training labels.
"""

from __future__ import annotations

import json
import re

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from graphintel.analytics.partygraph import PartyGraph
from graphintel.model.scoring import SCHEME_LABELS, PartyScores

ROLES = {  # history role -> consignment column, words
    "seller": ("seller_key", "seller"),
    "buyer": ("buyer_key", "buyer"),
    "address": ("delivery_address_key", "delivery address"),
    "declarant": ("declarant_id", "declarant"),
}
KEY_COLUMNS = tuple(column for column, _ in ROLES.values())
TEXT_FIELDS = {  # feature -> canonical text column
    "hs_chapter": "hs_code",
    "origin": "origin_country",
    "departure": "departure_country",
    "destination": "destination_country",
    "channel": "channel",
    "transport_mode": "transport_mode",
    "currency": "currency",
    "platform": "platform",
    "carrier": "carrier_id",
}
PROFILES = {  # profile feature -> (consignment column, words): its fraud rate among inspected rows
    "importer_profile": ("buyer_key", "importer"),
    "declarant_profile": ("declarant_id", "declarant"),
    "seller_profile": ("seller_key", "seller"),
    "hs6_profile": ("hs_code", "HS6 code"),
    "origin_profile": ("origin_country", "origin"),
}
RELATIONS = {  # relation feature -> (profile keys it pairs, words): the fraud rate of one edge of the trade graph
    "importer_declarant_profile": (("importer_profile", "declarant_profile"), "importer with this declarant"),
    "importer_hs6_profile": (("importer_profile", "hs6_profile"), "importer with this HS6 code"),
    "seller_importer_profile": (("seller_profile", "importer_profile"), "seller with this importer"),
    "declarant_hs6_profile": (("declarant_profile", "hs6_profile"), "declarant with this HS6 code"),
}
OWN_FEATURES = (
    "log_value",
    "log_weight",
    "log_value_per_kg",
    "log_value_per_unit",
    "unit_value_vs_hs",
    "value_vs_threshold",
    "near_threshold",
    "quantity",
    "origin_is_not_seller_country",
    "origin_is_transit",
    "origin_unknown",
    "weekday",
    *TEXT_FIELDS,
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
PRIOR_STRENGTH = 5.0  # pseudo-inspections pulling a party's fraud rate towards the overall rate
MIN_PEERS = 20  # valued parcels an HS code needs to be a unit-value peer group
DEFAULT_THRESHOLD = 150.0  # when neither the parcel nor the operator gives one
EXTRA_NUMERIC_SHARE = 0.95  # an extra column is a number when this share of its non-empty values parse


def text(c: pd.DataFrame, column: str) -> pd.Series:
    """A column as stripped strings, "" where missing (or where the frame lacks the column)."""
    if column not in c.columns:
        return pd.Series("", index=c.index, dtype=object)
    values = c[column].astype(object).where(c[column].notna(), "")
    return values.astype(str).str.strip().replace({"nan": "", "None": "", "<NA>": ""})


def number(c: pd.DataFrame, column: str) -> pd.Series:
    """A column as floats, NaN where missing, not a number or infinite."""
    if column not in c.columns:
        return pd.Series(np.nan, index=c.index, dtype=float)
    values = pd.to_numeric(c[column], errors="coerce").astype(float)
    return values.where(np.isfinite(values))


def thresholds(c: pd.DataFrame, default: float | None) -> pd.Series:
    """Each parcel's de minimis threshold: its own ``de_minimis`` (in its own currency) when the frame
    carries one, else ``default`` (else 150)."""
    own = number(c, "de_minimis")
    return own.where(own > 0).fillna(DEFAULT_THRESHOLD if default is None else float(default))


def dates(c: pd.DataFrame) -> pd.Series:
    """The declaration dates (NaT where missing or unreadable)."""
    if "declaration_date" not in c.columns:
        return pd.Series(pd.NaT, index=c.index, dtype="datetime64[ns]")
    return pd.to_datetime(c["declaration_date"], errors="coerce")


def hs_digits(c: pd.DataFrame) -> pd.Series:
    """The HS code's digits ("7117.19" -> "711719")."""
    return text(c, "hs_code").str.replace(r"\D", "", regex=True)


def declared_features(c: pd.DataFrame, threshold: float | None) -> pd.DataFrame:
    """Features from the consignment's own declared fields (no network, no labels)."""
    value = number(c, "declared_value")
    weight = number(c, "gross_weight_kg")
    quantity = number(c, "quantity")
    per_kg = value / weight.where(weight > 0)
    per_unit = value / quantity.where(quantity > 0)
    hs = hs_digits(c)
    peer = peer_median(per_kg, hs)
    limit = thresholds(c, threshold)
    f = pd.DataFrame(index=c.index)
    f["log_value"] = np.log1p(value.clip(lower=0))
    f["log_weight"] = np.log1p(weight.clip(lower=0))
    f["log_value_per_kg"] = np.log1p(per_kg.clip(lower=0))
    f["log_value_per_unit"] = np.log1p(per_unit.clip(lower=0))
    f["unit_value_vs_hs"] = per_kg / peer.where(peer > 0)
    f["value_vs_threshold"] = value / limit
    f["near_threshold"] = ((value >= 0.8 * limit) & (value < limit)).astype(float).where(value.notna())
    f["quantity"] = quantity
    origin, seller, departure = text(c, "origin_country"), text(c, "seller_country"), text(c, "departure_country")
    known = (origin != "") & (seller != "")
    f["origin_is_not_seller_country"] = (origin != seller).astype(float).where(known)
    f["origin_is_transit"] = ((origin == departure) & (origin != seller)).astype(float).where(known & (departure != ""))
    f["origin_unknown"] = (origin == "").astype(float)  # a declarant who withholds the origin is a signal
    f["weekday"] = dates(c).dt.day_of_week.astype(float)
    for name, column in TEXT_FIELDS.items():
        f[name] = text(c, column)
    f["hs_chapter"] = hs.str[:2]
    for name, values in extra_columns(c).items():
        f[name] = values
    return f


def peer_median(per_kg: pd.Series, hs: pd.Series) -> pd.Series:
    """Each row's peer median value per kg: its HS6 code's, else its HS4's, else its HS2's, the first with at
    least ``MIN_PEERS`` valued parcels (NaN when none has)."""
    out = pd.Series(np.nan, index=per_kg.index)
    for digits in (6, 4, 2):
        code = hs.str[:digits].where(hs.str.len() >= digits)
        grouped = per_kg.groupby(code)
        enough = grouped.transform("count") >= MIN_PEERS
        out = out.fillna(grouped.transform("median").where(enough))
    return out


def profile_keys(c: pd.DataFrame) -> pd.DataFrame:
    """The values each profile is a fraud rate of, as text ("" when unknown)."""
    f = pd.DataFrame(index=c.index)
    for name, (column, _) in PROFILES.items():
        f[name] = hs_digits(c).str[:6] if name == "hs6_profile" else text(c, column)
    return f


def relation_keys(keys: pd.DataFrame) -> pd.DataFrame:
    """The pairs each relation profile is a fraud rate of ("importer|declarant"), "" where either is unknown,
    from the profile keys (:func:`profile_keys`)."""
    out = pd.DataFrame(index=keys.index)
    for name, ((a, b), _) in RELATIONS.items():
        if a in keys.columns and b in keys.columns:
            x, y = keys[a].fillna("").astype(str), keys[b].fillna("").astype(str)
            out[name] = (x + "|" + y).where((x != "") & (y != ""), "")
    return out


def extra_columns(c: pd.DataFrame) -> dict[str, pd.Series]:
    """Columns the source carried beyond the canonical ones (JSON in ``extra``), as ``extra_<name>`` (the
    name in lower case, "Tax Type" -> ``extra_tax_type``): numbers when nearly every non-empty value is
    one, text otherwise."""
    if "extra" not in c.columns or c["extra"].isna().all():
        return {}
    rows = []
    for value in c["extra"]:
        try:
            parsed = json.loads(value) if isinstance(value, str) and value else {}
        except json.JSONDecodeError:
            parsed = {}
        rows.append(parsed if isinstance(parsed, dict) else {})
    parsed = pd.DataFrame(rows, index=c.index)
    out = {}
    for column in parsed.columns:
        name = "extra_" + (re.sub(r"[^0-9a-z]+", "_", str(column).lower()).strip("_") or "column")
        if name in out:
            continue
        raw = parsed[column].astype(object).where(parsed[column].notna(), "").astype(str).str.strip()
        values = pd.to_numeric(raw.where(raw != ""), errors="coerce")
        present = (raw != "").sum()
        if present and values.notna().sum() >= EXTRA_NUMERIC_SHARE * present:
            out[name] = values.astype(float).where(np.isfinite(values))
        else:
            out[name] = raw
    return out


def network_features(c: pd.DataFrame, scored: PartyScores, links: pd.DataFrame) -> pd.DataFrame:
    """The consignment's parties in the network: unsupervised scores, indicators, centrality, community."""
    parties = scored.parties.set_index("key")
    f = pd.DataFrame(index=c.index)
    f["unsupervised_score"] = c["key"].map(scored.consignments.set_index("key")["score"]).to_numpy()
    community_size = parties["community"].map(parties["community"].value_counts())
    for role, column in (("seller", "seller_key"), ("buyer", "buyer_key")):
        keys = c[column] if column in c.columns else pd.Series(None, index=c.index, dtype=object)
        f[f"{role}_score"] = keys.map(parties["score"])
        f[f"{role}_anomaly"] = keys.map(parties["anomaly"])
        f[f"{role}_pagerank"] = keys.map(parties["pagerank"] * len(parties))
        f[f"{role}_parcels"] = np.log1p(keys.map(parties["parcels"]))
        f[f"{role}_community_size"] = np.log1p(keys.map(community_size))
    sharers = links[links["kind"] == "address"].groupby("identifier")["party"].nunique()
    f["address_sharers"] = np.log1p(text(c, "delivery_address_key").map(sharers).fillna(0))
    for name in SCHEME_LABELS:
        strength = scored.strengths[name]
        f[f"ind_{name}"] = np.maximum(
            text(c, "seller_key").map(strength).fillna(0).to_numpy(),
            text(c, "buyer_key").map(strength).fillna(0).to_numpy(),
        )
    return f


def model_frame(c: pd.DataFrame, scored: PartyScores, links: pd.DataFrame, threshold: float | None) -> pd.DataFrame:
    """Every family the estimators read, one row per consignment (same order as ``c``); no labels."""
    keys = pd.DataFrame({column: text(c, column) for column in KEY_COLUMNS}, index=c.index)
    return pd.concat(
        [declared_features(c, threshold), profile_keys(c), network_features(c, scored, links), keys], axis=1
    )


class GraphHistory(TransformerMixin, BaseEstimator):
    """Inspections, frauds and fraud rate of each row's seller, buyer, delivery address and declarant,
    and suspicion propagated from confirmed frauds over the party graph.

    Parameters
    ----------
    graph : PartyGraph or networkx.Graph, optional
        The specificity-weighted party graph the propagation runs on. Context, not learned: it is not
        saved with a fitted model (``set_params(graph=...)`` before scoring with a loaded one).
    confirmed : dict, optional
        Party key -> weight of confirmed lead members, seeds of the propagation besides the frauds.
    folds : int
        Folds of the out-of-fold history ``fit_transform`` gives the training rows.
    seed : int
        Random seed of the fold assignment.

    Input rows carry the key columns of ``KEY_COLUMNS``; the output has ``HISTORY_FEATURES``.

    Examples
    --------
    >>> X = pd.DataFrame({"seller_key": ["s1", "s1"], "buyer_key": ["b1", "b2"],
    ...                   "delivery_address_key": ["", ""], "declarant_id": ["", ""]})
    >>> history = GraphHistory().fit(X.iloc[:1], [1])
    >>> history.transform(X.iloc[1:])["seller_frauds"].tolist()
    [1.0]
    """

    def __init__(self, graph=None, confirmed=None, folds: int = 5, seed: int = 7):
        self.graph = graph
        self.confirmed = confirmed
        self.folds = folds
        self.seed = seed

    def fit(self, X: pd.DataFrame, y) -> GraphHistory:
        self._learn(X, y)
        return self

    def fit_transform(self, X: pd.DataFrame, y=None, **fit_params) -> pd.DataFrame:
        fold = self._learn(X, y)
        return self._features(X, fold)

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        return self._features(X, None)

    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: the live object keeps its graph
        state["graph"] = None  # context, not learned: a saved model does not carry the graph
        return state

    def _learn(self, X: pd.DataFrame, y) -> np.ndarray:
        y = np.asarray(y, dtype=float).ravel()
        fold = np.random.default_rng(self.seed).integers(0, self.folds, len(y))
        self.rate_ = float(y.mean()) if len(y) else 0.0
        self.counts_ = {}
        for role, (column, _) in ROLES.items():
            frame = pd.DataFrame({"key": text(X, column).to_numpy(), "fold": fold, "inspected": 1.0, "fraud": y})
            frame = frame[frame["key"] != ""]
            self.counts_[role] = (
                frame.groupby("key")[["inspected", "fraud"]].sum(),
                frame.groupby(["key", "fold"])[["inspected", "fraud"]].sum(),
            )
        frauds = y > 0
        sellers, buyers = text(X, "seller_key").to_numpy(), text(X, "buyer_key").to_numpy()
        self.seeds_ = pd.DataFrame(
            {
                "key": np.concatenate([sellers[frauds], buyers[frauds]]),
                "fold": np.tile(fold[frauds], 2),
                "weight": np.tile(y[frauds], 2),
            }
        ).query("key != ''")
        return fold

    def _features(self, X: pd.DataFrame, fold: np.ndarray | None) -> pd.DataFrame:
        f = pd.DataFrame(index=X.index)
        for role, (column, _) in ROLES.items():
            keys = text(X, column).to_numpy()
            total, per_fold = self.counts_[role]
            counts = total.reindex(keys).fillna(0).to_numpy(dtype=float, copy=True)
            if fold is not None:  # leave the row's own fold out
                counts = counts - per_fold.reindex(pd.MultiIndex.from_arrays([keys, fold])).fillna(0).to_numpy()
            counts[keys == ""] = np.nan
            f[f"{role}_inspections"] = counts[:, 0]
            f[f"{role}_frauds"] = counts[:, 1]
            f[f"{role}_fraud_rate"] = (counts[:, 1] + PRIOR_STRENGTH * self.rate_) / (counts[:, 0] + PRIOR_STRENGTH)
        association = self._association(X, fold)
        f["seller_association"] = association["seller"]
        f["buyer_association"] = association["buyer"]
        return f

    def _association(self, X: pd.DataFrame, fold: np.ndarray | None) -> dict[str, np.ndarray]:
        """Personalised PageRank from the frauds (one column per left-out fold, or one with every label)."""
        columns = self.folds if fold is not None else 1
        seeds = self.seeds_
        fold_of = seeds["fold"].to_numpy()
        per_column = [seeds[fold_of != k] for k in range(columns)] if fold is not None else [seeds]
        scores, index = propagate(self.graph, per_column, self.confirmed or {})
        out = {}
        for role, column in (("seller", "seller_key"), ("buyer", "buyer_key")):
            at = text(X, column).map(index)
            has = at.notna().to_numpy()
            values = np.zeros(len(X))
            if scores is not None and has.any():
                cols = fold[has] if fold is not None else np.zeros(int(has.sum()), dtype=int)
                values[has] = scores[at[has].astype(int).to_numpy(), cols]
            out[role] = np.log1p(values)
        return out


def propagate(
    graph: nx.Graph | PartyGraph | None,
    seeds: list[pd.DataFrame],
    confirmed: dict[str, float],
    alpha: float = 0.85,
    iterations: int = 30,
) -> tuple[np.ndarray | None, dict[str, int]]:
    """Personalised PageRank over the specificity-weighted party graph, one column per seed set
    (``key``, ``weight``), each also seeded by the confirmed lead members; per 1,000 parties."""
    nodes = list(graph.nodes) if graph is not None else []
    if not nodes:
        return None, {}
    index = {node: i for i, node in enumerate(nodes)}
    matrix = (
        graph.matrix("weight")
        if isinstance(graph, PartyGraph)
        else nx.to_scipy_sparse_array(graph, nodelist=nodes, weight="weight", format="csr")
    )
    out_weight = np.asarray(matrix.sum(axis=1)).ravel()
    transition = sp.diags(np.where(out_weight > 0, 1.0 / np.maximum(out_weight, 1e-12), 0.0)) @ matrix
    start = np.zeros((len(nodes), len(seeds)))
    for k, frame in enumerate(seeds):
        at = frame["key"].map(index)
        found = at.notna().to_numpy()
        np.add.at(start[:, k], at[found].astype(int).to_numpy(), frame["weight"].to_numpy(dtype=float)[found])
    for key, weight in confirmed.items():
        if key in index:
            start[index[key], :] += weight
    mass = start.sum(axis=0)
    start = start / np.where(mass > 0, mass, 1.0)
    scores = start.copy()
    transposed = transition.T.tocsr()
    for _ in range(iterations):
        scores = alpha * (transposed @ scores) + (1 - alpha) * start
    return scores * len(nodes) / 1000.0, index  # per 1,000 parties: readable numbers
