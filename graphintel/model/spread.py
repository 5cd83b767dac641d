"""Inspection priority spread over parties (``docs/typologies.md``, "Spreading the inspection list").

A consignment's *risk* is the evidence against it (the network score, blended with the model where labels
allow). Its *priority*, the ``score`` the inspection list is ordered by, is its risk lowered where it is one
of the later parcels of a party whose earlier parcels already rank above it: within each seller and each
buyer, parcels are ordered by risk; a parcel in the first half of that order keeps its risk; from the
middle on, the priority falls linearly, towards ``1 - depth`` of the risk at the party's last parcel.

Why: an officer establishes a party's pattern (its split orders, its undervalued lines, its shell activity)
from a sample of its parcels. A list that fills its capacity with one busy party's every parcel leaves
other networks of the same risk unopened. Half a party's parcels is the sample kept at full risk; the rest
yield to other parties' first parcels of similar risk, never to parcels of much lower risk (the priority
keeps at least ``1 - depth`` of the risk).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SPREAD_DEPTH = 0.5  # the most a parcel's priority falls below its risk (its party's last parcel)
SPREAD_FROM = 0.5  # the share of each party's parcels (riskiest first) kept at full risk


def spread_factor(
    risk: np.ndarray, groups: list, depth: float = SPREAD_DEPTH, start: float = SPREAD_FROM
) -> np.ndarray:
    """Per parcel, the factor its risk is multiplied by to give its priority.

    ``groups`` are party keys per parcel (seller, buyer); an empty or missing key belongs to no party. A
    parcel's place in a party is ``i / n`` (``i`` parcels of the party rank above it, by risk, then by
    row); the factor is ``1 - depth * (place - start) / (1 - start)`` from ``start`` on, 1 before, and the
    smallest over the parcel's parties.

    >>> risk = np.array([0.9, 0.8, 0.7, 0.6, 0.5])
    >>> spread_factor(risk, [np.array(["a", "a", "a", "a", ""])], depth=0.4).round(2).tolist()
    [1.0, 1.0, 1.0, 0.8, 1.0]
    >>> spread_factor(risk, [np.array(["a", "a", "a", "a", ""])], depth=0.0).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0]
    >>> spread_factor(np.array([np.nan, 0.5, 0.4, 0.3]), [np.array(["a"] * 4)], depth=0.4).round(2).tolist()
    [0.8, 1.0, 1.0, 1.0]
    """
    risk = np.nan_to_num(np.asarray(risk, dtype=float), nan=0.0)  # ordered as no risk, never a NaN place
    if depth <= 0 or not len(risk):
        return np.ones(len(risk))
    place = np.zeros(len(risk))
    for keys in groups:
        key = pd.Series(keys, dtype=object).fillna("").astype(str).to_numpy()
        frame = pd.DataFrame({"key": key, "risk": risk})
        grouped = frame.groupby("key", sort=False)["risk"]
        above = grouped.rank(method="first", ascending=False).to_numpy() - 1
        size = grouped.transform("size").to_numpy()
        mine = np.where(key != "", above / size, 0.0)
        place = np.maximum(place, mine)
    return 1.0 - depth * np.clip((place - start) / (1.0 - start), 0.0, 1.0)
