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
        self._fit(X)
        return self

    def fit_score(self, X) -> np.ndarray:
        """Fit, and score the training rows (the forest walks them once, not twice)."""
        return self._percentile(self._fit(X))

    def _fit(self, X) -> np.ndarray:
        X = np.nan_to_num(np.asarray(X, dtype=float))
        self.pipeline_ = Pipeline(
            [
                ("scale", QuantileTransformer(n_quantiles=min(1000, len(X)), random_state=self.random_state)),
                ("forest", IsolationForest(n_estimators=self.n_estimators, random_state=self.random_state)),
            ]
        )
        self.pipeline_.fit(X)
        raw = -self.pipeline_.score_samples(X)
        self.reference_ = np.sort(raw)
        return raw

    def _percentile(self, raw: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.reference_, raw, side="right") / len(self.reference_)

    def score_samples(self, X) -> np.ndarray:
        """Share of the training rows less unusual than each row."""
        return self._percentile(-self.pipeline_.score_samples(np.nan_to_num(np.asarray(X, dtype=float))))


def anomaly_scores(features: pd.DataFrame, random_state: int = 7) -> pd.Series:
    """Fit the anomaly model on ``features`` and score its rows (empty input gives an empty series)."""
    if len(features) < 10:
        return pd.Series(0.0, index=features.index)
    return pd.Series(AnomalyModel(random_state=random_state).fit_score(features.values), index=features.index)
