"""The overview page (``app/Home.py``): counts, the latest run, score and time charts, leads by scheme."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import streamlit as st

from graphintel import schema
from graphintel.dashboard import cache
from graphintel.dashboard.cache import Context
from graphintel.dashboard.safe import code, md
from graphintel.dashboard.widgets import hbar, latest, page, run_caption


def overview_page() -> None:
    ctx = page("Overview")
    counts = cache.counts(ctx)
    run = latest(ctx)
    clusters = cache.named(ctx, "cluster_count")
    leads = cache.leads(ctx, run["run_id"]) if run else pd.DataFrame(columns=["status", "scheme"])
    open_leads = int(leads["status"].isin(["new", "in_review"]).sum())
    parties = counts.get(schema.SELLER, 0) + counts.get(schema.BUYER, 0)
    m = st.columns(4)
    m[0].metric("Consignments", f"{counts.get(schema.CONSIGNMENT, 0):,}")
    m[1].metric("Parties", f"{parties:,}", help="sellers and buyers")
    m[2].metric("Clusters", f"{int(clusters.iloc[0, 0]) if len(clusters) else 0:,}")
    m[3].metric("Open leads", f"{open_leads:,}", help="new or in review, latest run")
    if run is None:
        return
    _model_line(run)
    _data_charts(ctx)
    _lead_panels(leads)


def _model_line(run: dict) -> None:
    """The run, its model and mode."""
    st.caption(run_caption(run))
    summary = _json(run.get("summary"))
    parameters = _json(run.get("parameters"))
    mode = summary.get("mode") or parameters.get("mode") or ""
    confirmed = summary.get("confirmed_lead_members", 0)
    st.markdown(
        f"**Model** {code(run['model'])} · {md(mode)}"
        + (f" · {confirmed} members of confirmed leads used as labels" if confirmed else "")
    )


def _data_charts(ctx: Context) -> None:
    """Consignment scores and consignments over time."""
    left, right = st.columns(2)
    with left:
        st.markdown("**Consignment scores**")
        dist = cache.named(ctx, "score_distribution")
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
        days = cache.named(ctx, "consignments_by_day")
        if len(days):
            days["day"] = pd.to_datetime(days["day"])
            st.altair_chart(
                alt.Chart(days)
                .mark_area(opacity=0.6)
                .encode(x=alt.X("day:T", title=None), y=alt.Y("consignments:Q"), tooltip=["day:T", "consignments"]),
                width="stretch",
            )


def _lead_panels(leads: pd.DataFrame) -> None:
    """Leads by scheme and status, and the top ten."""
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
