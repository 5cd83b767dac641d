"""Scikit-learn estimators of the learning path: a DATE-style baseline and the network model.

Both read the same rows (``features.model_frame``) and follow scikit-learn's contract
(hyperparameters in ``__init__``, ``fit(X, y)``, ``predict_proba(X)``), so they can be
cross-validated, saved and swapped:

* ``DateBaseline``: gradient-boosted trees on the declared fields plus cross-fitted fraud-rate
  profiles of importer, declarant, seller, HS6 and origin: the baseline of DATE (Kim et al.,
  "DATE: Dual Attentive Tree-aware Embedding for Customs Fraud Detection", KDD 2020).
  ``profiles=False`` is the plain model on the declared fields alone.
* ``NetworkModel``: the same, plus the network features and the out-of-fold graph history
  (``features.GraphHistory``) of seller, buyer, delivery address and declarant.

Given ``revenue`` in ``fit``, each also learns the recovered revenue of the frauds (a regressor on
log1p revenue; infinite or missing amounts are left out), and ``expected_revenue(X)`` is
P(fraud) x predicted revenue.
"""

from __future__ import annotations

import contextlib
import functools

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor, VotingClassifier
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.preprocessing import TargetEncoder
from threadpoolctl import threadpool_limits

from graphintel.model.features import KEY_COLUMNS, NETWORK_FEATURES, PROFILES, RELATIONS, GraphHistory, relation_keys

MIN_REVENUE_ROWS = 10  # frauds with a recovered amount needed to learn the amount; fewer: their mean
OTHER = "other"
MEMBERS_BELOW = 50_000  # labelled rows: below this the network model averages MEMBERS tree ensembles
MEMBERS = 5
MEMBER_FEATURES = 0.7  # share of the features each member's splits may choose from
ONE_THREAD_BELOW = 100_000  # rows: below this the trees' threads cost more in synchronisation than they save


def _sized(method):
    """Run ``method(self, X, ...)`` on one OpenMP thread when ``X`` is small: with a few thousand rows the
    trees' parallel sections mostly wait on each other (ten times slower on a busy machine)."""

    @functools.wraps(method)
    def run(self, X, *args, **kwargs):
        small = len(X) < ONE_THREAD_BELOW
        with threadpool_limits(1, user_api="openmp") if small else contextlib.nullcontext():
            return method(self, X, *args, **kwargs)

    return run


def class_counts(y) -> tuple[int, int]:
    """(clean, fraud) counts of a 0/1 label vector."""
    y = np.asarray(y).astype(int).ravel()
    return int((y == 0).sum()), int((y == 1).sum())


def _labels(y) -> np.ndarray:
    y = np.asarray(y).astype(int).ravel()
    clean, fraud = class_counts(y)
    if clean == 0 or fraud == 0:
        raise ValueError(f"a fraud model needs both outcomes; the labels have {fraud} frauds and {clean} clean")
    return y


def _splits(y: np.ndarray, folds: int, seed: int):
    """Cross-fitting folds: stratified when each outcome has at least two rows, else plain."""
    smallest = min(class_counts(y))
    if smallest >= 2:
        return StratifiedKFold(int(min(folds, smallest)), shuffle=True, random_state=seed)
    return KFold(int(min(folds, len(y))), shuffle=True, random_state=seed)


