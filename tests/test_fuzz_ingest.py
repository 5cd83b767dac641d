"""Property: whatever file an operator hands to `graphintel ingest`, the command exits 0, 2 or 5 (never 1, never a
traceback) and loses no row: rows read = loaded + quarantined, and every quarantined row is in a quarantine file.

Hostile files are generated: other encodings, cut short, NUL and hidden characters, huge fields, formula-looking
values, absurd numbers and dates, duplicate and missing headers, ragged rows, multi-line fields. The profile is
fixed (derandomized, no example database) so the suite runs the same 70 examples everywhere, in 15 to 30 s.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphintel.cli import main
from graphintel.schema import CANONICAL_COLUMNS
from graphintel.store.embedded import LadybugStore

FUZZ = settings(
    max_examples=70,
    deadline=None,
    derandomize=True,  # the same examples on every machine and in CI
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

HOSTILE = [
    "",
    " ",
    "=1+1",
    '=HYPERLINK("http://x")',
    "@SUM(A1:A9)",
    "+1",
    "-1",
    "1e308",
    "-1e308",
    "1e400",
    "inf",
    "-Infinity",
    "nan",
    "NaN",
    "0x1F",
    "1_000",
    "9999-12-31",
    "0001-01-01",
    "2262-04-12",
    "1677-09-21",
    "2026-06-01",
    "2026-02-30",
    "2026-06-01T10:00:00+05:00",
    "2026-06-01T10:00:00-08:00",
    "20260601",
    "C1",
    "C1\x00",
    "C\u200b1",
    "\ufeffC1",
    "\x1b[31mred",
    "GB",
    "ZZ",
    "Ωmega ünïcode 中文",
    '"quoted"',
    "a,b",
    "line\nbreak",
    "cr\rbreak",
    "x" * 3000,
    "0",
    "1",
    "true",
    "maybe",
]
cell = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=10))
OPTIONAL = [c for c in CANONICAL_COLUMNS if c not in ("consignment_id", "declaration_date")] + ["Notes", ""]


def mostly(value, otherwise, one_in: int = 8):
    """``value``, but ``otherwise`` about once in ``one_in`` draws (Hypothesis favours the first choice)."""
    return st.sampled_from([value] * (one_in - 1) + [otherwise])


@st.composite
def hostile_file(draw) -> tuple[str, bytes]:
    header = ["consignment_id", "declaration_date", *draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=7))]
    header = draw(st.permutations(header))
    missing = draw(mostly(None, draw(st.sampled_from(["consignment_id", "declaration_date"])), 12))
    if missing:
        header.remove(missing)
    if draw(mostly(False, True)):
        header.append(draw(st.sampled_from(header)))  # a column named twice
    rows = []
    for i in range(draw(st.integers(0, 8))):
        values = {
            "consignment_id": draw(st.one_of(mostly(f"C{i}", "C1", 3), cell)),
            "declaration_date": draw(st.one_of(mostly("2026-06-01", "2026-06-02", 3), cell)),
        }
        row = [values.get(name) if name in values else draw(cell) for name in header]
        change = draw(st.sampled_from([0] * 12 + [-1, 1, 2]))
        rows.append(row[: len(row) + change] if change < 0 else row + [draw(cell) for _ in range(change)])
    kind = draw(mostly("csv", "jsonl", 4))
    if kind == "jsonl":
        lines = [json.dumps(dict(zip(header, row, strict=False))) for row in rows]
        lines += draw(st.lists(st.sampled_from(["{not json", "[1, 2]", "", '{"consignment_id": null}']), max_size=2))
        text = "\n".join(lines) + draw(st.sampled_from(["\n", ""]))
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
        writer.writerow(header)
        writer.writerows(rows)
        text = buffer.getvalue()
    encoding = draw(mostly("utf-8", draw(st.sampled_from(["utf-8-sig", "latin-1", "utf-16", "cp1252"])), 5))
    data = text.encode(encoding, errors="replace")
    if draw(mostly(False, True, 4)) and data:  # cut short, as a half-copied file
        data = data[: len(data) - draw(st.integers(0, min(len(data), 60)))]
    return kind, data


SUMMARY = re.compile(r"read ([\d,]+) = loaded ([\d,]+) \+ quarantined ([\d,]+) \((reconciled|NOT RECONCILED)")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(hostile_file())
def test_any_file_exits_0_2_or_5_and_every_row_is_loaded_or_quarantined(scratch, case):
    kind, data = case
    folder = Path(tempfile.mkdtemp(dir=scratch))
    try:
        path = folder / f"input.{kind}"
        path.write_bytes(data)
        home = folder / "home"
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["ingest", str(path), "--home", str(home)])
        output = out.getvalue().replace("\n", " ")
        assert code in (0, 2, 5), f"exit {code}: {err.getvalue()}"
        assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
        if code == 2:
            assert err.getvalue().strip(), "a refused file says why"
            return
        read, loaded, quarantined, verdict = SUMMARY.search(output).groups()
        read, loaded, quarantined = (int(n.replace(",", "")) for n in (read, loaded, quarantined))
        assert verdict == "reconciled" and read == loaded + quarantined
        assert (code == 5) == (quarantined > 0)
        with LadybugStore(home / "graph.lbug", read_only=True) as store:
            assert store.counts()["Consignment"] == loaded
        rows = []
        for quarantine in (home / "quarantine").glob("*.csv") if quarantined else []:
            with quarantine.open(newline="", encoding="utf-8") as handle:
                rows += list(csv.DictReader(handle))
        assert len(rows) == quarantined, "every quarantined row is on disk"
        assert all(r["file"] == str(path) and int(r["line"]) >= 1 and r["reason"] for r in rows)
        assert len({r["line"] for r in rows}) == len(rows), "one row per line"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
