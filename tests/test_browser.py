"""A real browser: headless Chromium logs in to the running dashboard, opens a lead, and takes screenshots.

The data is hostile: every seller's name ends in a script and every buyer's
name starts with Markdown that fetches a picture from another host. Nothing of
it may run, and the page may make no request outside the machine. Fails on
any Streamlit exception box. Screenshots land in ``tests/artifacts/``.
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


def start_dashboard(home: Path, *flags: str) -> tuple[subprocess.Popen, str]:
    """``graphintel dashboard --headless`` on a free port for ``home``; its process and URL once healthy."""
    port = free_port()
    command = [sys.executable, "-m", "graphintel.cli", "dashboard", "--headless", "--port", str(port), *flags]
    proc = subprocess.Popen(
        command + ["--home", str(home)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    pytest.fail("the dashboard did not start: " + (proc.stdout.read() if proc.stdout else ""))


USER, PASSWORD = "officer", "a passphrase for the browser test"
SCRIPT = ' "><img src=x onerror=window.__pwned=1>'
PIXEL = "![x](http://pixel.example/x.png) [open](javascript:window.__pwned=2) "


def hostile(path: Path) -> None:
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["seller_name"] = frame["seller_name"] + SCRIPT
    frame["buyer_name"] = PIXEL + frame["buyer_name"]
    frame.to_csv(path, index=False)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (scripts/install-browser installs it)")
        pytest.skip("chromium is not installed; run scripts/install-browser")
    from graphintel.users import UserStore

    home = tmp_path_factory.mktemp("browser")
    assert main(["generate", "--consignments", "3000", "--seed", "5", "--out", str(home / "data")]) == 0
    hostile(home / "data" / "consignments.csv")
    assert main(["ingest", str(home / "data" / "consignments.csv"), "--home", str(home)]) == 0
    assert main(["score", "--home", str(home)]) == 0
    from graphintel.store import open_store

    with open_store(str(home / "graph.lbug"), read_only=True) as db:
        seller = db.query(
            "MATCH (l:Lead)-[:INVOLVES]->(s:Seller) RETURN s.party_id AS id, s.name AS name ORDER BY l.rank, id LIMIT 1"
        ).iloc[0]
    entity = {"query": seller["name"].lower().replace(" ", "  ", 1), "title": f"Seller: {seller['id']}"}
    UserStore(home).add(USER, "supervisor", PASSWORD)
    proc, url = start_dashboard(home)
    yield url, entity
    proc.terminate()
    proc.wait(timeout=30)


def no_exception(page) -> None:
    boxes = page.locator("[data-testid='stException']")
    assert boxes.count() == 0, boxes.first.inner_text()


def idle(page) -> None:
    """Wait for Streamlit to finish running the script (its "running" status is gone)."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def settle(page, ms: int = 3000) -> None:
    """Wait for Streamlit to finish running the script, then for the graph component to lay out."""
    idle(page)
    page.wait_for_timeout(ms)


def log_in(page, url: str) -> None:
    """Open ``url`` (a new browser session: Streamlit keeps a login per session) and log in."""
    page.goto(url, wait_until="networkidle")
    page.get_by_text("GraphIntel: log in").wait_for(timeout=60_000)
    page.get_by_label("User name").fill(USER)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_text(f"Logged in as {USER}").wait_for(timeout=60_000)


def link_chart(page):
    """The frame of the link chart, once it has drawn."""
    for _ in range(120):
        found = [f for f in page.frames if f != page.main_frame and f.locator("#cy").count()]
        if found:
            found[0].wait_for_function("() => window.linkchart && window.linkchart.rendered > 0", timeout=30_000)
            return found[0]
        page.wait_for_timeout(250)
    raise AssertionError("the link chart did not load")


SCREENSHOTS = Path(__file__).resolve().parents[1] / "benchmarks" / "screenshots"


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
        log_in(page, url)
        page.get_by_text("GraphIntel: overview").wait_for(timeout=60_000)
        page.get_by_text("Leads by scheme").wait_for(timeout=60_000)
        settle(page)
        page.screenshot(path=str(ARTIFACTS / "dashboard-overview.png"), full_page=True)
        no_exception(page)

        # The leads queue: the first lead opens; then the second through the lead picker.
        log_in(page, url + "/Leads")
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
        log_in(page, url + "/Search?q=" + urllib.parse.quote(store["query"]))
        page.get_by_text(store["title"]).first.wait_for(timeout=60_000)
        page.get_by_test_id("stRadio").get_by_text("2", exact=True).click()  # depth radio
        settle(page, 4000)
        page.screenshot(path=str(ARTIFACTS / "dashboard-entity.png"), full_page=True)
        no_exception(page)
        browser.close()


SELECT_EACH = """async () => {
    const pause = () => new Promise((done) => setTimeout(done, 300));
    const names = cy.nodes().map((n) => n.data("name"));
    const seller = cy.nodes("[label = 'SELLER']")[0];  // selected: its details open in the side panel
    cy.elements().unselect();
    seller.select();
    await pause();
    return names.concat([document.getElementById("legend").textContent]);
}"""


