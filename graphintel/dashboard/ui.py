"""The dashboard's pages, drawn with Streamlit. ``app/`` holds one thin file per page.

Reads go through ``graphintel.leads.explore`` (named queries with parameters)
over the process's read-only connection; results are cached per store state
and input. The status buttons are the only writes. Values from the data reach
the browser only through ``graphintel.dashboard.safe`` (``md`` for Markdown,
``graph_elements`` for the graph component) or as table cells, and CSV
downloads through ``csv_text`` (no formulas).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st
from st_link_analysis import EdgeStyle, NodeStyle, st_link_analysis

from graphintel import config, schema
from graphintel.dashboard import access, login
from graphintel.dashboard.safe import code, graph_elements, md
from graphintel.errors import GraphIntelError, StoreError
from graphintel.leads import explore
from graphintel.leads.export.cells import csv_text
from graphintel.leads.runs import latest_run, read_leads
from graphintel.leads.search import SearchIndex, identifier_risk
from graphintel.store.base import QUERIES_DIR
from graphintel.users import User

NODE_STYLES = [
    NodeStyle("SELLER", "#d9534f", "name", "store"),
    NodeStyle("BUYER", "#2a6fdb", "name", "person"),
    NodeStyle("ADDRESS", "#6c757d", "name", "home"),
    NodeStyle("PHONE", "#f0ad4e", "name", "phone"),
    NodeStyle("EMAIL", "#5cb85c", "name", "email"),
]


class _WidthEdgeStyle(EdgeStyle):
    """An edge style whose line width comes from the edge's ``width`` (parcels, log scale)."""

    def dump(self) -> dict:
        out = super().dump()
        out["style"]["width"] = "data(width)"
        return out


EDGE_STYLES = [
    # labeled=None: the library warns about its deprecated flag unless it is None
    _WidthEdgeStyle("SHIPPED_TO", color="#8a6d3b", caption="parcels", directed=True, labeled=None),
    EdgeStyle("HAS_ADDRESS", color="#adb5bd", labeled=None),
    EdgeStyle("HAS_PHONE", color="#f0c27b", labeled=None),
    EdgeStyle("HAS_EMAIL", color="#9fd49f", labeled=None),
]
PAGE_ICON = "🕸️"  # an emoji becomes an inline SVG favicon; a material icon would be fetched from Google's fonts
STATUS_LABELS = {"new": "new", "in_review": "in review", "confirmed": "confirmed", "dismissed": "dismissed"}


@dataclass
class Context:
    uri: str
    conn: access.Connection
    user: User = User("nobody", "viewer")

    @property
    def store(self):
        return self.conn.store


# -- cached reads ------------------------------------------------------------------------
@st.cache_data(show_spinner=False, ttl=300, max_entries=512)
def _named(uri: str, token: str, name: str, params_json: str) -> pd.DataFrame:
    return explore.run_named(access.connect(uri).store, name, json.loads(params_json))


def named(ctx: Context, name: str, **params) -> pd.DataFrame:
    return _named(ctx.uri, ctx.conn.token, name, json.dumps(params, sort_keys=True, default=str))


def dated(frame: pd.DataFrame, column: str = "declaration_date") -> pd.DataFrame:
    """Declaration dates as dates (both stores return midnight timestamps)."""
    if column in frame and len(frame):
        frame = frame.assign(**{column: pd.to_datetime(frame[column]).dt.date})
    return frame


@st.cache_data(show_spinner=False, ttl=300)
def _run(uri: str, token: str) -> dict | None:
    return latest_run(access.connect(uri).store)


@st.cache_data(show_spinner=False, ttl=300)
def _leads(uri: str, token: str, run_id: str) -> pd.DataFrame:
    store = access.connect(uri).store
    leads = read_leads(store, run_id)
    facets = explore.lead_facets(store, run_id)
    return leads.merge(facets, on="lead_id", how="left")


@st.cache_data(show_spinner=False, ttl=300)
def _counts(uri: str, token: str) -> dict:
    return access.connect(uri).store.counts()


@st.cache_resource(show_spinner=False, max_entries=2)
def _search_index_for(uri: str, token: str) -> SearchIndex:
    return SearchIndex.build(access.connect(uri).store)


