"""Sellers who share their customers: a closed circle of seller identities (``docs/typologies.md``, shell sellers).

An operator's fronts may share no phone, e-mail or address, and an extract may
show none at all; what they cannot hide is that they serve one clientele. Two
sellers are *tied* when they share more buyers than random buying would give
(the configuration model, with the data set's own numbers of buyers per seller
and sellers per buyer); a *circle* is a community of tied sellers, and its
buyers are those that received from two or more of them. A circle counts when
it is *closed*: its buyers' parcels come from its sellers, and its sellers'
parcels go to its buyers.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from scipy.stats import poisson

from graphintel.analytics.algorithms import communities
from graphintel.model.indicators import _frame

MIN_SHARED = 2  # buyers two sellers must share to be tied
TIE_CHANCE = 1e-4  # ... and the Poisson chance of sharing as many under random buying
MAX_SELLERS_PER_BUYER = 20  # a buyer from more (a consolidator, a heavy shopper) ties nobody
MIN_SELLERS, FULL_SELLERS = 3, 5  # a circle's size: a third of its strength at 3 sellers, full at 5
CLOSURE_LOW, CLOSURE_FULL = 0.5, 0.8


def by_circle(values: pd.Series) -> np.ndarray:
    """Which of an indicator's evidence records (``values``) are a circle's, not a shared contact's."""
    return np.array([isinstance(v, dict) and "circle_sellers" in v for v in values.tolist()], dtype=bool)


def seller_ties(seller: np.ndarray, buyer: np.ndarray) -> pd.DataFrame:
    """Pairs of sellers (codes ``a`` < ``b``) sharing improbably many buyers: ``shared``, ``expected``, ``chance``.

    ``seller`` and ``buyer`` are integer codes, one pair per distinct (seller, buyer).

    Sellers 0 and 1 share 3 buyers, in a market where 400 other buyers each bought from two of 200 shops:

    >>> rng = np.random.default_rng(0)
    >>> market = np.array([rng.choice(200, 2, replace=False) + 2 for _ in range(400)]).ravel()
    >>> s = np.r_[0, 1, 0, 1, 0, 1, market]
    >>> b = np.r_[0, 0, 1, 1, 2, 2, np.repeat(np.arange(3, 403), 2)]
    >>> seller_ties(s, b)[["a", "b", "shared"]].to_dict("records")
    [{'a': 0, 'b': 1, 'shared': 3}]

    Where those three are the only buyers who buy twice, sharing 3 is what random buying gives:

    >>> len(seller_ties(s[:6], b[:6]))
    0
    """
    columns = ["a", "b", "shared", "expected", "chance"]
    if not len(seller):
        return pd.DataFrame(columns=columns)
    per_buyer = np.bincount(buyer)  # k: distinct sellers per buyer
    keep = (per_buyer[buyer] >= 2) & (per_buyer[buyer] <= MAX_SELLERS_PER_BUYER)
    pairs = pd.DataFrame({"buyer": buyer[keep], "seller": seller[keep]})
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    multi = np.bincount(pairs["seller"], minlength=int(seller.max()) + 1).astype(float)  # d: repeat buyers a seller has
    onward = np.bincount(pairs["seller"], weights=per_buyer[pairs["buyer"]] - 1.0, minlength=len(multi))
    stubs = float(len(pairs))
    joined = pairs.merge(pairs, on="buyer")
    joined = joined[joined["seller_x"].to_numpy() < joined["seller_y"].to_numpy()]
    shared = joined.groupby(["seller_x", "seller_y"], sort=False).size()
    shared = shared[shared >= MIN_SHARED]
    if shared.empty:
        return pd.DataFrame(columns=columns)
    a = shared.index.get_level_values(0).to_numpy()
    b = shared.index.get_level_values(1).to_numpy()
    # Random buying: each of a's buyers' other k - 1 purchases lands on b in proportion to b's share of the
    # purchases that are not a's; the larger of the two directions is the chance to beat.
    expected = np.maximum(
        onward[a] * multi[b] / np.maximum(stubs - multi[a], 1.0),
        onward[b] * multi[a] / np.maximum(stubs - multi[b], 1.0),
    )
    chance = poisson.sf(shared.to_numpy() - 1, expected)
    ties = pd.DataFrame({"a": a, "b": b, "shared": shared.to_numpy(), "expected": expected, "chance": chance})
    return ties[ties["chance"] < TIE_CHANCE].sort_values(["a", "b"]).reset_index(drop=True)


