"""The leads queue (``app/pages/1_Leads.py``): filters, the table of a run's leads, and one lead's network,
evidence, charts, decision and exports."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from graphintel import schema
from graphintel.dashboard import access, cache, charts, selection
from graphintel.dashboard.cache import Context
from graphintel.dashboard.case import case_panel
from graphintel.dashboard.chart import TimeWindow
from graphintel.dashboard.money import lead_money, money_sums, per_currency, with_money
from graphintel.dashboard.safe import md
from graphintel.dashboard.widgets import STATUS_LABELS, dated, download, graph_panel, latest, page, run_caption
from graphintel.leads import explore
from graphintel.leads.decisions import NEEDS_REASON, REASON_VERBS
from graphintel.leads.export.cells import csv_text

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
    leads = cache.leads(ctx, run["run_id"])
    if leads.empty:
        st.info("This run produced no leads.")
        st.stop()
    shown = filter_leads(leads)
    values = cache.named(ctx, "lead_values", run_id=run["run_id"])
    shown = shown.assign(declared=shown["lead_id"].map(lead_money(values)).fillna("-"))
    m = st.columns(3)
    m[0].metric("Leads", f"{len(shown):,}")
    m[1].metric("Evidence consignments", f"{int(shown['consignments'].sum()):,}")
    mine = values[values["lead_id"].isin(shown["lead_id"])]
    mixed = len(per_currency(mine, "value", "currency")) > 1
    m[2].metric("Declared value", money_sums(mine, "value", "currency"), help="per currency" if mixed else None)
    columns = ["rank", "lead_id", "score", "scheme", "consignments", "declared", "countries", "channels"]
    columns += ["first_date", "last_date", "status"]
    table = selection.table_key("leads_table", shown["lead_id"])
    event = st.dataframe(
        shown[columns],
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=table,
        column_config={
            "score": st.column_config.ProgressColumn("score", min_value=0, max_value=1, format="%.3f"),
            "declared": st.column_config.TextColumn("declared value", help="the evidence parcels, per currency"),
        },
    )
    options = list(shown["lead_id"])
    if not options:
        st.info("No lead matches the filters.")
        return
    # A click on a row opens its lead (by the row's id, whatever order the table was sorted into).
    selection.choose("lead_select", options, selection.clicked(event, shown, "lead_id", table),
                     st.query_params.get("lead"))  # fmt: skip
    labels = {
        r.lead_id: f"#{int(r.rank)} {r.lead_id} · {r.scheme} · {r.score:.3f}" for r in shown.itertuples(index=False)
    }
    lead_id = st.selectbox("Lead", options, key="lead_select", format_func=labels.get)
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


def lead_view(ctx: Context, run: dict, lead: pd.Series, lead_id: str) -> None:
    st.subheader(f"Lead #{int(lead['rank'])}: {md(lead_id)}")
    status = STATUS_LABELS.get(lead["status"], lead["status"])
    by, at = lead.get("decided_by"), lead.get("decided_at")
    decided = f" by {md(by)} on {md(at)}" if isinstance(by, str) and by else ""
    if isinstance(lead.get("note"), str) and lead["note"]:
        decided += f" · *{md(lead['note'])}*"
    st.markdown(f"**Score** {lead['score']:.3f} · **scheme** {md(lead['scheme'])} · **status** {md(status)}{decided}")
    st.markdown("**Why this lead**")
    reasons = explore.lead_reason_lines(lead)
    st.markdown("\n".join(f"- {md(r)}" for r in reasons) or "- (no reason recorded)")
    members = cache.named(ctx, "lead_members", lead_id=lead_id)
    evidence = cache.named(ctx, "lead_consignments", lead_id=lead_id, limit=2000)
    evidence = dated(evidence.sort_values(["declaration_date", "consignment_id"], ascending=[False, True]))
    timeline_key = f"timeline-{lead_id}"
    brushed = charts.brushed(timeline_key)  # drawn below; the chart above shows what lies in its window
    in_window = None
    if brushed is not None:
        in_window = TimeWindow(charts.days_text(brushed), charts.in_window(evidence, brushed))
    graph_panel(ctx, f"lead-{lead_id}", cache.lead_network(ctx, lead_id), lead_id=lead_id, window=in_window)
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**Members** ({len(members)})")
        st.dataframe(
            members[["label", "party_id", "name", "country", "score"]],
            hide_index=True,
            width="stretch",
            height=260,
        )
    with right:
        decision_panel(ctx, lead_id, lead)
    st.markdown("**Timeline**: drag across days to filter the chart, evidence, routes and map; double-click beside "
                "to clear.")  # fmt: skip
    days = charts.timeline(evidence, key=timeline_key)
    window = charts.in_window(evidence, days)
    tabs = st.tabs(["Evidence", "Routes", "Case", "Export"])
    with tabs[0]:
        evidence_table(evidence, window, days)
    with tabs[1]:
        charts.routes_chart(window)
    with tabs[2]:
        case_panel(ctx, run, lead_id, members)
    with tabs[3]:
        export_lead(ctx, run, lead_id, members, evidence)


def evidence_table(evidence: pd.DataFrame, window: pd.DataFrame, days) -> None:
    """The lead's parcels in the brushed window (all when nothing is brushed), money with its currency."""
    if days is None:
        st.caption(f"{len(evidence):,} consignments sent or received by the lead's parties, newest first (sortable).")
    elif days[0] > days[1]:
        st.caption(f"0 of {len(evidence):,} consignments: the brush holds no whole day; widen it on the timeline.")
    else:
        st.caption(
            f"{len(window):,} of {len(evidence):,} consignments, declared {days[0]:%d %b %Y} to {days[1]:%d %b %Y} "
            "(the window brushed on the timeline), newest first."
        )
    st.markdown(f"**Declared value** {md(money_sums(window))}")
    st.dataframe(with_money(window), hide_index=True, width="stretch", height=320)


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
        note = st.text_area("Note (required to confirm or dismiss)", key=f"note-{lead_id}",
                            placeholder="What you checked and why you decide so")  # fmt: skip
        cols = st.columns(len(schema.DECISION_STATUSES))
        pressed = None
        for col, status in zip(cols, schema.DECISION_STATUSES, strict=True):
            allowed = user.may_set(status)
            help_text = None if allowed else f"a {user.role} may not set {STATUS_LABELS[status]}; a supervisor may"
            if col.form_submit_button(DECISION_LABELS[status], width="stretch", disabled=not allowed, help=help_text):
                pressed = status
    if pressed in NEEDS_REASON and not (note or "").strip():
        st.error(f"Say why: to {REASON_VERBS[pressed]} a lead, write in the note what you checked.")
        return
    if pressed:
        cache.write_then_rerun(
            lambda: access.save_decision(ctx.uri, lead_id, pressed, note, user),
            f"Lead {md(lead_id)}: {STATUS_LABELS[pressed]}",
        )