def search_index(ctx: Context) -> SearchIndex:
    """The search index, rebuilt when the data changed: the file (embedded) or the latest run (Neo4j).

    Decisions do not change what can be found, so they do not rebuild it.
    """
    if ctx.conn.stamp is not None:
        token = str(ctx.conn.stamp)
    else:
        run = _run(ctx.uri, ctx.conn.token)
        token = run["run_id"] if run else ""
    return _search_index_for(ctx.uri, token)


@st.cache_data(show_spinner=False, ttl=300, max_entries=256)
def _neighbourhood(uri: str, token: str, key: str, depth: int) -> str:
    return explore.neighbourhood(access.neighbour_store(uri), key, depth).to_json()


@st.cache_data(show_spinner=False, ttl=300, max_entries=256)
def _lead_network(uri: str, token: str, lead_id: str) -> str:
    return explore.lead_network(access.connect(uri).store, lead_id).to_json()


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
            access.reset(uri)
            st.cache_data.clear()
            _search_index_for.clear()
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
    try:
        run = _run(ctx.uri, ctx.conn.token)
    except GraphIntelError as exc:
        st.warning(f"The store cannot be read right now: {md(exc)}")
        st.stop()
    if run is None:
        st.info(f"No scoring run in {md(ctx.uri)} yet. Run `graphintel ingest` and `graphintel score` first.")
    return run


def run_caption(run: dict) -> str:
    return f"Run {code(run['run_id'])} · model {code(run['model'])} · finished {md(run['finished_at'])}"


# -- overview ----------------------------------------------------------------------------
def overview_page() -> None:
    ctx = page("Overview")
    counts = _counts(ctx.uri, ctx.conn.token)
    run = latest(ctx)
    clusters = named(ctx, "cluster_count")
    leads = _leads(ctx.uri, ctx.conn.token, run["run_id"]) if run else pd.DataFrame(columns=["status", "scheme"])
    open_leads = int(leads["status"].isin(["new", "in_review"]).sum())
    parties = counts.get(schema.SELLER, 0) + counts.get(schema.BUYER, 0)
    m = st.columns(4)
    m[0].metric("Consignments", f"{counts.get(schema.CONSIGNMENT, 0):,}")
    m[1].metric("Parties", f"{parties:,}", help="sellers and buyers")
    m[2].metric("Clusters", f"{int(clusters.iloc[0, 0]) if len(clusters) else 0:,}")
    m[3].metric("Open leads", f"{open_leads:,}", help="new or in review, latest run")
    if run is None:
        return
    st.caption(run_caption(run))
    summary = _json(run.get("summary"))
    parameters = _json(run.get("parameters"))
    mode = summary.get("mode") or parameters.get("mode") or ""
    confirmed = summary.get("confirmed_lead_members", 0)
    st.markdown(
        f"**Model** {code(run['model'])} · {md(mode)}"
        + (f" · {confirmed} members of confirmed leads used as labels" if confirmed else "")
    )
    left, right = st.columns(2)
    with left:
        st.markdown("**Consignment scores**")
        dist = named(ctx, "score_distribution")
        if len(dist):
            chart = (
                alt.Chart(dist)
                .mark_bar()
                .encode(
                    x=alt.X("band:Q", title="score", bin=alt.Bin(step=0.05, extent=[0, 1])),
                    y=alt.Y("consignments:Q", title="consignments", scale=alt.Scale(type="symlog")),
                    tooltip=["band", "consignments"],
                )
            )
            st.altair_chart(chart, width="stretch")
    with right:
        st.markdown("**Consignments over time**")
        days = named(ctx, "consignments_by_day")
        if len(days):
            days["day"] = pd.to_datetime(days["day"])
            st.altair_chart(
                alt.Chart(days)
                .mark_area(opacity=0.6)
                .encode(x=alt.X("day:T", title=None), y=alt.Y("consignments:Q"), tooltip=["day:T", "consignments"]),
                width="stretch",
            )
    left, right = st.columns(2)
    with left:
        st.markdown("**Leads by scheme**")
        if len(leads):
            by = leads.groupby(["scheme", "status"]).size().reset_index(name="leads")
            hbar(by, "scheme", "leads", alt.Color("status:N"), ["scheme", "status", "leads"])
    with right:
        st.markdown("**Top leads**")
        if len(leads):
            st.dataframe(
                leads.head(10)[["rank", "lead_id", "score", "scheme", "consignments", "status"]],
                hide_index=True,
                width="stretch",
                column_config={
                    "score": st.column_config.ProgressColumn("score", min_value=0, max_value=1, format="%.3f")
                },
            )
            st.page_link("pages/1_Leads.py", label="Open the leads queue", icon=":material/list:")


