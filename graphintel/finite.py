"""Finite numbers for sums and outputs: one hostile value must not turn a total into infinity.

Declared values come from traders. Two parcels declared at 1e308 sum to
infinity in floating point, which JSON cannot carry and which a spreadsheet
shows as an error. Sums here saturate at the largest finite float instead
(``LARGEST``), so a total stays a number, still far above any real one.
"""

from __future__ import annotations

import math
import sys

import numpy as np
import pandas as pd

LARGEST = sys.float_info.max


def finite(value) -> float | None:
    """A float clipped to the finite range; None for a missing value or NaN.

    >>> finite(float("inf")) == LARGEST, finite(float("nan")), finite("12.5")
    (True, None, 12.5)
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number):
        return None
    return max(-LARGEST, min(LARGEST, number))


def finite_sum(values) -> float:
    """The sum of the values (missing ones count 0), saturating at +/- ``LARGEST``.

    >>> finite_sum([1e308, 1e308]) == LARGEST, finite_sum([1.5, None, 2])
    (True, 3.5)
    """
    array = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").to_numpy(dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        array = np.nan_to_num(array, nan=0.0, posinf=LARGEST, neginf=-LARGEST)
        total = float(np.sum(array))
    if math.isnan(total):  # +LARGEST and -LARGEST overflowed both ways
        total = float(np.sum(array / 2)) * 2 if np.isfinite(np.sum(array / 2)) else 0.0
    return max(-LARGEST, min(LARGEST, total))


def clip_sums(sums: pd.Series) -> pd.Series:
    """Group sums (e.g. ``groupby(...).sum()``) with infinities clipped to +/- ``LARGEST``."""
    return sums.clip(lower=-LARGEST, upper=LARGEST)


def finite_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose float columns hold no infinity (clipped to +/- ``LARGEST``)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].clip(lower=-LARGEST, upper=LARGEST)
    return out