def export_lead(ctx: Context, run: dict, lead_id: str, members: pd.DataFrame, evidence: pd.DataFrame) -> None:
    mask = st.checkbox(
        "Mask personal data", key="mask_export", help="buyer names, phones, e-mails and street addresses"
    )
    if mask:  # the package masks itself; the member table here loses buyer names
        members = members.assign(name=members["name"].where(members["label"] != schema.BUYER, "[masked]"))
    cols = st.columns(3)
    base = {"run_id": run["run_id"], "model": run["model"], "leads": [lead_id], "masked": mask}
    download(ctx, cols[0], "Members (CSV)", csv_text(members), f"{lead_id}-members.csv", "dl_members",
             {**base, "what": "lead members", "formats": ["csv"]})  # fmt: skip
    download(ctx, cols[1], "Consignments (CSV)", csv_text(evidence), f"{lead_id}-consignments.csv",
             "dl_evidence", {**base, "what": "lead consignments", "formats": ["csv"]})  # fmt: skip
    # The package (five formats, 0.8 s at 100,000 consignments) is made when the button is pressed, not on
    # every run of the page.
    package = partial(cache.lead_package_zip, ctx, run["run_id"], lead_id, mask)
    download(ctx, cols[2], "Lead package (ZIP)", package, f"{lead_id}-package.zip", "dl_package",
             {**base, "what": "lead package", "formats": ["xlsx", "json", "html", "graphml", "csv"]})  # fmt: skip