def _json(text) -> dict:
    try:
        value = json.loads(text) if isinstance(text, str) else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# -- leads queue -------------------------------------------------------------------------
SORTS = {
    "rank": ("rank", True),
    "score": ("score", False),
    "declared value": ("total_value", False),
    "consignments": ("consignments", False),
    "latest parcel": ("last_date", False),
}


def leads_page() -> None:
    ctx = page("Leads")
    run = latest(ctx)
    if run is None:
        st.stop()
    st.caption(run_caption(run))
    leads = _leads(ctx.uri, ctx.conn.token, run["run_id"])
    if leads.empty:
        st.info("This run produced no leads.")
        st.stop()
    shown = filter_leads(leads)
    m = st.columns(3)
    m[0].metric("Leads", f"{len(shown):,}")
    m[1].metric("Evidence consignments", f"{int(shown['consignments'].sum()):,}")
    m[2].metric("Declared value", f"{shown['total_value'].sum():,.0f}")
    columns = ["rank", "lead_id", "score", "scheme", "consignments", "total_value", "countries", "channels"]
    columns += ["first_date", "last_date", "status"]
    event = st.dataframe(
        shown[columns],
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="leads_table",
        column_config={
            "score": st.column_config.ProgressColumn("score", min_value=0, max_value=1, format="%.3f"),
            "total_value": st.column_config.NumberColumn("declared value", format="%.0f"),
        },
    )
    options = list(shown["lead_id"])
    if not options:
        st.info("No lead matches the filters.")
        return
    rows = event.selection.rows if event and event.selection else []
    wanted = st.query_params.get("lead")
    if rows:
        default = options.index(shown.iloc[rows[0]]["lead_id"])
    elif wanted in options:
        default = options.index(wanted)
    else:
        default = 0
    labels = {
        r.lead_id: f"#{int(r.rank)} {r.lead_id} · {r.scheme} · {r.score:.3f}" for r in shown.itertuples(index=False)
    }
    lead_id = st.selectbox("Lead", options, index=default, key="lead_select", format_func=labels.get)
    st.query_params["lead"] = lead_id
    lead_view(ctx, run, shown.set_index("lead_id").loc[lead_id], lead_id)


def filter_leads(leads: pd.DataFrame) -> pd.DataFrame:
    with st.sidebar:
        st.header("Filter leads")
        schemes = sorted(s for s in leads["scheme"].dropna().unique() if s)
        chosen = st.multiselect("Scheme", schemes, default=schemes, key="scheme_filter")
        min_score = st.slider("Minimum score", 0.0, 1.0, 0.0, 0.05, key="min_score")
        countries = sorted({c for v in leads["countries"].fillna("") for c in str(v).split(",") if c})
        country = st.multiselect("Country", countries, key="country_filter", help="any country of the lead's parcels")
        channels = sorted({c for v in leads["channels"].fillna("") for c in str(v).split(",") if c})
        channel = st.multiselect("Channel", channels, key="channel_filter")
        statuses = list(STATUS_LABELS)
        status = st.multiselect(
            "Status", statuses, default=statuses, key="status_filter", format_func=STATUS_LABELS.get
        )
        first, last = leads["first_date"].dropna(), leads["last_date"].dropna()
        dates = None
        if len(first) and len(last):
            lo, hi = min(first), max(last)
            dates = st.date_input("Parcels between", (lo, hi), min_value=lo, max_value=hi, key="date_filter")
        sort = st.selectbox("Sort by", list(SORTS), key="sort")
    keep = leads["scheme"].isin(chosen) & (leads["score"] >= min_score) & leads["status"].isin(status)
    if country:
        keep &= leads["countries"].fillna("").map(lambda v: bool(set(str(v).split(",")) & set(country)))
    if channel:
        keep &= leads["channels"].fillna("").map(lambda v: bool(set(str(v).split(",")) & set(channel)))
    if dates and len(dates) == 2:
        start, end = dates
        keep &= leads["last_date"].map(lambda d: pd.isna(d) or d >= start)
        keep &= leads["first_date"].map(lambda d: pd.isna(d) or d <= end)
    column, ascending = SORTS[sort]
    return leads[keep].sort_values([column, "rank"], ascending=[ascending, True])


