"""Lead packages for enforcement teams: XLSX, JSON (schema), HTML case report (PDF), GraphML, masking, log."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import jsonschema
import networkx as nx
import openpyxl
import pandas as pd
import pytest

from graphintel.cli import main
from graphintel.leads.export.json_export import schema
from graphintel.store.embedded import LadybugStore
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS

MARKING = "OFFICIAL-SENSITIVE [TEST]: customs enforcement only"
TOP = 4
MASKED_KINDS = ("ADDRESS", "PHONE", "EMAIL")


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("exports")
    assert main(["generate", "--consignments", "3000", "--seed", "31", "--out", str(home / "data")]) == 0
    assert main(["ingest", str(home / "data" / "consignments.csv"), "--home", str(home)]) == 0
    assert main(["score", "--home", str(home)]) == 0
    (home / "settings.toml").write_text(f'marking = "{MARKING}"\n', encoding="utf-8")  # configured once
    return home


def export(home: Path, out: Path, *flags: str) -> Path:
    assert main(["leads", "export", "--home", str(home), "--top", str(TOP), "--out", str(out), *flags]) == 0
    return out


@pytest.fixture(scope="module")
def package_dir(scored, tmp_path_factory) -> Path:
    return export(scored, tmp_path_factory.mktemp("package"))


def test_the_json_package_validates_against_its_schema_and_names_its_sources(scored, package_dir):
    doc = json.loads((package_dir / "leads.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema())
    assert doc["handling"] == MARKING and doc["masked"] is False
    assert doc["run"]["run_id"] and doc["run"]["model"]
    assert doc["source"]["files"] == [str((scored / "data" / "consignments.csv").resolve())] or doc["source"]["files"]
    assert len(doc["leads"]) == TOP
    lead = doc["leads"][0]
    assert lead["reasons"] and lead["members"] and lead["evidence"] and lead["network"]["nodes"]
    assert all(c["source_file"].endswith("consignments.csv") and c["source_line"] >= 2 for c in lead["evidence"])
    broken = json.loads(json.dumps(doc))
    broken["leads"][0]["score"] = "high"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema())  # the schema does reject a wrong package


def test_the_spreadsheet_has_a_summary_and_one_sheet_per_lead(package_dir):
    book = openpyxl.load_workbook(package_dir / "leads.xlsx")
    doc = json.loads((package_dir / "leads.json").read_text(encoding="utf-8"))
    expected = ["Summary"] + [f"Lead {x['rank']} {x['lead_id'].rsplit('-', 1)[-1]}" for x in doc["leads"]]
    assert book.sheetnames == expected
    summary = [c for row in book["Summary"].iter_rows(values_only=True) for c in row if c is not None]
    assert MARKING in summary and doc["run"]["run_id"] in summary and doc["run"]["model"] in summary
    for name, lead in zip(expected[1:], doc["leads"], strict=True):
        sheet = book[name]
        cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        assert "Reasons" in cells and f"Members ({len(lead['members'])})" in cells
        assert f"Evidence consignments ({len(lead['evidence'])})" in cells
        assert lead["reasons"][0] in cells and lead["evidence"][0]["consignment_id"] in cells
        assert sheet.oddHeader.center.text == MARKING and sheet.oddFooter.center.text == MARKING


def test_graphml_opens_as_a_graph_per_lead(package_dir):
    doc = json.loads((package_dir / "leads.json").read_text(encoding="utf-8"))
    for lead in doc["leads"]:
        graph = nx.read_graphml(package_dir / f"{lead['lead_id']}.graphml")
        assert graph.graph["run_id"] == doc["run"]["run_id"] and graph.graph["handling"] == MARKING
        assert graph.number_of_nodes() == len(lead["network"]["nodes"])
        assert {d["type"] for _, d in graph.nodes(data=True)} <= {"SELLER", "BUYER", "ADDRESS", "PHONE", "EMAIL"}


@pytest.mark.browser
def test_the_html_report_prints_to_pdf_with_the_marking_on_every_page(package_dir, tmp_path):
    import pypdfium2
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.skip("chromium is not installed; run scripts/install-browser")
    html = (package_dir / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"\b(nan|None|NaT)\b", html), "missing values are printed as blanks"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / "lead-report.pdf"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1500})
        page.goto((package_dir / "report.html").as_uri())
        page.screenshot(path=str(ARTIFACTS / "lead-report.png"), full_page=False)
        assert page.locator("svg").count() >= 2 * TOP, "a network and a timeline per lead"
        page.pdf(path=str(pdf_path), format="A4", print_background=True)
        browser.close()
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert len(pages) > TOP, "a cover and at least a page per lead"
    assert all(MARKING in text for text in pages), "the handling marking is on every page"
    assert all(f"page {i} of {len(pages)}" in text for i, text in enumerate(pages, start=1))
    doc = json.loads((package_dir / "leads.json").read_text(encoding="utf-8"))
    for lead in doc["leads"]:
        assert any(f"Lead #{lead['rank']}:" in text for text in pages)
        assert any(lead["reasons"][0][:40] in text.replace("\r\n", " ") for text in pages)
    pdf[1].render(scale=1.2).to_pil().save(ARTIFACTS / "lead-report-page2.png")


def personal_values(home: Path, doc: dict) -> set[str]:
    """Buyer names, phones, e-mails and street addresses of the exported leads' parties: raw and as stored."""
    ids = {m["party_id"] for lead in doc["leads"] for m in lead["members"]}
    source = pd.read_csv(home / "data" / "consignments.csv", dtype=str, keep_default_na=False)
    values: set[str] = set()
    buyers = source[source["buyer_id"].isin(ids)]
    sellers = source[source["seller_id"].isin(ids)]
    for column in ("buyer_name", "buyer_phone", "buyer_email", "buyer_address"):
        values |= set(buyers[column])
    for column in ("seller_phone", "seller_email", "seller_address"):
        values |= set(sellers[column])
    with LadybugStore(home / "graph.lbug", read_only=True) as store:
        keys = [f"buyer:{i}" for i in ids] + [f"seller:{i}" for i in ids]
        stored = store.query(
            "UNWIND $keys AS k MATCH (p {key: k})-[:LOCATED_AT|HAS_PHONE|HAS_EMAIL]->(i) RETURN i.value AS v",
            {"keys": keys},
        )
        names = store.query("UNWIND $keys AS k MATCH (b:Buyer {key: k}) RETURN b.name AS v", {"keys": keys})
    values |= set(stored["v"]) | set(names["v"])
    return {v for v in values if isinstance(v, str) and len(v.strip()) >= 6}


