"""Origin laundering (false origin, transshipment): the declared origin against where the seller and the
parcel demonstrably are (``docs/typologies.md``, "Origin laundering").

``origin_mismatch`` judges each parcel from its pieces of country evidence, each weighed by how reliable this
data set shows it to be (``evidence_reliability``) and by how unusual its declared origin is among the sellers
located where it is (``origin_peer_share``); ``origin_laundering`` turns the parcels into a strength per seller.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphintel.model.evidence import column
from graphintel.model.indicators import IndicatorParams, _frame, _mode_by, _records

SELLER_EVIDENCE = ("seller_country", "seller_phone_country", "seller_email_country")
ROUTE_EVIDENCE = ("carrier_country", "postal_country")


def evidence_reliability(piece: pd.Series, against: pd.Series, key: pd.Series, min_parcels: int = 20) -> np.ndarray:
    """Per row: how far a piece of country evidence can be trusted in this data set, in [0, 1].

    The share of parcels on which the piece agrees with ``against`` (where the parcel ships from), per
    ``key`` (one carrier, one posting country) where it has ``min_parcels`` parcels, else over the whole
    column; 60% agreement or less counts for nothing, 90% or more in full. A source that fills a carrier
    or phone field carelessly thus cannot make honest parcels look laundered, and a carrier that almost
    always posts from its home country contradicts the few parcels declared as leaving elsewhere.
    """
    both = ((piece != "") & (against != "")).to_numpy()
    agree = both & (piece == against).to_numpy()
    overall = agree.sum() / max(both.sum(), 1)
    frame = pd.DataFrame({"k": key.to_numpy(), "both": both, "agree": agree})
    per = frame.groupby("k")[["both", "agree"]].sum()
    rate = (per["agree"] / per["both"].clip(lower=1)).where(per["both"] >= min_parcels, overall)
    row_rate = key.map(rate).astype(float).fillna(overall).to_numpy()
    return np.clip((row_rate - 0.6) / 0.3, 0.0, 1.0)


def origin_peer_share(c: pd.DataFrame, long: pd.DataFrame, origin: pd.Series, params: IndicatorParams) -> pd.DataFrame:
    """Per parcel: among the parcels of *other* sellers located where this one is, the share declaring its origin
    (``peer``), and the share declaring the country they are located in (the home share: ``home`` shrunk,
    ``home_cited`` as counted, for the country ``located``).

    ``long`` holds one row per parcel (``row``) and piece of evidence (``country``, reliability ``weight``). A
    parcel is located in the country its reliable evidence points to most (pieces agreeing with the declared
    origin included). NaN where the origin or location is unknown; the peer share also where the peers are
    fewer than ``min_origin_peers`` parcels from five other sellers (no judgement). The home share is shrunk
    towards the typical country's by ``min_origin_peers`` parcels instead (NaN when no country is judged).
    """
    n = len(c)
    pieces = long[(long["country"] != "") & (long["weight"] > 0)]
    per = pieces.groupby(["row", "country"], sort=False)["weight"].sum().reset_index()
    per = per.sort_values(["row", "weight", "country"], ascending=[True, False, True]).drop_duplicates("row")
    located = np.full(n, "", dtype=object)
    located[per["row"].to_numpy()] = per["country"].to_numpy()
    f = pd.DataFrame({"loc": located, "origin": origin.to_numpy(), "seller": column(c, "seller_key").to_numpy()})
    known = ((f["loc"] != "") & (f["origin"] != "") & (f["seller"] != "")).to_numpy()
    k = f[known]

    def count(keys: list[str]) -> np.ndarray:
        return k.groupby(keys, sort=False)["seller"].transform("size").to_numpy()

    peers = count(["loc"]) - count(["loc", "seller"])
    same = count(["loc", "origin"]) - count(["loc", "origin", "seller"])
    home_rows = (k["origin"] == k["loc"]).to_numpy()
    home_all = pd.Series(home_rows).groupby(k["loc"].to_numpy(), sort=False).transform("sum").to_numpy()
    home_own = pd.Series(home_rows).groupby([k["loc"].to_numpy(), k["seller"].to_numpy()], sort=False).transform("sum")
    home = home_all - home_own.to_numpy()
    sellers = k.groupby("loc", sort=False)["seller"].transform("nunique").to_numpy() - 1
    judged = (peers >= params.min_origin_peers) & (sellers >= 5)
    share, home_share = np.full(n, np.nan), np.full(n, np.nan)
    share[known] = np.where(judged, same / np.maximum(peers, 1), np.nan)
    # The home share, shrunk towards the typical country's (the median over the countries judged, one vote
    # each) by ``min_origin_peers`` parcels: a country with few sellers is judged like a typical one.
    typical = pd.Series(home / np.maximum(peers, 1))[judged].groupby(k["loc"].to_numpy()[judged]).median().median()
    if np.isfinite(typical):
        m = params.min_origin_peers
        home_share[known] = (home + m * typical) / (peers + m)
    cited = np.full(n, np.nan)  # the share as counted, where the country is judged: what the officer cites
    cited[known] = np.where(judged, home / np.maximum(peers, 1), np.nan)
    return pd.DataFrame({"peer": share, "home": home_share, "home_cited": cited, "located": located}, index=c.index)


NO_MISMATCH = {
    "points_to": "",
    "pieces": 0.0,
    "route": False,
    "strength": 0.0,
    "peer_share": np.nan,
    "home_share": np.nan,
    "home_country": "",
}  # a parcel whose evidence points nowhere else; ``declared`` and ``claim`` are added per parcel


def origin_mismatch(c: pd.DataFrame, params: IndicatorParams) -> pd.DataFrame:
    """Per parcel: the country its evidence points to other than the declared origin, and how strongly.

    ``route`` marks a parcel whose carrier or postal item was posted in a country other than its declared
    departure (the goods did not leave from where they say); ``pieces`` sums the reliability of the pieces
    of evidence agreeing on ``points_to`` (``evidence_reliability``); ``strength`` follows
    ``docs/typologies.md``, and is 0 when the pieces agreeing with the declared origin outweigh them (a
    Chinese seller posting Chinese goods through Hong Kong launders nothing). A carrier of the
    destination country is the last mile and says nothing. ``declared`` is the country claimed, ``claim``
    says which claim: ``origin``, or ``departure`` where the parcel declares no origin (then the seller's
    own evidence counts only where that departure is rare among the sellers located with it).
    """
    declared_origin = column(c, "origin_country")
    departure = column(c, "departure_country")
    destination = column(c, "destination_country")
    # Where no origin is declared, the declared departure is the claim checked (docs: "declares no origin").
    by_departure = ((declared_origin == "") & (departure != "")).to_numpy()
    origin = declared_origin.where(~by_departure, departure)
    shipped_from = departure.where(departure != "", origin)
    evidence = pd.DataFrame({n: column(c, n) for n in SELLER_EVIDENCE + ROUTE_EVIDENCE}, index=c.index)
    evidence["carrier_country"] = evidence["carrier_country"].where(evidence["carrier_country"] != destination, "")
    keys = {"carrier_country": column(c, "carrier_id"), "postal_country": evidence["postal_country"]}
    weight = pd.DataFrame(
        {
            n: evidence_reliability(evidence[n], shipped_from, keys.get(n, pd.Series("", index=c.index)))
            for n in evidence.columns
        },
        index=c.index,
    )
    elsewhere = (evidence != "") & evidence.ne(origin, axis=0) & (weight > 0)
    out = pd.DataFrame(NO_MISMATCH, index=c.index)
    out["declared"] = origin.to_numpy()
    out["claim"] = np.where(by_departure, "departure", "origin")
    if not elsewhere.to_numpy().any():
        return out
    long = pd.DataFrame(
        {
            "row": np.repeat(np.arange(len(c)), evidence.shape[1]),
            "country": evidence.to_numpy().ravel(),
            "weight": weight.to_numpy().ravel(),
            "use": elsewhere.to_numpy().ravel(),
        }
    )
    peers = origin_peer_share(c, long, origin, params)
    peer_share, home_share = peers["peer"].to_numpy(), peers["home"].to_numpy()
    supports = ((evidence != "") & evidence.eq(origin, axis=0)).to_numpy() * weight.to_numpy()
    support = supports.sum(axis=1)  # the pieces agreeing with the declared origin
    counted = long[long["use"]].groupby(["row", "country"])["weight"].sum().rename("n").reset_index()
    top = counted.sort_values(["row", "n", "country"], ascending=[True, False, True]).drop_duplicates("row")
    rows = top["row"].to_numpy()
    out.iloc[rows, out.columns.get_loc("points_to")] = top["country"].to_numpy()
    out.iloc[rows, out.columns.get_loc("pieces")] = top["n"].to_numpy()
    # Posted elsewhere than the declared departure: only a declared departure can be contradicted.
    route = np.zeros(len(c), dtype=bool)
    for n in ROUTE_EVIDENCE:
        route |= ((evidence[n] != "") & (departure != "") & (evidence[n] != departure) & (origin != "")).to_numpy() & (
            weight[n].to_numpy() >= 0.5
        )
    ships_as_origin = ((origin != "") & (departure == origin)).to_numpy()
    unknown_departure = ((origin != "") & (departure == "")).to_numpy()
    pieces = out["pieces"].to_numpy()
    rare = np.nan_to_num(peer_share, nan=1.0) < params.rare_origin_share
    seller_says, unchecked = _seller_evidence(pieces, rare, home_share, by_departure, params)
    outweighed = pieces >= support  # a seller whose own data agree more with the declared origin is where it says
    out["route"] = route & outweighed
    strength = np.where(route, 1.0, np.where(ships_as_origin, seller_says, np.where(unknown_departure, unchecked, 0.0)))
    out["strength"] = np.where(outweighed, strength, 0.0)
    out["peer_share"] = np.where((out["strength"] > 0) & rare, peer_share, np.nan)  # cited only where rare
    cited = (out["strength"] > 0).to_numpy() & ~route  # the home share is cited for the seller's evidence
    out["home_share"] = np.where(cited, peers["home_cited"].to_numpy(), np.nan)
    out["home_country"] = np.where(cited & np.isfinite(out["home_share"].to_numpy()), peers["located"].to_numpy(), "")
    return out


def _seller_evidence(
    pieces: np.ndarray, rare: np.ndarray, home_share: np.ndarray, by_departure: np.ndarray, params: IndicatorParams
) -> tuple[np.ndarray, np.ndarray]:
    """Per parcel, the strength of the seller's own evidence: where the goods were routed through the country
    claimed (``seller elsewhere``) and where the departure is unknown (``departure unknown``).

    ``rare`` marks a claim that sellers located there almost never make: a further piece an officer would cite.
    """
    enough = pieces >= params.min_origin_evidence - 0.25
    one = pieces >= 0.75
    seller_says = np.where(enough, np.where(rare, 0.9, 0.8), np.where(one, np.where(rare, 0.7, 0.4), 0.0))
    unchecked = np.where(enough, np.where(rare, 0.8, 0.3), np.where(one & rare, 0.5, 0.0))
    # Where the sellers located there commonly declare foreign origins (brands making abroad, traders in a
    # hub), a seller there declaring another origin is ordinary: only the route can contradict it.
    makers = np.clip(
        (np.nan_to_num(home_share, nan=1.0) - params.home_origin_low)
        / (params.home_origin_full - params.home_origin_low),
        0.0,
        1.0,
    )
    # A departure alone is checked against the seller only where it is unusual for where the seller is: a
    # seller sending from its hub or overseas warehouse is ordinary where its peers do the same.
    seller_says = np.where(by_departure & ~rare, 0.0, seller_says * makers)
    return seller_says, unchecked * makers


def origin_laundering(
    c: pd.DataFrame,
    mismatch: pd.DataFrame,
    defended: np.ndarray,
    params: IndicatorParams,
    against_interest: np.ndarray | None = None,
) -> pd.DataFrame:
    """Sellers whose parcels' declared origin disagrees with where the seller and the parcel demonstrably are.

    ``defended`` marks parcels whose goods are under a trade-defence measure in the destination against
    the country the evidence points to: their strength is raised by half (capped at 1). ``against_interest``
    marks parcels whose *declared* origin faces such a measure: nobody launders goods into a duty, so
    those count for nothing (an honest re-exporter declaring the maker's country).
    """
    boost = np.where(defended, 1.5, 1.0)
    if against_interest is not None:
        boost = np.where(against_interest & ~defended, 0.0, boost)
    strength = np.minimum(mismatch["strength"].to_numpy() * boost, 1.0)
    frame = pd.DataFrame(
        {
            "seller": column(c, "seller_key").to_numpy(),
            "s": strength,
            "hit": strength > 0,
            "route": mismatch["route"].to_numpy(),
            "defended": defended & (strength > 0),
            "pieces": mismatch["pieces"].to_numpy(),
            "origin": mismatch["declared"].to_numpy(),
            "claim": mismatch["claim"].to_numpy(),
            "points_to": mismatch["points_to"].to_numpy(),
            "known": mismatch["declared"].to_numpy() != "",
            "carrier": column(c, "carrier_id").to_numpy(),
            "peer_share": mismatch["peer_share"].to_numpy(),
            "home_share": mismatch["home_share"].to_numpy(),
            "home_country": mismatch["home_country"].to_numpy(),
        }
    )
    frame = frame[(frame["seller"] != "") & frame["known"]]
    stats = frame.groupby("seller", sort=False).agg(
        parcels=("s", "size"),
        mismatch=("hit", "sum"),
        mean=("s", "mean"),
        route=("route", "sum"),
        defended=("defended", "sum"),
        pieces=("pieces", "max"),
        peer_share=("peer_share", "min"),
        home_share=("home_share", "median"),
    )
    hits = frame[frame["hit"]]
    stats["origin"] = _mode_by(hits, "seller", "origin")
    stats["points_to"] = _mode_by(hits, "seller", "points_to")
    stats["claim"] = _mode_by(hits, "seller", "claim").reindex(stats.index).fillna("origin")
    stats["carrier"] = _mode_by(hits, "seller", "carrier").reindex(stats.index).fillna("")
    stats["home_country"] = _mode_by(hits, "seller", "home_country").reindex(stats.index).fillna("")
    value = stats["mean"] * np.clip(stats["mismatch"] / 6.0, 0, 1)
    value[stats["mismatch"] < 3] = 0.0
    out = _frame(stats.index)
    out["strength"] = value.astype(float)
    hit = out["strength"] > 0
    fields = (
        "mismatch",
        "parcels",
        "origin",
        "claim",
        "points_to",
        "route",
        "defended",
        "pieces",
        "carrier",
        "peer_share",
        "home_share",
        "home_country",
    )
    out.loc[hit, "values"] = pd.Series(
        _records(stats[hit], {f: f for f in fields}), index=stats.index[hit], dtype=object
    )
    return out