# -- one lead ----------------------------------------------------------------------------
def lead_view(ctx: Context, run: dict, lead: pd.Series, lead_id: str) -> None:
    st.subheader(f"Lead #{int(lead['rank'])}: {md(lead_id)}")
    status = STATUS_LABELS.get(lead["status"], lead["status"])
    by, at = lead.get("decided_by"), lead.get("decided_at")
    decided = f" by {md(by)} on {md(at)}" if isinstance(by, str) and by else ""
    if isinstance(lead.get("note"), str) and lead["note"]:
        decided += f" · *{md(lead['note'])}*"
    st.markdown(f"**Score** {lead['score']:.3f} · **scheme** {md(lead['scheme'])} · **status** {md(status)}{decided}")
    st.markdown("**Why this lead**")
    reasons = explore.split_reasons(lead["reasons"])
    st.markdown("\n".join(f"- {md(r)}" for r in reasons) or "- (no reason recorded)")
    members = named(ctx, "lead_members", lead_id=lead_id)
    evidence = named(ctx, "lead_consignments", lead_id=lead_id, limit=2000)
    evidence = dated(evidence.sort_values(["declaration_date", "consignment_id"], ascending=[False, True]))
    left, right = st.columns([3, 2])
    with left:
        net = explore.Network.from_json(_lead_network(ctx.uri, ctx.conn.token, lead_id))
        graph_panel(ctx, f"lead-{lead_id}", net)
    with right:
        st.markdown(f"**Members** ({len(members)})")
        st.dataframe(
            members[["label", "party_id", "name", "country", "score"]],
            hide_index=True,
            width="stretch",
            height=260,
        )
        decision_panel(ctx, lead_id, lead)
    tabs = st.tabs(["Evidence", "Timeline", "Routes", "Decisions", "Export"])
    with tabs[0]:
        st.caption(f"{len(evidence):,} consignments sent or received by the lead's parties, newest first (sortable).")
        st.dataframe(evidence, hide_index=True, width="stretch", height=320)
    with tabs[1]:
        timeline_chart(evidence)
    with tabs[2]:
        routes_chart(evidence)
    with tabs[3]:
        try:
            history = named(ctx, "lead_decisions", lead_id=lead_id)
        except StoreError:  # a store written before decisions were kept has no Decision table yet
            history = pd.DataFrame()
        if history.empty:
            st.caption("No decision on this lead yet.")
        else:
            st.dataframe(history, hide_index=True, width="stretch")
    with tabs[4]:
        export_lead(ctx, run, lead_id, members, evidence)


def timeline_chart(evidence: pd.DataFrame) -> None:
    if evidence.empty:
        st.caption("No parcels.")
        return
    frame = evidence.assign(day=pd.to_datetime(evidence["declaration_date"]))
    frame["risk"] = pd.cut(frame["score"].fillna(0), [-0.01, 0.5, 0.8, 1.0], labels=["low", "medium", "high"])
    daily = frame.groupby(["day", "risk"], observed=True).size().reset_index(name="parcels")
    st.altair_chart(
        alt.Chart(daily)
        .mark_bar()
        .encode(
            x=alt.X("day:T", title=None),
            y=alt.Y("parcels:Q"),
            color=alt.Color(
                "risk:N", scale=alt.Scale(domain=["low", "medium", "high"], range=["#9ecae1", "#fdae6b", "#d62728"])
            ),
            tooltip=["day:T", "risk", "parcels"],
        ),
        width="stretch",
    )


