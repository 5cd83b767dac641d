"""Extracts shaped unlike the demo's: unknown codes, identifiers only, other destinations and currencies.

Each goes through the library as ``graphintel ingest`` and ``graphintel score`` run it.
"""

from __future__ import annotations

import datetime as dt
import json

from graphintel.ingest import ingest_files, load_mapping, plan_files
from graphintel.leads.runs import run_scoring
from graphintel.model.scoring import ScoringParams
from tests.conftest import parcel, write_csv


def _day(n: int) -> str:
    return str(dt.date(2026, 3, 1) + dt.timedelta(days=n))


def _load_and_score(tmp_path, store, rows, params=None, columns=None):
    path = write_csv(tmp_path / "extract.csv", rows, columns)
    report = ingest_files(store, plan_files([path], None), tmp_path / "quarantine")
    return report, run_scoring(store, tmp_path / "runs", params or ScoringParams())


def test_unknown_country_codes_load_as_unknown_with_a_quality_flag(tmp_path, store):
    rows = [
        parcel("C1", origin_country="ZZ", departure_country="XX"),
        parcel("C2", seller_country="UNK", origin_country="CN"),
        parcel("C3", origin_country="Narnia"),
        parcel("C4"),
    ]
    path = write_csv(tmp_path / "codes.csv", rows)
    report = ingest_files(store, plan_files([path], None), tmp_path / "quarantine")
    assert report.loaded == 4 and report.quarantined == 0
    held = (
        store.query(
            "MATCH (c:Consignment) RETURN c.consignment_id AS id, c.origin_country AS origin, c.quality AS quality "
            "ORDER BY id"
        )
        .set_index("id")
        .fillna("")
    )  # the store holds empty values as null
    assert held.at["C1", "origin"] == ""
    assert held.at["C1", "quality"] == "origin_country 'ZZ' unknown; departure_country 'XX' unknown"
    assert held.at["C2", "quality"] == "seller_country 'UNK' unknown"
    assert held.at["C3", "quality"] == "origin_country 'Narnia' unknown"
    assert held.at["C4", "quality"] == ""


def test_an_identifiers_only_extract_scores_without_names_addresses_or_weights(tmp_path, store):
    rows = [
        {
            "consignment_id": f"D{i}",
            "declaration_date": _day(i % 40),
            "seller_id": f"S{i % 7}",
            "buyer_id": f"B{i % 23}",
            "hs_code": "8517.62",
            "declared_value": str(1_000_000 + 10_000 * (i % 13)),  # KRW scale
            "currency": "KRW",
            "gross_weight_kg": "0",
        }
        for i in range(120)
    ]
    report, result = _load_and_score(tmp_path, store, rows)
    assert report.loaded == 120
    assert len(result.scored.consignments) == 120
    assert result.scored.consignments["score"].notna().all()


def test_splitting_follows_each_destinations_threshold_in_the_parcels_currency(tmp_path, store):
    # Values in USD just under Saudi Arabia's SAR 1,000 (about USD 266), far above no threshold elsewhere.
    saudi = [
        parcel(f"SA{i}", seller="S1", buyer="B1", declared_value=240 + 3 * i, currency="USD", destination_country="SA",
               declaration_date=_day(2 * i), buyer_country="SA")
        for i in range(8)
    ]  # fmt: skip
    # The same values to the United Kingdom (GBP 135) are above its threshold: no splitting there.
    british = [
        parcel(f"GB{i}", seller="S2", buyer="B2", declared_value=240 + 3 * i, currency="GBP", destination_country="GB",
               declaration_date=_day(2 * i))
        for i in range(8)
    ]  # fmt: skip
    others = [parcel(f"X{i}", seller=f"S{3 + i % 5}", buyer=f"B{3 + i}", declared_value=20 + i) for i in range(30)]
    _, result = _load_and_score(tmp_path, store, saudi + british + others)
    parties = result.scored.parties.set_index("party_id")
    assert result.scored.strengths.loc[parties.at["B1", "key"], "splitting"] > 0.3
    assert result.scored.strengths.loc[parties.at["B2", "key"], "splitting"] == 0
    assert "267 USD de minimis threshold" in parties.at["B1", "reasons"]  # SAR 1,000 in US dollars
    record = json.loads((result.folder / "run.json").read_text())
    tables = record["summary"]["reference_tables"]
    assert {"de_minimis", "currency_rates", "trade_defence"} <= set(tables)


