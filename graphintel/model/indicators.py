"""Typology indicators, each the evidence an officer would cite (``docs/typologies.md``).

Each detector is a function of the consignment, party and identifier-link
frames and returns a per-party frame with a ``strength`` in [0, 1] and a
``values`` record: the numbers behind it, worded only where they are shown
(``graphintel.model.typology_reasons``). Consignment-level flags (``consignment_flags``)
mark the parcels that are each scheme's evidence.

The consignment frame carries the evidence columns of
``graphintel.model.evidence.add_evidence`` (thresholds in the parcel's own
currency, values in USD, contact and carrier countries). Any of them may be
absent or empty: an indicator without its evidence scores 0.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphintel.analytics.projection import CONTACT_KINDS
from graphintel.frames import isin
from graphintel.model.evidence import column, number

KIND_WEIGHT = {"phone": 1.0, "email": 1.0, "domain": 0.6, "address": 0.8}  # a shared mobile rarely is honest


@dataclass(frozen=True)
class IndicatorParams:
    """The parameters of ``docs/typologies.md``; defaults from customs practice, not fitted to any data."""

    under_band: float = 0.5  # "just under" = in the upper half below a threshold (the fewest-parcel split)
    split_window_days: int = 30
    min_under_parcels: int = 4  # in one window
    full_under_parcels: int = 12
    low_value_ratio: float = 0.35  # unit value below 35% of the HS peer median
    min_low_share: float = 0.2  # a seller's low parcels count from a fifth of its parcels ...
    full_low_share: float = 2 / 3  # ... and in full from two thirds
    min_peer_parcels: int = 20
    min_peer_sellers: int = 3
    hub_limit: int = 50
    min_mule_names: int = 4
    full_mule_names: int = 6
    full_shell_names: int = 4
    min_origin_evidence: int = 2
    rare_origin_share: float = 0.03  # under 3% of the other sellers located there declare this origin
    min_origin_peers: int = 100  # parcels of other sellers located in the country, from 5 sellers
    home_origin_low: float = 0.5  # sellers located in a country declaring its own origin on half their parcels
    home_origin_full: float = 0.8  # ... or less: a foreign origin is ordinary there; 80% or more: it counts in full
    burst_days: int = 21
    burst_min_parcels: int = 10
    burst_rate_ratio: float = 5.0


def _frame(index: pd.Index) -> pd.DataFrame:
    out = pd.DataFrame({"strength": 0.0}, index=index)
    out["values"] = None
    return out


def _mode_by(frame: pd.DataFrame, key: str, col: str) -> pd.Series:
    """The most frequent non-empty ``col`` value per ``key``."""
    values = frame[[key, col]].dropna()
    values = values[values[col].astype(str) != ""]
    counts = values.groupby([key, col], sort=False).size().rename("n").reset_index()
    top = counts.sort_values(["n", col], ascending=[False, True]).drop_duplicates(key)
    return top.set_index(key)[col]


def _records(frame: pd.DataFrame, columns: dict[str, str]) -> list[dict]:
    """One plain dict per row: ``{name: row[column]}``, numbers as Python numbers."""
    picked = frame[list(columns.values())].rename(columns={v: k for k, v in columns.items()})
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in rec.items()} for rec in picked.to_dict("records")]


# -- consignment facts --------------------------------------------------------------
def consignment_flags(c: pd.DataFrame, params: IndicatorParams) -> pd.DataFrame:
    """Per-consignment facts: value band against each threshold, unit value against HS peers."""
    flags = pd.DataFrame(index=c.index)
    value = number(c, "declared_value")
    in_band = np.zeros(len(c), dtype=bool)
    above = np.zeros(len(c), dtype=bool)
    band_threshold = np.full(len(c), np.nan)
    observed = np.zeros(len(c), dtype=bool)
    # The duty threshold wins where several apply; the one observed in the data counts where the table's do not.
    for name in ("threshold_observed", "threshold_vat", "threshold_duty"):
        limit = number(c, name).to_numpy()
        usable = limit > 0
        hit = usable & (value.to_numpy() >= limit * (1 - params.under_band)) & (value.to_numpy() < limit)
        in_band |= hit
        band_threshold = np.where(hit, limit, band_threshold)
        observed = np.where(hit, name == "threshold_observed", observed)
        if name != "threshold_observed":
            above |= usable & (value.to_numpy() >= limit)
    flags["in_band"] = in_band
    flags["above_threshold"] = above & ~in_band
    flags["band_threshold"] = band_threshold
    flags["band_observed"] = observed
    flags["unit_value_ratio"], flags["unit_basis"] = unit_value_ratio(c, params)
    flags["low_value"] = (flags["unit_value_ratio"] < params.low_value_ratio).to_numpy()
    return flags


def unit_value_ratio(c: pd.DataFrame, params: IndicatorParams) -> tuple[pd.Series, pd.Series]:
    """Each parcel's unit value as a share of its HS peers' median (NaN where no peers), and the basis.

    Per kg where the weight is positive, per unit where the quantity is, per parcel otherwise; in USD
    where the currency is known, otherwise only against peers in the same declared currency. Peers:
    HS6, then HS4, then HS2, the first with ``min_peer_parcels`` parcels from ``min_peer_sellers`` sellers.
    """
    value = number(c, "declared_value")
    usd = number(c, "value_usd")
    weight, quantity = number(c, "gross_weight_kg"), number(c, "quantity")
    money = usd.where(usd.notna(), value)
    money_group = np.where(usd.notna(), "USD", "raw:" + column(c, "currency"))
    basis = np.where(weight > 0, "kg", np.where(quantity > 0, "unit", "parcel"))
    denominator = np.where(weight > 0, weight, np.where(quantity > 0, quantity, 1.0))
    log_unit = np.log(money.clip(lower=0) / denominator + 1e-9)
    log_unit = log_unit.where(money.notna())
    digits = column(c, "hs6") if "hs6" in c else column(c, "hs_code").str.replace(r"\D", "", regex=True)
    seller = column(c, "seller_key")
    peer = pd.Series(np.nan, index=c.index)
    for width in (6, 4, 2):
        code = digits.str.slice(0, width)
        key = pd.Series(basis + "|" + money_group + "|" + code.to_numpy(), index=c.index)
        key = key.where((code.str.len() == width) & log_unit.notna())
        grouped = log_unit.groupby(key, sort=False)
        median, count = grouped.transform("median"), grouped.transform("count")
        sellers = seller.groupby(key, sort=False).transform("nunique")
        ok = peer.isna() & (count >= params.min_peer_parcels) & (sellers >= params.min_peer_sellers)
        peer = peer.where(~ok, median)
    ratio = np.exp(log_unit - peer)
    return ratio, pd.Series(basis, index=c.index)


# -- hubs ------------------------------------------------------------------------------
def contact_links(links: pd.DataFrame, parties: pd.DataFrame) -> pd.DataFrame:
    """The parties' contact identifiers, plus each company e-mail domain as an identifier of its own.

    Columns: ``party``, ``identifier``, ``kind``, ``label`` (Seller/Buyer), ``name`` (normalised; the
    party key where the source gives no name). Free-mail and national mail domains are no company's.
    An identifier only one party holds ties no one, and is left out (most of them: a million parties
    hold a million phones).
    """
    rows = links[isin(links["kind"], list(CONTACT_KINDS))][["party", "identifier", "kind", "value"]]
    emails = rows[rows["kind"] == "email"]
    if len(emails):
        domain = emails["value"].fillna("").astype(str).str.rsplit("@", n=1).str[-1].str.lower()
        codes, uniques = pd.factorize(domain)
        company = np.array([is_company_domain(d) for d in uniques.tolist()] + [False])[codes]
        domains = emails[company].assign(identifier="domain:" + domain[company], kind="domain")
        rows = pd.concat([rows, domains], ignore_index=True)
    seen = rows["identifier"].value_counts()  # rows, not parties: an identifier on one row ties no one
    rows = rows[isin(rows["identifier"], seen.index[(seen >= 2).to_numpy()])]
    held = rows.drop_duplicates(["identifier", "party"])["identifier"].value_counts()
    rows = rows[isin(rows["identifier"], held.index[(held >= 2).to_numpy()])]
    facts = parties.drop_duplicates("key").set_index("key")
    rows = rows.assign(label=rows["party"].map(facts["label"]).to_numpy())
    name = rows["party"].map(facts["name_norm"]).fillna("").astype(str) if "name_norm" in facts else rows["party"]
    rows["name"] = np.where(name != "", name, rows["party"])
    return rows[rows["label"].notna()].reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _mail_providers() -> tuple[frozenset[str], frozenset[str]]:
    """The mail providers' domains, and their brands (``yahoo`` of ``yahoo.com``), from the shipped table."""
    from graphintel import reference

    domains = frozenset(reference.domains_table()["domain"])
    return domains, frozenset(d.split(".")[0] for d in domains)


