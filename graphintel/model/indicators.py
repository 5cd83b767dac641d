"""Typology indicators: one named, explainable signal per scheme.

Each detector is a function of the consignment, party and identifier-link
frames and returns a per-party frame with a ``strength`` in [0, 1], the numbers
behind it, and a ``reason`` in words an analyst can check. Consignment-level
flags (``consignment_flags``) mark the parcels that are each scheme's evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphintel.analytics.frames import isin
from graphintel.analytics.projection import identifier_specificity


@dataclass(frozen=True)
class IndicatorParams:
    """Thresholds of the detectors; defaults suit postal and express e-commerce."""

    de_minimis_threshold: float = 150.0
    under_band: float = 0.10  # "just under" = within 10% below the threshold
    min_under_parcels: int = 5
    low_value_ratio: float = 0.35  # unit value below 35% of the HS peer median
    min_peer_parcels: int = 20
    hub_limit: int = 50
    new_party_days: int = 20
    currency: str = ""


INDICATORS = ("splitting", "undervaluation", "shell_sellers", "mule_buyers", "origin_laundering", "burst")


def _mode_by(frame: pd.DataFrame, key: str, column: str) -> pd.Series:
    """The most frequent non-empty ``column`` value per ``key``."""
    values = frame[[key, column]].dropna()
    values = values[values[column] != ""]
    counts = values.groupby([key, column]).size().rename("n").reset_index()
    top = counts.sort_values(["n", column], ascending=[False, True]).drop_duplicates(key)
    return top.set_index(key)[column]


def _frame(index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame({"strength": 0.0, "reason": ""}, index=index)


def consignment_flags(consignments: pd.DataFrame, params: IndicatorParams) -> pd.DataFrame:
    """Per-consignment facts the detectors use: just-under flag, unit value ratio, route mismatch."""
    c = consignments
    value = c["declared_value"].astype(float)
    weight = c["gross_weight_kg"].astype(float)
    flags = pd.DataFrame(index=c.index)
    threshold = params.de_minimis_threshold
    flags["just_under"] = (value >= threshold * (1 - params.under_band)) & (value < threshold)
    unit_value = value / weight.where(weight > 0)
    hs = c["hs_code"].fillna("")
    chapter = c["hs_chapter"].fillna("")
    peer_code = pd.Series(np.log(unit_value)).groupby(hs).transform("median")
    peer_count = unit_value.groupby(hs).transform("count")
    peer_chapter = pd.Series(np.log(unit_value)).groupby(chapter).transform("median")
    peer = np.where(peer_count >= params.min_peer_parcels, peer_code, peer_chapter)
    flags["unit_value"] = unit_value
    flags["unit_value_ratio"] = np.exp(np.log(unit_value) - peer)
    flags["low_value"] = flags["unit_value_ratio"] < params.low_value_ratio
    origin = c["origin_country"].fillna("")
    departure = c["departure_country"].fillna("")
    seller_country = c["seller_country"].fillna("")
    flags["route_mismatch"] = (
        (origin != "") & (origin == departure) & (seller_country != "") & (origin != seller_country)
    )
    return flags


def splitting(
    consignments: pd.DataFrame, flags: pd.DataFrame, links: pd.DataFrame, params: IndicatorParams
) -> tuple[pd.DataFrame, pd.Series]:
    """Buyers (or a delivery address's buyers) receiving many parcels just under the threshold.

    Returns the per-party frame and a per-consignment strength for the evidence parcels.
    """
    c = consignments.assign(just_under=flags["just_under"])
    address_sharers = identifier_specificity(links[links["kind"] == "address"], params.hub_limit).attrs.get(
        "sharers", pd.Series(dtype=int)
    )
    address = c["delivery_address_key"].fillna("")
    is_hub = address.map(address_sharers).fillna(0) > params.hub_limit
    group = np.where((address != "") & ~is_hub, "a|" + address, "b|" + c["buyer_key"].fillna(""))
    c = c.assign(group=group)
    stats = c.groupby("group").agg(
        parcels=("key", "size"),
        under=("just_under", "sum"),
        buyers=("buyer_key", "nunique"),
        sellers=("seller_key", "nunique"),
    )
    stats["share"] = stats["under"] / stats["parcels"]
    strength = np.clip(stats["under"] / 15.0, 0, 1) * stats["share"] ** 0.5
    strength[stats["under"] < params.min_under_parcels] = 0.0
    stats["strength"] = strength
    c["group_strength"] = c["group"].map(stats["strength"])
    evidence = (c["group_strength"] * c["just_under"]).astype(float)

    out_index = pd.Index(pd.concat([c["buyer_key"], c["seller_key"]]).dropna().unique())
    out = _frame(out_index)
    best_group = (
        c[c["group_strength"] > 0]
        .sort_values("group_strength")
        .drop_duplicates("buyer_key", keep="last")
        .set_index("buyer_key")["group"]
    )
    threshold = params.de_minimis_threshold
    if len(best_group):
        s = stats.loc[best_group.to_numpy()]
        out.loc[best_group.index, "strength"] = s["strength"].to_numpy(dtype=float)
        out.loc[best_group.index, "reason"] = [
            f"{f'{int(buyers)} buyers at one delivery address' if buyers > 1 else 'one buyer'} received "
            f"{int(parcels)} parcels; {share:.0%} of them within "
            f"{params.under_band:.0%} under the {threshold:g} de minimis threshold"
            for buyers, parcels, share in zip(s["buyers"], s["parcels"], s["share"], strict=True)
        ]
    # Sellers feeding a splitting group: strength scaled by how many just-under parcels they sent it.
    fed = (
        c[c["just_under"] & (c["group_strength"] > 0)].groupby(["seller_key", "group"]).size().rename("n").reset_index()
    )
    if len(fed):
        fed["strength"] = fed["group"].map(stats["strength"]) * np.clip(fed["n"] / 5.0, 0, 1)
        best = fed.sort_values("strength", ascending=False).drop_duplicates("seller_key")
        best = best[best["strength"].to_numpy() > out["strength"].reindex(best["seller_key"]).to_numpy()]
        out.loc[best["seller_key"], "strength"] = best["strength"].to_numpy(dtype=float)
        out.loc[best["seller_key"], "reason"] = [
            f"sent {int(n)} parcels just under the {threshold:g} threshold to one splitting buyer group"
            for n in best["n"]
        ]
    return out, evidence


def undervaluation(consignments: pd.DataFrame, flags: pd.DataFrame, params: IndicatorParams) -> pd.DataFrame:
    """Sellers whose unit values sit far below the HS-code peers'."""
    c = consignments.assign(low=flags["low_value"], ratio=flags["unit_value_ratio"])
    c = c[c["seller_key"].notna() & c["ratio"].notna()]
    stats = c.groupby("seller_key").agg(
        parcels=("key", "size"),
        low=("low", "sum"),
        ratio=("ratio", "median"),
    )
    stats["hs"] = _mode_by(c, "seller_key", "hs_code")
    stats["share"] = stats["low"] / stats["parcels"]
    strength = stats["share"] * np.clip(stats["parcels"] / 8.0, 0, 1)
    strength[stats["parcels"] < 3] = 0.0
    out = _frame(stats.index)
    out["strength"] = strength.astype(float)
    hit = out["strength"] > 0
    out.loc[hit, "reason"] = [
        f"{int(s.low)} of {int(s.parcels)} parcels declared below {params.low_value_ratio:.0%} of the HS peer "
        f"unit value (median {s.ratio:.0%} of peers, HS {s.hs})"
        for s in stats[hit].itertuples()
    ]
    return out


def shared_identifiers(
    parties: pd.DataFrame, links: pd.DataFrame, role: str, params: IndicatorParams, min_others: int, full_at: int
) -> pd.DataFrame:
    """Parties of one role sharing specific identifiers with others of that role under other names.

    ``role`` is "Seller" (shell sellers) or "Buyer" (mule buyers).
    """
    members = parties[parties["label"] == role][["key", "name_norm"]]
    kinds = ["address", "phone", "email"]
    role_links = links[isin(links["kind"], kinds) & isin(links["party"], members["key"])]
    role_links = role_links.merge(members, left_on="party", right_on="key")
    specificity = identifier_specificity(role_links, params.hub_limit)
    role_links = role_links[role_links["identifier"].map(specificity) > 0]
    out = _frame(pd.Index(members["key"]))
    if role_links.empty:
        return out
    per_id = role_links.groupby("identifier").agg(
        parties=("party", "nunique"), names=("name_norm", "nunique"), kind=("kind", "first")
    )
    joined = role_links.merge(per_id, left_on="identifier", right_index=True, suffixes=("", "_id"))
    joined["others"] = joined["names"] - 1
    best = joined.sort_values("others", ascending=False).drop_duplicates("party").set_index("party")
    strength = np.clip((best["others"] - min_others + 1) / float(full_at - min_others + 1), 0, 1)
    out.loc[best.index, "strength"] = strength.values
    noun = "sellers" if role == "Seller" else "buyers"
    hit = best[strength > 0]
    out.loc[hit.index, "reason"] = [
        f"{int(r.others) + 1} {noun} with different names share one {r.kind_id}" for r in hit.itertuples()
    ]
    return out


def origin_laundering(consignments: pd.DataFrame, flags: pd.DataFrame, params: IndicatorParams) -> pd.DataFrame:
    """Sellers declaring the transit country as origin, unlike the country they are registered in."""
    c = consignments.assign(mismatch=flags["route_mismatch"])
    c = c[c["seller_key"].notna()]
    stats = c.groupby("seller_key").agg(parcels=("key", "size"), mismatch=("mismatch", "sum"))
    stats["origin"] = _mode_by(c[c["mismatch"]], "seller_key", "origin_country")
    stats["home"] = _mode_by(c, "seller_key", "seller_country")
    stats["share"] = stats["mismatch"] / stats["parcels"]
    strength = stats["share"] * np.clip(stats["mismatch"] / 6.0, 0, 1)
    strength[stats["mismatch"] < 3] = 0.0
    out = _frame(stats.index)
    out["strength"] = strength.astype(float)
    hit = out["strength"] > 0
    out.loc[hit, "reason"] = [
        f"{s.share:.0%} of {int(s.parcels)} parcels declared of {s.origin} origin and shipped from {s.origin} "
        f"by a seller registered in {s.home}"
        for s in stats[hit].itertuples()
    ]
    return out


def burst(consignments: pd.DataFrame, params: IndicatorParams) -> tuple[pd.DataFrame, pd.Series]:
    """New sellers with sudden high volume into few buyers; their buyers share the signal."""
    c = consignments[consignments["seller_key"].notna()]
    dates = pd.to_datetime(c["declaration_date"])
    end = dates.max()
    c = c.assign(date=dates)
    stats = c.groupby("seller_key").agg(first=("date", "min"), parcels=("key", "size"), buyers=("buyer_key", "nunique"))
    age = (end - stats["first"]).dt.days
    newness = np.clip((params.new_party_days - age) / (params.new_party_days / 2.0), 0, 1)
    per_buyer = stats["parcels"] / stats["buyers"].clip(lower=1)
    strength = newness * np.clip((stats["parcels"] - 10) / 20.0, 0, 1) * np.clip(per_buyer / 4.0, 0, 1)
    out = _frame(stats.index)
    out["strength"] = strength.astype(float)
    hit = out["strength"] > 0
    out.loc[hit, "reason"] = [
        f"new seller: first parcel {int(a)} days before the end of the data, then {int(s.parcels)} parcels "
        f"to only {int(s.buyers)} buyers"
        for a, s in zip(age[hit], stats[hit].itertuples(), strict=True)
    ]
    seller_strength = c["seller_key"].map(out["strength"]).fillna(0.0)
    evidence = pd.Series(0.0, index=consignments.index)
    evidence.loc[c.index] = seller_strength.values
    # Buyers mostly supplied by burst sellers.
    c = c.assign(s=seller_strength)
    c = c.assign(from_burst=c["s"] > 0)
    buyer_stats = c.groupby("buyer_key").agg(
        parcels=("key", "size"), from_burst=("from_burst", "sum"), strength=("s", "max")
    )
    buyer_strength = (
        buyer_stats["strength"]
        * (buyer_stats["from_burst"] / buyer_stats["parcels"])
        * np.clip(buyer_stats["from_burst"] / 5.0, 0, 1)
    )
    buyers = _frame(buyer_stats.index)
    buyers["strength"] = buyer_strength.astype(float)
    bh = buyers["strength"] > 0.05
    buyers.loc[bh, "reason"] = [
        f"received {int(b.from_burst)} of its {int(b.parcels)} parcels from newly appeared high-volume sellers"
        for b in buyer_stats[bh].itertuples()
    ]
    buyers.loc[~bh, "strength"] = 0.0
    return pd.concat([out, buyers[~isin(buyers.index, out.index)]]), evidence
