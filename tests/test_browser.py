"""A real browser: headless Chromium loads the running dashboard, opens a lead, and takes screenshots.

Fails on any Streamlit exception box. Screenshots land in ``tests/artifacts/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from graphintel.cli import main

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (scripts/install-browser installs it)")
        pytest.skip("chromium is not installed; run scripts/install-browser")
    home = tmp_path_factory.mktemp("browser")
    assert main(["generate", "--consignments", "3000", "--seed", "5", "--out", str(home / "data")]) == 0
    assert main(["ingest", str(home / "data" / "consignments.csv"), "--home", str(home)]) == 0
    assert main(["score", "--home", str(home)]) == 0
    from graphintel.store import open_store

    with open_store(str(home / "graph.lbug"), read_only=True) as db:
        seller = db.query(
            "MATCH (l:Lead)-[:INVOLVES]->(s:Seller) RETURN s.party_id AS id, s.name AS name ORDER BY l.rank, id LIMIT 1"
        ).iloc[0]
    entity = {"query": seller["name"].lower().replace(" ", "  ", 1), "title": f"Seller: {seller['id']}"}
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphintel.cli", "dashboard", "--headless", "--port", str(port), "--home", str(home)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("dashboard did not start: " + (proc.stdout.read() if proc.stdout else ""))
    yield url, entity
    proc.terminate()
    proc.wait(timeout=30)


def no_exception(page) -> None:
    boxes = page.locator("[data-testid='stException']")
    assert boxes.count() == 0, boxes.first.inner_text()


def settle(page, ms: int = 3000) -> None:
    """Wait for Streamlit to finish running the script, then for the graph component to lay out."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(ms)


def test_dashboard_overview_lead_and_entity_in_a_real_browser(dashboard, tmp_path):
    from playwright.sync_api import sync_playwright

    url, store = dashboard
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        # A persistent context in a fresh folder: a new, empty Chromium profile for this test.
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1500, "height": 1900},
        )
        page = browser.new_page()
        page.goto(url, wait_until="networkidle")
        page.get_by_text("GraphIntel: overview").wait_for(timeout=60_000)
        page.get_by_text("Leads by scheme").wait_for(timeout=60_000)
        settle(page)
        page.screenshot(path=str(ARTIFACTS / "dashboard-overview.png"), full_page=True)
        no_exception(page)

        # The leads queue: the first lead opens; then the second through the lead picker.
        page.goto(url + "/Leads", wait_until="networkidle")
        page.get_by_text("Why this lead").wait_for(timeout=60_000)
        settle(page)
        no_exception(page)
        page.get_by_test_id("stSelectbox").filter(has_text="Lead").first.click()
        page.get_by_role("option").nth(1).click()
        page.get_by_text("Lead #2").wait_for(timeout=60_000)
        settle(page, 4000)
        page.screenshot(path=str(ARTIFACTS / "dashboard-lead.png"), full_page=True)
        no_exception(page)
        frames = [f for f in page.frames if f != page.main_frame]
        assert frames, "the interactive graph component did not load"
        assert any(f.locator("canvas").count() for f in frames), "the graph drew nothing"

        # An entity: search with a spelling variant and open the neighbourhood at depth 2.
        page.goto(url + "/Search?q=" + urllib.parse.quote(store["query"]), wait_until="networkidle")
        page.get_by_text(store["title"]).first.wait_for(timeout=60_000)
        page.get_by_text("2", exact=True).click()  # depth radio
        settle(page, 4000)
        page.screenshot(path=str(ARTIFACTS / "dashboard-entity.png"), full_page=True)
        no_exception(page)
        browser.close()
