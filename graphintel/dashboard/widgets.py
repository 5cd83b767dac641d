"""Widgets every page shares: the page frame (login, store, notices), charts, logged downloads, formatting and
the interactive graph.

Values from the data reach the browser only through ``graphintel.dashboard.safe`` (``md`` and ``code`` for
Markdown, ``graph_elements`` for the graph component) or as table cells, and CSV downloads through
``csv_text`` (no formulas).
"""

from __future__ import annotations

import os

import altair as alt
import pandas as pd
import streamlit as st

from graphintel import config
from graphintel.dashboard import access, cache, login
from graphintel.dashboard.cache import Context
from graphintel.dashboard.chart import TimeWindow, link_chart
from graphintel.dashboard.safe import code, md
from graphintel.errors import GraphIntelError
from graphintel.leads import explore

PAGE_ICON = "🕸️"  # an emoji becomes an inline SVG favicon; a material icon would be fetched from Google's fonts
STATUS_LABELS = {"new": "new", "in_review": "in review", "confirmed": "confirmed", "dismissed": "dismissed"}


# -- page frame --------------------------------------------------------------------------
def page(title: str) -> Context:
    """Page set-up shared by every page: login, store, notices. Stops the page when no one is logged in or the
    store cannot be read."""
    st.set_page_config(page_title=f"GraphIntel · {title}", page_icon=PAGE_ICON, layout="wide")
    uri = config.store_uri(os.environ.get("GRAPHINTEL_STORE"))
    user = login.current_user(config.home_for(uri))
    login.sidebar(user)
    with st.sidebar:
        if st.button("Reload data", help="Read the store again (new runs, other analysts' decisions)."):
            cache.reload(uri)
    st.title(f"GraphIntel: {title.lower()}")
    try:
        conn = access.connect(uri)
    except GraphIntelError as exc:
        st.warning(f"The store cannot be read right now: {md(exc)}")
        st.button("Try again", key="retry_store")
        st.stop()
    if conn.writer:
        w = conn.writer
        st.info(
            f"A batch job is writing this store right now ({md(w.get('command', '?'))}, process "
            f"{md(w.get('pid', '?'))}, since {md(w.get('since', '?'))}). You are reading the data as of "
            f"{conn.opened_at:%Y-%m-%d %H:%M:%S} UTC; decisions can be saved when the job finishes.",
            icon=":material/sync_lock:",
        )
    with st.sidebar:
        st.caption(f"Store {code(uri)} (read-only)")
    return Context(uri, conn, user)


def latest(ctx: Context) -> dict | None:
    """The latest run; a notice when there is none, and the page stops when the store cannot be read."""
    try:
        run = cache.last_run(ctx)
    except GraphIntelError as exc:
        st.warning(f"The store cannot be read right now: {md(exc)}")
        st.stop()
    if run is None:
        st.info(f"No scoring run in {md(ctx.uri)} yet. Run `graphintel ingest` and `graphintel score` first.")
    return run


def run_caption(run: dict) -> str:
    return f"Run {code(run['run_id'])} · model {code(run['model'])} · finished {md(run['finished_at'])}"


# -- formatting and charts ---------------------------------------------------------------
def dated(frame: pd.DataFrame, column: str = "declaration_date") -> pd.DataFrame:
    """Declaration dates as dates (both stores return midnight timestamps)."""
    if column in frame and len(frame):
        frame = frame.assign(**{column: pd.to_datetime(frame[column]).dt.date})
    return frame


def hbar(frame: pd.DataFrame, category: str, measure: str, color: alt.Color, tooltip: list) -> None:
    """Horizontal bars, longest first."""
    chart = alt.Chart(frame).mark_bar()
    y = alt.Y(f"{category}:N", sort="-x", title=None)
    st.altair_chart(chart.encode(y=y, x=alt.X(f"{measure}:Q"), color=color, tooltip=tooltip), width="stretch")


# -- downloads ---------------------------------------------------------------------------
def download(ctx: Context, where, label: str, data, file_name: str, key: str, entry: dict) -> None:
    """A download button whose click is logged in the export log (who, when, what)."""
    mime = "application/zip" if file_name.endswith(".zip") else "text/csv"
    where.download_button(
        label, data, file_name, mime, key=key, on_click=_log_download,
        args=(ctx.uri, {**entry, "files": [file_name], "who": ctx.user.name}),
    )  # fmt: skip


def _log_download(uri: str, entry: dict) -> None:
    from graphintel.leads.export import log_export

    log_export(config.home_for(uri), {k: v for k, v in entry.items() if v is not None} | {"via": "dashboard"})


# -- the interactive graph ---------------------------------------------------------------
def graph_panel(
    ctx: Context, key: str, fresh: explore.Network, height: int = 560, focus=(), ends=(), lead_id: str | None = None,
    window: TimeWindow | None = None,
) -> None:  # fmt: skip
    """Draw a network as a link chart the analyst can expand, prune, arrange, undo and save, kept per key
    (``graphintel.dashboard.chart``); with a time ``window``, what lies in it."""
    link_chart(ctx, key, fresh, height=height, focus=focus, ends=ends, lead_id=lead_id, window=window)