class TabularPrep(TransformerMixin, BaseEstimator):
    """Columns the trees can use: numbers pass (infinities become missing); text with few values
    becomes a category the trees split on natively (values seen fewer than ``min_count`` times, and
    any beyond ``max_categories``, fold into "other"); profile columns and text with more distinct
    values become the smoothed fraud rate of their value (``TargetEncoder``: cross-fitted in
    ``fit_transform``, so a training row's own outcome never reaches it). Columns empty or constant
    in the training rows (and text unique to nearly every row) are dropped and listed in ``dropped_``.

    Parameters
    ----------
    profiles : tuple of str
        Text columns always turned into fraud rates.
    max_categories : int
        Most categories of a native categorical column (the trees allow at most 255).
    min_count : int
        Fewer training rows than this: the value folds into "other".
    smooth : float
        Pseudo-rows pulling a value's fraud rate towards the overall rate.
    folds, seed : int
        Cross-fitting folds and their random seed.

    Examples
    --------
    >>> X = pd.DataFrame({"empty": [np.nan] * 6, "same": [1.0] * 6, "v": [1.0, 2, 3, 4, 5, 6],
    ...                   "kind": ["a", "b"] * 3})
    >>> prep = TabularPrep(min_count=1).fit(X, [0, 1, 0, 1, 0, 1])
    >>> prep.dropped_, list(prep.transform(X).columns)
    ({'empty': 'empty', 'same': 'constant'}, ['v', 'kind'])
    """

    def __init__(self, profiles=(), max_categories: int = 250, min_count: int = 5, smooth: float = 5.0,
                 folds: int = 5, seed: int = 7):  # fmt: skip
        self.profiles = profiles
        self.max_categories = max_categories
        self.min_count = min_count
        self.smooth = smooth
        self.folds = folds
        self.seed = seed

    def fit(self, X: pd.DataFrame, y) -> TabularPrep:
        self.fit_transform(X, y)
        return self

    def fit_transform(self, X: pd.DataFrame, y=None, **fit_params) -> pd.DataFrame:
        y = np.asarray(y).astype(int).ravel()
        self._plan(X)
        out = self._plain(X)
        if self.encoded_:
            self.encoder_ = TargetEncoder(
                smooth=self.smooth, cv=_splits(y, self.folds, self.seed), target_type="binary"
            )
            out[self.encoded_] = self.encoder_.fit_transform(self._texts(X, self.encoded_), y)
        return out[self.columns_]

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        out = self._plain(X)
        if self.encoded_:
            out[self.encoded_] = self.encoder_.transform(self._texts(X, self.encoded_))
        return out[self.columns_]

    def _plan(self, X: pd.DataFrame) -> None:
        """Which columns are numbers, categories (and their values), fraud rates, or dropped."""
        self.dropped_, self.numeric_, self.categories_, self.encoded_ = {}, [], {}, []
        for name in X.columns:
            is_text = not _is_number(X[name])
            values = _as_text(X[name]) if is_text else _as_number(X[name])
            present = values.notna()
            distinct = values.nunique() + int((~present).any())
            if not present.any():
                self.dropped_[name] = "empty"
            elif distinct <= 1:
                self.dropped_[name] = "constant"
            elif not is_text:
                self.numeric_.append(name)
            elif name in self.profiles:
                self.encoded_.append(name)
            elif values.nunique() > 0.9 * present.sum() and present.sum() >= 20:
                self.dropped_[name] = "unique per row"  # an identifier: no value recurs to learn from
            elif values.nunique() > self.max_categories:
                self.encoded_.append(name)
            else:
                counts = values.value_counts()
                keep = counts[counts >= self.min_count].index[: self.max_categories - 1].tolist()
                self.categories_[name] = keep + ([OTHER] if len(keep) < len(counts) else [])
        self.columns_ = [name for name in X.columns if name not in self.dropped_]

    def _plain(self, X: pd.DataFrame) -> pd.DataFrame:
        out: dict[str, object] = {}  # built at once: a column at a time fragments a wide extract's frame
        for name in self.columns_:
            if name in self.categories_:
                values = _as_text(_column(X, name))
                categories = self.categories_[name]
                if OTHER in categories:
                    values = values.where(values.isna() | values.isin(categories), OTHER)
                out[name] = pd.Categorical(values, categories=categories)
            elif name in self.numeric_:
                out[name] = _as_number(_column(X, name))
        return pd.DataFrame(out, index=X.index)

    @staticmethod
    def _texts(X: pd.DataFrame, names: list[str]) -> pd.DataFrame:
        return pd.DataFrame({name: _as_text(_column(X, name)).fillna("").to_numpy() for name in names})


def _column(X: pd.DataFrame, name: str) -> pd.Series:
    return X[name] if name in X.columns else pd.Series(np.nan, index=X.index)


def _is_number(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)


def _as_number(values: pd.Series) -> pd.Series:
    out = pd.to_numeric(values, errors="coerce").astype(float)
    return out.where(np.isfinite(out))


