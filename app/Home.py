"""GraphIntel dashboard: ranked leads and, for a chosen lead, its network and reasons.

Pages are thin: they lay out widgets and call ``graphintel``; the store is
opened read-only, once per process.
"""

from __future__ import annotations

import json
import os

import pandas as pd
import streamlit as st
from st_link_analysis import EdgeStyle, NodeStyle, st_link_analysis

from graphintel import config
from graphintel.errors import GraphIntelError
from graphintel.leads.explore import lead_network, run_named
from graphintel.leads.runs import latest_run, read_leads
from graphintel.store import open_store

st.set_page_config(page_title="GraphIntel", page_icon=":material/hub:", layout="wide")

NODE_STYLES = [
    NodeStyle("SELLER", "#d9534f", "name", "store"),
    NodeStyle("BUYER", "#2a6fdb", "name", "person"),
    NodeStyle("ADDRESS", "#6c757d", "name", "home"),
    NodeStyle("PHONE", "#f0ad4e", "name", "phone"),
    NodeStyle("EMAIL", "#5cb85c", "name", "email"),
]
EDGE_STYLES = [
    EdgeStyle("SHIPPED_TO", caption="parcels", directed=True),
    EdgeStyle("HAS_ADDRESS", directed=True),
    EdgeStyle("HAS_PHONE", directed=True),
    EdgeStyle("HAS_EMAIL", directed=True),
]


@st.cache_resource(show_spinner=False)
def get_store(uri: str):
    return open_store(uri, read_only=True)


@st.cache_data(show_spinner=False, ttl=60)
def load_run(uri: str) -> dict | None:
    return latest_run(get_store(uri))


@st.cache_data(show_spinner=False, ttl=60)
def load_leads(uri: str, run_id: str) -> pd.DataFrame:
    return read_leads(get_store(uri), run_id)


@st.cache_data(show_spinner=False, ttl=60)
def load_network(uri: str, lead_id: str) -> dict:
    network = lead_network(get_store(uri), lead_id)
    return {"elements": network.elements(), "capped": network.capped}


@st.cache_data(show_spinner=False, ttl=60)
def load_named(uri: str, name: str, params_json: str) -> pd.DataFrame:
    return run_named(get_store(uri), name, json.loads(params_json))


def main() -> None:
    uri = config.store_uri(os.environ.get("GRAPHINTEL_STORE"))
    st.title("GraphIntel: leads")
    try:
        run = load_run(uri)
    except GraphIntelError as exc:
        st.warning(f"The store cannot be read right now: {exc}")
        st.stop()
    if run is None:
        st.info(f"No scoring run in {uri} yet. Run `graphintel ingest` and `graphintel score` first.")
        st.stop()
    st.caption(f"Store `{uri}` · run `{run['run_id']}` · model `{run['model']}` · finished {run['finished_at']}")
    leads = load_leads(uri, run["run_id"])
    if leads.empty:
        st.info("This run produced no leads.")
        st.stop()

    with st.sidebar:
        st.header("Filter leads")
        schemes = sorted(s for s in leads["scheme"].dropna().unique() if s)
        chosen = st.multiselect("Scheme", schemes, default=schemes, key="scheme_filter")
        min_score = st.slider("Minimum score", 0.0, 1.0, 0.0, 0.05, key="min_score")
    shown = leads[leads["scheme"].isin(chosen) & (leads["score"] >= min_score)]
    m1, m2, m3 = st.columns(3)
    m1.metric("Leads", f"{len(shown):,}")
    m2.metric("Evidence consignments", f"{int(shown['consignments'].sum()):,}")
    m3.metric("Declared value", f"{shown['total_value'].sum():,.0f}")

    table = shown[["rank", "lead_id", "score", "scheme", "consignments", "total_value", "countries", "status"]]
    event = st.dataframe(
        table,
        hide_index=True,
        use_container_width=True,
        on_select="rerun",
        selection_mode="single-row",
        key="leads_table",
        column_config={"score": st.column_config.ProgressColumn("score", min_value=0, max_value=1, format="%.3f")},
    )
    rows = event.selection.rows if event and event.selection else []
    options = list(shown["lead_id"])
    if not options:
        st.info("No lead matches the filters.")
        return
    default = options.index(shown.iloc[rows[0]]["lead_id"]) if rows else 0
    lead_id = st.selectbox("Lead", options, index=default, key="lead_select")
    show_lead(uri, shown.set_index("lead_id").loc[lead_id], lead_id)


def show_lead(uri: str, lead: pd.Series, lead_id: str) -> None:
    st.subheader(f"Lead #{int(lead['rank'])}: {lead_id}")
    st.markdown(f"**Score** {lead['score']:.3f} · **scheme** {lead['scheme']} · **status** {lead['status']}")
    st.markdown("**Why this lead**")
    for reason in str(lead["reasons"] or "").split(" | "):
        if reason:
            st.markdown(f"- {reason}")
    left, right = st.columns([3, 2])
    with left:
        network = load_network(uri, lead_id)
        if network["capped"]:
            st.warning("This network is large: only the first 400 nodes are drawn.")
        st_link_analysis(
            network["elements"],
            "cose",
            NODE_STYLES,
            EDGE_STYLES,
            height=520,
            key=f"graph-{lead_id}",
            node_actions=["remove", "expand"],
        )
    with right:
        members = load_named(uri, "lead_members", json.dumps({"lead_id": lead_id}))
        st.markdown(f"**Members** ({len(members)})")
        st.dataframe(
            members[["label", "party_id", "name", "country", "score"]],
            hide_index=True,
            use_container_width=True,
            height=240,
        )
    consignments = load_named(uri, "lead_consignments", json.dumps({"lead_id": lead_id, "limit": 500}))
    st.markdown(f"**Consignments of its sellers** ({len(consignments)}, newest first, at most 500)")
    st.dataframe(consignments, hide_index=True, use_container_width=True, height=300)


main()