def routes_chart(evidence: pd.DataFrame) -> None:
    if evidence.empty:
        st.caption("No parcels.")
        return
    frame = evidence.fillna({"origin_country": "?", "departure_country": "?", "destination_country": "?"})
    frame["route"] = frame["origin_country"] + " → " + frame["departure_country"] + " → " + frame["destination_country"]
    flows = frame.groupby("route").agg(parcels=("consignment_id", "size"), value=("declared_value", "sum"))
    flows = flows.reset_index().sort_values("parcels", ascending=False).head(20)
    st.caption("Origin → departure → destination. A departure country other than the origin may be transhipment.")
    tooltip = ["route", "parcels", alt.Tooltip("value:Q", format=",.0f")]
    hbar(flows, "route", "parcels", alt.Color("value:Q", title="declared value"), tooltip)


def hbar(frame: pd.DataFrame, category: str, measure: str, color: alt.Color, tooltip: list) -> None:
    """Horizontal bars, longest first."""
    chart = alt.Chart(frame).mark_bar()
    y = alt.Y(f"{category}:N", sort="-x", title=None)
    st.altair_chart(chart.encode(y=y, x=alt.X(f"{measure}:Q"), color=color, tooltip=tooltip), width="stretch")


DECISION_LABELS = {"in_review": "In review", "confirmed": "Confirm", "dismissed": "Dismiss"}


def decision_panel(ctx: Context, lead_id: str, lead: pd.Series) -> None:
    """Status buttons with a note, as the user's role allows (``graphintel.users.MAY_SET``)."""
    user = ctx.user
    if not user.may_write:
        st.caption(f"You are a {user.role}: you can read and download; decisions are taken by analysts and "
                   "supervisors.")  # fmt: skip
        return
    with st.form(key=f"decide-{lead_id}", clear_on_submit=True):
        st.markdown(f"**Decision** as {md(user.name)}")
        note = st.text_area("Note", key=f"note-{lead_id}", placeholder="What you checked and why you decide so")
        cols = st.columns(len(schema.DECISION_STATUSES))
        pressed = None
        for col, status in zip(cols, schema.DECISION_STATUSES, strict=True):
            allowed = user.may_set(status)
            help_text = None if allowed else f"a {user.role} may not set {STATUS_LABELS[status]}; a supervisor may"
            if col.form_submit_button(DECISION_LABELS[status], width="stretch", disabled=not allowed, help=help_text):
                pressed = status
    if pressed:
        try:
            access.save_decision(ctx.uri, lead_id, pressed, note, user)
        except GraphIntelError as exc:
            st.error(md(exc))
            return
        st.cache_data.clear()
        st.toast(f"Lead {md(lead_id)}: {STATUS_LABELS[pressed]}")
        st.rerun()


def export_lead(ctx: Context, run: dict, lead_id: str, members: pd.DataFrame, evidence: pd.DataFrame) -> None:
    mask = st.checkbox(
        "Mask personal data", key="mask_export", help="buyer names, phones, e-mails and street addresses"
    )
    if mask:  # the package masks itself; the member table here loses buyer names
        members = members.assign(name=members["name"].where(members["label"] != "Buyer", "[masked]"))
    cols = st.columns(3)
    base = {"run_id": run["run_id"], "model": run["model"], "leads": [lead_id], "masked": mask}
    download(ctx, cols[0], "Members (CSV)", csv_text(members), f"{lead_id}-members.csv", "dl_members",
             {**base, "what": "lead members", "formats": ["csv"]})  # fmt: skip
    download(ctx, cols[1], "Consignments (CSV)", csv_text(evidence), f"{lead_id}-consignments.csv",
             "dl_evidence", {**base, "what": "lead consignments", "formats": ["csv"]})  # fmt: skip
    download(ctx, cols[2], "Lead package (ZIP)", lead_package_zip(ctx, run["run_id"], lead_id, mask),
             f"{lead_id}-package.zip", "dl_package",
             {**base, "what": "lead package", "formats": ["xlsx", "json", "html", "graphml", "csv"]})  # fmt: skip


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


