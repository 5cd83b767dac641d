"""Hostile input and careless operators (issue 15): every bad row quarantined with its physical line and a reason
that names it, nothing loaded silently wrong, every quarantined row kept on disk, private files."""

from __future__ import annotations

import csv
import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from graphintel.cli import main
from graphintel.errors import InputError
from graphintel.ingest import ingest_files, load_mapping, plan_files
from graphintel.ingest.plausible import Limits, limits_from_settings
from graphintel.ingest.readers import TRUNCATED
from graphintel.store.embedded import LadybugStore, writer_marker
from tests.conftest import parcel, write_csv


def load(store, tmp_path, *paths, limits=None):
    return ingest_files(store, plan_files(list(paths)), tmp_path / "quarantine", limits=limits)


def quarantined(report) -> pd.DataFrame:
    return pd.read_csv(report.quarantine_path, dtype=str, keep_default_na=False)


def reasons_by_line(report) -> dict[int, str]:
    q = quarantined(report)
    return dict(zip(q["line"].astype(int), q["reason"], strict=True))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- 3: quarantine files are never shared or overwritten ---------------------------------------------------
def test_two_ingests_in_the_same_second_keep_every_quarantined_row_in_files_of_their_own(store, tmp_path):
    first = write_csv(tmp_path / "a.csv", [parcel(f"A{i}", declared_value=-1) for i in range(11)])
    second = write_csv(tmp_path / "b.csv", [parcel(f"B{i}", declared_value=-1) for i in range(2)])
    reports = [load(store, tmp_path, first), load(store, tmp_path, second)]
    paths = [r.quarantine_path for r in reports]
    assert paths[0] != paths[1]
    assert [len(quarantined(r)) for r in reports] == [11, 2]
    assert set(quarantined(reports[0])["file"]) == {str(first)}
    assert set(quarantined(reports[1])["file"]) == {str(second)}
    assert b"\x00" not in paths[0].read_bytes()


# -- 4: a half-copied file ----------------------------------------------------------------------------------
def test_a_file_cut_short_quarantines_its_last_line_and_the_whole_file_later_loads_it(store, tmp_path):
    rows = [parcel(f"C{i}", hs_code="610910", declared_value=20 + i) for i in range(30)]
    whole = write_csv(tmp_path / "whole.csv", rows).read_bytes()
    cut = whole[: whole.rindex(b"610910")]  # `head -c`: the last row loses hs_code and what follows
    (tmp_path / "inbox").mkdir()
    partial = tmp_path / "inbox" / "day.csv"
    partial.write_bytes(cut)
    report = load(store, tmp_path, partial)
    assert (report.read, report.loaded, report.quarantined) == (30, 29, 1)
    assert reasons_by_line(report) == {31: TRUNCATED}
    partial.write_bytes(whole)  # the complete file, the next night
    report = load(store, tmp_path, partial)
    assert report.quarantined == 0 and report.files[0].loaded_new == 1 and report.files[0].already_present == 29
    held = store.query("MATCH (c:Consignment {key: 'C29'}) RETURN c.hs_code AS hs, c.declared_value AS v")
    assert held.to_dict("records") == [{"hs": "610910", "v": 49.0}]


def test_a_quoted_field_cut_short_is_quarantined_too(store, tmp_path):
    path = tmp_path / "cut.csv"
    path.write_text('consignment_id,declaration_date,description\nC1,2026-06-01,ok\nC2,2026-06-01,"two\nlines')
    report = load(store, tmp_path, path)
    assert reasons_by_line(report) == {3: TRUNCATED}
    assert report.loaded == 1