def test_de_minimis_override_applies_to_every_parcel(tmp_path, store):
    rows = [
        parcel(f"C{i}", buyer="B1", declared_value=90 + i, currency="EUR", destination_country="NL",
               declaration_date=_day(i))
        for i in range(6)
    ]  # fmt: skip
    rows += [parcel(f"X{i}", seller=f"S{2 + i % 4}", buyer=f"B{2 + i}", declared_value=10 + i) for i in range(20)]
    _, result = _load_and_score(tmp_path, store, rows, ScoringParams(de_minimis_threshold=100.0))
    parties = result.scored.parties.set_index("party_id")
    assert result.scored.strengths.loc[parties.at["B1", "key"], "splitting"] > 0
    assert "100" in parties.at["B1", "reasons"]


def test_origin_laundering_is_read_from_phone_and_postal_operator(tmp_path, store):
    # Declared Malaysian origin and departure; +86 phone; posted by China Post with a CN postal item id.
    def s10(serial: int) -> str:
        digits = f"{serial:08d}"
        total = sum(int(d) * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
        check = 11 - total % 11
        return f"LX{digits}{ {10: 0, 11: 5}.get(check, check) }CN"

    laundering = [
        parcel(f"L{i}", seller=f"L{i % 2}", buyer=f"B{i}", seller_country="MY", origin_country="MY",
               departure_country="MY", seller_phone="+86 138 0013 8000", carrier_id="China Post",
               transport_doc=s10(10_000_000 + i), hs_code="640299")
        for i in range(10)
    ]  # fmt: skip
    honest = [
        parcel(f"H{i}", seller="H1", buyer=f"C{i}", seller_country="HK", origin_country="CN", departure_country="HK",
               seller_phone="+852 5123 4567", carrier_id="Hongkong Post")
        for i in range(10)
    ]  # fmt: skip
    # Ordinary Chinese trade: China Post parcels leave China, so the carrier field is reliable evidence here.
    china = [
        parcel(f"N{i}", seller=f"N{i % 6}", buyer=f"D{i}", seller_phone=f"+86 139 0000 00{i % 6:02d}",
               carrier_id="China Post")
        for i in range(40)
    ]  # fmt: skip
    _, result = _load_and_score(tmp_path, store, laundering + honest + china)
    parties = result.scored.parties.set_index("party_id")
    strength = result.scored.strengths["origin_laundering"]
    assert strength[parties.at["L0", "key"]] > 0.5
    assert strength[parties.at["H1", "key"]] == 0
    assert "points to CN" in parties.at["L0", "reasons"]
    ranked = result.scored.consignments.set_index("consignment_id")["score"]
    assert ranked.filter(like="L").min() > ranked.filter(like="H").max()


def test_fraud_without_an_inspected_column_is_warned_with_the_fix(tmp_path, store):
    """A labelled extract shaped like the public DATE data (a Fraud column, no Inspected one) loaded, then
    scored "unsupervised: no inspection outcomes" without a word; ingest now says so and names the fix."""
    data = write_csv(tmp_path / "labels.csv", [parcel("C1", fraud="1"), parcel("C2", fraud="0")])
    (warning,) = [w for w in plan_files([data])[0].warnings if "inspected" in w]
    assert warning.startswith(f"{data}: has fraud outcomes but no inspected column") and "[defaults]" in warning
    mapping = tmp_path / "m.toml"
    mapping.write_text('[defaults]\ninspected = "1"\n')
    plans = plan_files([data], load_mapping(mapping))
    assert not [w for w in plans[0].warnings if "inspected" in w]
    ingest_files(store, plans, tmp_path / "q")
    held = store.query("MATCH (c:Consignment) RETURN c.key AS k, c.inspected AS i ORDER BY k")
    assert held["i"].tolist() == [1, 1]
