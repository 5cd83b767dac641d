"""Vectorised primitives of record comparison: a column as text, a function per distinct value (forked
over two cores where many), and per-pair equality and fuzzy similarity graded into levels.

Why: comparing millions of candidate pairs field by field is only fast when each distinct value is
worked on once and each pair reads integer codes; both the party and the address comparisons build on
these.
"""

from __future__ import annotations

import multiprocessing as mp

import numpy as np
import pandas as pd
from rapidfuzz import process

WORKERS = 2
PARALLEL_MIN = 20_000  # distinct values worth forking workers for


def column(records: pd.DataFrame, name: str) -> pd.Series:
    """A text column of ``records`` with missing values as ``""`` (an absent column is all empty)."""
    if name not in records:
        return pd.Series([""] * len(records), index=records.index, dtype=object)
    return records[name].fillna("").astype(str).str.strip()


def distinct_map(series: pd.Series, func, parallel: bool = False) -> pd.Series:
    """``func`` applied once per distinct value of ``series`` (factorised), mapped back to every row.

    With ``parallel``, many distinct values are split over :data:`WORKERS` forked processes (``func`` must
    be a module-level function): parsing a name or an address is Python, one core each is the limit.
    """
    codes, uniques = pd.factorize(series)
    values = np.empty(len(uniques), dtype=object)
    values[:] = apply_each(func, uniques.tolist(), parallel)
    return pd.Series(values[codes] if len(codes) else [], index=series.index, dtype=object)


def apply_each(func, items: list, parallel: bool) -> list:
    """``[func(x) for x in items]``, over forked worker processes when there are many and fork exists."""
    if not parallel or WORKERS < 2 or len(items) < PARALLEL_MIN or "fork" not in mp.get_all_start_methods():
        return [func(x) for x in items]
    with mp.get_context("fork").Pool(WORKERS) as pool:
        return pool.map(func, items, chunksize=max(len(items) // (8 * WORKERS), 1000))


def codes(f: pd.DataFrame, name: str) -> np.ndarray:
    """Integer codes of the text column ``name`` of the features ``f`` (-1 where empty), factorised once and
    kept in ``f`` (column ``name#codes``): the comparisons read the same columns many times (candidate and
    random pairs, several rules), and factorising a million strings costs a fifth of a second each time."""
    kept = f"{name}#codes"
    if kept not in f:
        values = f[name]
        f[kept] = pd.factorize(values.where(values != "", None), use_na_sentinel=True)[0]
    return f[kept].to_numpy()


def equal_values(f: pd.DataFrame, name: str, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: both values of the column ``name`` of ``f`` present, and equal."""
    code = codes(f, name)
    a, b = code[left], code[right]
    present = (a >= 0) & (b >= 0)
    return present, present & (a == b)


def fuzzy_similarity(values: pd.Series, left: np.ndarray, right: np.ndarray, scorer) -> np.ndarray:
    """Similarity 0..1 of each pair's two values (rapidfuzz, in C, on two threads).

    Each distinct pair of values is scored once: candidate pairs repeat the same two spellings often
    (a household's address, a depot's, a common name).
    """
    if len(left) == 0:
        return np.zeros(0)
    codes, uniques = pd.factorize(values)
    pair = codes[left].astype(np.int64) * len(uniques) + codes[right]
    inverse, distinct = pd.factorize(pair)
    array = uniques.to_numpy(dtype=object) if hasattr(uniques, "to_numpy") else np.asarray(uniques, dtype=object)
    a, b = array[distinct // len(uniques)], array[distinct % len(uniques)]
    scores = process.cpdist(a, b, scorer=scorer, workers=WORKERS, dtype=np.float32)
    return np.asarray(scores, dtype=np.float64)[inverse] / 100


def to_levels(similarity: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
    """Levels 0..len(cuts) from a similarity and ascending cut-offs."""
    return np.searchsorted(np.asarray(cuts), similarity, side="right").astype(np.int8)


def exact_levels(f: pd.DataFrame, column_name: str, left, right, partial: str | None = None) -> np.ndarray:
    """2 (or 1 when there is no partial key) equal, 1 partial key equal, 0 differs, -1 missing."""
    present, same = equal_values(f, column_name, left, right)
    level = np.where(present, 0, -1).astype(np.int8)
    if partial is not None:
        _, same_partial = equal_values(f, partial, left, right)
        level[present & same_partial] = 1
        level[same] = 2
    else:
        level[same] = 1
    return level