@st.cache_data(show_spinner=False, ttl=300)
def _package(uri: str, token: str, run_id: str, lead_id: str, mask: bool = False) -> bytes:
    from graphintel.leads.export import EXPORTERS, write_package
    from graphintel.leads.package import load_package

    package = load_package(access.connect(uri).store, run_id=run_id, lead_ids=[lead_id])
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _, written = write_package(package, list(EXPORTERS), Path(tmp), config.home_for(uri), mask=mask)
        for path in written:
            archive.write(path, f"{lead_id}/{path.name}")
    return buffer.getvalue()


def lead_package_zip(ctx: Context, run_id: str, lead_id: str, mask: bool = False) -> bytes:
    return _package(ctx.uri, ctx.conn.token, run_id, lead_id, mask)


# -- the interactive graph ---------------------------------------------------------------
def graph_panel(ctx: Context, key: str, fresh: explore.Network, height: int = 560) -> None:
    """Draw a network that the analyst can expand (double-click) and prune (delete), kept per key."""
    state_key = f"net:{key}:{ctx.conn.token}"
    if state_key not in st.session_state:
        st.session_state[state_key] = fresh.to_json()
    net = explore.Network.from_json(st.session_state[state_key])
    elements, real_ids = graph_elements(net.elements())  # the component writes node data as HTML
    event = st_link_analysis(
        elements, "cose", NODE_STYLES, EDGE_STYLES, height=height, key=f"graph-{key}",
        node_actions=["remove", "expand"],
    )  # fmt: skip
    if isinstance(event, dict) and event.get("timestamp") != st.session_state.get(f"{state_key}:seen"):
        st.session_state[f"{state_key}:seen"] = event.get("timestamp")
        sent = (event.get("data") or {}).get("node_ids") or []
        ids = [real_ids[i] for i in sent if isinstance(i, str) and i in real_ids]
        if apply_action(ctx, state_key, event.get("action"), ids):
            st.rerun()
    for notice in net.notices():
        st.warning(md(notice), icon=":material/filter_alt:")
    names = {k: n["name"] for k, n in net.nodes.items()}
    with st.expander("Expand or remove nodes", expanded=False):
        chosen = st.multiselect("Nodes", list(names), format_func=names.get, key=f"pick-{key}")
        c = st.columns(3)
        if c[0].button("Expand", key=f"expand-{key}", disabled=not chosen):
            apply_action(ctx, state_key, "expand", chosen)
            st.rerun()
        if c[1].button("Remove", key=f"remove-{key}", disabled=not chosen):
            apply_action(ctx, state_key, "remove", chosen)
            st.rerun()
        if c[2].button("Reset", key=f"reset-{key}"):
            st.session_state[state_key] = fresh.to_json()
            st.rerun()
    st.caption(
        f"{len(net.nodes)} nodes, {len(net.edges)} links. Double-click a node to expand it, select and press "
        "Delete to remove it; edge width grows with parcels."
    )


def apply_action(ctx: Context, state_key: str, action: str | None, ids: list[str]) -> bool:
    net = explore.Network.from_json(st.session_state[state_key])
    if action == "expand" and ids:
        explore.expand(access.neighbour_store(ctx.uri), net, ids, force=True)
    elif action == "remove" and ids:
        net.remove(ids)
    else:
        return False
    st.session_state[state_key] = net.to_json()
    return True


