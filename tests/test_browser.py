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
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_dashboard_renders_leads_and_opens_a_lead_without_errors(dashboard, tmp_path):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        # A persistent context in a fresh folder: a new, empty Chromium profile for this test.
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 1800},
        )
        page = browser.new_page()
        page.goto(dashboard, wait_until="networkidle")
        page.get_by_text("GraphIntel: leads").wait_for(timeout=60_000)
        page.get_by_text("Why this lead").wait_for(timeout=60_000)
        page.wait_for_timeout(3000)  # let the graph component lay out
        page.screenshot(path=str(ARTIFACTS / "dashboard-leads.png"), full_page=True)
        assert page.locator("[data-testid='stException']").count() == 0
        # Open the second lead through the lead picker.
        page.get_by_test_id("stSelectbox").first.click()
        page.get_by_role("option").nth(1).click()
        page.get_by_text("Lead #2").wait_for(timeout=60_000)
        page.wait_for_timeout(3000)
        page.screenshot(path=str(ARTIFACTS / "dashboard-lead-2.png"), full_page=True)
        assert page.locator("[data-testid='stException']").count() == 0
        frames = [f for f in page.frames if f != page.main_frame]
        assert frames, "the interactive graph component did not load"
        browser.close()