# -- 5 and 8: implausible amounts and dates ----------------------------------------------------------------------
def test_absurd_amounts_and_weights_are_quarantined_naming_column_and_bound(store, tmp_path):
    rows = [
        parcel("OK"),
        parcel("V1", declared_value="1e308"),
        parcel("V2", declared_value="inf"),
        parcel("V3", declared_value="nan"),
        parcel("V4", declared_value="-3"),
        parcel("W1", gross_weight_kg="5e9"),
        parcel("Q1", quantity="1e12"),
        parcel("R1", revenue_recovered="1e40"),
    ]
    path = write_csv(tmp_path / "p.csv", rows, [*rows[0], "quantity", "revenue_recovered"])
    by_line = reasons_by_line(load(store, tmp_path, path))
    assert by_line[3] == (
        "declared_value '1e308' is above the plausible maximum 100,000,000,000 (max_declared_value, defaults)"
    )
    assert by_line[4] == "declared_value 'inf' is not a number"
    assert 5 not in by_line  # "nan" is a missing value (as R's NA and Excel's #N/A), not a bad one: the row loads
    assert by_line[6] == "declared_value -3 is negative"
    assert by_line[7].startswith("gross_weight_kg '5e9' is above the plausible maximum 1,000,000 ")
    assert by_line[8].startswith("quantity '1e12' is above the plausible maximum 10,000,000 ")
    assert by_line[9].startswith("revenue_recovered '1e40' is above the plausible maximum")
    assert store.counts()["Consignment"] == 2


def test_impossible_dates_are_quarantined_and_plausible_ones_round_trip_exactly(store, tmp_path):
    limits = Limits(today=dt.date(2026, 6, 1))
    rows = [
        parcel("D1", declaration_date="9999-12-31"),
        parcel("D2", declaration_date="0001-01-01"),
        parcel("D3", declaration_date="2262-04-12"),
        parcel("D4", declaration_date="1989-12-31"),
        parcel("E1", declaration_date="1990-01-01"),
        parcel("E2", declaration_date="2027-06-02"),  # the latest: today + 366 days
        parcel("E3", declaration_date="2026-06-01T23:30:00+05:00"),
        parcel("E4", declaration_date="2026-06-02T01:00:00-08:00"),  # another offset in the same file
    ]
    report = load(store, tmp_path, write_csv(tmp_path / "dates.csv", rows), limits=limits)
    by_line = reasons_by_line(report)
    assert by_line[2] == (
        "declaration_date '9999-12-31' is after 2027-06-02, the latest plausible date "
        "(today + 366 days, latest_declaration_days_ahead, defaults)"
    )
    assert by_line[3] == (
        "declaration_date '0001-01-01' is before 1990-01-01, the earliest plausible date "
        "(earliest_declaration_date, defaults)"
    )
    assert set(by_line) == {2, 3, 4, 5}
    back = store.query("MATCH (c:Consignment) RETURN c.key AS id, c.declaration_date AS d ORDER BY id")
    assert [pd.Timestamp(d).date().isoformat() for d in back["d"]] == [
        "1990-01-01",
        "2027-06-02",
        "2026-06-01",
        "2026-06-02",
    ]


def test_bounds_come_from_the_settings_file_and_bad_settings_are_named(tmp_path):
    limits = limits_from_settings(
        {"ingest": {"max_declared_value": 1000, "earliest_declaration_date": dt.date(2020, 1, 1)}}, "s.toml"
    )
    assert limits.maximum["declared_value"] == 1000 and limits.earliest_date == dt.date(2020, 1, 1)
    assert limits.source == "s.toml [ingest]"
    with pytest.raises(InputError, match=r"s.toml: \[ingest\] max_quantity = -1 must be a positive number"):
        limits_from_settings({"ingest": {"max_quantity": -1}}, "s.toml")
    with pytest.raises(InputError, match=r"s.toml: \[ingest\] max_value is not a setting"):
        limits_from_settings({"ingest": {"max_value": 3}}, "s.toml")
    home = tmp_path / "home"
    home.mkdir()
    (home / "settings.toml").write_text("[ingest]\nmax_declared_value = 100\n")
    data = write_csv(tmp_path / "d.csv", [parcel("C1", declared_value=99), parcel("C2", declared_value=101)])
    assert main(["ingest", str(data), "--home", str(home)]) == 5
    q = pd.read_csv(next((home / "quarantine").glob("*.csv")), dtype=str)
    settings = home / "settings.toml"
    assert q["reason"].tolist() == [
        f"declared_value '101' is above the plausible maximum 100 (max_declared_value, {settings} [ingest])"
    ]