def shared_customers(c: pd.DataFrame, names: pd.Series | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Per seller key: the strength of the closed circle it belongs to, and the circle's evidence; per parcel of
    ``c``: whether it goes from a circle's seller to one of that circle's buyers (the circle's own trade).

    ``c`` has ``seller_key`` and ``buyer_key`` (one row per parcel); ``names`` maps a seller key to its
    normalised name ("" or absent where the source gives none: the key counts as the name).
    """
    seller_key = c["seller_key"].fillna("").astype(str).to_numpy()
    buyer_key = c["buyer_key"].fillna("").astype(str).to_numpy()
    sellers = pd.Index(pd.unique(seller_key[seller_key != ""]))
    out, inside = _frame(sellers), np.zeros(len(c), dtype=bool)
    known = (seller_key != "") & (buyer_key != "")
    if known.sum() < 2:
        return out, inside
    s_code, s_names = pd.factorize(seller_key[known])
    b_code, _ = pd.factorize(buyer_key[known])
    width = int(b_code.max()) + 1
    pair = pd.unique(s_code.astype(np.int64) * width + b_code)  # hashed: no sort
    ties = seller_ties((pair // width).astype(np.int64), (pair % width).astype(np.int64))
    if ties.empty:
        return out, inside
    graph = nx.Graph()
    graph.add_weighted_edges_from(
        zip(ties["a"].astype(str), ties["b"].astype(str), ties["shared"].astype(float), strict=True)
    )
    membership = communities(graph)
    group = pd.Series(membership, dtype=np.int64)
    group.index = group.index.astype(np.int64)
    circle = np.full(len(s_names), -1, dtype=np.int64)
    circle[group.index.to_numpy()] = group.to_numpy()
    parcels = pd.DataFrame({"seller": s_code, "buyer": b_code, "circle": circle[s_code]})
    named = names.reindex(s_names).fillna("").astype(str).to_numpy() if names is not None else np.full(len(s_names), "")
    named = np.where(named != "", named, np.asarray(s_names, dtype=str))
    found = circle_evidence(parcels, named)
    if found.empty:
        return out, inside
    theirs = parcels.drop_duplicates(["circle", "buyer", "seller"]).groupby(["circle", "buyer"]).size()
    closed = theirs[(theirs >= 2) & theirs.index.get_level_values(0).isin(found.index)].index
    inside[np.flatnonzero(known)] = pd.MultiIndex.from_arrays([parcels["circle"], parcels["buyer"]]).isin(closed)
    for number, row in found.sort_values("strength", kind="stable").iterrows():  # the strongest circle wins
        keys = s_names[np.flatnonzero(circle == number)]
        out.loc[keys, "strength"] = row["strength"]
        out.loc[keys, "values"] = pd.Series([dict(row["values"]) for _ in keys], index=keys, dtype=object)
    return out, inside


def circle_evidence(parcels: pd.DataFrame, named: np.ndarray) -> pd.DataFrame:
    """Per circle number: ``strength`` and ``values``, for the closed circles of enough differently named sellers.

    ``parcels`` has one row per parcel: ``seller``, ``buyer`` (codes) and the seller's ``circle`` (-1: none);
    ``named`` gives each seller code's name.
    """
    inside = parcels[parcels["circle"] >= 0]
    names = pd.DataFrame({"circle": inside["circle"], "name": named[inside["seller"].to_numpy()]})
    distinct = names.drop_duplicates().groupby("circle").size()
    sellers = inside.drop_duplicates(["circle", "seller"]).groupby("circle").size()
    per_buyer = inside.drop_duplicates(["circle", "buyer", "seller"]).groupby(["circle", "buyer"]).size()
    ours = per_buyer[per_buyer >= 2]  # (circle, buyer): the circle's buyers
    if ours.empty:
        return pd.DataFrame(columns=["strength", "values"])
    to_ours = inside.set_index(["circle", "buyer"]).index.isin(ours.index)
    sellers_share = pd.Series(to_ours, index=inside["circle"].to_numpy()).groupby(level=0).mean()
    total = parcels.groupby("buyer").size()
    from_circle = inside.groupby(["circle", "buyer"]).size().reindex(ours.index)
    got = pd.DataFrame(
        {"from": from_circle.to_numpy(), "all": total.reindex(ours.index.get_level_values(1)).to_numpy()},
        index=ours.index.get_level_values(0),
    )
    sums = got.groupby(level=0).sum()
    table = pd.DataFrame(
        {
            "names": distinct,
            "sellers": sellers,
            "buyers": ours.groupby(level=0).size(),
            "sellers_per_buyer": ours.groupby(level=0).mean(),
            "sellers_share": sellers_share,
            "buyers_share": sums["from"] / sums["all"],
        }
    ).dropna()
    closure = np.minimum(table["sellers_share"], table["buyers_share"])
    scale = np.clip((closure - CLOSURE_LOW) / (CLOSURE_FULL - CLOSURE_LOW), 0, 1)
    size = np.clip((table["names"] - MIN_SELLERS + 1) / (FULL_SELLERS - MIN_SELLERS + 1), 0, 1)
    table["strength"] = (scale * size).round(6)
    table = table[(table["strength"] > 0) & (table["names"] >= MIN_SELLERS)]
    table["values"] = [
        {
            "circle_sellers": int(r.sellers),
            "names": int(r.names),
            "circle_buyers": int(r.buyers),
            "buyers_share": round(float(r.buyers_share), 4),
            "sellers_share": round(float(r.sellers_share), 4),
            "sellers_per_buyer": round(float(r.sellers_per_buyer), 2),
        }
        for r in table.itertuples()
    ]
    return table[["strength", "values"]]
