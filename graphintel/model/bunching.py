"""The threshold declarants structure around, found in the data itself (``docs/typologies.md``, "Observed
threshold").

A de minimis table can be wrong, out of date or silent for a destination. Where parcels are split to stay
under a threshold, declared values pile up just under it and thin out just above it: *bunching* (Saez 2010,
Kleven 2016). Per destination and currency, the strongest such cliff (``observed_threshold``) is one more
threshold the splitting indicator tries beside the table's duty and VAT thresholds, unless the table has a
threshold within a band of it (the table's wins); it never replaces them. No round amount or exchange rate
is assumed, so a threshold converted at another rate than ours is still found.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BAND = 0.25
MIN_RATIO = 1.3  # the band under T holds 30% more than a smooth density would put there
MAX_DROP = 0.67  # and the band above holds at most two thirds of it: a cliff, not a slope
MIN_Z = 5.0
MIN_EXCESS = 30
MIN_EXCESS_SHARE = 0.005
MIN_DISTINCT = 20
GRID_STEP = 0.01  # candidates 1% apart on a log scale


def observed_threshold(values: np.ndarray) -> float:
    """The threshold ``values`` (one destination, one currency) bunch under, or NaN when none shows.

    A candidate ``T`` (every 1% on a log scale) is compared with a smooth counterfactual: the geometric mean
    of the bands beside the band under it, ``[0.5625 T, 0.75 T)`` and ``[T, 1.33 T)`` (equal widths on a log
    scale; for a log-linear density it equals the band under ``T``). ``T`` is observed when the band under it
    holds ``MIN_RATIO`` times the counterfactual, the band above holds at most ``MAX_DROP`` of it, the excess
    is at least ``MIN_EXCESS`` parcels and ``MIN_EXCESS_SHARE`` of all, with a z-score of ``MIN_Z``, and the
    band still does so without its most frequent value, among ``MIN_DISTINCT`` distinct ones (a price point such
    as 9.99 is one value, not structuring).

    >>> rng = np.random.default_rng(0)
    >>> honest = np.exp(rng.normal(np.log(300), 0.8, 5000))
    >>> split = rng.uniform(1500, 1999, 300)
    >>> 1950 < observed_threshold(np.concatenate([honest, split])) < 2050
    True
    >>> bool(np.isnan(observed_threshold(honest)))
    True
    """
    v = np.sort(values[np.isfinite(values) & (values > 0)])
    if len(v) < 4 * MIN_EXCESS:
        return float("nan")
    grid = np.exp(np.arange(np.log(v[0]) + 0.6, np.log(v[-1]), GRID_STEP))
    edges = np.searchsorted(v, np.stack([grid * (1 - BAND) ** 2, grid * (1 - BAND), grid, grid / (1 - BAND)]))
    left, below, above = np.diff(edges, axis=0).astype(float)
    smooth = np.sqrt(np.maximum(left, 1.0) * np.maximum(above, 1.0))
    excess = below - smooth
    z = excess / np.sqrt(np.maximum(below, 1.0))
    ok = (
        (below >= MIN_RATIO * smooth)
        & (above <= MAX_DROP * below)
        & (excess >= max(MIN_EXCESS, MIN_EXCESS_SHARE * len(v)))
        & (z >= MIN_Z)
    )
    cliff = (below - above) / np.sqrt(below + above + 1.0)  # the sharpest fall locates the threshold
    for i in np.flatnonzero(ok)[np.argsort(-cliff[ok], kind="stable")][:5]:
        _, counts = np.unique(np.round(v[edges[1, i] : edges[2, i]], 2), return_counts=True)
        spread = below[i] - counts.max()  # a price point (one value, many parcels) is not structuring
        if len(counts) >= MIN_DISTINCT and spread >= MIN_RATIO * smooth[i] and spread - smooth[i] >= MIN_EXCESS:
            return float(round(grid[i], 2))
    return float("nan")


def observed_thresholds(destination: pd.Series, currency: pd.Series, value: pd.Series) -> np.ndarray:
    """Per row: the observed threshold of its (destination, currency) group, NaN where none shows."""
    out = np.full(len(value), np.nan)
    frame = pd.DataFrame({"d": destination.to_numpy(), "c": currency.to_numpy()})
    numbers = value.to_numpy(dtype=float)
    for rows in frame.groupby(["d", "c"], sort=False).indices.values():
        out[rows] = observed_threshold(numbers[rows])
    return out
