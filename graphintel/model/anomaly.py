"""The anomaly model: an IsolationForest over party features, as a scikit-learn estimator."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.ensemble import IsolationForest
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import QuantileTransformer


class AnomalyModel(BaseEstimator):
    """Scores how unusual each row of a feature matrix is, in [0, 1] (1 = most unusual).

    Parameters
    ----------
    n_estimators: trees in the forest.
    random_state: seed, so runs are reproducible.

    Examples
    --------
    >>> X = np.r_[np.zeros((50, 2)), [[10.0, 10.0]]]
    >>> model = AnomalyModel(random_state=0).fit(X)
    >>> int(np.argmax(model.score_samples(X)))
    50
    """

    def __init__(self, n_estimators: int = 200, random_state: int = 7) -> None:
        self.n_estimators = n_estimators
        self.random_state = random_state

    def fit(self, X, y=None) -> AnomalyModel:
        X = np.asarray(X, dtype=float)
        self.pipeline_ = Pipeline(
            [
                ("scale", QuantileTransformer(n_quantiles=min(1000, len(X)), random_state=self.random_state)),
                ("forest", IsolationForest(n_estimators=self.n_estimators, random_state=self.random_state)),
            ]
        )
        self.pipeline_.fit(np.nan_to_num(X))
        raw = -self.pipeline_.score_samples(np.nan_to_num(X))
        self.reference_ = np.sort(raw)
        return self

    def score_samples(self, X) -> np.ndarray:
        """Share of the training rows less unusual than each row."""
        raw = -self.pipeline_.score_samples(np.nan_to_num(np.asarray(X, dtype=float)))
        return np.searchsorted(self.reference_, raw, side="right") / len(self.reference_)


def anomaly_scores(features: pd.DataFrame, random_state: int = 7) -> pd.Series:
    """Fit the anomaly model on ``features`` and score its rows (empty input gives an empty series)."""
    if len(features) < 10:
        return pd.Series(0.0, index=features.index)
    model = AnomalyModel(random_state=random_state).fit(features.values)
    return pd.Series(model.score_samples(features.values), index=features.index)
