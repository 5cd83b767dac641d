"""The dashboard, driven by Streamlit's AppTest over a real scored store."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graphintel.cli import main

APP = str(Path(__file__).resolve().parents[1] / "app" / "Home.py")


@pytest.fixture(scope="module")
def scored_store(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("dash")
    assert main(["generate", "--consignments", "3000", "--seed", "11", "--out", str(home / "data")]) == 0
    assert main(["ingest", str(home / "data" / "consignments.csv"), "--home", str(home)]) == 0
    assert main(["score", "--home", str(home)]) == 0
    return home / "graph.lbug"


def app(monkeypatch, store: Path) -> AppTest:
    monkeypatch.setenv("GRAPHINTEL_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def test_leads_are_listed_and_the_first_lead_opens_with_reasons(monkeypatch, scored_store):
    at = app(monkeypatch, scored_store)
    assert at.title[0].value == "GraphIntel: leads"
    assert at.metric[0].label == "Leads" and int(at.metric[0].value.replace(",", "")) > 0
    lead = at.selectbox(key="lead_select")
    assert lead.value.endswith("-L0001")
    assert any(m.value.startswith("**Why this lead**") for m in at.markdown)
    assert any("Lead #1" in s.value for s in at.subheader)


def test_choosing_another_lead_and_filtering(monkeypatch, scored_store):
    at = app(monkeypatch, scored_store)
    lead = at.selectbox(key="lead_select")
    second = lead.options[1]
    lead.set_value(second).run()
    assert not at.exception
    assert any("Lead #2" in s.value for s in at.subheader)
    at.slider(key="min_score").set_value(1.0).run()
    assert not at.exception
    assert any("No lead matches" in i.value for i in at.info) or at.selectbox(key="lead_select").options


def test_a_missing_store_gives_a_notice_not_a_crash(monkeypatch, tmp_path):
    monkeypatch.setenv("GRAPHINTEL_STORE", str(tmp_path / "missing.lbug"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "cannot be read" in at.warning[0].value


@pytest.fixture(scope="module")
def neo4j_scored(tmp_path_factory):
    from graphintel.store.neo4j_store import Neo4jStore
    from tests.conftest import require_neo4j_uri, wipe_neo4j

    uri = require_neo4j_uri()
    wipe_neo4j(Neo4jStore(uri))
    home = tmp_path_factory.mktemp("dash-neo4j")
    assert main(["generate", "--consignments", "3000", "--seed", "12", "--out", str(home / "data")]) == 0
    assert main(["ingest", str(home / "data" / "consignments.csv"), "--store", uri, "--home", str(home)]) == 0
    assert main(["score", "--store", uri, "--home", str(home)]) == 0
    return uri


def test_the_dashboard_works_against_neo4j(monkeypatch, neo4j_scored):
    monkeypatch.setenv("GRAPHINTEL_STORE", neo4j_scored)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="lead_select").value.endswith("-L0001")
    assert any("Lead #1" in s.value for s in at.subheader)
    at.selectbox(key="lead_select").set_value(at.selectbox(key="lead_select").options[1]).run()
    assert not at.exception and any("Lead #2" in s.value for s in at.subheader)