# -- 7: one id, two contents ---------------------------------------------------------------------------------
def test_a_changed_row_under_a_held_id_is_a_conflict_naming_both_files_and_a_resent_one_is_a_no_op(store, tmp_path):
    first = write_csv(tmp_path / "day1.csv", [parcel("C1", declared_value=40), parcel("C2")])
    resent = write_csv(tmp_path / "day2.csv", [parcel("C2"), parcel("C1", declared_value=4), parcel("C3")])
    load(store, tmp_path, first)
    report = load(store, tmp_path, resent)
    assert report.files[0].loaded_new == 1 and report.files[0].already_present == 1
    q = quarantined(report)
    assert q[["file", "line", "consignment_id"]].values.tolist() == [[str(resent), "3", "C1"]]
    assert q["reason"].iloc[0] == (
        f"conflict: consignment_id 'C1' was loaded before from {first}, line 2, with different content; "
        "that version is kept and this one quarantined"
    )
    assert store.query("MATCH (c:Consignment {key: 'C1'}) RETURN c.declared_value AS v").iloc[0, 0] == 40.0


def test_a_conflict_between_two_files_of_one_ingest_is_found_too(store, tmp_path):
    a = write_csv(tmp_path / "a.csv", [parcel("C1", seller="S1")])
    b = write_csv(tmp_path / "b.csv", [parcel("C1", seller="S2")])
    report = load(store, tmp_path, a, b)
    assert [f.quarantined for f in report.files] == [0, 1]
    assert f"loaded before from {a}, line 2" in quarantined(report)["reason"].iloc[0]
    assert store.counts()["Seller"] == 1, "nothing of the conflicting row reaches the graph"