def exported_text(folder: Path) -> str:
    parts = []
    for path in folder.iterdir():
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            parts += [str(c) for s in book for row in s.iter_rows(values_only=True) for c in row if c is not None]
        else:
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def test_masked_exports_hold_no_buyer_name_phone_email_or_street_address(scored, package_dir, tmp_path):
    doc = json.loads((package_dir / "leads.json").read_text(encoding="utf-8"))
    values = personal_values(scored, doc)
    assert len(values) > 20
    plain = exported_text(package_dir)
    assert [v for v in values if v in plain], "the unmasked package shows personal data (so this test can fail)"
    masked_dir = export(scored, tmp_path / "masked", "--mask")
    text = exported_text(masked_dir)
    leaked = sorted(v for v in values if v in text)
    assert not leaked, leaked[:5]
    masked = json.loads((masked_dir / "leads.json").read_text(encoding="utf-8"))
    jsonschema.validate(masked, schema())
    assert masked["masked"] is True
    identifiers = [n for lead in masked["leads"] for n in lead["network"]["nodes"] if n["label"] in MASKED_KINDS]
    assert identifiers and all(n["name"].startswith(f"[{n['label'].lower()} masked ") for n in identifiers)
    assert [m["party_id"] for m in masked["leads"][0]["members"]] == [m["party_id"] for m in doc["leads"][0]["members"]]