def is_company_domain(domain: str) -> bool:
    """Whether an e-mail domain can be a company's own: not a free-mail or national provider, under any
    country's suffix (``yahoo.co.uk`` is Yahoo's as much as ``yahoo.com``).

    >>> is_company_domain("acme-trading.com"), is_company_domain("yahoo.co.uk"), is_company_domain("qq.com")
    (True, False, False)
    >>> is_company_domain("ms12.hinet.net")  # a provider's subdomain is the provider's
    False
    """
    domains, brands = _mail_providers()
    labels = domain.split(".")
    provider = any(".".join(labels[i:]) in domains for i in range(len(labels) - 1))
    return bool(domain) and "." in domain and not provider and labels[0] not in brands


def find_hubs(contacts: pd.DataFrame, c: pd.DataFrame, params: IndicatorParams) -> pd.Index:
    """Identifiers that many unrelated parties legitimately share (a depot, a marketplace's address).

    Buyer-held: more than ``hub_limit`` sharers supplied by many sellers (the three biggest send under
    half the parcels). Seller-held: more than twice ``hub_limit`` sharers.
    """
    sharers = contacts.groupby("identifier", sort=False)["party"].nunique()
    buyer_share = (contacts["label"] == "Buyer").groupby(contacts["identifier"], sort=False).mean()
    wide = sharers[sharers > params.hub_limit]
    if wide.empty:
        return pd.Index([], dtype=object)
    concentration = seller_concentration(contacts[isin(contacts["identifier"], wide.index)], c)
    buyer_side = buyer_share.reindex(wide.index) >= 0.5
    broad = concentration.reindex(wide.index).fillna(0.0) < 0.5
    hub = (buyer_side & broad) | (~buyer_side & (wide > 2 * params.hub_limit))
    return pd.Index(wide.index[hub.to_numpy()])