def _as_text(values: pd.Series) -> pd.Series:
    """Strings, NaN where missing or empty."""
    out = values.astype("string").str.strip()
    return out.astype(object).where(out.notna() & (out != "").fillna(False), np.nan)


class DateBaseline(ClassifierMixin, BaseEstimator):
    """DATE-style baseline: gradient-boosted trees on the declared fields plus cross-fitted
    fraud-rate profiles of importer, declarant, seller, HS6 and origin (smoothed towards the overall
    rate; training rows get out-of-fold rates, other rows the rates of every training label).

    Parameters
    ----------
    profiles : bool
        With the fraud-rate profiles (False: the plain model on the declared fields only).
    max_iter, learning_rate, max_leaf_nodes, min_samples_leaf, l2_regularization :
        Of the ``HistGradientBoostingClassifier``.
    early_stopping : "auto" or bool
        "auto": on when there are at least 200 labelled rows and 10 of each outcome.
    members : int or "auto"
        Tree ensembles averaged (each with its own seed and a random ``MEMBER_FEATURES`` of the features per
        split): few labels give one ensemble a high variance, and an average of several a lower one.
        "auto": ``MEMBERS`` below ``MEMBERS_BELOW`` labelled rows, else 1. The baseline defaults to 1.
    max_categories, smooth, folds, seed :
        Of the text handling (``TabularPrep``) and cross-fitting.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame({"importer_profile": rng.choice(["a", "b", "c"], 300),
    ...                   "log_value": rng.normal(size=300)})
    >>> y = ((X["importer_profile"] == "a") & (rng.random(300) < 0.8)).astype(int)
    >>> model = DateBaseline(seed=1).fit(X, y)
    >>> bool(model.predict_proba(X.iloc[:3])[:, 1].min() >= 0)
    True
    """

    def __init__(self, profiles: bool = True, max_iter: int = 250, learning_rate: float = 0.06,
                 max_leaf_nodes: int = 31, min_samples_leaf: int = 20, l2_regularization: float = 1.0,
                 early_stopping="auto", max_categories: int = 250, smooth: float = 5.0, folds: int = 5,
                 seed: int = 7, members=1):  # fmt: skip
        self.profiles = profiles
        self.members = members
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.early_stopping = early_stopping
        self.max_categories = max_categories
        self.smooth = smooth
        self.folds = folds
        self.seed = seed

    members = 1  # models saved before ``members`` existed were one ensemble (get_params reads this then)

    # -- scikit-learn API ----------------------------------------------------------
    @_sized
    def fit(self, X: pd.DataFrame, y, revenue=None) -> DateBaseline:
        """Learn from labelled rows (``y``: 1 fraud, 0 clean); ``revenue``: recovered amounts, optional."""
        y = _labels(y)
        X = X.reset_index(drop=True)
        self.input_columns_ = list(X.columns)
        self.prep_ = TabularPrep(
            profiles=self._profile_names(),
            max_categories=self.max_categories,
            smooth=self.smooth,
            folds=self.folds,
            seed=self.seed,
        )
        Z = self.prep_.fit_transform(self._table(X, y), y)
        if Z.shape[1] == 0:
            raise ValueError("no usable feature: every column is empty or constant in the training rows")
        self.classes_ = np.array([0, 1])
        self.feature_names_ = list(Z.columns)
        self.trees_ = self._trees(y).fit(Z, y)
        self.training_proba_ = self.trees_.predict_proba(Z)[:, 1]  # with out-of-fold profiles and history
        self.reference_ = _typical(Z)
        self._fit_revenue(Z, y, revenue)
        return self

    @_sized
    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        return self.trees_.predict_proba(self.features(X))

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        return self.classes_[(self.predict_proba(X)[:, 1] >= 0.5).astype(int)]

    # -- beyond scikit-learn ---------------------------------------------------------
    @property
    def dropped_features_(self) -> dict[str, str]:
        """Input columns left out, with why ("empty", "constant", "unique per row")."""
        return dict(self.prep_.dropped_)

    def features(self, X: pd.DataFrame) -> pd.DataFrame:
        """The rows as the trees see them (after history, profiles and text handling)."""
        X = X.reset_index(drop=True)
        return self.prep_.transform(self._table(X, None))

    def predicted_revenue(self, X: pd.DataFrame, features: pd.DataFrame | None = None) -> np.ndarray:
        """Revenue a fraud of this row would recover (the frauds' mean when too few were learnt from)."""
        Z = self.features(X) if features is None else features
        if self.revenue_ is None:
            return np.full(len(Z), self.revenue_mean_)
        return np.clip(np.expm1(self.revenue_.predict(Z)), 0.0, None)

    def expected_revenue(self, X: pd.DataFrame) -> np.ndarray:
        """P(fraud) x the revenue a fraud would recover: the ranking of the revenue objective."""
        outcomes = self.predict_outcomes(X)
        return (outcomes["probability"] * outcomes["revenue"]).to_numpy()

    @_sized
    def predict_outcomes(self, X: pd.DataFrame) -> pd.DataFrame:
        """``probability`` of fraud and the ``revenue`` a fraud would recover, per row (features built once)."""
        Z = self.features(X)
        return pd.DataFrame(
            {"probability": self.trees_.predict_proba(Z)[:, 1], "revenue": self.predicted_revenue(X, Z)}, index=Z.index
        )

    @_sized
    def contributions(self, X: pd.DataFrame, groups: dict[str, tuple[str, ...]]) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Per row and feature group, how much the fraud probability falls when the group is set to
        ordinary training values (occlusion); positive means the group raised the score. Also returns
        the rows' features."""
        Z = self.features(X)
        base = self.trees_.predict_proba(Z)[:, 1]
        out = pd.DataFrame(index=Z.index)
        for name, group in groups.items():
            present = [column for column in group if column in Z.columns]
            if not present:
                continue
            changed = Z.copy()
            for column in present:
                changed[column] = pd.Series([self.reference_[column]] * len(Z), index=Z.index, dtype=Z[column].dtype)
            out[name] = base - self.trees_.predict_proba(changed)[:, 1]
        return out, Z

    # -- parts ------------------------------------------------------------------------
    def _table(self, X: pd.DataFrame, y) -> pd.DataFrame:
        """The columns this model reads: declared fields and (with ``profiles``) the profile keys."""
        skip = set(NETWORK_FEATURES) | set(KEY_COLUMNS) | (set() if self.profiles else set(PROFILES))
        return X[[column for column in X.columns if column not in skip]]

    def _profile_names(self) -> tuple[str, ...]:
        """The text columns always turned into cross-fitted fraud rates."""
        return tuple(PROFILES) if self.profiles else ()

    def _trees(self, y: np.ndarray):
        """The classifier to fit: one tree ensemble, or the soft vote of ``members`` of them."""
        one = self._ensemble(y)
        members = self.members if self.members != "auto" else (MEMBERS if len(y) < MEMBERS_BELOW else 1)
        if int(members) <= 1:
            return one
        votes = [
            (f"trees{i}", clone(one).set_params(random_state=self.seed + i, max_features=MEMBER_FEATURES))
            for i in range(int(members))
        ]
        return VotingClassifier(votes, voting="soft")

    def _ensemble(self, y: np.ndarray) -> HistGradientBoostingClassifier:
        early = self.early_stopping
        if early == "auto":
            early = len(y) >= 200 and min(class_counts(y)) >= 10
        return HistGradientBoostingClassifier(
            max_iter=self.max_iter if early else min(self.max_iter, 100),
            learning_rate=self.learning_rate,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf,
            l2_regularization=self.l2_regularization,
            categorical_features="from_dtype",
            early_stopping=bool(early),  # stops when a held-out fifth stops improving: little signal, few trees
            validation_fraction=0.2,
            n_iter_no_change=15,
            random_state=self.seed,
        )

    def _fit_revenue(self, Z: pd.DataFrame, y: np.ndarray, revenue) -> None:
        """The recovered revenue of the frauds, on log1p; missing, negative or infinite amounts left out."""
        self.revenue_, self.revenue_mean_, self.revenue_rows_ = None, 1.0, 0
        if revenue is None:
            return
        amount = pd.to_numeric(pd.Series(np.asarray(revenue, dtype=object).ravel()), errors="coerce").to_numpy(float)
        usable = (y == 1) & np.isfinite(amount) & (amount >= 0)
        self.revenue_rows_ = int(usable.sum())
        if usable.any():
            self.revenue_mean_ = float(amount[usable].mean())
        if usable.sum() < MIN_REVENUE_ROWS:
            return
        self.revenue_ = HistGradientBoostingRegressor(
            max_iter=150,
            learning_rate=0.06,
            min_samples_leaf=int(min(20, max(2, usable.sum() // 10))),
            l2_regularization=1.0,
            categorical_features="from_dtype",
            early_stopping=bool(usable.sum() >= 200),
            random_state=self.seed,
        ).fit(Z[usable], np.log1p(amount[usable]))


class NetworkModel(DateBaseline):
    """The network model: the DATE-style baseline's declared fields and profiles, plus the network
    (unsupervised scores, indicator strengths, centrality, community) and the graph history (the
    seller's, buyer's, delivery address's and declarant's inspections and frauds, out of fold for
    training rows, and suspicion propagated from known frauds over the party graph).

    Parameters
    ----------
    graph : PartyGraph or networkx.Graph
        The party graph the propagation runs on. Context, not learned: not saved with the model; set
        it with ``set_params(graph=...)`` before scoring with a loaded model.
    confirmed : dict, optional
        Confirmed lead members (party key -> weight), extra seeds of the propagation.
    members : int or "auto"
        As ``DateBaseline``, whose default is 1: the network model averages ``MEMBERS`` tree ensembles
        where labels are few (measured on a declarations extract of 3,000 rows: the average's test ROC AUC
        was higher than one ensemble's on each of four seeds).
    The rest as ``DateBaseline``.
    """

    def __init__(self, graph=None, confirmed=None, profiles: bool = True, max_iter: int = 250,
                 learning_rate: float = 0.06, max_leaf_nodes: int = 31, min_samples_leaf: int = 20,
                 l2_regularization: float = 1.0, early_stopping="auto", max_categories: int = 250,
                 smooth: float = 5.0, folds: int = 5, seed: int = 7, members="auto"):  # fmt: skip
        super().__init__(
            profiles=profiles, max_iter=max_iter, learning_rate=learning_rate, max_leaf_nodes=max_leaf_nodes,
            min_samples_leaf=min_samples_leaf, l2_regularization=l2_regularization, early_stopping=early_stopping,
            max_categories=max_categories, smooth=smooth, folds=folds, seed=seed, members=members,
        )  # fmt: skip
        self.graph = graph
        self.confirmed = confirmed

    def __getstate__(self):
        state = dict(super().__getstate__())  # a copy: the live object keeps its graph
        state["graph"] = None  # context, not learned: a saved model does not carry the graph
        return state

    def _table(self, X: pd.DataFrame, y) -> pd.DataFrame:
        own = X[[column for column in X.columns if column not in KEY_COLUMNS]]
        if y is not None:
            self.uses_graph_ = self.graph is not None
            self.history_ = GraphHistory(graph=self.graph, confirmed=self.confirmed, folds=self.folds, seed=self.seed)
            history = self.history_.fit_transform(X, y)
        else:
            if self.uses_graph_ and self.graph is None:
                raise ValueError("the network model needs the party graph: set_params(graph=...) before scoring")
            self.history_.set_params(graph=self.graph, confirmed=self.confirmed)
            history = self.history_.transform(X)
        relations = relation_keys(X) if self.profiles else pd.DataFrame(index=X.index)
        return pd.concat([own, relations, history.set_index(own.index)], axis=1)

    def _profile_names(self) -> tuple[str, ...]:
        """The baseline's profiles and the relation profiles: the fraud rates of the graph's edges (this
        importer with this declarant, this HS6 code or this seller), what a party's own rate averages away."""
        return super()._profile_names() + (tuple(RELATIONS) if self.profiles else ())


def _typical(Z: pd.DataFrame) -> dict:
    """Ordinary values of the training rows (median, or most common category): what a feature group is
    set to when its contribution is measured."""
    out = {}
    for column in Z.columns:
        values = Z[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            mode = values.mode()
            out[column] = mode.iloc[0] if len(mode) else np.nan
        else:
            out[column] = values.median()
    return out
