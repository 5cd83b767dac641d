"""Time every dashboard page in real Chromium until it is interactive, on a store of N consignments.

Usage:
  python benchmarks/bench_pages.py --consignments 100000          # generates, ingests and scores a store first
  python benchmarks/bench_pages.py --store benchmarks/out/dash-n100000/graph.lbug [--repeat 3]
  PYTHONPATH=OTHER_TREE python benchmarks/bench_pages.py --store ... --only Paths   # one page, another version

The store is made as ``bench_dashboard.py`` makes it (``benchmarks/out/dash-nN``, kept for the next run). The
dashboard is started with ``graphintel dashboard --no-auth --headless`` on 127.0.0.1, and Chromium (headless,
every host but 127.0.0.1 unresolvable) opens each page in a new browser session:

- **cold**: the first visit of the page after the server started, in a new browser profile (Chromium has
  started before: it opened a blank page). The server warms
  the reads every page shares as it starts (``graphintel.dashboard.warm``: the pages' imports, the counts, the
  leads, the first lead, the search and neighbour indexes); the benchmark waits for the server's "dashboard
  warm" line before the first visit and reports how long after the start it came. What is particular to a
  page (another lead, a search, two parties' paths) is read on this visit;
- **warm, new browser**: the median of ``--repeat`` later visits, each a new session in a new browser profile
  (no HTTP cache: Chromium loads and compiles Streamlit's 2 MB of JavaScript every time);
- **warm, returning browser**: the median of ``--repeat`` later visits, each a new session (a new tab, so a new
  Streamlit session) in one browser profile that has opened the page before (a visit not counted), as an
  analyst's browser has: Streamlit's static files are served as immutable, so the browser keeps them.

A page counts as interactive when its main element is visible and Streamlit has finished running the page's
script (its "running" status is gone), timed from the start of the navigation. The 1-minute load average is
read before every visit. Writes the figures to ``benchmarks/PAGES.md`` (and a JSON line to
``benchmarks/out/pages.jsonl``).
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


def start(store: str, home: Path) -> tuple[subprocess.Popen, str, dict]:
    """The dashboard started, answering and warm; seconds from the start until it answered and was warm, and
    the server's warm-up line."""
    from graphintel.dashboard.warm import DONE

    port = free_port()
    cmd = [sys.executable, "-m", "graphintel.cli", "dashboard", "--headless", "--no-auth", "--port", str(port)]
    cmd += ["--home", str(home), "--store", store]
    path = home / "bench-dashboard.log"
    log = open(path, "w")  # noqa: SIM115 - the server's output, kept for a failure
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    times: dict = {}
    while time.time() < deadline:
        if "ready_s" not in times:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                    times["ready_s"] = round(time.perf_counter() - started, 2)
            except OSError:
                pass
        line = next((x for x in path.read_text().splitlines() if x.startswith(DONE)), None)
        if line and "ready_s" in times:
            times |= {"warm_s": round(time.perf_counter() - started, 2), "warm_line": line}
            return proc, url, times
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the dashboard did not start or warm: " + path.read_text()[-2000:])


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


def visit(browser, url: str, path: str, main, context=None) -> float:
    """Seconds from the navigation's start until the main element shows and the script has finished; in a new
    tab of ``context`` (a browser profile used before), else of a new profile."""
    LOADS.append(os.getloadavg()[0])
    own = context is None
    if own:
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
    page.close()
    if own:
        context.close()
    if errors:
        raise SystemExit(f"{path}: the page shows an exception")
    return elapsed