# -- 9, 10: skipped files and links -------------------------------------------------------------------------
def test_a_folder_ingest_prints_and_counts_every_file_it_skips_and_refuses_links_out(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    write_csv(folder / "day.csv", [parcel("C1")])
    write_csv(folder / "ground_truth.csv", [{"ring_id": "R1"}])
    write_csv(folder / "quarantine_old.csv", [{"file": "x"}])
    (folder / "notes.md").write_text("hello")
    outside = write_csv(tmp_path / "secret.csv", [parcel("S1")])
    (folder / "link.csv").symlink_to(outside)
    (folder / "inside.csv").symlink_to(folder / "day.csv")
    capsys.readouterr()
    assert main(["ingest", str(folder), "--home", str(tmp_path / "home")]) == 5
    out, err = capsys.readouterr()
    err = err.replace("\n", "")
    assert f"{folder / 'link.csv'}: skipped, a link to {outside}, outside {folder}: refused" in err
    assert "ground_truth.csv: skipped, a ground-truth file of generated data, by its name" in err
    assert "quarantine_old.csv: skipped, a quarantine file, by its name" in err
    assert "notes.md: skipped, not a .csv, .parquet or .jsonl file ('.md')" in err
    out = out.replace("\n", " ")
    assert "4 file(s) skipped, not read" in out and "4 (listed above; 1 refused)" in out
    with LadybugStore(tmp_path / "home" / "graph.lbug", read_only=True) as store:
        assert store.query("MATCH (c:Consignment) RETURN c.key AS k")["k"].tolist() == ["C1"]


# -- 11: a writer killed mid-checkpoint ---------------------------------------------------------------------
def test_readers_open_a_store_whose_writer_died_mid_checkpoint(tmp_path, capsys):
    path = tmp_path / "graph.lbug"
    with LadybugStore(path) as store:
        load(store, tmp_path, write_csv(tmp_path / "p.csv", [parcel("C1")]))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    writer_marker(path).write_text(f'{{"pid": {dead.pid}, "host": "{os.uname().nodename}", "command": "x"}}')
    (tmp_path / "graph.lbug.shadow").write_bytes(b"")  # what a kill during a checkpoint leaves
    capsys.readouterr()
    assert main(["status", "--store", str(path)]) == 0
    assert "Consignment  1" in capsys.readouterr().out
    assert not writer_marker(path).exists(), "the stale marker is gone"


def test_a_live_writer_mid_checkpoint_still_makes_readers_wait(tmp_path):
    from graphintel.errors import StoreBusyError

    path = tmp_path / "graph.lbug"
    with LadybugStore(path) as writer:  # holds the lock and a marker naming this (live) process
        (tmp_path / "graph.lbug.shadow").write_bytes(b"")
        writer_marker(path).write_text(f'{{"pid": 1, "host": "{os.uname().nodename}", "command": "graphintel run"}}')
        with pytest.raises(StoreBusyError, match="being written by another process right now"):
            LadybugStore(path, read_only=True)
        writer.close()
    (tmp_path / "graph.lbug.shadow").unlink(missing_ok=True)


# -- 15, 16, 17, 18: headers, fields, hidden characters, lines ----------------------------------------------
def test_a_header_naming_a_column_twice_is_refused_naming_it(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("consignment_id,declaration_date,seller_id,declared_value,seller_id\nC1,2026-06-01,S1,5,S2\n")
    with pytest.raises(
        InputError, match=r"dup.csv, line 1: the header names column 'seller_id' twice \(columns 3 and 5\)"
    ):
        plan_files([path])
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\n"Importer" = "buyer_id"\n')
    both = tmp_path / "both.csv"
    both.write_text("consignment_id,declaration_date,Importer,buyer_id\nC1,2026-06-01,B1,B2\n")
    with pytest.raises(InputError, match=r"both.csv, line 1: the file has both 'Importer' and 'buyer_id'"):
        plan_files([both], load_mapping(mapping))


def test_a_header_one_name_short_is_named_and_its_rows_quarantined_not_shifted(store, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(
        "consignment_id,declaration_date,seller_id\nC1,2026-06-01,S1,100\nC2,2026-06-01,S2,200\nC3,2026-06-01,S3\n"
    )
    plans = plan_files([path])
    assert plans[0].warnings == [
        f"{path}, line 2: has 4 fields, the header (line 1) has 3 (is a name missing from the header, "
        "or a separator in a value?); such rows are quarantined"
    ]
    report = ingest_files(store, plans, tmp_path / "q")
    assert reasons_by_line(report) == {
        2: "has 4 fields, the header (line 1) has 3",
        3: "has 4 fields, the header (line 1) has 3",
    }
    assert quarantined(report)["raw"].tolist() == ["C1,2026-06-01,S1,100", "C2,2026-06-01,S2,200"]
    assert store.query("MATCH (c:Consignment) RETURN c.key AS k")["k"].tolist() == ["C3"]


def test_control_characters_in_ids_are_quarantined_and_named(store, tmp_path):
    rows = [parcel("C1\x00"), parcel("C1"), parcel("C2", seller="S\u200b1"), parcel("C3", buyer="B\x1b")]
    report = load(store, tmp_path, write_csv(tmp_path / "ids.csv", rows))
    assert reasons_by_line(report) == {
        2: "consignment_id 'C1\\x00' holds a control or invisible character (U+0000)",
        4: "seller_id 'S\\u200b1' holds a control or invisible character (U+200B)",
        5: "buyer_id 'B\\x1b' holds a control or invisible character (U+001B)",
    }
    assert store.query("MATCH (c:Consignment) RETURN c.key AS k")["k"].tolist() == ["C1"]


def test_quarantine_lines_are_physical_lines_after_multi_line_fields(store, tmp_path):
    path = tmp_path / "multi.csv"
    path.write_text(
        "consignment_id,declaration_date,description,declared_value\n"
        'C1,2026-06-01,"a\nthree\nline description",5\n'
        "\n"
        "C2,2026-06-01,plain,-5\n"
        'C3,2026-06-01,"two\nlines",x\n'
        "C4,2026-06-01,bad,y\n"
    )
    report = load(store, tmp_path, path)
    assert reasons_by_line(report) == {
        6: "declared_value -5 is negative",
        7: "declared_value 'x' is not a number",
        9: "declared_value 'y' is not a number",
    }
    assert store.query("MATCH (c:Consignment) RETURN c.source_line AS l")["l"].tolist() == [2]


def test_bytes_that_are_not_utf8_quarantine_their_row_not_the_file(store, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"consignment_id,declaration_date,seller_name\nC1,2026-06-01,Ann\nC2,2026-06-01,M\xfcller\n")
    report = load(store, tmp_path, path)
    assert reasons_by_line(report) == {3: "is not UTF-8 text (byte 0xfc)"}
    assert quarantined(report)["raw"].tolist() == ["C2,2026-06-01,M\\xfcller"]


# -- 19: unreadable mapping and empty feedback --------------------------------------------------------------
def test_a_mapping_that_is_not_utf8_and_an_empty_feedback_file_are_one_clear_message(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_bytes('[columns]\n"Déclaration" = "consignment_id"\n'.encode("latin-1"))
    data = write_csv(tmp_path / "d.csv", [parcel("C1")])
    for command in (
        ["ingest", str(data), "--mapping", str(mapping)],
        ["feedback", str(tmp_path / "empty.csv")],
    ):
        (tmp_path / "empty.csv").write_text("")
        result = subprocess.run(
            [sys.executable, "-m", "graphintel.cli", *command, "--home", str(tmp_path / "h")],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert "empty.csv: feedback file is empty" in result.stderr.replace("\n", "")


# -- 21: private files --------------------------------------------------------------------------------------
def test_quarantine_store_and_their_folders_are_private(tmp_path):
    home = tmp_path / "home"
    data = write_csv(tmp_path / "d.csv", [parcel("C1"), parcel("C2", declared_value=-1)])
    old = os.umask(0o022)  # a permissive login: the files must be private anyway
    try:
        assert main(["ingest", str(data), "--home", str(home)]) == 5
    finally:
        os.umask(old)
    assert mode(home) == 0o700 and mode(home / "quarantine") == 0o700
    quarantine = next((home / "quarantine").glob("quarantine-*.csv"))
    assert mode(quarantine) == 0o600
    store_files = [p for p in home.iterdir() if p.name.startswith("graph.lbug")]
    assert store_files and all(mode(p) == 0o600 for p in store_files), [(p.name, oct(mode(p))) for p in store_files]


def test_library_ingest_creates_a_private_quarantine_without_the_cli(store, tmp_path):
    old = os.umask(0o022)
    try:
        report = load(store, tmp_path, write_csv(tmp_path / "d.csv", [parcel("C1", declared_value=-1)]))
    finally:
        os.umask(old)
    assert mode(report.quarantine_path) == 0o600 and mode(report.quarantine_path.parent) == 0o700


def read_quarantine_rows(folder: Path) -> list[list[str]]:
    rows = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            rows += list(csv.reader(handle))[1:]
    return rows


def test_conflicts_are_found_when_the_input_is_prepared_in_a_second_process(store, tmp_path):
    first = write_csv(tmp_path / "day1.csv", [parcel("C1", declared_value=40), parcel("C2")])
    second = write_csv(tmp_path / "day2.csv", [parcel("C2"), parcel("C1", declared_value=4), parcel("C3")])
    load(store, tmp_path, first)
    report = ingest_files(store, plan_files([second]), tmp_path / "q", prepare_apart=True)
    assert (report.files[0].loaded_new, report.files[0].already_present, report.quarantined) == (1, 1, 1)
    assert f"loaded before from {first}, line 2" in quarantined(report)["reason"].iloc[0]


def test_quarantine_files_hold_no_live_formula(store, tmp_path):
    """A trader's id ``=cmd|...`` or a ragged line starting ``@SUM(`` was written verbatim into the quarantine
    file, which an analyst opens in a spreadsheet; now such a cell starts with ``'`` as in every export."""
    from graphintel.formulas import FORMULA_STARTS

    path = tmp_path / "formulas.csv"
    path.write_text(
        "consignment_id,declaration_date,declared_value\n"
        "\"=cmd|' /C calc'!A0\",2026-06-01,-1\n"
        "+1+1,2026-06-01,x\n"
        "@SUM(A1),2026-06-01,1,extra\n"
        "C1,2026-06-01,5\n"
    )
    report = load(store, tmp_path, path)
    q = quarantined(report)
    assert q["consignment_id"].tolist()[:2] == ["'=cmd|' /C calc'!A0", "'+1+1"]
    assert q["raw"].tolist()[2] == "'@SUM(A1),2026-06-01,1,extra"
    with open(report.quarantine_path, encoding="utf-8", newline="") as handle:
        assert not [cell for row in csv.reader(handle) for cell in row if cell.startswith(FORMULA_STARTS)]
    assert store.query("MATCH (c:Consignment) RETURN c.key AS k")["k"].tolist() == ["C1"]
