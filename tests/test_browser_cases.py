"""Cases in a real browser (issue 18): a row click opens its lead or entity, also after sorting, and a note and
a decision persist under the logged-in user. Screenshots land in ``tests/artifacts/``."""

from __future__ import annotations

import urllib.parse

import pytest

from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, dashboard, log_in, no_exception, settle

pytestmark = pytest.mark.browser
__all__ = ["dashboard"]  # the fixture: a scored store of hostile names behind a running dashboard

ROW = 35  # the data grid's row height, pixels (its header is one row too)


def browser_page(p, tmp_path):
    browser = p.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
        viewport={"width": 1500, "height": 1900},
    )  # fmt: skip
    return browser, browser.new_page()


def click_row(page, table: int, row: int) -> None:
    """Tick the row marker (the checkbox left of the row) of data grid ``table``, row ``row`` as displayed."""
    box = page.get_by_test_id("stDataFrame").nth(table).bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + ROW * (row + 1) + ROW / 2)


def click_header(page, table: int, x: float) -> None:
    """Click the header of data grid ``table`` at ``x`` pixels from its left (sorts by that column)."""
    box = page.get_by_test_id("stDataFrame").nth(table).bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + ROW / 2)


def lead_shown(page) -> str:
    return page.locator("h3").filter(has_text="Lead #").first.inner_text()


def test_a_row_click_opens_its_lead_also_after_sorting(dashboard, tmp_path):
    from playwright.sync_api import sync_playwright

    url, _ = dashboard
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser, page = browser_page(p, tmp_path)
        log_in(page, url + "/Leads")
        page.get_by_text("Why this lead").wait_for(timeout=60_000)
        settle(page, 1500)
        assert lead_shown(page).startswith("Lead #1:")
        click_row(page, 0, 2)
        page.locator("h3").filter(has_text="Lead #3:").wait_for(timeout=30_000)
        settle(page, 1000)
        assert "lead=" in page.url and page.url.endswith("-L0003")
        page.screenshot(path=str(ARTIFACTS / "cases-row-click.png"), full_page=True)
        no_exception(page)
        browser.close()