LOADS: list[float] = []  # the 1-minute load average before each visit
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """CPU seconds a process and its waited-for children have used (Linux ``/proc``; 0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / TICKS  # utime, stime, cutime, cstime


def chromium_cpu(server: int) -> float:
    """CPU seconds of the Chromium processes started from this one (browser, GPU, utility and renderer processes,
    and through their parents the renderers of closed tabs): every descendant of this process but the dashboard
    server's and Playwright's driver (node)."""
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError):
                continue
    total, mine = 0.0, {os.getpid()}
    for _ in range(10):  # a few generations: browser, zygote, renderers
        mine |= {pid for pid, ppid in parent.items() if ppid in mine and pid != server}
    for pid in mine - {os.getpid()}:
        try:
            exe = Path(f"/proc/{pid}/exe").resolve().name
        except OSError:
            continue
        if exe != "node":
            total += cpu_seconds(pid)
    return total


def run(store: str, home: Path, repeat: int, only: str | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    sample = samples(store)
    LOADS.clear()
    load_before = os.getloadavg()[0]
    proc, url, server = start(store, home)
    print(f"server answered after {server['ready_s']} s, warm after {server['warm_s']} s: {server['warm_line']}")
    rows = []
    try:
        with sync_playwright() as p:
            # Every host but this machine unresolvable: the network is cut off without routing each request
            # through Playwright (which would slow the page down).
            offline = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", offline])
            returning = browser.new_context(viewport={"width": 1500, "height": 1400})
            blank = returning.new_page()
            blank.goto("data:text/html,<p>ready</p>")  # Chromium's own first start, not a page's
            blank.close()
            for name, path, main in [x for x in pages(sample) if not only or only in x[0]]:
                cold = visit(browser, url, path, main)
                visit(browser, url, path, main, returning)  # the returning browser has opened the page before
                fresh = [visit(browser, url, path, main) for _ in range(repeat)]
                used = (cpu_seconds(proc.pid), chromium_cpu(proc.pid))
                back = [visit(browser, url, path, main, returning) for _ in fresh]
                cpu = [(cpu_seconds(proc.pid) - used[0]) / repeat, (chromium_cpu(proc.pid) - used[1]) / repeat]
                rows.append(timed_page(name, cold, fresh, back, cpu))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    load = [round(load_before, 1), round(os.getloadavg()[0], 1)]  # other work on the machine inflates the figures
    during = [round(statistics.mean(LOADS), 1), round(max(LOADS), 1)]
    return {"store": store, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "load": load,
            "load_during": during, "server": server, "pages": rows}  # fmt: skip


def timed_page(name: str, cold: float, fresh: list[float], returning: list[float], cpu: list[float]) -> dict:
    """One page's row: cold, the median and maximum of the warm visits in new and in a returning browser, and the
    CPU seconds the server and Chromium used per visit in the returning browser."""
    row = {"page": name, "cold_s": round(cold, 2),
           "warm_s": round(statistics.median(fresh), 2), "warm_max_s": round(max(fresh), 2),
           "back_s": round(statistics.median(returning), 2), "back_max_s": round(max(returning), 2),
           "server_cpu_s": round(cpu[0], 2), "browser_cpu_s": round(cpu[1], 2)}  # fmt: skip
    print(f"{name:32} cold {cold:5.2f} s   warm {row['warm_s']:5.2f} s (max {row['warm_max_s']:.2f})   "
          f"returning browser {row['back_s']:5.2f} s (max {row['back_max_s']:.2f})   CPU server {cpu[0]:.2f} s, "
          f"Chromium {cpu[1]:.2f} s")  # fmt: skip
    return row


def write_markdown(result: dict, consignments: int, command: str) -> Path:
    cpu = f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}"
    server = result["server"]
    lines = [
        "# Dashboard pages in Chromium: time to interactive",
        "",
        f"Made by `{command}` on {result['at']} ({cpu}); store of {consignments:,} consignments, embedded "
        f"(LadybugDB). Load average (1 min) {result['load'][0]} before and {result['load'][1]} after the run, "
        f"{result['load_during'][0]} on average and {result['load_during'][1]} at most during it, on "
        f"{os.cpu_count()} CPUs: above the CPU count, the pages waited for a CPU (the benchmark's own Chromium "
        "takes 2 to 3 CPU seconds a visit, see *CPU* below, and other work on the machine ran too). "
        + (f"The dashboard and Chromium ran at niceness {result['nice']}, ahead of that other work. "
           if result.get("nice") else "")
        + "Budget: every page interactive in 2 s.",
        "",
        "A page is interactive when its main element shows and Streamlit has finished running its script, timed "
        "from the start of the navigation in a new Streamlit session, with every host but 127.0.0.1 "
        "unresolvable. *Cold* is a page's first visit after the server started, in a new browser profile. The "
        f"server answered {server['ready_s']} s after it was started and had warmed the shared reads "
        f"{server['warm_s']} s after (`{server['warm_line']}`); the first visit came after that. *New browser*: "
        "later visits, each in a new browser profile (Streamlit's JavaScript, 2 MB, is loaded and compiled each "
        "time). *Returning browser*: later visits, each in a new tab of a profile that has opened the page "
        "before, as an analyst's browser has (Streamlit serves its static files as immutable: they are kept).",
        "The Queries page reads almost nothing before it shows: its time is about the floor of Streamlit and "
        "Chromium on this machine at this load. *CPU*: the CPU seconds the dashboard's server and Chromium (all "
        "its processes) used per visit in the returning browser; both ran on this machine's "
        f"{os.cpu_count()} CPUs, with the other work on it (in use, the browser runs on the analyst's machine).",
        "",
        "| page | cold (s) | new browser (s) | max (s) | returning browser (s) | max (s) | CPU server (s) "
        "| CPU Chromium (s) | within 2 s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in result["pages"]:
        ok = [f"{what} {'yes' if r[key] <= BUDGET_S else '**no**'}"
              for what, key in (("cold", "cold_s"), ("new", "warm_max_s"), ("returning", "back_max_s"))]  # fmt: skip
        lines.append(f"| {r['page']} | {r['cold_s']:.2f} | {r['warm_s']:.2f} | {r['warm_max_s']:.2f} | "
                     f"{r['back_s']:.2f} | {r['back_max_s']:.2f} | {r['server_cpu_s']:.2f} | "
                     f"{r['browser_cpu_s']:.2f} | {', '.join(ok)} |")  # fmt: skip
    path = ROOT / "PAGES.md"
    path.write_text("\n".join(lines) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a scored embedded database file")
    parser.add_argument("--consignments", type=int, help="build an embedded store of this size first")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--only", help="time only the pages whose name holds this text (e.g. Paths): printed and kept in "
        "out/pages.jsonl, PAGES.md is left as it is. The dashboard is started from the graphintel on PYTHONPATH, so "
        "two versions can be timed back to back",
    )  # fmt: skip
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    parser.add_argument(
        "--nice", type=int, default=0,
        help="run the dashboard and Chromium at this niceness (e.g. -10, as root: ahead of other work on a shared "
        "machine); the figures say so",
    )  # fmt: skip
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
    if args.nice:
        os.nice(args.nice)  # the server and Chromium, started from here, inherit it
    result = run(store, home, args.repeat, args.only)
    result |= {"consignments": consignments, "nice": os.nice(0)}
    command = "python benchmarks/bench_pages.py " + " ".join(sys.argv[1:])
    if args.only:
        print(f"load average (1 min) {result['load_during'][0]} on average, {result['load_during'][1]} at most")
    else:
        print(f"written to {write_markdown(result, consignments, command)}")
    with open(args.out / "pages.jsonl", "a", encoding="utf-8") as f:
        f.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