# -- entity search -----------------------------------------------------------------------
def search_page() -> None:
    ctx = page("Search")
    query = st.text_input(
        "Search a name, id, phone, e-mail or address",
        key="search_query",
        value=st.query_params.get("q", ""),
        placeholder="e.g. Shenzhen Suntec, S012512, +86 183 0171 167, 295 Park Rd",
    )
    if not query.strip():
        st.caption("Spelling and spacing variants are found too.")
        return
    st.query_params["q"] = query
    index = search_index(ctx)
    results = index.search(query, limit=25)
    if results.empty:
        st.info(f"Nothing matches '{md(query)}'.")
        return
    risk = identifier_risk(ctx.store, [k for k, lab in zip(results["key"], results["label"], strict=True)
                                       if lab in ("Address", "Phone", "Email")])  # fmt: skip
    if len(risk):
        extra = risk.set_index("key")
        results["parties"] = results["key"].map(extra["parties"])
        results["score"] = results["score"].fillna(results["key"].map(extra["score"]))
    results = results.rename(columns={"label": "type", "score": "risk"})
    event = st.dataframe(
        results.drop(columns=["key"]),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="results_table",
        column_config={"risk": st.column_config.ProgressColumn("risk", min_value=0, max_value=1, format="%.3f")},
    )
    download(ctx, st, "Results (CSV)", csv_text(results), "search-results.csv", "dl_results",
             {"what": f"search results for '{query}'", "formats": ["csv"]})  # fmt: skip
    rows = event.selection.rows if event and event.selection else []
    keys = list(results["key"])
    labels = dict(zip(results["key"], results["type"] + ": " + results["name"], strict=True))
    entity = st.selectbox("Open", keys, index=rows[0] if rows else 0, format_func=labels.get, key="entity_select")
    depth = st.radio("Depth", [1, 2, 3], horizontal=True, key="depth")
    entity_view(ctx, entity, int(depth))


def entity_view(ctx: Context, key: str, depth: int) -> None:
    details = named(ctx, "entity_details", keys=[key])
    if details.empty:
        st.warning(f"{md(key)} is no longer in the store.")
        return
    d = details.iloc[0]
    kind = str(d["label"])
    is_party = kind.upper() in explore.PARTY_KINDS
    title = f"{d['party_id']} {d['name'] or ''}".strip() if is_party else d["value"]
    st.subheader(f"{md(kind)}: {md(title)}")
    left, right = st.columns([3, 2])
    with left:
        net = explore.Network.from_json(_neighbourhood(ctx.uri, ctx.conn.token, key, depth))
        graph_panel(ctx, f"entity-{key}-{depth}", net)
    with right:
        st.markdown("**Risk**")
        if is_party:
            score = d["score"]
            st.metric("Score", "not scored" if pd.isna(score) else f"{score:.3f}")
            if isinstance(d.get("country"), str):
                st.caption(f"Country {md(d['country'])}")
            reasons = explore.split_reasons(d["reasons"])
            st.markdown("\n".join(f"- {md(r)}" for r in reasons) or "- no indicator fired")
        else:
            parties = named(ctx, "identifier_parties", identifier_keys=[key])
            st.metric("Parties using it", f"{len(parties):,}")
            if len(parties):
                st.dataframe(
                    parties.sort_values("score", ascending=False)[["label", "party_id", "name", "score"]].head(200),
                    hide_index=True,
                    width="stretch",
                    height=260,
                )
    if is_party:
        consignments = named(ctx, "party_consignments", party_key=key, limit=500)
        consignments = dated(consignments.sort_values(["declaration_date", "consignment_id"], ascending=[False, True]))
        st.markdown(f"**Consignments** ({len(consignments):,}, newest first, at most 500 each way)")
        st.dataframe(consignments, hide_index=True, width="stretch", height=300)
        download(ctx, st, "Consignments (CSV)", csv_text(consignments), f"{d['party_id']}-consignments.csv",
                 "dl_entity", {"what": f"consignments of {key}", "formats": ["csv"]})  # fmt: skip


# -- path finder -------------------------------------------------------------------------
def paths_page() -> None:
    ctx = page("Paths")
    st.caption("Two parties in, the shortest chains of trade and shared addresses, phones and e-mails between them.")
    ends = []
    cols = st.columns(2)
    for col, side in zip(cols, ("from", "to"), strict=True):
        with col:
            text = st.text_input(f"Party {side}", key=f"path_{side}_query", placeholder="name or id")
            hits = pd.DataFrame(columns=["label", "key", "name"])
            if text.strip():
                hits = search_index(ctx).search(text, limit=15)
            hits = hits[hits["label"].isin(["Seller", "Buyer"])]
            if len(hits):
                names = dict(zip(hits["key"], hits["label"] + ": " + hits["name"], strict=True))
                ends.append(st.selectbox(f"Choose the party {side}", list(names), format_func=names.get,
                                         key=f"path_{side}"))  # fmt: skip
            elif text.strip():
                st.info(f"No party matches '{md(text)}'.")
    if len(ends) < 2:
        return
    a, b = ends
    if a == b:
        st.info("Choose two different parties.")
        return
    net, table = explore.path_network(access.neighbour_store(ctx.uri), a, b)
    if table.empty:
        st.info("No path of at most 8 steps joins these two parties.")
        return
    st.markdown(f"**{len(table)} shortest path(s) of {int(table['hops'].min())} steps**")
    graph_panel(ctx, f"path-{a}-{b}", net, height=480)
    st.dataframe(table, hide_index=True, width="stretch")