def test_hostile_names_run_nothing_and_the_page_fetches_nothing_from_outside(dashboard, tmp_path):
    """The link chart draws every node's name and the side panel shows the selected one: the injected handler
    never fires, the Markdown picture is never fetched, and every request goes to this machine."""
    from playwright.sync_api import sync_playwright

    url, _ = dashboard
    ARTIFACTS.mkdir(exist_ok=True)
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1500, "height": 1900},
        )  # fmt: skip
        browser.on("request", lambda request: requests.append(request.url))
        page = browser.new_page()
        log_in(page, url + "/Leads")
        page.get_by_text("Why this lead").wait_for(timeout=60_000)
        idle(page)
        no_exception(page)
        shown = link_chart(page).evaluate(SELECT_EACH)  # waits for the chart to have drawn, then selects a seller
        page.get_by_text("Open in Search").wait_for(timeout=60_000)  # the side panel shows the seller
        idle(page)
        no_exception(page)
        for frame in page.frames:
            if frame.is_detached():
                continue
            # Every picture has loaded or failed (an injected onerror would have fired), and none carries one.
            frame.wait_for_function("() => Array.from(document.images).every((i) => i.complete)", timeout=30_000)
            assert frame.evaluate("() => window.__pwned") is None, f"injected code ran in {frame.url}"
            assert frame.locator("[onerror]").count() == 0, f"an element with an onerror handler in {frame.url}"
        assert any("onerror=window.__pwned=1" in text for text in shown), ("the names are in the panel", shown[:3])
        assert page.locator("img[src*='pixel.example']").count() == 0
        assert page.locator("a[href^='javascript:']").count() == 0
        page.screenshot(path=str(ARTIFACTS / "dashboard-hostile.png"), full_page=True)
        browser.close()
    local = ("http://127.0.0.1:", "http://localhost:", "ws://127.0.0.1:", "data:", "blob:", "about:")
    outside = sorted({u for u in requests if not u.startswith(local)})
    assert requests and not outside, outside


def overlap_share(boxes: list[dict]) -> float:
    """The share of label pairs whose boxes overlap (by more than a pixel each way)."""
    pairs = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]]
    hit = [
        1 for a, b in pairs
        if min(a["x2"], b["x2"]) - max(a["x1"], b["x1"]) > 1 and min(a["y2"], b["y2"]) - max(a["y1"], b["y1"]) > 1
    ]  # fmt: skip
    return len(hit) / max(len(pairs), 1)


@pytest.fixture
def browser_page(dashboard, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1500, "height": 1500},
        )  # fmt: skip
        page = browser.new_page()
        log_in(page, dashboard[0] + "/Leads")
        page.get_by_text("Lead #1").first.wait_for(timeout=60_000)
        settle(page, 500)
        page.locator("iframe").first.scroll_into_view_if_needed()
        yield page
        browser.close()


def test_link_chart_labels_of_lead_1_are_readable_at_the_default_zoom(browser_page):
    """Lead #1 as the chart first draws it: most nodes labelled, at a readable size on screen, and the label
    boxes do not overlap (under 5% of pairs). The screenshot is kept for a person to look at."""
    page = browser_page
    chart = link_chart(page)
    page.wait_for_timeout(500)
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "link-chart-lead-1.png"
    page.locator("iframe").first.screenshot(path=str(shot))
    SCREENSHOTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, SCREENSHOTS / "link-chart-lead-1.png")
    boxes = chart.evaluate("() => window.linkchart.labelBoxes()")
    nodes = chart.evaluate("() => cy.nodes().length")
    sizes = chart.evaluate("() => cy.nodes().map((n) => parseFloat(n.renderedStyle('font-size')))")
    assert nodes >= 3 and len(boxes) >= 0.4 * nodes, ("most nodes are labelled", len(boxes), nodes)
    assert min(sizes) >= 11, ("labels are at least 11 px on screen", min(sizes))
    assert overlap_share(boxes) < 0.05, boxes
    legend = chart.evaluate("() => document.getElementById('legend').textContent")
    assert all(word in legend for word in ("seller", "buyer", "address", "parcels", "shares address", "hub"))
    no_exception(page)


def test_link_chart_expand_keeps_positions_and_undo_restores_the_chart(browser_page):
    """Double-clicking a node adds its neighbours near it and moves no node already drawn (within 3 px);
    Ctrl+Z in the chart brings back the chart before the expansion."""
    page = browser_page
    chart = link_chart(page)
    before = chart.evaluate("() => window.linkchart.positions()")
    target = chart.evaluate(
        """() => { const n = cy.nodes("[label = 'BUYER']").sort((a, b) => a.degree() - b.degree())[0];
                   const p = n.renderedPosition(); return {id: n.id(), x: p.x, y: p.y}; }"""
    )
    area = chart.locator("#cy").bounding_box()
    page.mouse.dblclick(area["x"] + target["x"], area["y"] + target["y"])
    chart.wait_for_function(f"() => cy.nodes().length > {len(before)}", timeout=30_000)
    settle(page, 500)
    after = chart.evaluate("() => window.linkchart.positions()")
    moved = {
        k: (p, after.get(k)) for k, p in before.items() if abs(after[k][0] - p[0]) > 3 or abs(after[k][1] - p[1]) > 3
    }
    assert not moved, moved
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("iframe").first.screenshot(path=str(ARTIFACTS / "link-chart-expanded.png"))
    chart.locator("#cy").click(position={"x": 4, "y": 4})  # an empty corner: the chart takes the keys
    page.keyboard.press("Control+z")
    chart.wait_for_function(f"() => cy.nodes().length === {len(before)}", timeout=30_000)
    settle(page, 500)
    undone = chart.evaluate("() => window.linkchart.positions()")
    assert set(undone) == set(before)
    assert all(abs(undone[k][0] - p[0]) <= 3 and abs(undone[k][1] - p[1]) <= 3 for k, p in before.items())
    assert page.get_by_role("button", name="Redo").is_enabled()
    no_exception(page)
