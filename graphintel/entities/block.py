"""Blocking: the candidate pairs worth comparing, out of the n² of a million parties.

Why: comparing every pair is impossible at scale, and comparing only exact-key duplicates misses the
variants. Each blocking rule is a key (phone, e-mail, phonetic name key, address words...); records
sharing a key become candidates. A key shared by thousands ("Mohammed Ali", "Dubai") would yield
millions of pairs, so within a key records are sorted by a second key and only neighbours within a
window are paired (the sorted-neighbourhood method): big blocks cost n·w pairs, not n².
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphintel.frames import distinct_integers

WINDOW = 10  # neighbours paired within one key; whole blocks up to WINDOW + 1 records are fully paired


def window_pairs(key: pd.Series, order: pd.Series | None = None, window: int = WINDOW,
                 max_block: int = 0) -> np.ndarray:
    """Pairs (as ``i * n + j`` with ``i < j``) of positions sharing a non-empty ``key``, within ``window``.

    Records are sorted by ``key`` then ``order`` (a secondary key putting likely matches next to each
    other), so a block larger than the window still pairs each record with its most similar neighbours.
    ``max_block`` > 0 skips keys held by more records than that: a value that common is no evidence.
    """
    n = len(key)
    codes, _ = pd.factorize(key.where(key != "", None), use_na_sentinel=True)
    if max_block:
        sizes = np.bincount(codes[codes >= 0])
        codes = np.where((codes >= 0) & (sizes[np.maximum(codes, 0)] <= max_block), codes, -1)
    present = np.flatnonzero(codes >= 0)
    if len(present) < 2:
        return np.empty(0, dtype=np.int64)
    secondary = pd.factorize(order.iloc[present], sort=True)[0] if order is not None else np.zeros(len(present))
    sorted_pos = present[np.lexsort((secondary, codes[present]))]
    sorted_codes = codes[sorted_pos]
    chunks = []
    for d in range(1, min(window, len(sorted_pos) - 1) + 1):
        same = sorted_codes[:-d] == sorted_codes[d:]
        if not same.any():
            break  # no block is longer than d
        left, right = sorted_pos[:-d][same], sorted_pos[d:][same]
        chunks.append(np.minimum(left, right).astype(np.int64) * n + np.maximum(left, right))
    return np.concatenate(chunks) if chunks else np.empty(0, dtype=np.int64)


def union_pairs(chunks: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """The union of every rule's encoded pairs, each once: arrays ``left``, ``right`` with ``left < right``."""
    if not chunks or n == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    encoded = distinct_integers(np.concatenate(chunks))
    return encoded // n, encoded % n


def exploded_tokens(values: pd.Series, min_length: int = 3) -> tuple[pd.Series, np.ndarray]:
    """One row per (record position, token) of space-separated ``values``: token blocking keys.

    Returns the tokens and the record position of each, so a rule can pair records sharing any one
    distinctive token (a typo elsewhere in the name does not lose the pair).
    """
    split = values.str.split(" ")
    exploded = split.explode()
    positions = np.repeat(np.arange(len(values)), split.str.len().fillna(0).astype(int).to_numpy())
    tokens = exploded.fillna("").astype(str).to_numpy()
    keep = np.char.str_len(tokens.astype(str)) >= min_length if len(tokens) else np.zeros(0, dtype=bool)
    return pd.Series(tokens[keep]), positions[keep]


def token_pairs(values: pd.Series, order: pd.Series, window: int = WINDOW, max_block: int = 0) -> np.ndarray:
    """Pairs of records sharing any token of ``values`` (each token its own block, windowed, capped)."""
    tokens, positions = exploded_tokens(values)
    if len(tokens) == 0:
        return np.empty(0, dtype=np.int64)
    n = len(values)
    secondary = order.iloc[positions].reset_index(drop=True)
    encoded = window_pairs(tokens, secondary, window, max_block)
    m = len(tokens)
    left, right = positions[encoded // m], positions[encoded % m]
    keep = left != right
    low, high = np.minimum(left, right)[keep], np.maximum(left, right)[keep]
    return low.astype(np.int64) * n + high
