"""Ingest: validation, quarantine and reconciliation, mappings, idempotent reloads, clear errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from graphintel.errors import InputError
from graphintel.ingest import ingest_files, load_mapping, plan_files
from tests.conftest import parcel, write_csv


def load(store, tmp_path, *paths, mapping=None):
    return ingest_files(store, plan_files(list(paths), mapping), tmp_path / "quarantine")


def test_bad_rows_are_quarantined_with_line_and_reason_and_the_counts_reconcile(store, tmp_path):
    rows = [
        parcel("C1"),
        parcel("C2", declaration_date="2026-13-40"),
        parcel("C3", declared_value=-4),
        parcel("C4", declared_value="twelve"),
        parcel("", seller="S9"),
        parcel("C1", value=10),  # duplicate id
        parcel("C7", seller_country="Atlantis"),
        parcel("C8", inspected="maybe"),
        parcel("C9"),
    ]
    path = write_csv(tmp_path / "parcels.csv", rows, list(rows[0]) + ["inspected"])
    report = load(store, tmp_path, path)
    assert report.read == 9
    assert report.loaded == 3  # C7's unknown seller country is kept as unknown, with a data-quality flag
    assert report.quarantined == 6
    assert report.reconciled
    quarantine = pd.read_csv(report.quarantine_path, dtype=str)
    by_line = dict(zip(quarantine["line"].astype(int), quarantine["reason"], strict=True))
    assert by_line[3] == "declaration_date '2026-13-40' is not an ISO date (YYYY-MM-DD)"
    assert by_line[4] == "declared_value -4 is negative"
    assert by_line[5] == "declared_value 'twelve' is not a number"
    assert by_line[6] == "consignment_id is empty"
    assert by_line[7] == "duplicate consignment_id 'C1' (first on line 2)"
    assert 8 not in by_line
    assert by_line[9] == "inspected 'maybe' is not 0 or 1"
    assert set(quarantine["file"]) == {str(path)}
    assert store.counts()["Consignment"] == 3
    quality = store.query("MATCH (c:Consignment {consignment_id: 'C7'}) RETURN c.quality AS q").iloc[0, 0]
    assert quality == "seller_country 'Atlantis' unknown"


def test_loading_the_same_file_twice_changes_nothing(store, tmp_path):
    rows = [parcel(f"C{i}", seller=f"S{i % 3}", buyer=f"B{i % 5}", seller_phone="+86 138 0013 8000") for i in range(40)]
    path = write_csv(tmp_path / "parcels.csv", rows)
    first = load(store, tmp_path, path)
    counts = store.counts()
    edges = store.query("MATCH ()-[r]->() RETURN count(r) AS n").iloc[0, 0]
    second = load(store, tmp_path, path)
    assert first.files[0].loaded_new == 40
    assert second.files[0].loaded_new == 0 and second.files[0].already_present == 40
    assert store.counts() == counts
    assert store.query("MATCH ()-[r]->() RETURN count(r) AS n").iloc[0, 0] == edges


def test_variants_of_one_address_phone_and_email_become_one_node(store, tmp_path):
    rows = [
        parcel(
            "C1",
            buyer="B1",
            buyer_address="12 Baker Street, London",
            buyer_phone="07700-900123",
            buyer_email="Ann@Mail.com",
        ),
        parcel(
            "C2",
            buyer="B2",
            buyer_address="12 BAKER ST., LONDON",
            buyer_phone="+44 7700 900123",
            buyer_email="ann@mail.com ",
        ),
    ]
    load(store, tmp_path, write_csv(tmp_path / "p.csv", rows))
    counts = store.counts()
    assert counts["Buyer"] == 2
    assert counts["Address"] == 1 and counts["Phone"] == 1 and counts["Email"] == 1
    shared = store.query(
        "MATCH (a:Buyer)-[:HAS_PHONE]->(p:Phone)<-[:HAS_PHONE]-(b:Buyer) WHERE a.key < b.key "
        "RETURN a.party_id AS a, b.party_id AS b, p.value AS phone"
    )
    assert shared.to_dict("records") == [{"a": "B1", "b": "B2", "phone": "+447700900123"}]


def test_an_address_keeps_its_most_common_spelling_as_written_and_the_first_load_keeps_it(store, tmp_path):
    spellings = ["150 s ln manchester", "150 S Ln,  Manchester", "150 S. LN, MANCHESTER", "150 S Ln, Manchester"]
    rows = [parcel(f"C{i}", buyer=f"B{i}", buyer_address=a) for i, a in enumerate(spellings)]
    rows.append(parcel("C9", seller="S9", seller_address="150 s ln manchester", buyer="B3",
                       buyer_address="150 S Ln, Manchester"))  # fmt: skip
    load(store, tmp_path, write_csv(tmp_path / "a.csv", rows))
    assert store.counts()["Address"] == 2  # the buyers' (GB), however written, and the seller's (CN)
    found = store.query("MATCH (a:Address) RETURN a.country AS country, a.value AS value, a.display AS display")
    assert sorted(found.to_dict("records"), key=lambda r: r["country"]) == [
        {"country": "CN", "value": "150 s ln manchester", "display": "150 s ln manchester"},
        {"country": "GB", "value": "150 s ln manchester", "display": "150 S Ln, Manchester"},  # 3 of 5, spaces folded
    ]
    later = [parcel(f"C2{i}", buyer=f"B2{i}", buyer_address="150 S. LN, MANCHESTER") for i in range(5)]
    load(store, tmp_path, write_csv(tmp_path / "b.csv", later))
    again = store.query("MATCH (a:Address {country: 'GB'}) RETURN a.display AS display").iloc[0, 0]
    assert again == "150 S Ln, Manchester"  # the node is not written again


def test_a_mapping_renames_columns_fills_defaults_and_keeps_extra_columns(store, tmp_path):
    mapping_path = tmp_path / "customs.toml"
    mapping_path.write_text(
        '[columns]\n"Declaration ID" = "consignment_id"\n"Date" = "declaration_date"\n'
        '"Importer ID" = "buyer_id"\n"Value" = "declared_value"\n[defaults]\ncurrency = "KRW"\n'
    )
    rows = [{"Declaration ID": "D1", "Date": "2026-06-01", "Importer ID": "IMP-7", "Value": "10.5", "Tariff rate": "8"}]
    load(store, tmp_path, write_csv(tmp_path / "src.csv", rows), mapping=load_mapping(mapping_path))
    row = store.query(
        "MATCH (c:Consignment)-[:CONSIGNED_TO]->(b:Buyer) RETURN c.consignment_id AS id, "
        "c.currency AS currency, c.declared_value AS value, c.extra AS extra, b.party_id AS buyer"
    )
    assert row.to_dict("records") == [
        {"id": "D1", "currency": "KRW", "value": 10.5, "extra": json.dumps({"Tariff rate": "8"}), "buyer": "IMP-7"}
    ]


def test_a_mapping_onto_an_unknown_column_names_it(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('[columns]\n"Importer" = "importer_id"\n')
    with pytest.raises(InputError, match=r"m.toml: \[columns\] \"Importer\" maps onto \"importer_id\""):
        load_mapping(path)


def test_a_missing_required_column_stops_before_anything_is_loaded(store, tmp_path):
    good = write_csv(tmp_path / "a_good.csv", [parcel("C1")])
    bad = write_csv(tmp_path / "b_bad.csv", [{"consignment_id": "C2", "seller_id": "S1"}])
    with pytest.raises(InputError, match=r"b_bad.csv: required column 'declaration_date' is missing"):
        plan_files([good, bad])
    assert store.counts()["Consignment"] == 0


def test_a_mapped_column_the_file_lacks_is_a_warning(tmp_path):
    mapping_path = tmp_path / "m.toml"
    mapping_path.write_text('[columns]\n"Fraud flag" = "fraud"\n')
    path = write_csv(tmp_path / "unlabelled.csv", [parcel("C1")])
    plans = plan_files([path], load_mapping(mapping_path))
    assert plans[0].warnings == [f'{path}: mapped column "Fraud flag" (-> fraud) is not in this file; fraud left empty']


def test_a_mapping_that_names_a_required_column_the_file_lacks(tmp_path):
    mapping_path = tmp_path / "m.toml"
    mapping_path.write_text('[columns]\n"Declaration ID" = "consignment_id"\n')
    path = write_csv(tmp_path / "x.csv", [{"declaration_date": "2026-06-01", "id": "1"}])
    with pytest.raises(
        InputError,
        match=r"required column 'consignment_id' is missing \(the mapping takes it "
        r"from \"Declaration ID\", which the file lacks\)",
    ):
        plan_files([path], load_mapping(mapping_path))


def test_parquet_and_json_lines_load_like_csv(store, tmp_path):
    frame = pd.DataFrame([parcel("P1"), parcel("P2", value=99.5)])
    frame.to_parquet(tmp_path / "a.parquet")
    lines = [json.dumps(parcel("J1")), "{not json", json.dumps(parcel("J2", seller="S2"))]
    (tmp_path / "b.jsonl").write_text("\n".join(lines) + "\n")
    report = load(store, tmp_path, tmp_path / "a.parquet", tmp_path / "b.jsonl")
    assert [f.loaded_new for f in report.files] == [2, 2]
    assert report.files[1].quarantined == 1
    quarantine = pd.read_csv(report.quarantine_path)
    assert quarantine.loc[0, "line"] == 2 and "not valid JSON" in quarantine.loc[0, "reason"]
    values = store.query("MATCH (c:Consignment) RETURN c.consignment_id AS id, c.declared_value AS v ORDER BY id")
    assert values.to_dict("records")[:2] == [{"id": "J1", "v": 50.0}, {"id": "J2", "v": 50.0}]
    assert values.set_index("id").loc["P2", "v"] == 99.5


def test_unreadable_and_unknown_files_are_named(tmp_path):
    (tmp_path / "x.xlsx").write_text("nope")
    with pytest.raises(InputError, match=r"x.xlsx: unknown file type"):
        plan_files([tmp_path / "x.xlsx"])
    with pytest.raises(InputError, match=r"missing.csv: no such file or folder"):
        plan_files([tmp_path / "missing.csv"])
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00garbage\xff")
    with pytest.raises(InputError, match=r"bin.csv: not UTF-8 text"):
        plan_files([tmp_path / "bin.csv"])


def test_preparing_in_a_second_process_loads_the_same_store_and_quarantine(tmp_path):
    """Large inputs are read, validated and normalised in a second process while this one loads."""
    from graphintel.store.embedded import LadybugStore

    rows = [
        parcel(f"C{i}", seller=f"S{i % 7}", buyer=f"B{i % 11}", seller_phone="+86 138 0013 8000") for i in range(300)
    ]
    rows += [parcel("C5"), parcel("C900", declared_value="twelve")]  # a duplicate and a bad value
    path = write_csv(tmp_path / "parcels.csv", rows)
    results = {}
    for apart in (False, True):
        with LadybugStore(tmp_path / f"apart-{apart}" / "graph.lbug") as store:
            report = ingest_files(
                store, plan_files([path]), tmp_path / f"q-{apart}", chunk_rows=64, prepare_apart=apart
            )
            edges = store.query("MATCH (a)-[r]->(b) RETURN a.key AS x, label(r) AS t, b.key AS y ORDER BY x, t, y")
            results[apart] = (store.counts(), edges, pd.read_csv(report.quarantine_path, dtype=str))
        assert (report.read, report.loaded, report.quarantined) == (302, 300, 2) and report.reconciled
    assert results[True][0] == results[False][0]
    pd.testing.assert_frame_equal(results[True][1], results[False][1])
    quarantined = results[True][2]
    assert quarantined.drop(columns=["file"]).equals(results[False][2].drop(columns=["file"]))
    assert set(quarantined["reason"]) == {
        "duplicate consignment_id 'C5' (first on line 7)",
        "declared_value 'twelve' is not a number",
    }


def test_an_unreadable_file_prepared_apart_gives_one_message_and_keeps_what_was_loaded(tmp_path):
    from graphintel.store.embedded import LadybugStore

    good = write_csv(tmp_path / "a.csv", [parcel(f"C{i}") for i in range(20)])
    broken = write_csv(tmp_path / "b.csv", [parcel("C99")])
    plans = plan_files([good, broken])
    broken.write_bytes("consignment_id,declaration_date\n".encode("utf-16"))  # replaced after planning
    with LadybugStore(tmp_path / "graph.lbug") as store:
        with pytest.raises(InputError, match="b.csv: not UTF-8 text"):
            ingest_files(store, plans, tmp_path / "q", prepare_apart=True)
        assert store.counts()["Consignment"] == 20


def test_not_available_markers_in_numbers_and_outcomes_are_empty_values_not_bad_rows():
    from graphintel.ingest.validate import validate

    frame = pd.DataFrame(
        {
            "consignment_id": ["C1", "C2", "C3", "C4"],
            "declaration_date": ["2025-01-02"] * 4,
            "declared_value": ["NA", "NaN", "#N/A", "12.5"],
            "inspected": ["1", "NA", "null", "0"],
            "revenue_recovered": ["nan", "N/A", "-", "abc"],
        }
    )
    typed, reasons = validate(frame)
    assert reasons.tolist()[:3] == ["", "", ""]  # R's NA, pandas' NaN, Excel's #N/A: missing, the row kept
    assert "revenue_recovered 'abc' is not a number" in reasons.iloc[3]  # anything else is still refused
    assert typed["declared_value"].isna().tolist() == [True, True, True, False]
    assert typed["inspected"].isna().tolist() == [False, True, True, False]


def test_headers_in_another_case_are_read_as_the_canonical_columns_they_spell(store, tmp_path):
    # An Oracle export writes CONSIGNMENT_ID; a spreadsheet "Declared Value". A column of the exact name wins.
    rows = [{k.upper(): v for k, v in parcel("U1").items() if k != "declared_value"} | {"Declared Value": "42.5"}]
    path = write_csv(tmp_path / "upper.csv", rows)
    plan = plan_files([path])[0]
    assert plan.renames["CONSIGNMENT_ID"] == "consignment_id" and plan.renames["Declared Value"] == "declared_value"
    assert "CONSIGNMENT_ID as consignment_id" in plan.warnings[-1]
    report = ingest_files(store, [plan], tmp_path / "q")
    assert report.files[0].loaded == 1 and store.counts()["Consignment"] == 1
