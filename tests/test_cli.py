"""The command line: one clear line and a non-zero exit for user errors, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import parcel, write_csv


def run(*args: str, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "graphintel.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_missing_required_column_is_one_line_naming_file_and_column(tmp_path):
    bad = write_csv(tmp_path / "bad.csv", [{"consignment_id": "C1", "value": "3"}])
    result = run("ingest", str(bad), "--home", str(tmp_path / "home"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"error: {bad}: required column 'declaration_date' is missing" in result.stderr.replace("\n", "")


def test_bad_mapping_and_unknown_file(tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\n"X" = "no_such_column"\n')
    data = write_csv(tmp_path / "d.csv", [parcel("C1")])
    result = run("ingest", str(data), "--mapping", str(mapping), "--home", str(tmp_path / "home"))
    assert result.returncode == 2 and "no_such_column" in result.stderr and "Traceback" not in result.stderr
    result = run("ingest", str(tmp_path / "nope.csv"), "--home", str(tmp_path / "home"))
    assert result.returncode == 2 and "nope.csv: no such file or folder" in result.stderr.replace("\n", "")


def test_ingest_prints_a_reconciled_summary_and_quarantine_path(tmp_path):
    data = write_csv(tmp_path / "d.csv", [parcel("C1"), parcel("C2", declared_value=-1)])
    result = run("ingest", str(data), "--home", str(tmp_path / "home"))
    assert result.returncode == 5, result.stderr  # partial success
    out = result.stdout.replace("\n", " ")
    assert "read 2 = loaded 1 + quarantined 1 (reconciled)" in out
    assert "quarantine-" in out


def test_score_on_an_empty_store_says_what_to_do(tmp_path):
    result = run("score", "--home", str(tmp_path / "home"))
    assert result.returncode != 0
    assert "holds no consignments" in result.stderr and "Traceback" not in result.stderr


def test_dashboard_on_a_missing_store_and_status(tmp_path):
    result = run("status", "--store", str(tmp_path / "none.lbug"))
    assert result.returncode == 3 and "no GraphIntel store at" in result.stderr


def test_an_out_path_of_the_wrong_kind_is_one_line_naming_it_before_any_work(tmp_path):
    """``entities --out FOLDER`` and ``leads export --out FILE`` (or a path through a file) used to end in
    "internal error: IsADirectoryError / NotADirectoryError", the entities one after the whole resolution."""
    home, a_file = str(tmp_path / "home"), tmp_path / "taken.csv"
    a_file.write_text("x\n")
    cases = [
        (("entities", "--out", str(tmp_path)), f"--out {tmp_path}: is a folder"),
        (("entities", "--out", str(a_file / "e.csv")), f"{a_file} is a file, not a folder"),
        (("leads", "export", "--out", str(a_file)), f"--out {a_file}: is a file, not a folder"),
        (("leads", "export", "--out", str(a_file / "sub")), f"{a_file} is a file, not a folder"),
        (("leads", "export", "--format", " , ", "--out", str(tmp_path / "x")), "names no format"),
    ]
    for args, message in cases:
        result = run(*args, "--home", home)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr.replace("\n", "") and "internal error" not in result.stderr, args
    assert a_file.read_text() == "x\n" and not (tmp_path / "x").exists()


def test_a_de_minimis_that_is_not_a_positive_finite_number_is_refused_from_the_flag_and_the_environment(tmp_path):
    """``--de-minimis inf`` and ``GRAPHINTEL_DE_MINIMIS=nan`` (or -5) used to score silently with that threshold."""
    import os

    result = run("score", "--de-minimis", "inf", "--home", str(tmp_path / "home"))
    assert result.returncode == 2 and "--de-minimis: inf must be positive and finite" in result.stderr
    for value in ("nan", "-5", "inf"):
        env = {**os.environ, "GRAPHINTEL_DE_MINIMIS": value}
        result = subprocess.run([sys.executable, "-m", "graphintel.cli", "score", "--home", str(tmp_path / "home")],
                                capture_output=True, text=True, env=env, timeout=300)  # fmt: skip
        assert result.returncode == 2, result.stderr
        assert f"GRAPHINTEL_DE_MINIMIS='{value}' must be a positive, finite number" in result.stderr


def test_spread_zero_orders_by_risk_and_a_bad_spread_is_refused(tmp_path):
    """``--spread 0``: the priority is the risk; ``--spread 1.5`` is one line naming the flag."""
    import pandas as pd

    home = tmp_path / "home"
    rows = [parcel(f"C{i}", seller=f"S{i % 3}", buyer=f"B{i % 5}", value=20 + i) for i in range(30)]
    assert run("ingest", str(write_csv(tmp_path / "d.csv", rows)), "--home", str(home)).returncode == 0
    result = run("score", "--spread", "0", "--home", str(home))
    assert result.returncode == 0, result.stderr
    run_dir = sorted((home / "runs").iterdir())[-1]
    scores = pd.read_csv(run_dir / "consignments.csv")
    assert list(scores.columns)[-1] == "risk" and (scores["score"] == scores["risk"]).all()
    result = run("score", "--spread", "1.5", "--home", str(home))
    assert result.returncode == 2 and "--spread: 1.5 must be below 1" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_binary_or_unreadable_json_lines_file_is_named_for_what_it_is(tmp_path):
    """A file of NUL bytes was reported as "file is empty"; text that is not JSON names its first bad line."""
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\x00" * 300)
    result = run("ingest", str(bad), "--home", str(tmp_path / "home"))
    assert result.returncode == 2 and "line 1: binary content (NUL bytes), not JSON text" in result.stderr
    bad.write_text("hello\nworld\n")
    result = run("ingest", str(bad), "--home", str(tmp_path / "home"))
    assert result.returncode == 2 and "line 1: not valid JSON" in result.stderr and "Traceback" not in result.stderr
    # One corrupt line among records is that line's problem: it is quarantined, the rest load.
    bad.write_text(json.dumps(parcel("C1")) + "\n" + "\x00\x01garbage\n" + json.dumps(parcel("C2")) + "\n")
    result = run("ingest", str(bad), "--home", str(tmp_path / "home"))
    assert result.returncode == 5, result.stderr
    assert "read 3 = loaded 2 + quarantined 1" in result.stdout.replace("\n", " ")