# -- query workbench ---------------------------------------------------------------------
INT_PARAMS = {"limit", "min_sharers", "max_sharers", "min_parcels"}
FLOAT_PARAMS = {"threshold", "band"}
LIST_PARAMS = {"keys", "lead_ids", "party_keys", "identifier_keys"}


def query_catalogue() -> dict[str, dict]:
    """Named queries: description and parameters, read from the comment lines of ``queries/*.cypher``."""
    out = {}
    for path in sorted(QUERIES_DIR.glob("*.cypher")):
        if path.name.count(".") != 1:
            continue  # a dialect's variant
        lines = path.read_text(encoding="utf-8").splitlines()
        comments = [line[2:].strip() for line in lines if line.startswith("//")]
        params = []
        for line in comments:
            if line.startswith("params:"):
                spec = line.split(":", 1)[1]
                for part in spec.split(","):
                    name = part.strip().split(" ")[0]
                    if name and name != "none":
                        params.append(name)
        description = " ".join(c for c in comments if not c.startswith("params:"))
        out[path.stem] = {"description": description, "params": params}
    return out


def parse_param(name: str, text: str):
    """The typed value of a workbench parameter; ``InputError`` names the parameter when it is malformed."""
    from graphintel.errors import InputError

    text = text.strip()
    if name in LIST_PARAMS:
        return [v.strip() for v in text.split(",") if v.strip()]
    try:
        if name in INT_PARAMS:
            return int(text)
        if name in FLOAT_PARAMS:
            return float(text)
    except ValueError:
        kind = "a whole number" if name in INT_PARAMS else "a number"
        raise InputError(f"parameter '{name}' must be {kind}, not '{text}'") from None
    return text


DEFAULTS = {
    "limit": "50",
    "min_sharers": "2",
    "max_sharers": "50",
    "min_parcels": "5",
    "threshold": "150",
    "band": "0.1",
}


def queries_page() -> None:
    ctx = page("Queries")
    st.caption(
        "Run a named query of `queries/` with your parameters. Read-only: parameters are passed as values, "
        "never spliced into the query, and the store is open for reading only."
    )
    catalogue = query_catalogue()
    name = st.selectbox("Query", list(catalogue), key="query_name")
    entry = catalogue[name]
    st.markdown(entry["description"])
    with st.expander("Cypher"):
        st.code(explore.read_query_text(name, getattr(ctx.store, "dialect", "")), language="cypher")
    values = {}
    with st.form(key="query_form"):
        for param in entry["params"]:
            hint = "comma-separated" if param in LIST_PARAMS else None
            values[param] = st.text_input(param, value=DEFAULTS.get(param, ""), key=f"param_{param}", help=hint)
        submitted = st.form_submit_button("Run")
    if not submitted and st.session_state.get("query_ran") != name:
        return
    st.session_state["query_ran"] = name
    try:
        params = {p: parse_param(p, v) for p, v in values.items()}
        result = named(ctx, name, **params)
    except (GraphIntelError, StoreError) as exc:
        st.error(md(exc))
        return
    st.markdown(f"**{len(result):,} rows**")
    st.dataframe(result, hide_index=True, width="stretch")
    download(ctx, st, "Result (CSV)", csv_text(result), f"{name}.csv", "dl_query",
             {"what": f"query {name} {json.dumps(params, default=str)}", "formats": ["csv"]})  # fmt: skip
    if "node_keys" in result.columns and len(result):
        net, _ = explore.paths_network(access.neighbour_store(ctx.uri), result)
        graph_panel(ctx, f"query-{name}", net, height=420)
