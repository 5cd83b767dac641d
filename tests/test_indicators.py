"""Each scheme's indicator on a small hand-built network: it fires on the scheme, not on its look-alikes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from graphintel.analytics.projection import read_projection
from graphintel.ingest import ingest_files, plan_files
from graphintel.model.scoring import ScoringParams, score_parties
from tests.conftest import parcel, write_csv

START = dt.date(2026, 6, 1)


def background(n: int = 60) -> list[dict]:
    """Ordinary parcels: many sellers and buyers, values well spread, 90 days."""
    rows = []
    for i in range(n):
        rows.append(
            parcel(
                f"BG{i}",
                seller=f"SB{i % 12}",
                buyer=f"BB{i}",
                value=20 + (i * 37) % 300,
                gross_weight_kg=0.5 + (i % 5) * 0.2,
                declaration_date=str(START + dt.timedelta(days=i % 90)),
                seller_phone=f"+86 20 5555 00{i % 12:02d}",
            )
        )
    return rows


def score(tmp_path: Path, store, rows: list[dict]):
    path = write_csv(tmp_path / "parcels.csv", rows)
    ingest_files(store, plan_files([path]), tmp_path / "q")
    data = read_projection(store)
    scored = score_parties(data, ScoringParams(hub_limit=50))
    by_id = scored.parties.set_index("party_id")
    strengths = scored.strengths.copy()
    strengths.index = scored.parties["party_id"].values
    reasons = scored.reasons.copy()
    reasons.index = scored.parties["party_id"].values
    return by_id, strengths, reasons


def test_splitting_fires_on_a_buyer_receiving_many_parcels_just_under_the_threshold(tmp_path, store):
    rows = background()
    # The parcels go to the United Kingdom: GBP 135, from the shipped de minimis table.
    rows += [
        parcel(f"SP{i}", seller=f"SS{i % 2}", buyer="SPLIT", value=121 + i % 10, currency="GBP") for i in range(14)
    ]
    rows += [parcel(f"N{i}", seller="SB1", buyer="NEAR", value=130, currency="GBP") for i in range(2)]  # by chance
    rows += [parcel(f"CO{i}", seller=f"SB{i % 12}", buyer="CORP", value=400 + i) for i in range(30)]
    parties, strengths, reasons = score(tmp_path, store, rows)
    assert strengths.loc["SPLIT", "splitting"] > 0.8
    assert "14 parcels within 30 days just under the 135 GBP de minimis threshold" in reasons.loc["SPLIT", "splitting"]
    assert strengths.loc["SS0", "splitting"] > 0.5
    assert strengths.loc["NEAR", "splitting"] == 0
    assert strengths.loc["CORP", "splitting"] == 0


def test_undervaluation_fires_on_sellers_far_below_their_hs_peers(tmp_path, store):
    rows = [
        parcel(f"P{i}", seller=f"PEER{i % 6}", buyer=f"B{i}", hs_code="851762", value=100 + i, gross_weight_kg=0.5)
        for i in range(40)
    ]
    rows += [
        parcel(f"U{i}", seller="CHEAP", buyer=f"UB{i}", hs_code="851762", value=8, gross_weight_kg=0.5)
        for i in range(9)
    ]
    parties, strengths, reasons = score(tmp_path, store, rows)
    assert strengths.loc["CHEAP", "undervaluation"] > 0.9
    assert strengths.loc[[f"PEER{i}" for i in range(6)], "undervaluation"].max() == 0
    assert "HS peer unit value" in reasons.loc["CHEAP", "undervaluation"]


def test_shell_sellers_share_a_phone_under_different_names(tmp_path, store):
    rows = background()
    phones = ["+86 755 1234 5678", "0755-12345678", "+86 (755) 1234-5678", "+8675512345678"]
    rows += [
        parcel(f"SH{i}", seller=f"SHELL{i}", seller_name=f"Trading Co {i}", buyer=f"SHB{i}", seller_phone=phones[i])
        for i in range(4)
    ]
    parties, strengths, reasons = score(tmp_path, store, rows)
    assert strengths.loc[[f"SHELL{i}" for i in range(4)], "shell_sellers"].min() == 1.0
    assert reasons.loc["SHELL0", "shell_sellers"] == "4 sellers with different names share one phone"
    assert strengths.loc["SB1", "shell_sellers"] == 0


def test_mule_buyers_share_an_address_but_a_household_and_a_depot_do_not(tmp_path, store):
    rows = background()
    variants = ["Flat 3, 7 Mill Lane, Leeds", "FLAT 3 7 MILL LN LEEDS", "flat 3, 7 mill lane,  leeds"]
    rows += [
        parcel(f"M{i}", seller="SB1", buyer=f"MULE{i}", buyer_name=f"Person {i}", buyer_address=variants[i % 3])
        for i in range(9)
    ]
    rows += [
        parcel(f"H{i}", seller="SB2", buyer=f"HOME{i}", buyer_name=f"Smith {i}", buyer_address="4 Elm Road, York")
        for i in range(2)
    ]
    rows += [
        parcel(
            f"D{i}",
            seller=f"SB{i % 12}",
            buyer=f"DEPOT{i}",
            buyer_name=f"Customer {i}",
            buyer_address="Unit 4, Parcel Depot, Heathrow",
        )
        for i in range(60)
    ]
    parties, strengths, reasons = score(tmp_path, store, rows)
    assert strengths.loc["MULE0", "mule_buyers"] == 1.0
    assert reasons.loc["MULE0", "mule_buyers"].startswith("9 buyers with different names share one address")
    assert strengths.loc["HOME0", "mule_buyers"] == 0
    assert strengths.loc["DEPOT0", "mule_buyers"] == 0


def test_origin_laundering_flags_transit_country_origin_but_not_honest_re_export(tmp_path, store):
    rows = background()
    rows += [
        parcel(
            f"OL{i}",
            seller="LAUNDER",
            seller_country="CN",
            seller_phone="+86 755 8888 0000",
            origin_country="MY",
            departure_country="MY",
            buyer=f"OB{i}",
            hs_code="640399",
        )
        for i in range(8)
    ]
    rows += [
        parcel(
            f"HK{i}",
            seller="REEXPORT",
            seller_country="HK",
            origin_country="CN",
            departure_country="HK",
            buyer=f"HB{i}",
            hs_code="640399",
        )
        for i in range(8)
    ]
    parties, strengths, reasons = score(tmp_path, store, rows)
    # Two pieces of the seller's own evidence (registration and phone) point to CN; the goods are routed
    # through the declared origin.
    assert strengths.loc["LAUNDER", "origin_laundering"] > 0.7
    assert (
        "8 of 8 parcels declared of MY origin while the evidence points to CN"
        in reasons.loc["LAUNDER", "origin_laundering"]
    )
    assert strengths.loc["REEXPORT", "origin_laundering"] == 0


def test_burst_flags_a_new_high_volume_seller_into_few_buyers_not_an_established_one(tmp_path, store):
    rows = background()
    end = START + dt.timedelta(days=89)
    rows += [
        parcel(f"BU{i}", seller="NEWCO", buyer=f"BX{i % 4}", declaration_date=str(end - dt.timedelta(days=i % 6)))
        for i in range(40)
    ]
    rows += [
        parcel(f"OLD{i}", seller="OLDCO", buyer=f"OX{i}", declaration_date=str(START + dt.timedelta(days=i * 2)))
        for i in range(40)
    ]
    parties, strengths, reasons = score(tmp_path, store, rows)
    assert strengths.loc["NEWCO", "burst"] > 0.8
    assert "new seller: 40 parcels in 6 days" in reasons.loc["NEWCO", "burst"]
    assert reasons.loc["NEWCO", "burst"].endswith("to 4 buyers")
    assert strengths.loc["BX0", "burst"] > 0.5
    assert strengths.loc["OLDCO", "burst"] == 0


@pytest.mark.parametrize("hub_limit,linked", [(50, False), (100, True)])
def test_an_identifier_shared_by_more_parties_than_the_hub_limit_links_nothing(hub_limit, linked):
    from graphintel.analytics.projection import ProjectionData, party_graph

    parties = pd.DataFrame({"key": [f"b{i}" for i in range(60)], "label": "Buyer", "party_id": "x"})
    links = pd.DataFrame({"party": parties["key"], "identifier": "depot", "kind": "address"})
    consignments = pd.DataFrame(columns=["seller_key", "buyer_key"])
    graph = party_graph(ProjectionData(consignments, parties, links), hub_limit=hub_limit)
    assert graph.has_edge("b0", "b1") is linked
