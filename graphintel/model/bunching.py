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
MIN_Z = 4.0  # with the counterfactual's noise counted: no false threshold on 150 smooth spreads
MIN_EXCESS = 30
MIN_EXCESS_SHARE = 0.005
MIN_DISTINCT = 20
GRID_STEP = 0.01  # candidates 1% apart on a log scale
REPEAT_PARCELS = 3  # a consignee's parcels ...
REPEAT_DAYS = 7  # ... within a week either side of one


# Least-squares weights reading a quadratic through the log counts of the bands at -2.5, -1.5, +0.5 and +1.5
# band widths from T (two under the band under T, two above T) at -0.5, the band under T.
_AT = np.array([-2.5, -1.5, 0.5, 1.5])
_READ = np.array([1.0, -0.5, 0.25]) @ np.linalg.pinv(np.stack([np.ones(4), _AT, _AT**2], axis=1))


def observed_threshold(values: np.ndarray) -> float:
    """The threshold ``values`` (one destination, one currency) bunch under, or NaN when none shows.

    A candidate ``T`` (every 1% on a log scale) is compared with a smooth counterfactual for the band under it,
    ``[0.75 T, T)``: a quadratic in log count fitted through the two bands of equal log width either side
    (``[0.42 T, 0.5625 T)``, ``[0.5625 T, 0.75 T)``, ``[T, 1.33 T)``, ``[1.33 T, 1.78 T)``), which follows the
    curve of a smooth density (a log-normal spread of values is a parabola there) and is robust to one noisy
    band. ``T`` is observed when the band under it holds ``MIN_RATIO`` times the counterfactual, the band above
    holds at most ``MAX_DROP`` of it, the excess is at least ``MIN_EXCESS`` parcels and ``MIN_EXCESS_SHARE`` of
    all, with a z-score of ``MIN_Z`` (the counterfactual's own counting noise included), and the
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
    steps = (1 - BAND) ** np.array([3.0, 2.0, 1.0, 0.0, -1.0, -2.0])  # band edges, equal widths on a log scale
    edges = np.searchsorted(v, grid[None, :] * steps[:, None])
    far_left, left, below, above, far_above = np.diff(edges, axis=0).astype(float)
    # The counterfactual: a quadratic in log count over the two bands either side, read at the band under T.
    counts = np.stack([far_left, left, above, far_above])
    logs = np.log(np.maximum(counts, 1.0))
    smooth = np.exp(_READ @ logs)
    excess = below - smooth
    # The counterfactual is counted too, so its noise counts: var(log smooth) = sum of weight^2 / count.
    noise = below + smooth**2 * ((_READ**2)[:, None] / np.maximum(counts, 1.0)).sum(axis=0)
    z = excess / np.sqrt(np.maximum(noise, 1.0))
    ok = (
        (below >= MIN_RATIO * smooth)
        & (above <= MAX_DROP * below)
        & (excess >= max(MIN_EXCESS, MIN_EXCESS_SHARE * len(v)))
        & (z >= MIN_Z)
    )
    cliff = (below - above) / np.sqrt(below + above + 1.0)  # the sharpest fall locates the threshold
    for i in np.flatnonzero(ok)[np.argsort(-cliff[ok], kind="stable")][:5]:
        _, tally = np.unique(np.round(v[edges[2, i] : edges[3, i]], 2), return_counts=True)
        spread = below[i] - tally.max()  # a price point (one value, many parcels) is not structuring
        if len(tally) >= MIN_DISTINCT and spread >= MIN_RATIO * smooth[i] and spread - smooth[i] >= MIN_EXCESS:
            return float(round(grid[i], 2))
    return float("nan")


def repeat_parcels(consignees: list[pd.Series], dates: pd.Series) -> np.ndarray:
    """Per row: whether its consignee (any of ``consignees``: buyer, delivery address, ...; "" for none)
    received at least ``REPEAT_PARCELS`` parcels within ``REPEAT_DAYS`` days either side of it.

    >>> buyer = pd.Series(["a", "a", "a", "b", "b", ""])
    >>> when = pd.to_datetime(pd.Series(["2024-01-01", "2024-01-03", "2024-01-07", "2024-01-01", "2024-03-01", ""]))
    >>> repeat_parcels([buyer], when).tolist()
    [True, True, True, False, False, False]
    """
    day = ((dates - dates.min()).dt.days.fillna(0)).to_numpy(dtype=np.int64)
    out = np.zeros(len(dates), dtype=bool)
    span = int(day.max(initial=0)) + 2 * REPEAT_DAYS + 1
    for key in consignees:
        text = key.fillna("").astype(str).to_numpy(dtype=object)
        codes = pd.factorize(text)[0].astype(np.int64)
        known = (codes >= 0) & (text != "")
        position = np.where(known, codes * span + day, -1)
        order = np.sort(position)
        count = np.searchsorted(order, position + REPEAT_DAYS, side="right") - np.searchsorted(
            order, position - REPEAT_DAYS, side="left"
        )
        out |= known & (count >= REPEAT_PARCELS)
    return out


def observed_thresholds(
    destination: pd.Series, currency: pd.Series, value: pd.Series, repeat: np.ndarray | None = None
) -> np.ndarray:
    """Per row: the observed threshold of its (destination, currency) group, NaN where none shows.

    Where the group's values show none, the values of its ``repeat`` parcels alone are tried: splitting is
    several parcels to one consignee within days, so its bunching stands out among them even where the
    threshold sits in the bulk of honest values (a threshold of EUR 30 is close to a typical parcel's value)."""
    out = np.full(len(value), np.nan)
    frame = pd.DataFrame({"d": destination.to_numpy(), "c": currency.to_numpy()})
    numbers = value.to_numpy(dtype=float)
    for rows in frame.groupby(["d", "c"], sort=False).indices.values():
        found = observed_threshold(numbers[rows])
        if np.isnan(found) and repeat is not None:
            found = observed_threshold(numbers[rows[repeat[rows]]])
        out[rows] = found
    return out