def seller_concentration(contacts: pd.DataFrame, c: pd.DataFrame) -> pd.Series:
    """Per buyer-held identifier: the share of its buyers' parcels sent by its three biggest sellers."""
    held = contacts[contacts["label"] == "Buyer"][["identifier", "party"]].drop_duplicates()
    trade = c[["buyer_key", "seller_key"]].dropna()
    joined = held.merge(trade, left_on="party", right_on="buyer_key")
    if joined.empty:
        return pd.Series(dtype=float)
    per = joined.groupby(["identifier", "seller_key"], sort=False).size().rename("n").reset_index()
    per = per.sort_values(["identifier", "n"], ascending=[True, False])
    top3 = per.groupby("identifier", sort=False).head(3).groupby("identifier", sort=False)["n"].sum()
    return top3 / per.groupby("identifier", sort=False)["n"].sum()


# -- splitting ---------------------------------------------------------------------------
def _best_window(group: np.ndarray, day: np.ndarray, window: int) -> pd.Series:
    """Per group code: the most rows whose ``day`` falls in one ``window``-day span."""
    if len(group) == 0:
        return pd.Series(dtype=float)
    span = int(day.max()) + window + 1
    key = np.sort(group.astype(np.int64) * span + day.astype(np.int64))
    counts = np.searchsorted(key, key + window, side="left") - np.arange(len(key))
    return pd.Series(counts).groupby(key // span).max()


def splitting(
    c: pd.DataFrame, flags: pd.DataFrame, contacts: pd.DataFrame, hubs: pd.Index, params: IndicatorParams
) -> tuple[pd.DataFrame, pd.Series]:
    """Consignees (a buyer, a delivery address, a buyer phone) receiving many parcels just under a threshold.

    Returns the per-party frame and a per-consignment strength for the evidence parcels.
    """
    dates = pd.to_datetime(c["declaration_date"], errors="coerce")
    day = ((dates - dates.min()).dt.days.fillna(0)).to_numpy(dtype=np.int64)
    buyer = column(c, "buyer_key")
    phones = contacts[(contacts["kind"] == "phone") & (contacts["label"] == "Buyer")]
    phone_of = phones[~isin(phones["identifier"], hubs)].drop_duplicates("party").set_index("party")["identifier"]
    address = column(c, "delivery_address_key")
    consignees = {
        "buyer": buyer,
        "delivery address": address.where(~isin(address, hubs), ""),
        "phone": buyer.map(phone_of).astype(object).fillna(""),
    }
    band = flags["in_band"].to_numpy()
    above = flags["above_threshold"].to_numpy()
    parcel_strength = np.zeros(len(c))
    party = _frame(pd.Index(pd.unique(pd.concat([buyer, column(c, "seller_key")]))))
    party = party[party.index != ""]
    for kind, key in consignees.items():
        codes, groups = pd.factorize(key.to_numpy(dtype=object))
        has = (codes >= 0) & (key.to_numpy(dtype=object) != "")
        frame = pd.DataFrame(
            {"g": codes[has], "band": band[has], "above": above[has], "buyer": buyer.to_numpy()[has]},
        )
        stats = frame.groupby("g").agg(
            parcels=("band", "size"), band=("band", "sum"), above=("above", "sum"), buyers=("buyer", "nunique")
        )
        window = _best_window(codes[has & band], day[has & band], params.split_window_days)
        stats["window"] = window.reindex(stats.index).fillna(0)
        stats["share"] = stats["band"] / stats["parcels"]
        strength = (
            np.clip(stats["window"] / params.full_under_parcels, 0, 1)
            * np.sqrt(stats["share"])
            * (1 - stats["above"] / stats["parcels"])
        )
        stats["strength"] = strength.where(stats["window"] >= params.min_under_parcels, 0.0)
        row_strength = np.zeros(len(c))
        row_strength[has] = stats["strength"].reindex(codes[has]).to_numpy()
        parcel_strength = np.maximum(parcel_strength, row_strength * band)
        _credit_splitting(party, c, kind, codes, has, band, row_strength, stats, flags, params)
    return party, pd.Series(parcel_strength, index=c.index)


def _credit_splitting(party, c, kind, codes, has, band, row_strength, stats, flags, params) -> None:
    """Give each buyer of a splitting consignee, and each seller feeding it, the consignee's strength."""
    strong = has & (row_strength > 0)
    if not strong.any():
        return
    rows = pd.DataFrame(
        {
            "g": codes[strong],
            "buyer": column(c, "buyer_key").to_numpy()[strong],
            "seller": column(c, "seller_key").to_numpy()[strong],
            "band": band[strong],
            "threshold": flags["band_threshold"].to_numpy()[strong],
            "observed": flags["band_observed"].to_numpy()[strong],
            "currency": column(c, "currency").to_numpy()[strong],
            "strength": row_strength[strong],
        }
    )
    rows["threshold"] = rows.groupby("g")["threshold"].transform("median")
    rows["currency"] = rows.groupby("g")["currency"].transform("first")
    rows["observed"] = rows.groupby("g")["observed"].transform("mean") > 0.5
    facts = stats.reindex(rows["g"]).reset_index(drop=True)
    rows = pd.concat([rows, facts[["parcels", "band", "window", "share", "buyers"]].add_prefix("g_")], axis=1)
    buyers = rows.sort_values("strength", ascending=False).drop_duplicates("buyer")
    _raise(party, buyers["buyer"], buyers["strength"], buyers.assign(kind=kind), "consignee", params)
    fed = (
        rows[rows["band"]].groupby(["seller", "g"], sort=False).agg(n=("band", "size"), strength=("strength", "first"))
    )
    fed = fed.reset_index()
    fed["strength"] = fed["strength"] * np.clip(fed["n"] / params.min_under_parcels, 0, 1)
    fed = fed.sort_values("strength", ascending=False).drop_duplicates("seller")
    fed = fed.merge(rows.drop_duplicates("g").drop(columns=["strength", "seller", "buyer", "band"]), on="g")
    _raise(party, fed["seller"], fed["strength"], fed.assign(kind=kind), "seller", params)


def _raise(
    party: pd.DataFrame, keys: pd.Series, strength: pd.Series, facts: pd.DataFrame, role: str, params: IndicatorParams
) -> None:
    """Set the strength and values of ``keys`` where the new strength beats the one held."""
    keys = keys.to_numpy(dtype=object)
    strength = strength.to_numpy(dtype=float)
    held = party["strength"].reindex(keys).fillna(0.0).to_numpy()
    better = (strength > held) & isin(pd.Series(keys, dtype=object), party.index)
    if not better.any():
        return
    chosen = facts[better]
    values = _records(
        chosen,
        {
            "role": "kind",
            "buyers": "g_buyers",
            "parcels": "g_parcels",
            "in_band": "g_band",
            "window_parcels": "g_window",
            "share": "g_share",
            "threshold": "threshold",
            "observed": "observed",
            "currency": "currency",
            **({"sent": "n"} if role == "seller" else {}),
        },
    )
    for record in values:
        record.update(window_days=params.split_window_days, band=params.under_band, **{"as": role})
    party.loc[keys[better], "strength"] = strength[better]
    party.loc[keys[better], "values"] = pd.Series(values, index=keys[better], dtype=object)


# -- undervaluation ---------------------------------------------------------------------
def undervaluation(c: pd.DataFrame, flags: pd.DataFrame, params: IndicatorParams) -> pd.DataFrame:
    """Sellers whose unit values sit far below their HS peers'; their consignees at half strength."""
    frame = pd.DataFrame(
        {
            "seller": column(c, "seller_key"),
            "buyer": column(c, "buyer_key"),
            "low": flags["low_value"].to_numpy(),
            "ratio": flags["unit_value_ratio"].to_numpy(),
            "hs": column(c, "hs6"),
            "declarant": column(c, "declarant_id"),
        }
    )
    frame = frame[(frame["seller"] != "") & frame["ratio"].notna()]
    stats = frame.groupby("seller", sort=False).agg(
        parcels=("low", "size"), low=("low", "sum"), ratio=("ratio", "median")
    )
    stats["hs"] = _mode_by(frame[frame["low"]], "seller", "hs")
    stats["declarant"] = _mode_by(frame[frame["low"]], "seller", "declarant").reindex(stats.index).fillna("")
    stats["share"] = stats["low"] / stats["parcels"]
    # A steady part of its trade: nothing at a fifth of its parcels, full at two thirds (a clearance seller's
    # occasional cheap lot is no pattern).
    steady = np.clip((stats["share"] - params.min_low_share) / (params.full_low_share - params.min_low_share), 0, 1)
    strength = steady * np.clip(stats["low"] / 8.0, 0, 1)
    strength[stats["low"] < 3] = 0.0
    out = _frame(stats.index)
    out["strength"] = strength.astype(float)
    hit = out["strength"] > 0
    out.loc[hit, "values"] = pd.Series(
        _records(stats[hit], {f: f for f in ("low", "parcels", "hs", "declarant")} | {"median_ratio": "ratio"}),
        index=stats.index[hit],
        dtype=object,
    )
    for record in out.loc[hit, "values"]:
        record["bar"] = params.low_value_ratio
    # Consignees taking mostly low parcels from undervaluing sellers.
    seller_strength = frame["seller"].map(out["strength"]).astype(float).fillna(0.0)
    frame = frame.assign(s=seller_strength, flagged=frame["low"] & (seller_strength > 0))
    extra = _sharing_buyers(frame, "consignee", "low", scale=0.5, full=2, exclude=out.index[hit])
    return pd.concat([out[~isin(out.index, extra.index)], extra])


def parcel_undervaluation(flags: pd.DataFrame, params: IndicatorParams) -> np.ndarray:
    """Per parcel, its own price alone: half strength at a tenth of the peer unit value or less, nothing at
    the bar (``low_value_ratio``) or above. Worth inspecting that parcel, never grounds to flag its seller.
    """
    ratio = flags["unit_value_ratio"].to_numpy(dtype=float)
    depth = (params.low_value_ratio - ratio) / max(params.low_value_ratio - 0.10, 1e-9)
    return np.nan_to_num(0.5 * np.clip(depth, 0.0, 1.0), nan=0.0)


def _sharing_buyers(
    frame: pd.DataFrame, role: str, counted: str, scale: float, full: int, exclude: pd.Index
) -> pd.DataFrame:
    """Buyers sharing their sellers' signal: ``scale`` × the strongest seller's strength × the share of
    the buyer's parcels that are ``flagged``, full from ``full`` such parcels; buyers in ``exclude`` and
    weak shares (0.05 or less) left out. ``frame`` has ``buyer``, ``s`` (seller strength), ``flagged``.
    """
    frame = frame[frame["buyer"] != ""]
    stats = frame.groupby("buyer", sort=False).agg(parcels=("s", "size"), flagged=("flagged", "sum"), s=("s", "max"))
    share = stats["flagged"] / stats["parcels"]
    strength = scale * stats["s"].fillna(0.0) * share * np.clip(stats["flagged"] / full, 0, 1)
    stats = stats[(strength > 0.05) & ~isin(stats.index, exclude)]
    out = _frame(stats.index)
    out["strength"] = strength.reindex(stats.index).astype(float)
    out["values"] = pd.Series(
        [{"as": role, counted: int(b.flagged), "parcels": int(b.parcels)} for b in stats.itertuples()],
        index=stats.index,
        dtype=object,
    )
    return out


# -- shared identifiers -------------------------------------------------------------------
def shared_identifiers(
    contacts: pd.DataFrame, c: pd.DataFrame, hubs: pd.Index, role: str, params: IndicatorParams
) -> pd.DataFrame:
    """Parties of one role sharing a specific identifier under different names.

    ``role`` "Seller": shell sellers (full at ``full_shell_names`` names, a phone or e-mail weighing more
    than an address). ``role`` "Buyer": mule consignees (``min_mule_names`` to ``full_mule_names``
    names, scaled by how few sellers supply them).
    """
    rows = contacts[(contacts["label"] == role) & ~isin(contacts["identifier"], hubs)]
    keys = pd.Index(pd.unique(contacts.loc[contacts["label"] == role, "party"]))
    out = _frame(keys)
    if rows.empty:
        return out
    per = rows.groupby("identifier", sort=False).agg(
        names=("name", "nunique"), parties=("party", "nunique"), kind=("kind", "first")
    )
    if role == "Seller":
        weight = per["kind"].map(KIND_WEIGHT).fillna(0.8)
        per["strength"] = np.clip((per["names"] - 1) / (params.full_shell_names - 1), 0, 1) * weight
    else:
        low, full = params.min_mule_names - 1, params.full_mule_names
        per["concentration"] = seller_concentration(rows, c).reindex(per.index).fillna(1.0)
        scale = np.clip((per["concentration"] - 0.3) / 0.4, 0, 1)
        per["strength"] = np.clip((per["names"] - low) / (full - low), 0, 1) * scale
    per = per[per["strength"] > 0]
    joined = rows.merge(per, left_on="identifier", right_index=True)
    best = joined.sort_values(["strength", "identifier"], ascending=[False, True]).drop_duplicates("party")
    best = best.set_index("party")
    out.loc[best.index, "strength"] = best["strength"].to_numpy(dtype=float)
    columns = {"names": "names", "parties": "parties", "kind": "kind_y" if "kind_y" in best else "kind"}
    if role == "Buyer":
        columns["top_sellers_share"] = "concentration"
    out.loc[best.index, "values"] = pd.Series(_records(best, columns), index=best.index, dtype=object)
    return out


# -- bursts -----------------------------------------------------------------------------------
def burst(c: pd.DataFrame, params: IndicatorParams) -> tuple[pd.DataFrame, pd.Series]:
    """Sellers with a short active span at many times the median seller's daily rate, to few buyers.

    Their buyers share the signal when most of their parcels come from burst sellers.
    """
    frame = pd.DataFrame(
        {
            "seller": column(c, "seller_key"),
            "buyer": column(c, "buyer_key"),
            "date": pd.to_datetime(c["declaration_date"], errors="coerce"),
        }
    )
    frame = frame[(frame["seller"] != "") & frame["date"].notna()]
    stats = frame.groupby("seller", sort=False).agg(
        first=("date", "min"), last=("date", "max"), parcels=("date", "size"), buyers=("buyer", "nunique")
    )
    stats["span"] = (stats["last"] - stats["first"]).dt.days + 1
    stats["rate"] = stats["parcels"] / stats["span"]
    active = stats[stats["parcels"] >= 2]
    median_rate = float(active["rate"].median()) if len(active) else 0.0
    per_buyer = stats["parcels"] / stats["buyers"].clip(lower=1)
    ratio = stats["rate"] / max(median_rate, 1e-9)
    gate = (stats["parcels"] >= params.burst_min_parcels) & (ratio >= params.burst_rate_ratio)
    # Full within ``burst_days``, fading to nothing at twice that: a hit-and-run of 23 days is no less one.
    short = np.clip((2 * params.burst_days - stats["span"]) / params.burst_days, 0, 1)
    strength = (
        np.clip(np.log(ratio.clip(lower=1)) / np.log(params.burst_rate_ratio * 4), 0, 1)
        * np.clip(stats["parcels"] / 20.0, 0, 1)
        * np.clip(per_buyer / 3.0, 0.3, 1)
        * short
    ).where(gate & (short > 0), 0.0)
    out = _frame(stats.index)
    out["strength"] = strength.astype(float)
    hit = out["strength"] > 0
    stats["first_day"] = stats["first"].dt.date.astype(str)
    stats["last_day"] = stats["last"].dt.date.astype(str)
    stats["median_rate"] = median_rate
    fields = {f: f for f in ("parcels", "buyers", "span", "rate", "median_rate", "first_day", "last_day")}
    out.loc[hit, "values"] = pd.Series(_records(stats[hit], fields), index=stats.index[hit], dtype=object)
    seller_strength = column(c, "seller_key").map(out["strength"]).astype(float).fillna(0.0)
    evidence = pd.Series(seller_strength.to_numpy(dtype=float), index=c.index)
    # Buyers mostly supplied by burst sellers.
    frame = frame.assign(s=frame["seller"].map(out["strength"]).astype(float).fillna(0.0))
    buyers = _sharing_buyers(frame.assign(flagged=frame["s"] > 0), "buyer", "from_burst", 1.0, 5, out.index)
    return pd.concat([out, buyers]), evidence


def modus_operandi(strengths: pd.DataFrame, evidence: pd.DataFrame, threshold: float) -> pd.Series:
    """Per seller: a signature of how it offends, for the schemes whose rings need share no identifier.

    Sellers laundering the same declared origin for the same true country through the same carrier, or
    undervaluing the same goods (HS4) through the same broker, are one case to an officer even when no
    phone or address ties them. "" for every other party.
    """
    out = pd.Series("", index=strengths.index, dtype=object)
    for scheme, fields in (
        ("undervaluation", ("hs", "declarant")),
        ("origin_laundering", ("origin", "points_to", "carrier")),
    ):
        if scheme not in strengths:
            continue
        hit = (strengths[scheme] >= threshold).to_numpy() & (out == "").to_numpy()
        for i in np.flatnonzero(hit):
            values = evidence[scheme].iat[i] or {}
            if values.get("as"):  # a consignee sharing the signal, not an offender
                continue
            parts = [str(values.get(f) or "")[: 4 if f == "hs" else None] for f in fields]
            out.iat[i] = scheme + "|" + "|".join(parts)
    return out