def test_every_export_is_logged(scored, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHINTEL_ANALYST", "Officer Dibble")
    log = scored / "exports.jsonl"
    before = len(log.read_text().splitlines()) if log.exists() else 0
    export(scored, tmp_path / "one", "--format", "json,xlsx", "--mask")
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(entries) == before + 1
    last = entries[-1]
    assert last["who"] == "Officer Dibble" and last["formats"] == ["json", "xlsx"] and last["masked"] is True
    assert len(last["leads"]) == TOP and last["run_id"] and last["at"] and last["marking"] == MARKING
    assert sorted(Path(f).name for f in last["files"]) == ["leads.json", "leads.xlsx"]


def test_a_bad_settings_file_or_format_is_one_clear_message(scored, tmp_path, capsys):
    home = tmp_path / "h"
    shutil.copytree(scored, home, ignore=shutil.ignore_patterns("exports.jsonl"))
    (home / "settings.toml").write_text('marking = "unterminated\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["leads", "export", "--home", str(home), "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "settings.toml: not valid TOML" in err and "line 1" in err
    assert main(["leads", "export", "--home", str(scored), "--format", "pdf", "--out", str(tmp_path / "y")]) == 2
    assert "unknown export format 'pdf'" in capsys.readouterr().err


# -- hostile values (issue 15) -----------------------------------------------------------------
def csv_cells(folder: Path) -> list[str]:
    import csv

    cells = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            cells += [c for row in csv.reader(handle) for c in row]
    return cells


def test_formula_looking_names_are_text_in_every_tabular_export(tmp_path):
    from graphintel.leads.export import EXPORTERS, write_package
    from graphintel.leads.export.cells import FORMULA_STARTS
    from tests.hostile import FORMULAS, package

    for i, formula in enumerate(FORMULAS):
        folder = tmp_path / f"p{i}"
        write_package(package(name=formula, address=formula, description=formula), list(EXPORTERS), folder, tmp_path)
        book = openpyxl.load_workbook(folder / "leads.xlsx")
        cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
        assert not [c.coordinate for c in cells if c.data_type == "f"], f"{formula!r} became a formula"
        read_back = formula.replace("\r", "\n")  # XML turns a carriage return into a newline
        hostile = [c for c in cells if isinstance(c.value, str) and c.value.startswith(read_back[:1])]
        assert hostile and all(c.data_type == "s" and c.quotePrefix for c in hostile), repr(formula)
        assert read_back in [c.value for c in cells], "the spreadsheet keeps the value as declared"
        live = [c for c in csv_cells(folder) if c.startswith(FORMULA_STARTS)]
        assert not live, f"CSV cells a spreadsheet would run: {live[:3]}"
        assert "'" + formula in csv_cells(folder), "the CSV value is the declared one after a single quote"


def test_neutralise_follows_owasp():
    from graphintel.leads.export.cells import csv_text, neutralise

    for start in ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"):
        assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise("Eagle Trading") == "Eagle Trading" and neutralise(-3) == -3 and neutralise(None) is None
    text = csv_text(pd.DataFrame({"name": ["=1+1", "ok"], "value": [-1.5, 2.0]}))
    assert text.splitlines() == ["name,value", "'=1+1,-1.5", "ok,2.0"]


def test_a_lead_summing_to_infinity_still_exports_every_format(tmp_path):
    """Two parcels declared at 1e308 make an infinite total: the package still validates and is written."""
    from graphintel.finite import LARGEST
    from graphintel.leads.export import EXPORTERS, write_package
    from tests.hostile import package

    folder = tmp_path / "out"
    write_package(package(value=1e308, total_value=float("inf")), list(EXPORTERS), folder, tmp_path)
    text = (folder / "leads.json").read_text(encoding="utf-8")
    doc = json.loads(text)
    jsonschema.validate(doc, schema())
    assert "Infinity" not in text and doc["leads"][0]["total_value"] == LARGEST
    assert nx.read_graphml(folder / "R1-L0001.graphml").number_of_edges() == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["leads.xlsx", "leads.json", "report.html", "R1-L0001.graphml", "leads.csv", "lead_members.csv",
         "lead_consignments.csv"]
    )  # fmt: skip


def test_lead_totals_saturate_instead_of_overflowing(tmp_path):
    """End to end: two parcels of one lead declared at 1e308 (if ingest lets them in) do not stop the export;
    the run folder's tables, which an analyst may open too, hold no live formula either."""
    from graphintel.leads.export.cells import FORMULA_STARTS
    from tests.conftest import parcel, write_csv

    home = tmp_path / "h"
    formula = '=HYPERLINK("http://x","click")'
    rows = [parcel(f"C{i}", seller="S1", buyer=f"B{i % 3}", value=120.0, seller_name=formula) for i in range(30)]
    rows += [parcel(f"X{i}", seller="S1", buyer="B1", value=1e308) for i in range(2)]
    rows += [parcel(f"Y{i}", seller=f"S{10 + i}", buyer=f"B{20 + i}", value=50.0) for i in range(20)]
    source = write_csv(tmp_path / "in.csv", rows)
    assert main(["ingest", str(source), "--home", str(home)]) in (0, 5)  # 5: a bound quarantined them
    assert main(["score", "--home", str(home)]) == 0
    out = tmp_path / "out"
    assert main(["leads", "export", "--home", str(home), "--out", str(out)]) == 0
    doc = json.loads((out / "leads.json").read_text(encoding="utf-8"))
    assert all(isinstance(lead["total_value"], float) for lead in doc["leads"])
    run_folder = next((home / "runs").iterdir())
    cells = csv_cells(run_folder)
    live = [c for c in cells if c.startswith(FORMULA_STARTS) and not re.fullmatch(r"-?[0-9.e+-]+", c)]  # numbers
    assert "'" + formula in cells and not live, live[:3]


def test_an_export_that_fails_leaves_no_partial_package(scored, tmp_path, monkeypatch, capsys):
    from graphintel.leads.export.html_export import HtmlExporter

    def broken(self, package):
        raise OSError(28, "No space left on device")

    out = tmp_path / "out"
    monkeypatch.setattr(HtmlExporter, "write", broken)
    assert main(["leads", "export", "--home", str(scored), "--top", "2", "--out", str(out)]) != 0
    assert "No space left on device" in capsys.readouterr().err
    assert not out.exists(), "xlsx and json were written before the report failed: none is kept"
    # An earlier package in the folder is not half replaced either.
    monkeypatch.undo()
    export(scored, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr(HtmlExporter, "write", broken)
    assert main(["leads", "export", "--home", str(scored), "--top", "1", "--out", str(out)]) != 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_exports_their_log_and_the_mask_key_are_private(scored, tmp_path, monkeypatch):
    import stat

    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    home = tmp_path / "h"
    shutil.copytree(scored, home, ignore=shutil.ignore_patterns("exports.jsonl", "mask.key"))
    monkeypatch.setattr(Path, "chmod", lambda self, m: None)  # no tightening after the fact
    old = os.umask(0o022)
    try:
        out = export(home, tmp_path / "out", "--mask")
    finally:
        os.umask(old)
    assert mode(home / "mask.key") == 0o600, "the key is created 0600, not chmodded afterwards"
    assert mode(home / "exports.jsonl") == 0o600
    assert mode(out) == 0o700 and {mode(p) for p in out.iterdir()} == {0o600}
    key = (home / "mask.key").read_bytes()
    export(home, tmp_path / "again", "--mask", "--format", "json")
    assert (home / "mask.key").read_bytes() == key, "an existing key is kept"
