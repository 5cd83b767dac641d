"""SAME_AS links in a real browser (issue 18): with entities resolved, the Paths page's link chart draws the link
between two spellings of one buyer dashed, and a click on it shows its score and evidence in the side panel."""

from __future__ import annotations

import pytest

from graphintel.cli import main
from tests.test_browser import CHROMIUM, CHROMIUM_FLAGS, idle, link_chart, no_exception, start_dashboard

pytestmark = pytest.mark.browser


@pytest.fixture()
def resolved_dashboard(tmp_path):
    if CHROMIUM is None:
        pytest.skip("chromium is not installed; run scripts/install-browser")
    from graphintel.entities.graph import resolve_store, write_entities
    from graphintel.store import open_store
    from tests.test_entity_graph import HEADER, ROWS

    (tmp_path / "p.csv").write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    assert main(["ingest", str(tmp_path / "p.csv"), "--home", str(tmp_path)]) == 0
    with open_store(str(tmp_path / "graph.lbug")) as store:
        write_entities(store, resolve_store(store))
    proc, url = start_dashboard(tmp_path, "--no-auth")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_a_same_as_link_is_drawn_dashed_and_a_click_shows_its_evidence(resolved_dashboard, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1400})
        page.goto(resolved_dashboard + "/Paths")
        page.get_by_text("GraphIntel: ").first.wait_for(timeout=60_000)
        for side, name in (("from", "Mohammed Abdulrahman"), ("to", "محمد عبد الرحمن")):
            page.get_by_label(f"Party {side}").fill(name)
            page.get_by_label(f"Party {side}").press("Enter")
            idle(page)
        page.get_by_text("shortest path").first.wait_for(timeout=60_000)
        chart = link_chart(page)
        drawn = chart.evaluate(
            "() => cy.edges(\"[kind = 'same_as']\").map((e) => [e.data('caption'), e.style('line-style')])"
        )
        assert drawn == [["same entity · score 1.00", "dashed"]]
        assert "same entity (score)" in chart.locator("#legend").inner_text()
        chart.evaluate("() => cy.edges(\"[kind = 'same_as']\").emit('tap')")
        page.get_by_text("Same entity (score 1.000)").wait_for(timeout=60_000)
        idle(page)
        no_exception(page)
        assert page.get_by_test_id("stDataFrame").count() == 2, "the paths and the evidence"
        browser.close()
