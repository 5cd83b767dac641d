"""Unit tests without a store: the network algorithms on five-node graphs and the indicators on ten-row frames.

Every expected value is worked out by hand in the test (or its docstring), so a change of behaviour fails here
with the number that moved.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graphintel.analytics import algorithms
from graphintel.model import indicators as ind
from graphintel.model import origin

ENGINES = algorithms.ENGINES  # igraph and networkx must give the same answers


# -- network algorithms on five nodes ------------------------------------------------------------
def bridged() -> nx.Graph:
    """A triangle a-b-c joined by a light edge c-d (weight 0.5) to the pair d-e."""
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 1.0), ("b", "c", 1.0), ("a", "c", 1.0), ("c", "d", 0.5), ("d", "e", 1.0)])
    return g


def star() -> nx.Graph:
    """A hub with four leaves, unit weights."""
    g = nx.Graph()
    g.add_weighted_edges_from([("hub", leaf, 1.0) for leaf in ("l1", "l2", "l3", "l4")])
    return g


@pytest.mark.parametrize("engine", ENGINES)
def test_components_of_five_nodes_and_the_weight_floor(engine):
    assert algorithms.connected_components(bridged(), engine=engine) == dict.fromkeys("abcde", 0)
    # Above the bridge's weight the triangle (larger, numbered first) and the pair fall apart.
    assert algorithms.connected_components(bridged(), min_weight=0.6, engine=engine) == {
        "a": 0,
        "b": 0,
        "c": 0,
        "d": 1,
        "e": 1,
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_louvain_splits_the_bridge_between_triangle_and_pair(engine):
    """Unit weights: m = 5 edges, degrees a2 b2 c3 d2 e1. {a,b,c} | {d,e} has modularity
    (3/5 - (7/10)^2) + (1/5 - (3/10)^2) = 0.11 + 0.11 = 0.22, the best of all partitions
    ({a,b} | {c,d,e}: 0.08; everything together: 0)."""
    g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e")])
    found = algorithms.communities(g, seed=7, engine=engine)
    assert found == {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1}
    assert algorithms.modularity(g, found) == pytest.approx(0.22, abs=1e-12)
    assert algorithms.modularity(g, {"a": 0, "b": 0, "c": 1, "d": 1, "e": 1}) == pytest.approx(0.08, abs=1e-12)


@pytest.mark.parametrize("engine", ENGINES)
def test_degree_and_pagerank_of_a_star(engine):
    """PageRank (damping 0.85) of a star of N = 5: hub x, leaves y with y = 0.15/5 + 0.85 x / 4 and
    x = 0.15/5 + 0.85 * 4y, so x = 0.132 / 0.2775 = 88/185 and y = (1 - x) / 4 = 97/740."""
    result = algorithms.centrality(star(), engine=engine)
    assert result["degree"] == {"hub": 4.0, "l1": 1.0, "l2": 1.0, "l3": 1.0, "l4": 1.0}
    tolerance = 1e-9 if engine == "igraph" else 1e-5  # networkx stops once the change is under N * 1e-6
    assert result["pagerank"]["hub"] == pytest.approx(88 / 185, abs=tolerance)
    for leaf in ("l1", "l2", "l3", "l4"):
        assert result["pagerank"][leaf] == pytest.approx(97 / 740, abs=tolerance)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_graph_without_edges_has_zero_pagerank(engine):
    g = nx.Graph()
    g.add_nodes_from(["a", "b"])
    assert algorithms.centrality(g, engine=engine) == {"degree": {"a": 0, "b": 0}, "pagerank": {"a": 0.0, "b": 0.0}}


def test_weighted_degree_and_core_numbers_of_the_bridged_graph():
    degree = algorithms.centrality(bridged())["degree"]
    assert degree == {"a": 2.0, "b": 2.0, "c": 2.5, "d": 1.5, "e": 1.0}
    assert algorithms.core_numbers(bridged()) == {"a": 2, "b": 2, "c": 2, "d": 1, "e": 1}


# -- indicators on ten rows ------------------------------------------------------------------------
def no_contacts() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ("party", "identifier", "kind", "label", "name")})


def contacts(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["party", "identifier", "kind", "label", "name"])


def split_frame() -> pd.DataFrame:
    """Ten parcels against a 150 EUR threshold (just under: 112.50 to 149.99).

    Buyer B1: six parcels just under (days 0, 5, 10, 20, 29 from S1/S2, and day 40) and one at 50.
    Buyer B2: one above (200), one just under (140), one at 60, all from S3.
    """
    rows = [  # day, value, seller, buyer
        (0, 140, "S1", "B1"),
        (5, 130, "S1", "B1"),
        (10, 145, "S1", "B1"),
        (20, 120, "S1", "B1"),
        (29, 140, "S2", "B1"),
        (40, 149, "S2", "B1"),
        (1, 50, "S2", "B1"),
        (3, 200, "S3", "B2"),
        (4, 140, "S3", "B2"),
        (6, 60, "S3", "B2"),
    ]
    start = pd.Timestamp("2025-03-01")
    return pd.DataFrame(
        {
            "consignment_id": [f"C{i}" for i in range(10)],
            "declaration_date": [(start + pd.Timedelta(days=r[0])).strftime("%Y-%m-%d") for r in rows],
            "declared_value": [float(r[1]) for r in rows],
            "threshold_duty": 150.0,
            "currency": "EUR",
            "seller_key": [r[2] for r in rows],
            "buyer_key": [r[3] for r in rows],
            "delivery_address_key": ["address:1" if r[3] == "B1" else "address:2" for r in rows],
        }
    )


def test_consignment_flags_mark_the_band_just_under_the_threshold():
    flags = ind.consignment_flags(split_frame(), ind.IndicatorParams())
    assert flags["in_band"].tolist() == [True] * 6 + [False, False, True, False]
    assert flags["above_threshold"].tolist() == [False] * 7 + [True, False, False]
    assert flags["band_threshold"].iloc[0] == 150.0 and math.isnan(flags["band_threshold"].iloc[6])


def test_splitting_counts_the_parcels_just_under_within_thirty_days():
    """B1: 7 parcels, 6 just under, at most 5 of them in one 30-day window (days 0..29), none above:
    strength = min(5 / 12, 1) * sqrt(6 / 7) * (1 - 0 / 7). S1 fed 4 of its under-threshold parcels
    (full at 4), S2 two (half). B2 has one parcel just under: under the 4 needed, nothing."""
    c = split_frame()
    params = ind.IndicatorParams()
    flags = ind.consignment_flags(c, params)
    party, parcels = ind.splitting(c, flags, no_contacts(), pd.Index([], dtype=object), params)
    expected = 5 / 12 * math.sqrt(6 / 7)
    assert party["strength"].to_dict() == pytest.approx(
        {"B1": expected, "B2": 0.0, "S1": expected, "S2": expected / 2, "S3": 0.0}, abs=1e-12
    )
    values = party.loc["B1", "values"]
    assert {k: values[k] for k in ("role", "parcels", "in_band", "window_parcels", "window_days", "as")} == {
        "role": "buyer",
        "parcels": 7,
        "in_band": 6,
        "window_parcels": 5,
        "window_days": 30,
        "as": "consignee",
    }
    assert party.loc["S2", "values"]["sent"] == 2
    assert parcels.tolist() == pytest.approx([expected] * 6 + [0.0] * 4, abs=1e-12)


def peer_frame() -> pd.DataFrame:
    """Ten parcels of one HS6 code, 1 kg each: S1 and S2 three each at 100 USD, S3 four at 10 USD (to B9)."""
    sellers = ["S1"] * 3 + ["S2"] * 3 + ["S3"] * 4
    return pd.DataFrame(
        {
            "declared_value": [100.0] * 6 + [10.0] * 4,
            "value_usd": [100.0] * 6 + [10.0] * 4,
            "gross_weight_kg": 1.0,
            "hs6": "610910",
            "currency": "USD",
            "seller_key": sellers,
            "buyer_key": ["B1", "B2", "B3", "B4", "B5", "B6", "B9", "B9", "B9", "B9"],
        }
    )


def test_unit_value_against_hs_peers_and_undervaluation():
    """The peer median (10 parcels, 3 sellers) is 100 USD per kg: S3's parcels are at 10% of it, below the 35%
    bar. S3: 4 low of 4, strength 1 * min(4 / 8, 1) = 0.5. Its consignee B9 took only low parcels from it:
    0.5 * 0.5 * 4/4 * min(4 / 2, 1) = 0.25. A parcel at 10% scores half strength on its own."""
    c = peer_frame()
    params = ind.IndicatorParams(min_peer_parcels=10, min_peer_sellers=3)
    flags = ind.consignment_flags(c, params)
    assert flags["unit_value_ratio"].tolist() == pytest.approx([1.0] * 6 + [0.1] * 4, rel=1e-9)
    assert flags["unit_basis"].tolist() == ["kg"] * 10
    assert flags["low_value"].tolist() == [False] * 6 + [True] * 4
    result = ind.undervaluation(c, flags, params)
    assert result["strength"].to_dict() == {"S1": 0.0, "S2": 0.0, "S3": 0.5, "B9": 0.25}
    s3 = result.loc["S3", "values"]
    assert {k: s3[k] for k in ("low", "parcels", "hs", "bar")} == {"low": 4, "parcels": 4, "hs": "610910", "bar": 0.35}
    assert s3["median_ratio"] == pytest.approx(0.1, rel=1e-9)
    assert result.loc["B9", "values"] == {"as": "consignee", "low": 4, "parcels": 4}
    assert ind.parcel_undervaluation(flags, params).tolist() == pytest.approx([0.0] * 6 + [0.5] * 4, abs=1e-9)
    # Too few peers (the default 20 parcels): no ratio, nothing low, no one flagged.
    default = ind.consignment_flags(c, ind.IndicatorParams())
    assert default["unit_value_ratio"].isna().all() and not default["low_value"].any()


def test_find_hubs_buyer_side_by_supplier_spread_seller_side_by_count():
    """hub_limit 3. address:DEPOT: 4 buyers supplied by 8 sellers (the top three send 3/8 < half): a hub.
    address:FLAT: 4 buyers, all their parcels from S9 (share 1): not a hub. phone:P: 7 sellers (> 2 * 3): a hub.
    phone:Q: 5 sellers (not over 6): not a hub. email:E: 2 holders, under the limit (B1 and B2 get one parcel
    from each of S1-S4: the top three send 3/4)."""
    held = [(f"B{i}", "address:DEPOT", "address", "Buyer", f"b{i}") for i in range(1, 5)]
    held += [(f"B{i}", "address:FLAT", "address", "Buyer", f"b{i}") for i in range(5, 9)]
    held += [(f"S{i}", "phone:P", "phone", "Seller", f"s{i}") for i in range(1, 8)]
    held += [(f"S{i}", "phone:Q", "phone", "Seller", f"s{i}") for i in range(1, 6)]
    held += [("B1", "email:E", "email", "Buyer", "b1"), ("B2", "email:E", "email", "Buyer", "b2")]
    c = pd.DataFrame(
        {
            "seller_key": [f"S{i}" for i in range(1, 9)] + ["S9", "S9"],
            "buyer_key": ["B1", "B1", "B2", "B2", "B3", "B3", "B4", "B4", "B5", "B6"],
        }
    )
    params = ind.IndicatorParams(hub_limit=3)
    found = ind.find_hubs(contacts(held), c, params)
    assert found.tolist() == ["address:DEPOT", "phone:P"]
    concentration = ind.seller_concentration(contacts(held), c)
    assert concentration.to_dict() == {"address:DEPOT": 3 / 8, "address:FLAT": 1.0, "email:E": 3 / 4}


def test_shared_identifiers_shell_sellers_and_mule_buyers():
    """Sellers: phone:1 under 3 names -> (3 - 1) / (4 - 1) * 1.0 = 2/3 for S1-S3; address:1 under 2 names
    -> 1/3 * 0.8 for S6 (S1 keeps its stronger phone); email:1 under one name -> nothing for S4, S5.
    Buyers: address:M under 5 names, all supplied by S1 (share 1, scale 1) -> (5 - 3) / (6 - 3) = 2/3;
    address:H under 2 names -> below the 4 names needed."""
    held = [(f"S{i}", "phone:1", "phone", "Seller", n) for i, n in ((1, "alpha"), (2, "beta"), (3, "gamma"))]
    held += [("S4", "email:1", "email", "Seller", "delta"), ("S5", "email:1", "email", "Seller", "delta")]
    held += [("S1", "address:1", "address", "Seller", "alpha"), ("S6", "address:1", "address", "Seller", "zeta")]
    held += [(f"B{i}", "address:M", "address", "Buyer", f"name{i}") for i in range(1, 6)]
    held += [("B6", "address:H", "address", "Buyer", "ann"), ("B7", "address:H", "address", "Buyer", "bob")]
    c = pd.DataFrame(
        {
            "seller_key": ["S1"] * 5 + ["S2"] * 5,
            "buyer_key": ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B6", "B7", "B6"],
        }
    )
    params, none = ind.IndicatorParams(), pd.Index([], dtype=object)
    sellers = ind.shared_identifiers(contacts(held), c, none, "Seller", params)
    assert sellers["strength"].to_dict() == pytest.approx(
        {"S1": 2 / 3, "S2": 2 / 3, "S3": 2 / 3, "S4": 0.0, "S5": 0.0, "S6": 0.8 / 3}, abs=1e-12
    )
    assert sellers.loc["S1", "values"] == {"names": 3, "parties": 3, "kind": "phone"}
    assert sellers.loc["S6", "values"] == {"names": 2, "parties": 2, "kind": "address"}
    buyers = ind.shared_identifiers(contacts(held), c, none, "Buyer", params)
    assert buyers["strength"].to_dict() == pytest.approx(
        {**{f"B{i}": 2 / 3 for i in range(1, 6)}, "B6": 0.0, "B7": 0.0}, abs=1e-12
    )
    assert buyers.loc["B1", "values"] == {"names": 5, "parties": 5, "kind": "address", "top_sellers_share": 1.0}
    # The same identifier as a hub links no one.
    hubs = ind.shared_identifiers(contacts(held), c, pd.Index(["address:M"]), "Buyer", params)
    assert (hubs["strength"] == 0).all()


def test_origin_mismatch_seller_evidence_against_the_declared_origin():
    """Nine honest parcels (origin, departure, seller and seller phone all DE) and one declared DE from a
    seller whose country and phone are CN. Each piece agrees with where the parcel ships from on 9 of 10
    parcels (90%): full reliability. The tenth points to CN on 2 pieces (enough: 2 - 0.25), none supports DE,
    it ships as its origin: strength 0.8. An honest parcel has no piece elsewhere: 0."""
    country = ["DE"] * 9 + ["CN"]
    c = pd.DataFrame(
        {
            "origin_country": "DE",
            "departure_country": "DE",
            "destination_country": "FR",
            "seller_country": country,
            "seller_phone_country": country,
        }
    )
    assert origin.evidence_reliability(c["seller_country"], c["origin_country"], pd.Series([""] * 10)).tolist() == (
        pytest.approx([1.0] * 10)
    )
    out = origin.origin_mismatch(c, ind.IndicatorParams())
    assert out["points_to"].tolist() == [""] * 9 + ["CN"]
    assert out["pieces"].tolist() == [0.0] * 9 + [2.0]
    assert out["strength"].tolist() == [0.0] * 9 + [0.8]
    assert not out["route"].any()
    # Honest data throughout: nothing points elsewhere.
    honest = origin.origin_mismatch(c.assign(seller_country="DE", seller_phone_country="DE"), ind.IndicatorParams())
    assert (honest["strength"] == 0).all() and (honest["points_to"] == "").all()


def test_best_window_counts_rows_within_the_span():
    """Group 0 on days 0, 5, 29, 30: [0, 30) holds three. Group 1 on days 2 and 40: one each."""
    found = ind._best_window(np.array([0, 0, 0, 0, 1, 1]), np.array([0, 5, 29, 30, 2, 40]), 30)
    assert found.to_dict() == {0: 3, 1: 1}


# -- the inspection list spread over parties (docs/typologies.md, "Spreading the inspection list") ---------
def test_a_busy_partys_later_parcels_yield_to_another_partys_first():
    """Seller A has eight parcels of risk 0.9, seller B two of 0.8; a list of six takes five of A's (places
    0/8 to 4/8 keep full risk) and then B's first, not a sixth of A's."""
    from graphintel.model.spread import spread_factor

    risk = np.array([0.9] * 8 + [0.8] * 2)
    seller = np.array(["A"] * 8 + ["B"] * 2)
    factor = spread_factor(risk, [seller], depth=0.5)
    # A's places 0/8..7/8: full risk to 4/8, then 1 - 0.5 * (place - 0.5) / 0.5 = 0.875, 0.75, 0.625.
    assert factor.round(3).tolist() == [1, 1, 1, 1, 1, 0.875, 0.75, 0.625, 1, 1]
    priority = risk * factor
    top6 = np.argsort(-priority, kind="stable")[:6]
    assert sorted(seller[top6].tolist()) == ["A", "A", "A", "A", "A", "B"]
    assert sorted(seller[np.argsort(-risk, kind="stable")[:6]].tolist()) == ["A"] * 6  # by risk alone: all A
    # Never below much lower risk: A's last parcel (0.9 x 0.625 = 0.56) stays above a parcel of risk 0.5.
    assert priority.min() > 0.5
    # A parcel of two parties takes the lower factor; no key, no party; depth 0 keeps the risk.
    buyer = np.array(["x"] * 10)
    assert spread_factor(risk, [seller, buyer], depth=0.5)[8] < 1  # B's first parcel, x's ninth of ten
    assert spread_factor(risk, [np.array([""] * 10)], depth=0.5).tolist() == [1.0] * 10
    assert spread_factor(risk, [seller], depth=0.0).tolist() == [1.0] * 10
