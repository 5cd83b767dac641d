"""Fellegi–Sunter scoring with m probabilities learned by EM, without labels.

Why: no labelled pairs exist for a new data set. Fellegi and Sunter (1969) score a pair by how much
more likely its comparison vector is among matches (m) than among non-matches (u). u is measured on
random pairs, which are almost all non-matches; m and the share of matches among the candidate pairs
are learned by expectation-maximisation over the candidate pairs (Winkler 1988; Splink does the same).
Each field's levels are categorical, ``-1`` meaning missing (no evidence either way). Default tables
act as pseudo-counts, so that a handful of records still gets sensible weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

M_PSEUDO = 100.0  # pairs' worth of weight given to the default m table
PRIOR = 0.1  # default share of matches among candidate pairs
PRIOR_PSEUDO = 100.0  # and its weight in pairs: a few records cannot talk EM into "everything matches"
U_PSEUDO = 200.0  # and to the default u table


@dataclass
class Field:
    """One compared field: its default m and u over levels 0..k (higher = closer agreement)."""

    name: str
    m: tuple[float, ...]
    u: tuple[float, ...]


@dataclass
class Model:
    """Learned m and u per field, and the share of matches among candidate pairs."""

    m: dict[str, np.ndarray]
    u: dict[str, np.ndarray]
    prior: float

    def weights(self) -> dict[str, np.ndarray]:
        """log2(m/u) per field and level: the evidence each level carries."""
        return {f: np.log2(self.m[f] / self.u[f]) for f in self.m}


def _frequencies(levels: np.ndarray, size: int, default: tuple[float, ...], pseudo: float, weight=None) -> np.ndarray:
    """Level frequencies (missing ignored), smoothed towards ``default`` with ``pseudo`` pairs of weight."""
    present = levels >= 0
    counts = np.bincount(levels[present], weights=None if weight is None else weight[present], minlength=size)
    smoothed = counts[:size] + pseudo * np.asarray(default, dtype=float)
    return smoothed / smoothed.sum()


def estimate_u(random_levels: pd.DataFrame, fields: list[Field]) -> dict[str, np.ndarray]:
    """u per field from the comparison of random record pairs (nearly all non-matches)."""
    return {f.name: _frequencies(random_levels[f.name].to_numpy(), len(f.u), f.u, U_PSEUDO) for f in fields}


def _log_likelihoods(patterns: np.ndarray, names: list[str], table: dict[str, np.ndarray]) -> np.ndarray:
    """Log-probability of each pattern under one table (m or u), missing fields contributing nothing."""
    total = np.zeros(len(patterns))
    for k, name in enumerate(names):
        level = patterns[:, k]
        present = level >= 0
        total[present] += np.log(table[name][level[present]])
    return total


def distinct_patterns(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a small-integer level matrix and their counts, via one int64 code per row.

    ``np.unique(axis=0)`` sorts rows as structured bytes (slow on tens of millions); levels are -1..14,
    so a row packs into 4 bits per field.
    """
    if len(values) == 0:
        return values.reshape(0, values.shape[1] if values.ndim == 2 else 0), np.zeros(0, dtype=np.int64)
    shifted = values + 1
    code = np.zeros(len(values), dtype=np.int64)
    for k in range(values.shape[1]):
        code |= shifted[:, k].astype(np.int64) << (4 * k)
    distinct, counts = np.unique(code, return_counts=True)
    patterns = np.stack([(distinct >> (4 * k)) & 15 for k in range(values.shape[1])], axis=1) - 1
    return patterns, counts


def _em(levels: pd.DataFrame, fields: list[Field], u, m: dict, learn_m: bool, iterations: int = 40):
    """EM over the distinct comparison vectors of ``levels``: the match share, and m too when ``learn_m``."""
    names = [f.name for f in fields]
    m = dict(m)
    if len(levels) == 0:
        return m, PRIOR
    patterns, counts = distinct_patterns(levels[names].to_numpy(dtype=np.int64))
    prior = PRIOR
    log_u = _log_likelihoods(patterns, names, u)
    for _ in range(iterations):
        odds = np.clip(_log_likelihoods(patterns, names, m) - log_u + np.log(prior / (1 - prior)), -50, 50)
        weight = counts / (1 + np.exp(-odds))
        prior = float(np.clip((weight.sum() + PRIOR * PRIOR_PSEUDO) / (counts.sum() + PRIOR_PSEUDO), 1e-4, 0.99))
        if learn_m:
            for k, f in enumerate(fields):
                m[f.name] = _frequencies(patterns[:, k], len(f.m), f.m, M_PSEUDO, weight)
    return m, prior


def fit(levels: pd.DataFrame, fields: list[Field], u: dict[str, np.ndarray], sessions: list[tuple]) -> Model:
    """m learned by EM in training sessions, then the match share among all candidate pairs.

    Each session is ``(mask, conditioning)``: the pairs that agree on the ``conditioning`` fields (as if
    blocked on them) train the m of the *other* fields. Training a field on pairs selected by that same
    field would teach EM that "same common name" is what a match looks like (Splink trains the same way).
    """
    m = {f.name: np.asarray(f.m, dtype=float) / sum(f.m) for f in fields}
    learned: dict[str, list[np.ndarray]] = {}
    for mask, conditioning in sessions:
        free = [f for f in fields if f.name not in conditioning]
        session_m, _ = _em(levels[mask], free, u, m, learn_m=True)
        for f in free:
            learned.setdefault(f.name, []).append(session_m[f.name])
    m.update({name: np.mean(tables, axis=0) for name, tables in learned.items()})
    _, prior = _em(levels, fields, u, m, learn_m=False)
    return Model(m, u, prior)


def term_frequency(levels: pd.DataFrame, model: Model, field: str, agree: tuple[int, ...], tf: np.ndarray):
    """Log-odds corrections for agreeing on a common value: u of the level raised to the value's frequency.

    Agreeing on "Mohammed Ali" is likelier by chance than agreeing on a rare name; ``tf`` is, per pair,
    the share of records (or people) holding the agreed value.
    """
    level = levels[field].to_numpy()
    u = model.u[field][np.clip(level, 0, None)]
    hit = np.isin(level, agree)
    correction = np.zeros(len(level))
    correction[hit] = np.log(u[hit]) - np.log(np.maximum(u[hit], tf[hit]))
    return correction


def match_probability(levels: pd.DataFrame, model: Model, correction: np.ndarray | None = None) -> np.ndarray:
    """Posterior match probability of each pair under ``model``, plus optional log-odds ``correction``."""
    names = list(model.m)
    values = levels[names].to_numpy(dtype=np.int64)
    odds = _log_likelihoods(values, names, model.m) - _log_likelihoods(values, names, model.u)
    if correction is not None:
        odds = odds + correction
    odds = np.clip(odds + np.log(model.prior / (1 - model.prior)), -50, 50)
    return 1 / (1 + np.exp(-odds))
