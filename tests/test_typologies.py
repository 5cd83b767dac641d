"""Each indicator on a five-to-twenty-row example written from docs/typologies.md, not from any generator.

The frames carry the evidence columns directly (thresholds in the parcel's currency, contact and carrier
countries), as ``model.evidence.add_evidence`` would add them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from graphintel.model import circles, origin
from graphintel.model import indicators as ind
from graphintel.model.typology_reasons import words

P = ind.IndicatorParams()


def parcels(rows: list[dict]) -> pd.DataFrame:
    """Consignments with every column the indicators read; unspecified values are empty."""
    base = {
        "declaration_date": "2026-03-01",
        "seller_key": "",
        "buyer_key": "",
        "delivery_address_key": "",
        "declared_value": 50.0,
        "currency": "SAR",
        "threshold_duty": 1000.0,
        "threshold_vat": np.nan,
        "hs_code": "610910",
        "hs6": "610910",
        "gross_weight_kg": 1.0,
        "quantity": np.nan,
        "value_usd": np.nan,
        "origin_country": "",
        "departure_country": "",
        "destination_country": "SA",
        "seller_country": "",
        "seller_phone_country": "",
        "seller_email_country": "",
        "carrier_country": "",
        "postal_country": "",
    }
    frame = pd.DataFrame([{**base, **row} for row in rows], columns=list(base))
    frame["key"] = [f"C{i}" for i in range(len(frame))]
    frame["consignment_id"] = frame["key"]
    frame["declaration_date"] = pd.to_datetime(frame["declaration_date"])
    return frame


def day(n: int) -> str:
    return str(dt.date(2026, 3, 1) + dt.timedelta(days=n))


def no_contacts() -> tuple[pd.DataFrame, pd.Index]:
    contacts = pd.DataFrame(columns=["party", "identifier", "kind", "value", "label", "name"])
    return contacts, pd.Index([], dtype=object)


def contacts_of(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """(party, label, kind, identifier, name) rows as ``indicators.contact_links`` gives them."""
    return pd.DataFrame(rows, columns=["party", "label", "kind", "identifier", "name"]).assign(value="")


# -- splitting ---------------------------------------------------------------------------------
def test_a_buyer_taking_many_parcels_just_under_its_destinations_threshold_within_weeks_is_splitting():
    # SAR 1,000 in Riyadh: six parcels of SAR 900-990 within 20 days from one seller.
    ring = [
        dict(buyer_key="B1", seller_key="S1", declared_value=900 + 15 * i, declaration_date=day(4 * i))
        for i in range(6)
    ]
    # An honest buyer: three near-threshold parcels over three months and five above the threshold.
    honest = [
        dict(buyer_key="B2", seller_key=f"S{9 + i}", declared_value=950, declaration_date=day(40 * i)) for i in range(3)
    ]
    honest += [
        dict(buyer_key="B2", seller_key="S20", declared_value=2500, declaration_date=day(10 * i)) for i in range(5)
    ]
    c = parcels(ring + honest)
    flags = ind.consignment_flags(c, P)
    party, evidence = ind.splitting(c, flags, *no_contacts(), P)
    assert party.at["B1", "strength"] >= 0.4
    assert party.at["S1", "strength"] > 0
    assert party.at["B2", "strength"] == 0
    assert (evidence[:6] > 0).all() and (evidence[6:] == 0).all()
    text = words("splitting", party.at["B1", "values"])
    assert "6 parcels within 30 days" in text and "1,000 SAR" in text


def test_orders_split_in_two_are_splitting_though_each_half_is_well_under_the_threshold():
    # SAR 1,000: three orders of SAR 1,300-1,400 within a month, each sent as two parcels of SAR 650-700
    # (65-70% of the threshold): the fewest-parcel split puts every parcel above half the threshold.
    ring = [
        dict(buyer_key="B1", seller_key="S1", declared_value=value, declaration_date=day(9 * order))
        for order, pair in enumerate([(650, 680), (700, 660), (690, 655)])
        for value in pair
    ]
    # An honest buyer: four parcels of SAR 600-900 over five months and three above the threshold.
    honest = [
        dict(buyer_key="B2", seller_key=f"S{9 + i}", declared_value=600 + 100 * i, declaration_date=day(40 * i))
        for i in range(4)
    ]
    honest += [
        dict(buyer_key="B2", seller_key="S20", declared_value=1800, declaration_date=day(15 * i)) for i in range(3)
    ]
    # Cheap parcels under half the threshold are no split of anything: SAR 300-450, six in a month.
    cheap = [
        dict(buyer_key="B3", seller_key="S30", declared_value=300 + 30 * i, declaration_date=day(5 * i))
        for i in range(6)
    ]
    c = parcels(ring + honest + cheap)
    party, evidence = ind.splitting(c, ind.consignment_flags(c, P), *no_contacts(), P)
    assert party.at["B1", "strength"] > 0 and (evidence[:6] > 0).all()
    assert party.at["B2", "strength"] == 0 and party.at["B3", "strength"] == 0
    assert "between 50% of it and it" in words("splitting", party.at["B1", "values"])


def test_splitting_compares_each_parcel_with_its_own_currencys_threshold():
    # The same band in won: KRW 150,000-ish threshold; 5 parcels at 92-97% of it.
    ring = [
        dict(
            buyer_key="K1",
            declared_value=139_000 + 1_000 * i,
            currency="KRW",
            threshold_duty=150_000.0,
            declaration_date=day(i),
        )
        for i in range(5)
    ]
    # A USD parcel of 140 is far under a KRW threshold, and not in any band.
    other = [
        dict(buyer_key="K2", declared_value=140, currency="USD", threshold_duty=150_000.0, declaration_date=day(i))
        for i in range(5)
    ]
    c = parcels(ring + other)
    party, _ = ind.splitting(c, ind.consignment_flags(c, P), *no_contacts(), P)
    assert party.at["K1", "strength"] > 0
    assert party.at["K2", "strength"] == 0


def test_several_buyers_on_one_phone_split_together():
    rows = [dict(buyer_key=f"B{i % 3}", declared_value=960, declaration_date=day(i)) for i in range(6)]
    c = parcels(rows)
    contacts = contacts_of([(f"B{i}", "Buyer", "phone", "phone:+966500000001", f"name {i}") for i in range(3)])
    party, _ = ind.splitting(c, ind.consignment_flags(c, P), contacts, pd.Index([], dtype=object), P)
    # Each buyer alone has two band parcels (under the minimum of four); on their shared phone, six.
    assert (party.loc[["B0", "B1", "B2"], "strength"] > 0).all()
    assert party.at["B0", "values"]["role"] == "phone"


# -- undervaluation ------------------------------------------------------------------------------
def peers(n: int = 24, per_kg: float = 30.0) -> list[dict]:
    return [
        dict(
            seller_key=f"P{i % 6}",
            buyer_key=f"X{i}",
            declared_value=per_kg * (0.8 + 0.02 * i),
            value_usd=per_kg * (0.8 + 0.02 * i),
        )
        for i in range(n)
    ]


def test_a_seller_declaring_a_fraction_of_the_hs_peer_unit_value_is_undervaluing():
    rows = peers() + [dict(seller_key="U1", buyer_key=f"Y{i}", declared_value=5.0, value_usd=5.0) for i in range(5)]
    c = parcels(rows)
    flags = ind.consignment_flags(c, P)
    out = ind.undervaluation(c, flags, P)
    assert out.at["U1", "strength"] > 0.5
    assert out.loc[[f"P{i}" for i in range(6)], "strength"].eq(0).all()
    assert "5 of 5 parcels" in words("undervaluation", out.at["U1", "values"])


def test_undervaluation_without_weights_compares_value_per_parcel_and_never_mixes_currencies():
    rows = peers() + [dict(seller_key="U1", buyer_key=f"Y{i}", declared_value=5.0, value_usd=5.0) for i in range(5)]
    # The same goods in KRW with no known rate: compared only with KRW peers (none here), so never low.
    krw = parcels([dict(seller_key="W1", declared_value=6_000.0, currency="KRW", value_usd=np.nan) for _ in range(5)])
    c = pd.concat([parcels(rows), krw], ignore_index=True).assign(gross_weight_kg=0.0)  # weights zero: per parcel
    flags = ind.consignment_flags(c, P)
    out = ind.undervaluation(c, flags, P)
    assert out.at["U1", "strength"] > 0.5
    assert set(flags["unit_basis"]) == {"parcel"}
    assert "W1" not in out.index or out.at["W1", "strength"] == 0


# -- shell sellers and mule consignees ----------------------------------------------------------------
def test_sellers_under_different_names_sharing_one_phone_are_shell_sellers_but_one_companys_storefronts_are_not():
    contacts = contacts_of(
        [
            ("S1", "Seller", "phone", "phone:+8613800000001", "alpha trading"),
            ("S2", "Seller", "phone", "phone:+8613800000001", "beta goods"),
            ("S3", "Seller", "phone", "phone:+8613800000001", "gamma shop"),
            ("S4", "Seller", "phone", "phone:+8613800000002", "delta store"),
            ("S5", "Seller", "phone", "phone:+8613800000002", "delta store"),
        ]
    )
    out = ind.shared_identifiers(contacts, parcels([]), pd.Index([], dtype=object), "Seller", P)
    assert out.loc[["S1", "S2", "S3"], "strength"].gt(0.5).all()
    assert out.loc[["S4", "S5"], "strength"].eq(0).all()


def test_many_buyer_names_at_one_address_fed_by_one_seller_are_mules_a_household_is_not():
    mules = [(f"M{i}", "Buyer", "address", "addr:drop", f"person {i}") for i in range(6)]
    household = [
        ("H1", "Buyer", "address", "addr:home", "ali hassan"),
        ("H2", "Buyer", "address", "addr:home", "sara hassan"),
    ]
    contacts = contacts_of(mules + household)
    c = parcels([dict(seller_key="S1", buyer_key=f"M{i}") for i in range(6)] + [dict(seller_key="S9", buyer_key="H1")])
    out = ind.shared_identifiers(contacts, c, pd.Index([], dtype=object), "Buyer", P)
    assert out.loc[[f"M{i}" for i in range(6)], "strength"].gt(0).all()
    assert out.loc[["H1", "H2"], "strength"].eq(0).all()
    assert "6 buyers with different names share one address" in words("mule_buyers", out.at["M0", "values"])


def test_a_depot_shared_by_many_buyers_from_many_sellers_is_a_hub_a_drop_fed_by_few_sellers_is_not():
    params = ind.IndicatorParams(hub_limit=4)
    depot = [(f"D{i}", "Buyer", "address", "addr:depot", f"depot buyer {i}") for i in range(8)]
    drop = [(f"M{i}", "Buyer", "address", "addr:drop", f"mule {i}") for i in range(8)]
    contacts = contacts_of(depot + drop)
    c = parcels(
        [dict(seller_key=f"S{i}", buyer_key=f"D{i}") for i in range(8)]
        + [dict(seller_key="R1", buyer_key=f"M{i}") for i in range(8)]
    )
    hubs = ind.find_hubs(contacts, c, params)
    assert list(hubs) == ["addr:depot"]
    out = ind.shared_identifiers(contacts, c, hubs, "Buyer", params)
    assert out.loc[[f"D{i}" for i in range(8)], "strength"].eq(0).all()
    assert out.loc[[f"M{i}" for i in range(8)], "strength"].gt(0.5).all()


# -- origin laundering ----------------------------------------------------------------------------
def chinese_trade(n: int = 30) -> list[dict]:
    """Honest parcels whose every piece of evidence agrees: the data set shows that its fields are reliable."""
    china = dict(origin_country="CN", departure_country="CN", seller_country="CN", seller_phone_country="CN")
    return [dict(seller_key=f"BG{i % 5}", seller_email_country="CN", carrier_country="CN", **china) for i in range(n)]


def test_declared_origin_contradicted_by_phone_and_carrier_is_origin_laundering():
    # Declared MY origin and departure; the seller's phone is +86 and the parcels were posted by a Chinese operator.
    laundering = [
        dict(
            seller_key="L1",
            origin_country="MY",
            departure_country="MY",
            seller_phone_country="CN",
            carrier_country="CN",
        )
        for _ in range(5)
    ]
    # An honest Hong Kong re-exporter declaring the true Chinese origin, posted in Hong Kong.
    reexport = [
        dict(seller_key="H1", origin_country="CN", departure_country="HK", seller_country="HK", carrier_country="HK")
        for _ in range(5)
    ]
    # A seller whose data carry no country evidence.
    silent = [dict(seller_key="N1", origin_country="VN", departure_country="VN") for _ in range(5)]
    c = parcels(laundering + reexport + silent + chinese_trade())
    mismatch = origin.origin_mismatch(c, P)
    out = origin.origin_laundering(c, mismatch, np.zeros(len(c), dtype=bool), P)
    assert out.at["L1", "strength"] > 0.7
    assert out.at["H1", "strength"] == 0
    assert out.at["N1", "strength"] == 0
    text = words("origin_laundering", out.at["L1", "values"])
    assert "declared of MY origin" in text and "points to CN" in text


def test_seller_evidence_alone_needs_two_pieces_and_trade_defence_raises_it():
    one_piece = [
        dict(seller_key="A1", origin_country="VN", departure_country="VN", seller_email_country="CN") for _ in range(6)
    ]
    two_pieces = [
        dict(
            seller_key="A2", origin_country="VN", departure_country="VN", seller_email_country="CN", seller_country="CN"
        )
        for _ in range(6)
    ]
    c = parcels(one_piece + two_pieces + chinese_trade(80))
    mismatch = origin.origin_mismatch(c, P)
    plain = origin.origin_laundering(c, mismatch, np.zeros(len(c), dtype=bool), P)
    defended = origin.origin_laundering(c, mismatch, np.ones(len(c), dtype=bool), P)
    assert plain.at["A2", "strength"] > plain.at["A1", "strength"] > 0
    assert defended.at["A1", "strength"] > plain.at["A1", "strength"]
    assert defended.at["A2", "strength"] == pytest.approx(1.0)


def test_a_carelessly_filled_carrier_field_is_no_evidence():
    # Carriers drawn at random: a Chinese operator on a Japanese seller's parcels as often as on Chinese ones.
    rows = [
        dict(seller_key=f"J{i % 4}", origin_country="JP", departure_country="JP", carrier_country="CN")
        for i in range(30)
    ]
    rows += [
        dict(seller_key=f"C{i % 4}", origin_country="CN", departure_country="CN", carrier_country="JP")
        for i in range(30)
    ]
    c = parcels(rows)
    out = origin.origin_laundering(c, origin.origin_mismatch(c, P), np.zeros(len(c), dtype=bool), P)
    assert out["strength"].eq(0).all()


def test_an_unknown_origin_is_never_a_mismatch():
    c = parcels([dict(seller_key="Z1", origin_country="", seller_country="CN", carrier_country="CN") for _ in range(5)])
    out = origin.origin_laundering(c, origin.origin_mismatch(c, P), np.zeros(5, dtype=bool), P)
    assert out.empty or out["strength"].eq(0).all()


# -- bursts ---------------------------------------------------------------------------------------
def test_a_new_seller_shipping_many_times_the_median_rate_to_few_buyers_is_a_burst():
    steady = [
        dict(seller_key=f"O{s}", buyer_key=f"X{s}{i}", declaration_date=day(12 * i)) for s in range(8) for i in range(6)
    ]
    burst = [dict(seller_key="N1", buyer_key=f"B{i % 3}", declaration_date=day(70 + i // 4)) for i in range(24)]
    grower = [dict(seller_key="G1", buyer_key=f"G{i}", declaration_date=day(2 * i)) for i in range(12)]
    c = parcels(steady + burst + grower)
    out, evidence = ind.burst(c, P)
    assert out.at["N1", "strength"] > 0.5
    assert out.at["N1", "strength"] > 3 * out.at["G1", "strength"]
    assert out.loc[[f"O{s}" for s in range(8)], "strength"].eq(0).all()
    assert out.at["B0", "strength"] > 0  # its buyers share the signal
    assert (evidence[len(steady) : len(steady) + 24] > 0).all()
    assert "24 parcels in 6 days" in words("burst", out.at["N1", "values"])


def test_every_indicator_scores_nothing_on_an_identifiers_only_extract():
    c = parcels([dict(seller_key=f"S{i % 3}", buyer_key=f"B{i % 4}", declaration_date=day(i)) for i in range(12)])
    c = c.drop(columns=["gross_weight_kg", "threshold_duty", "threshold_vat", "value_usd", "hs6", "origin_country"])
    flags = ind.consignment_flags(c, P)
    assert not flags["in_band"].any()
    split, _ = ind.splitting(c, flags, *no_contacts(), P)
    assert split["strength"].eq(0).all()
    assert ind.undervaluation(c, flags, P)["strength"].eq(0).all()
    assert (
        origin.origin_laundering(c, origin.origin_mismatch(c, P), np.zeros(len(c), dtype=bool), P)["strength"]
        .eq(0)
        .all()
    )


# -- the observed threshold and the unusual origin (docs/typologies.md) ---------------------------------
def test_a_threshold_the_table_does_not_know_is_found_where_declared_values_pile_up_under_it():
    from graphintel.model.bunching import observed_threshold

    rng = np.random.default_rng(3)
    honest = np.exp(rng.normal(np.log(40), 1.0, 4000))  # parcels of every value, in USD
    # Declarants structuring under EGP 2,000 converted at their own rate (about USD 41): a cliff at 41.
    split = rng.uniform(31, 41, 250)
    found = observed_threshold(np.concatenate([honest, split]))
    assert 39 < found < 43
    assert np.isnan(observed_threshold(honest))  # a smooth spread of values has no cliff
    # A price point (one value, many parcels) is not structuring.
    assert np.isnan(observed_threshold(np.concatenate([honest, np.full(400, 39.99)])))


def test_the_observed_threshold_is_tried_beside_the_table_and_named_in_the_reason():
    from graphintel.model.evidence import _observed

    rng = np.random.default_rng(4)
    honest = [dict(buyer_key=f"H{i}", declared_value=float(v)) for i, v in enumerate(np.exp(rng.normal(3.7, 1, 3000)))]
    ring = [
        dict(buyer_key=f"R{i % 40}", declared_value=33.0 + i // 40 + 0.01 * i, declaration_date=day(i % 25))
        for i in range(240)
    ]
    c = parcels(honest + ring).assign(currency="USD", destination_country="EG", threshold_duty=np.nan)
    c["threshold_observed"] = _observed(c, None)
    assert 39 < c["threshold_observed"].iloc[0] < 43
    party, _ = ind.splitting(c, ind.consignment_flags(c, P), *no_contacts(), P)
    assert party.at["R0", "strength"] > 0
    assert "pile up" in words("splitting", party.at["R0", "values"])
    # The operator's --de-minimis overrides every table, the observed threshold included.
    assert np.isnan(_observed(c, 150.0)).all()
    # A table threshold within a band of the cliff wins: nothing is added.
    assert np.isnan(_observed(c.assign(threshold_duty=42.0), None)).all()


def test_a_seller_declaring_an_origin_that_sellers_located_with_it_almost_never_declare_is_raised():
    # One piece of evidence (a +86 phone) and no declared departure: on its own, a weak 0.
    laundering = [dict(seller_key="L1", origin_country="KH", seller_phone_country="CN") for _ in range(8)]
    # A German retailer selling Chinese-made goods, among German sellers who mostly do the same.
    german = [
        dict(seller_key=f"DE{i % 6}", origin_country="CN" if i % 5 else "DE", seller_country="DE", carrier_country="DE")
        for i in range(120)
    ]
    retailer = [dict(seller_key="D1", origin_country="CN", seller_phone_country="DE") for _ in range(8)]
    rows = laundering + german + retailer + chinese_trade(150)
    c = parcels(rows)
    out = origin.origin_laundering(c, origin.origin_mismatch(c, P), np.zeros(len(c), dtype=bool), P)
    assert out.at["L1", "strength"] >= 0.4
    assert out.at["D1", "strength"] == 0
    text = words("origin_laundering", out.at["L1", "values"])
    assert "sellers located in CN declare KH origin on 0.0% of their parcels" in text
    # Without enough peers located in China there is no judgement, and one piece with no departure stays 0.
    few = parcels(laundering + chinese_trade(40))
    assert (
        origin.origin_laundering(few, origin.origin_mismatch(few, P), np.zeros(len(few), dtype=bool), P)["strength"]
        .eq(0)
        .all()
    )


def test_a_threshold_in_the_bulk_of_honest_values_is_found_among_the_parcels_consignees_receive_days_apart():
    from graphintel.model.evidence import _observed

    rng = np.random.default_rng(6)
    # A threshold close to a typical parcel's value (EUR 30 in TRY): honest parcels crowd the band under it.
    honest = [
        dict(buyer_key=f"H{i}", declared_value=float(v), declaration_date=day(int(rng.integers(0, 150))))
        for i, v in enumerate(np.exp(rng.normal(np.log(1000), 0.7, 6000)))
    ]
    # Honest shoppers ordering several parcels in a week, of every value.
    honest += [
        dict(buyer_key=f"F{i // 4}", declared_value=float(v), declaration_date=day(2 * (i // 4) % 150 + i % 4))
        for i, v in enumerate(np.exp(rng.normal(np.log(1000), 0.7, 1200)))
    ]
    # 40 consignees, each receiving 5 parcels of 820-1,080 within a week.
    ring = [
        dict(
            buyer_key=f"R{i // 5}",
            declared_value=float(rng.uniform(820, 1080)),
            declaration_date=day(3 * (i // 5) + i % 5),
        )
        for i in range(200)
    ]
    c = parcels(honest + ring).assign(currency="TRY", destination_country="TR", threshold_duty=np.nan)
    from graphintel.model.bunching import observed_threshold

    assert np.isnan(observed_threshold(c["declared_value"].to_numpy()))  # all values: no cliff stands out
    found = _observed(c, None)[0]
    assert 1060 < found < 1130
    party, _ = ind.splitting(
        c.assign(threshold_observed=found),
        ind.consignment_flags(c.assign(threshold_observed=found), P),
        *no_contacts(),
        P,
    )
    assert party.loc[[f"R{i}" for i in range(40)], "strength"].gt(0).mean() > 0.9
    assert party.reindex([f"F{i}" for i in range(300)])["strength"].fillna(0).gt(0).mean() < 0.02


def test_a_seller_located_where_sellers_commonly_declare_foreign_origins_is_not_raised_on_its_own_evidence():
    # Sellers located in the US mostly sell goods made elsewhere; a US brand shipping from its Malaysian
    # factory and declaring MY is ordinary there. A seller in China, where sellers declare Chinese origin
    # on nearly every parcel, declaring VN from VN is what an officer would question.
    us_sellers = [
        dict(
            seller_key=f"US{i % 6}",
            origin_country=["CN", "VN", "US", "MX"][i % 4],
            departure_country="US",  # from their US warehouses
            seller_country="US",
            seller_phone_country="US",
        )
        for i in range(160)
    ]
    brand = [
        dict(
            seller_key="B1", origin_country="MY", departure_country="MY", seller_country="US", seller_phone_country="US"
        )
        for _ in range(12)
    ]
    launderer = [
        dict(
            seller_key="L1", origin_country="VN", departure_country="VN", seller_country="CN", seller_phone_country="CN"
        )
        for _ in range(12)
    ]
    # The only seller located in Sweden: too few peers there, so Sweden is judged like the typical country.
    swede = [dict(row, seller_key="S1", seller_country="SE", seller_phone_country="SE") for row in brand]
    c = parcels(us_sellers + brand + launderer + swede + chinese_trade(150))
    mismatch = origin.origin_mismatch(c, P)
    out = origin.origin_laundering(c, mismatch, np.zeros(len(c), dtype=bool), P)
    assert out.at["L1", "strength"] > 0.7
    assert out.at["B1", "strength"] == 0
    assert out.at["S1", "strength"] < 0.5 * out.at["L1", "strength"]
    assert "sellers located in CN declare CN origin on 100% of their parcels" in words(
        "origin_laundering", out.at["L1", "values"]
    )
    assert out.at["L1", "values"]["home_country"] == "CN"  # the share cited is counted for the country named
    # A route contradiction still counts wherever the seller is: the goods did not leave from where declared.
    routed = [dict(row, seller_key="B2", carrier_country="CN") for row in brand]
    c = parcels(us_sellers + routed + chinese_trade(150))
    out = origin.origin_laundering(c, origin.origin_mismatch(c, P), np.zeros(len(c), dtype=bool), P)
    assert out.at["B2", "strength"] > 0.7


def test_where_no_origin_is_declared_the_departure_is_the_claim_checked():
    # An extract with a departure country and no origin. Sellers in China send from China, and one in
    # seven from a Hong Kong warehouse: ordinary there.
    china = [
        dict(
            seller_key=f"CN{i % 8}",
            departure_country="HK" if i % 7 == 0 else "CN",
            seller_country="CN",
            seller_phone_country="CN",
            carrier_country="HK" if i % 7 == 0 else "CN",
        )
        for i in range(160)
    ]
    india = [
        dict(seller_key=f"IN{i % 5}", departure_country="IN", seller_country="IN", carrier_country="IN")
        for i in range(60)
    ]
    # A seller in China (country, +86 phone) whose parcels are declared as leaving Cambodia.
    launderer = [
        dict(seller_key="L1", departure_country="KH", seller_country="CN", seller_phone_country="CN") for _ in range(8)
    ]
    # Indian sellers' parcels carried by India Post, declared as leaving Malaysia: a route contradiction.
    rerouted = [
        dict(seller_key="L2", departure_country="MY", seller_country="IN", carrier_country="IN") for _ in range(8)
    ]
    # A seller in China sending from its Hong Kong warehouse, as its peers do.
    warehouse = [
        dict(seller_key="W1", departure_country="HK", seller_country="CN", seller_phone_country="CN") for _ in range(8)
    ]
    c = parcels(china + india + launderer + rerouted + warehouse)
    mismatch = origin.origin_mismatch(c, P)
    out = origin.origin_laundering(c, mismatch, np.zeros(len(c), dtype=bool), P)
    assert out.at["L1", "strength"] > 0.5
    assert out.at["L2", "strength"] > 0.7
    assert out.at["W1", "strength"] == 0
    assert out.loc[[f"CN{i}" for i in range(8)], "strength"].eq(0).all()
    text = words("origin_laundering", out.at["L1", "values"])
    assert "declared as leaving KH, with no origin, while the evidence points to CN" in text
    assert "declare KH as departure (no origin given) on 0.0% of their parcels" in text
    # A declared origin, where present, stays the claim: the same parcels with origin CN launder nothing.
    declared = parcels([dict(row, origin_country="CN") for row in china + india + launderer + warehouse])
    out = origin.origin_laundering(
        declared, origin.origin_mismatch(declared, P), np.zeros(len(declared), dtype=bool), P
    )
    assert out.reindex(["L1", "W1"])["strength"].fillna(0).eq(0).all()


def test_sellers_sharing_a_national_isp_mail_domain_are_not_shell_sellers():
    assert not ind.is_company_domain("netvigator.com") and not ind.is_company_domain("emirates.net.ae")
    assert ind.is_company_domain("acme-trading.com.hk")


def test_a_seller_whose_cheap_parcels_are_an_occasional_part_of_its_trade_is_not_an_undervaluer():
    peer = peers(60)
    steady = [
        dict(seller_key="U1", declared_value=6.0, value_usd=6.0) for _ in range(10)
    ]  # a fifth of the peer value, always
    occasional = [
        dict(seller_key="M1", declared_value=(v := 6.0 if i % 5 == 0 else 27.0), value_usd=v) for i in range(40)
    ]
    c = parcels(peer + steady + occasional)
    out = ind.undervaluation(c, ind.consignment_flags(c, P), P)
    assert out.at["U1", "strength"] == pytest.approx(1.0)
    assert out.reindex(["M1"])["strength"].fillna(0).iloc[0] == 0  # 8 cheap parcels of 40: a fifth


# -- sellers sharing their customers (docs/typologies.md, shell sellers, second form) -------------------
def market(rows: list[tuple[str, str]], shops: int = 500, buyers: int = 1000) -> pd.DataFrame:
    """``rows`` (seller, buyer) in an ordinary market: ``buyers`` buyers each buying from two of ``shops`` shops."""
    rng = np.random.default_rng(11)
    ordinary = [(f"M{s}", f"C{b}") for b in range(buyers) for s in rng.choice(shops, size=2, replace=False)]
    return parcels([dict(seller_key=s, buyer_key=b) for s, b in rows + ordinary])


# Four seller ids, five consignees; each consignee received from two or three of the sellers.
CIRCLE = [
    ("S1", "K1"),
    ("S2", "K1"),
    ("S3", "K1"),
    ("S1", "K2"),
    ("S2", "K2"),
    ("S3", "K3"),
    ("S4", "K3"),
    ("S4", "K4"),
    ("S2", "K4"),
    ("S1", "K5"),
    ("S4", "K5"),
    ("S3", "K5"),
    ("S1", "K3"),
    ("S4", "K2"),
]


def test_sellers_whose_buyers_receive_from_several_of_them_and_from_nobody_else_are_a_closed_circle():
    # Written from the document: four seller ids, five consignees; each consignee received from two or three of
    # the sellers and from no one else; the sellers send to no one else. No phone, address or name anywhere.
    ring = list(CIRCLE)
    c = market(ring + [("S1", "X1")])  # and one parcel to an outsider
    found, own_trade = circles.shared_customers(c)
    ring_sellers = found.loc[["S1", "S2", "S3", "S4"]]
    assert (ring_sellers["strength"] > 0.6).all()
    assert found.drop(index=["S1", "S2", "S3", "S4"])["strength"].eq(0).all()
    evidence = ring_sellers["values"].iloc[0]
    assert evidence["circle_sellers"] == 4 and evidence["circle_buyers"] == 5 and evidence["buyers_share"] == 1.0
    assert words("shell_sellers", evidence).startswith("one of 4 sellers (4 names) sharing their customers: 5 buyers")
    # The circle's own trade is the ring's parcels; S1's parcel to an outsider is not.
    assert own_trade[: len(ring)].all() and not own_trade[len(ring) :].any()


def test_shops_that_share_a_few_customers_but_sell_mostly_to_others_are_no_circle():
    # The same shared customers, but each shop also sells to twenty one-off buyers: a household or a heavy
    # shopper buying from several shops is not a clientele.
    ring = list(CIRCLE)
    own = [(f"S{s}", f"S{s}-one-off-{j}") for s in range(1, 5) for j in range(20)]
    assert circles.shared_customers(market(ring + own))[0]["strength"].eq(0).all()


def test_one_companys_storefronts_sharing_customers_under_one_name_are_no_circle():
    ring = [
        ("S1", "K1"),
        ("S2", "K1"),
        ("S3", "K1"),
        ("S1", "K2"),
        ("S2", "K2"),
        ("S3", "K2"),
        ("S3", "K3"),
        ("S1", "K3"),
    ]
    names = pd.Series({"S1": "acme trading", "S2": "acme trading", "S3": "acme trading"})
    assert circles.shared_customers(market(ring), names)[0]["strength"].eq(0).all()
    names["S3"], names["S2"] = "blue sky goods", "nova export"
    assert (circles.shared_customers(market(ring), names)[0].loc[["S1", "S2", "S3"], "strength"] > 0).all()


def test_big_sellers_sharing_many_buyers_by_chance_are_not_tied_nor_a_circle():
    # Three big shops in a market of 500 small ones; 2,000 buyers each buy from two shops, a big one fifty
    # times as likely as a small one: the big shops share hundreds of buyers, as many as chance gives.
    rng = np.random.default_rng(5)
    shops = np.array(["A", "B", "C"] + [f"M{i}" for i in range(500)])
    weight = np.r_[[50.0] * 3, [1.0] * 500]
    rows = [
        (s, f"K{b}") for b in range(2000) for s in rng.choice(shops, size=2, replace=False, p=weight / weight.sum())
    ]
    c = market(rows, shops=0, buyers=0)
    s_code, s_names = pd.factorize(c["seller_key"])
    ties = circles.seller_ties(s_code, pd.factorize(c["buyer_key"])[0])
    big = set(np.flatnonzero(np.isin(s_names, ["A", "B", "C"])).tolist())
    between_big = ties[ties["a"].isin(big) & ties["b"].isin(big)]
    assert between_big.empty and (ties.empty or ties["shared"].max() < 10)
    assert circles.shared_customers(c)[0]["strength"].eq(0).all()
    # A segment of buyers who buy only among the three big shops ties them, but most of the shops' parcels go
    # to one-off buyers: not closed.
    segment = [(s, f"Q{b}") for b in range(100) for s in rng.choice(["A", "B", "C"], size=2, replace=False)]
    one_off = [(s, f"{s}-once-{j}") for s in "ABC" for j in range(300)]
    assert circles.shared_customers(market(segment + one_off))[0]["strength"].eq(0).all()


def test_a_circle_adds_only_what_its_sellers_parcels_do_not_already_show():
    from graphintel.model.scoring import _circle_beyond_parcels

    circle = {"circle_sellers": 4, "names": 4, "circle_buyers": 9}
    shell = pd.DataFrame(
        {"strength": [1.0, 1.0, 0.5], "values": [dict(circle), dict(circle), {"names": 2, "kind": "phone"}]},
        index=["splitter", "front", "shared phone"],
    )
    splitting = pd.DataFrame({"strength": [0.75, 0.75], "values": [{}, {}]}, index=["splitter", "shared phone"])
    out = _circle_beyond_parcels({"shell_sellers": shell, "splitting": splitting})
    # The splitting ring's seller: its circle is the same ring seen again; a front with no parcel evidence keeps
    # it all; a shared phone is another matter and is left as it is.
    assert out["strength"].to_dict() == {"splitter": 0.25, "front": 1.0, "shared phone": 0.5}


def test_a_burst_fades_with_its_span_instead_of_stopping_at_a_cliff():
    steady = [
        dict(seller_key=f"O{s}", buyer_key=f"X{s}{i}", declaration_date=day(12 * i)) for s in range(8) for i in range(6)
    ]

    def run(days: int) -> pd.DataFrame:  # 46 parcels to 4 buyers over ``days`` days
        burst = [
            dict(seller_key="N1", buyer_key=f"B{i % 4}", declaration_date=day(70 + i * days // 46)) for i in range(46)
        ]
        return ind.burst(parcels(steady + burst), P)[0]

    full, over, gone = run(21), run(24), run(43)
    assert full.at["N1", "strength"] > 0.5
    # Three days over ``burst_days`` is still most of a burst; six weeks is not new.
    assert 0.7 * full.at["N1", "strength"] < over.at["N1", "strength"] < full.at["N1", "strength"]
    assert gone.at["N1", "strength"] == 0
