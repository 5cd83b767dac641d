"""Warm the dashboard when its server starts, so that the first visitor does not pay for it.

The first visit to a fresh server used to import the pages (1.3 s: pandas, Altair, the exporters), open the
store and read what every page shares: the counts, the latest run and its leads, the search index and the
neighbour index (a read of every party and identifier, 2 s at 100,000 consignments); and the first leads of
the queue were read on their first opening. ``graphintel dashboard`` starts the server through
``graphintel.dashboard.serve``, which runs ``warm`` on a background thread as soon as Streamlit's runtime
exists. It goes through the pages' own cached reads (``cache``, ``access``), with the same arguments, so what
it reads is what a page finds in the caches, keyed by the store's state as always: a store that changes later
is read again, as before. The cached reads expire after five minutes (``cache``), the indexes do not.

A failure here is only logged: the pages read what they need themselves, as they did without a warm-up.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable

THREAD = "graphintel-warm-up"
DONE = "GraphIntel: dashboard warm"  # the line the server log shows when the warm-up is over
WAIT_FOR_RUNTIME_S = 120
LEADS = 5  # the leads at the head of the queue whose reads are warmed (an analyst works down the queue)
# What the pages import, but for the link chart (``dashboard.chart``) and the modules that import it (``widgets``,
# the pages): Streamlit registers a component only when its module is imported by a page's script, and a module
# is imported once. These cost 1 s of the 1.3 s.
MODULES = (
    "altair",
    "graphintel.dashboard.access",
    "graphintel.dashboard.cache",
    "graphintel.dashboard.case",
    "graphintel.dashboard.charts",
    "graphintel.dashboard.geo",
    "graphintel.dashboard.login",
    "graphintel.dashboard.parties",
    "graphintel.leads.export",
    "streamlit.emojis",  # set_page_config's emoji favicon check compiles a regex of every emoji: 0.3 s, once
)


def start_in_background(uri: str | None = None) -> threading.Thread:
    """Start the warm-up of the store ``uri`` (the dashboard's, from the environment, when None) on a daemon
    thread; it waits for Streamlit's runtime before it reads anything."""
    thread = threading.Thread(target=_run, args=(uri,), name=THREAD, daemon=True)
    thread.start()
    return thread


def _run(uri: str | None) -> None:
    started = time.perf_counter()
    try:
        _quiet_missing_context()
        from streamlit import runtime

        steps = {"imports": _timed(lambda: [importlib.import_module(m) for m in MODULES])}
        deadline = time.monotonic() + WAIT_FOR_RUNTIME_S
        while not runtime.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if not runtime.exists():
            return
        from graphintel import config

        steps |= warm(config.store_uri(uri or os.environ.get("GRAPHINTEL_STORE")))
    except Exception as exc:  # noqa: BLE001 - the pages read for themselves; the server must not stop here
        print(f"GraphIntel: dashboard warm-up stopped: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return
    detail = ", ".join(f"{name} {seconds:.2f}" for name, seconds in steps.items())
    print(f"{DONE} in {time.perf_counter() - started:.2f} s ({detail})", flush=True)


def warm(uri: str) -> dict[str, float]:
    """Fill the caches the first visits to each page fill: the overview's reads, the leads queue and its first
    ``LEADS`` leads, the search index (and its parties, the Paths page's pickers) and the neighbour index.
    Seconds per step."""
    from graphintel import schema
    from graphintel.dashboard import access, cache, charts, geo, sameas
    from graphintel.dashboard.cache import Context

    ctx = Context(uri, access.connect(uri))
    steps: dict[str, float] = {}
    run: dict | None = None

    def overview() -> None:
        nonlocal run
        cache.counts(ctx)
        run = cache.last_run(ctx)
        cache.named(ctx, "cluster_count")
        cache.named(ctx, "score_distribution")
        cache.named(ctx, "consignments_by_day")

    steps["overview"] = _timed(overview)
    if run is not None:
        run_id = run["run_id"]

        def first_leads() -> None:
            leads = cache.leads(ctx, run_id)
            cache.named(ctx, "lead_values", run_id=run_id)
            for n, lead_id in enumerate(leads.sort_values("rank", kind="stable")["lead_id"].head(LEADS).tolist()):
                cache.named(ctx, "lead_members", lead_id=lead_id)
                evidence = cache.named(ctx, "lead_consignments", lead_id=lead_id, limit=2000)
                sameas.links(ctx, cache.lead_network(ctx, lead_id))  # what the lead's link chart reads
                cache.case_history(ctx, lead_id)
                cache.related_leads(ctx, lead_id, run_id)
                if n == 0:
                    charts.timeline_chart(evidence).to_dict()  # Altair's schema validators, built on first use
                    geo.route_map_spec(evidence)

        steps["leads"] = _timed(first_leads)

    def search_index() -> None:
        index = cache.search_index(ctx)
        index.rows("")
        index.only(schema.PARTY_LABELS)  # the Paths page's pickers search the parties only

    steps["search index"] = _timed(search_index)
    steps["neighbour index"] = _timed(lambda: access.neighbour_store(uri))
    return steps


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return round(time.perf_counter() - started, 2)


class _NotFromWarmUp(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != THREAD


def _quiet_missing_context() -> None:
    """Streamlit warns when a cached function runs outside a page's script ("missing ScriptRunContext"): the
    warm-up does so on purpose, so its own warnings are dropped (those of any other thread are kept)."""
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_NotFromWarmUp())
