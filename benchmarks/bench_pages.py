"""Time every dashboard page in real Chromium until it is interactive, on a store of N consignments.

Usage:
  python benchmarks/bench_pages.py --consignments 100000          # generates, ingests and scores a store first
  python benchmarks/bench_pages.py --store benchmarks/out/dash-n100000/graph.lbug [--repeat 3]

The store is made as ``bench_dashboard.py`` makes it (``benchmarks/out/dash-nN``, kept for the next run). The
dashboard is started with ``graphintel dashboard --no-auth --headless`` on 127.0.0.1, and Chromium (headless,
every host but 127.0.0.1 unresolvable) opens each page in a new browser session:

- **cold**: the first visit after the server started (Streamlit's caches empty: the search index, the leads
  and their facets are read on this visit);
- **warm**: the median of ``--repeat`` later visits, each a new session (the caches the server keeps across
  sessions are filled).

A page counts as interactive when its main element is visible and Streamlit has finished running the page's
script (its "running" status is gone), timed from the start of the navigation. Writes the figures to
``benchmarks/PAGES.md`` (and a JSON line to ``benchmarks/out/pages.jsonl``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent
BUDGET_S = 2.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(store: str, home: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "graphintel.cli", "dashboard", "--headless", "--no-auth", "--port", str(port)]
    cmd += ["--home", str(home), "--store", store]
    log = open(home / "bench-dashboard.log", "w")  # noqa: SIM115 - the server's output, kept for a failure
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the dashboard did not start: " + (home / "bench-dashboard.log").read_text()[-2000:])


def samples(store: str) -> dict:
    """A lead below the first, a seller's name and two parties joined by a shared phone, for the pages' inputs."""
    from graphintel.store import open_store

    with open_store(store, read_only=True) as db:
        leads = db.query("MATCH (l:Lead) RETURN l.lead_id AS id, l.run_id AS run ORDER BY run DESC, l.rank LIMIT 2")
        seller = db.query(
            "MATCH (l:Lead)-[:INVOLVES]->(s:Seller) RETURN s.party_id AS id, s.name AS name ORDER BY l.rank LIMIT 1"
        ).iloc[0]
        pair = db.query(
            "MATCH (a:Seller)-[:HAS_PHONE]->(:Phone)<-[:HAS_PHONE]-(b:Seller) WHERE a.party_id < b.party_id "
            "RETURN a.party_id AS pa, b.party_id AS pb ORDER BY pa, pb LIMIT 1"
        ).iloc[0]
    return {"lead": leads["id"].iloc[-1], "seller": seller, "pair": (pair["pa"], pair["pb"])}


def pages(s: dict) -> list[tuple[str, str, object]]:
    """(name, path, how to wait for the main element) per page."""
    query = urllib.parse.quote(str(s["seller"]["name"]))

    def paths(page) -> None:
        for side, party in zip(("from", "to"), s["pair"], strict=True):
            page.get_by_label(f"Party {side}").fill(party)
            page.get_by_label(f"Party {side}").press("Enter")
        page.get_by_text("shortest path").first.wait_for(timeout=120_000)

    return [
        ("Home (overview)", "/", "Leads by scheme"),
        ("Leads: queue and lead #1", "/Leads", "Why this lead"),
        ("Leads: lead #2 by link", f"/Leads?lead={urllib.parse.quote(s['lead'])}", "Lead #2"),
        ("Search: a seller's name", f"/Search?q={query}", f"Seller: {s['seller']['id']}"),
        ("Paths: two sellers", "/Paths", paths),
        ("Queries", "/Queries", "Run"),
    ]


def idle(page) -> None:
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)


def visit(browser, url: str, path: str, main) -> float:
    """Seconds from the navigation's start until the main element shows and the script has finished."""
    context = browser.new_context(viewport={"width": 1500, "height": 1400})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url + path, wait_until="commit")
    if callable(main):
        page.get_by_text("GraphIntel: ").first.wait_for(timeout=120_000)
        idle(page)
        main(page)
    else:
        page.get_by_text(main).first.wait_for(timeout=120_000)
    idle(page)
    elapsed = time.perf_counter() - started
    errors = page.locator("[data-testid='stException']").count()
    context.close()
    if errors:
        raise SystemExit(f"{path}: the page shows an exception")
    return elapsed


def run(store: str, home: Path, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    proc, url = start(store, home)
    load_before = os.getloadavg()[0]
    rows = []
    try:
        with sync_playwright() as p:
            # Every host but this machine unresolvable: the network is cut off without routing each request
            # through Playwright (which would slow the page down).
            offline = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", offline])
            for name, path, main in pages(samples(store)):
                cold = visit(browser, url, path, main)
                warm = [visit(browser, url, path, main) for _ in range(repeat)]
                rows.append({"page": name, "cold_s": round(cold, 2), "warm_s": round(statistics.median(warm), 2),
                             "warm_max_s": round(max(warm), 2)})  # fmt: skip
                print(f"{name:32} cold {cold:5.2f} s   warm {statistics.median(warm):5.2f} s (max {max(warm):.2f})")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    load = [round(load_before, 1), round(os.getloadavg()[0], 1)]  # other work on the machine inflates the figures
    return {"store": store, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "load": load, "pages": rows}


def write_markdown(result: dict, consignments: int, command: str) -> Path:
    cpu = f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}"
    lines = [
        "# Dashboard pages in Chromium: time to interactive",
        "",
        f"Made by `{command}` on {result['at']} ({cpu}); store of {consignments:,} consignments, embedded "
        f"(LadybugDB). Load average (1 min) {result['load'][0]} before and {result['load'][1]} after the run, on "
        f"{os.cpu_count()} CPUs: above the CPU count, other work on the machine slowed the pages down. "
        "Budget: every page interactive in 2 s.",
        "",
        "A page is interactive when its main element shows and Streamlit has finished running its script, timed "
        "from the start of the navigation in a new browser session, with every host but 127.0.0.1 unresolvable. "
        "*Cold* is the first visit after the server started (empty caches); *warm* the median of later visits.",
        "The Queries page reads almost nothing before it shows: its time is about the floor of Streamlit and "
        "Chromium on this machine at this load.",
        "",
        "| page | cold (s) | warm (s) | warm max (s) | within 2 s warm |",
        "|---|---:|---:|---:|---|",
    ]
    for r in result["pages"]:
        ok = "yes" if r["warm_max_s"] <= BUDGET_S else "**no**"
        lines.append(f"| {r['page']} | {r['cold_s']:.2f} | {r['warm_s']:.2f} | {r['warm_max_s']:.2f} | {ok} |")
    path = ROOT / "PAGES.md"
    path.write_text("\n".join(lines) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a scored embedded database file")
    parser.add_argument("--consignments", type=int, help="build an embedded store of this size first")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    args = parser.parse_args()
    if not args.store and not args.consignments:
        parser.error("give --store or --consignments")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.store:
        store = args.store
    else:
        from benchmarks.bench_dashboard import prepare

        store = prepare(args.consignments, args.out)
    home = Path(store).parent
    from graphintel.store import open_store

    with open_store(store, read_only=True) as db:
        consignments = db.counts()["Consignment"]
    result = run(store, home, args.repeat)
    result["consignments"] = consignments
    command = "python benchmarks/bench_pages.py " + " ".join(sys.argv[1:])
    print(f"written to {write_markdown(result, consignments, command)}")
    with open(args.out / "pages.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
