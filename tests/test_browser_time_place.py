"""Time and place in a real browser, with the network cut off: Chromium may reach only 127.0.0.1.

Brushing the lead page's timeline filters the link chart and the evidence; the route map draws the shipped world
and its flows with no tile server or outside request. Screenshots land in ``tests/artifacts/``.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest

from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, dashboard, link_chart, log_in, no_exception, settle

pytestmark = pytest.mark.browser
__all__ = ["dashboard"]  # the module's dashboard fixture, shared with test_browser

LOCAL_SCHEMES = ("data", "blob", "about")


def offline(context) -> list[str]:
    """Abort every request that leaves the machine; the list of those refused."""
    refused: list[str] = []

    def handle(route) -> None:
        url = urllib.parse.urlsplit(route.request.url)
        if url.scheme in LOCAL_SCHEMES or url.hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", handle)
    return refused


PARTIES_DRAWN = """() => cy.nodes("[kind = 'party']").length"""
PARCELS_DRAWN = """() => cy.edges().map((e) => e.data("parcels") || 0).reduce((a, b) => a + b, 0)"""  # on trade links


def evidence_caption(page) -> str:
    return page.get_by_text(re.compile(r"consignments(?: sent or received|, declared)")).first.inner_text()


def test_brushing_the_timeline_filters_the_chart_and_the_evidence_and_the_map_draws_offline(dashboard, tmp_path):
    from playwright.sync_api import sync_playwright

    url, _ = dashboard
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1500, "height": 3400},
        )  # fmt: skip
        refused = offline(browser)
        page = browser.new_page()
        log_in(page, url + "/Leads")
        page.get_by_text("Why this lead").wait_for(timeout=60_000)
        settle(page)
        no_exception(page)
        before = evidence_caption(page)
        total = int(re.match(r"([\d,]+) consignments", before).group(1).replace(",", ""))
        chart = link_chart(page)
        parties, parcels = chart.evaluate(PARTIES_DRAWN), chart.evaluate(PARCELS_DRAWN)

        # The timeline is the first chart after the lead's network; brush its middle third.
        timeline = page.get_by_test_id("stVegaLiteChart").first
        timeline.scroll_into_view_if_needed()
        plot = timeline.locator("svg .mark-rect").first.bounding_box()
        assert plot, "the timeline drew no bars"
        box = timeline.locator("svg").first.bounding_box()
        y = box["y"] + box["height"] * 0.4
        page.mouse.move(box["x"] + box["width"] * 0.35, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.55, y, steps=8)
        page.mouse.up()
        page.get_by_text(re.compile(r"[\d,]+ of [\d,]+ consignments, declared")).wait_for(timeout=60_000)
        settle(page, 1500)
        no_exception(page)
        after = evidence_caption(page)
        shown, of = (int(x.replace(",", "")) for x in re.match(r"([\d,]+) of ([\d,]+)", after).groups())
        assert of == total and 0 <= shown < total, (before, after)
        rows = page.get_by_test_id("stDataFrame").filter(has_text="consignment_id")
        assert rows.count() >= 1
        # The link chart above shows only the parties with a parcel in the window (and says how many), and their
        # trade counted over the window's parcels.
        note = page.get_by_text(re.compile(r"Timeline window .* the chart shows [\d,]+ of [\d,]+ parties")).first
        kept, of = (int(x) for x in re.search(r"shows ([\d,]+) of ([\d,]+) parties", note.inner_text()).groups())
        assert of == parties and 0 < kept <= parties, (note.inner_text(), parties)
        link_chart(page).wait_for_function(
            f"() => ({PARTIES_DRAWN})() === {kept} && ({PARCELS_DRAWN})() < {parcels}", timeout=30_000
        )
        page.screenshot(path=str(ARTIFACTS / "dashboard-lead-brushed.png"), full_page=True)

        # Double-click clears the brush: every parcel again.
        page.mouse.dblclick(box["x"] + box["width"] * 0.8, y)  # outside the brush
        settle(page, 1500)
        page.screenshot(path=str(ARTIFACTS / "dashboard-lead-cleared.png"), full_page=True)
        page.get_by_text(re.compile(r"consignments sent or received")).wait_for(timeout=20_000)
        link_chart(page).wait_for_function(  # the whole chart again
            f"() => ({PARTIES_DRAWN})() === {parties} && ({PARCELS_DRAWN})() === {parcels}", timeout=30_000
        )
        assert page.get_by_text(re.compile(r"Timeline window")).count() == 0
        settle(page, 1000)

        # The route map: the shipped world (country shapes) and the flows, drawn in SVG with no outside request.
        page.get_by_role("tab", name="Routes").click()
        page.get_by_text("Route map").wait_for(timeout=30_000)
        settle(page, 1500)
        no_exception(page)
        page.screenshot(path=str(ARTIFACTS / "dashboard-lead-routes.png"), full_page=True)
        charts = page.get_by_test_id("stVegaLiteChart")
        world = charts.filter(has=page.locator("svg .mark-shape")).first
        world.scroll_into_view_if_needed()
        assert world.locator(".mark-shape path").count() > 100, "the world's countries are not drawn"
        assert world.locator(".mark-rule line").count() >= 1, "no flow drawn"
        assert world.locator(".mark-text text").count() >= 2, "no country labelled"
        world.screenshot(path=str(ARTIFACTS / "dashboard-route-map.png"))
        browser.close()
    assert not refused, refused
