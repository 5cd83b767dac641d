"""A lead as a case, on the lead page: its notebook, its history (notes and decisions, each under the logged-in
user who took it), its linked entities, the leads related to it and its saved chart views.

Values reach the browser as table cells or through ``safe.md``; links are built here from ids, percent-encoded,
and always point at this dashboard's own pages (``/Search?q=``, ``/Leads?lead=``).
"""

from __future__ import annotations

import urllib.parse

import pandas as pd
import streamlit as st

from graphintel.dashboard import access, cache, views
from graphintel.dashboard.cache import Context
from graphintel.dashboard.safe import md
from graphintel.errors import GraphIntelError, StoreError
from graphintel.leads.cases import RELATED_SHARERS

ACTION_LABELS = {"note": "note", "in_review": "set in review", "confirmed": "confirmed", "dismissed": "dismissed"}


def search_link(value: object) -> str:
    """This dashboard's Search page asked for ``value``."""
    return "/Search?q=" + urllib.parse.quote(str(value), safe="")


def lead_link(lead_id: object) -> str:
    """This dashboard's Leads page opened at ``lead_id``."""
    return "/Leads?lead=" + urllib.parse.quote(str(lead_id), safe="")


def party_query(party_id: object, name: object) -> str:
    """What to search to find a party: its id, or its name when the id was derived from the name (``~…``)."""
    text = "" if party_id is None or pd.isna(party_id) else str(party_id)
    return str(name or "") if not text or text.startswith("~") else text


def case_views(ctx: Context, lead_id: str) -> list[dict]:
    """The link chart views saved with this case (``graphintel.dashboard.views``): name, user, saved_at."""
    return views.list_views(ctx.uri, lead_id)


def case_panel(ctx: Context, run: dict, lead_id: str, members: pd.DataFrame) -> None:
    """The case tab: notebook, history, linked entities, related leads and saved views."""
    left, right = st.columns([3, 2])
    with left:
        notebook(ctx, lead_id)
        history_table(ctx, lead_id)
    with right:
        linked_entities(members)
        related(ctx, run, lead_id)
        st.markdown("**Saved chart views**")
        views = case_views(ctx, lead_id)
        if views:
            st.dataframe(pd.DataFrame(views), hide_index=True, width="stretch")
        else:
            st.caption("No chart view saved with this case yet.")


def notebook(ctx: Context, lead_id: str) -> None:
    """A form that adds a timestamped note under the logged-in user's name."""
    user = ctx.user
    st.markdown("**Case notebook**")
    if not user.may_write:
        st.caption(f"You are a {user.role}: you read the case; analysts and supervisors write in it.")
        return
    with st.form(key=f"case-note-form-{lead_id}", clear_on_submit=True):
        text = st.text_area(f"Note as {user.name}", key=f"case-note-{lead_id}",
                            placeholder="What you found, checked or asked for")  # fmt: skip
        added = st.form_submit_button("Add note")
    if not added:
        return
    if not (text or "").strip():
        st.error("The note is empty: write what you found or checked.")
        return
    cache.write_then_rerun(
        lambda: access.save_note(ctx.uri, lead_id, text, user), f"Note added to lead {md(lead_id)} as {md(user.name)}"
    )


def history_table(ctx: Context, lead_id: str) -> None:
    """Notes and decisions on this case, newest first, with who took each; those taken on an earlier run's
    lead over mostly the same parties say which lead."""
    try:
        history = cache.case_history(ctx, lead_id)
    except (StoreError, GraphIntelError):  # a store written before cases were kept has no CaseNote table yet
        history = pd.DataFrame()
    st.markdown(f"**Case history** ({len(history)})")
    if history.empty:
        st.caption("No note or decision on this case yet.")
        return
    shown = pd.DataFrame({
        "when (UTC)": history["at"].astype(str).str.replace("T", " ").str.replace("+00:00", "", regex=False),
        "who": history["analyst"],
        "what": history["action"].map(lambda a: ACTION_LABELS.get(a, a)),
        "text": history["text"],
        "on lead": history["lead_id"].where(history["carried"], "this lead"),
    })  # fmt: skip
    st.dataframe(shown, hide_index=True, width="stretch", key=f"case-history-{lead_id}")


def linked_entities(members: pd.DataFrame) -> None:
    """The case's parties, each a link to its page in Search."""
    st.markdown(f"**Linked entities** ({len(members)})")
    if members.empty:
        return
    table = members[["label", "party_id", "name", "country", "score"]].copy()
    table["open"] = [search_link(party_query(p, n)) for p, n in zip(members["party_id"], members["name"], strict=True)]
    st.dataframe(table, hide_index=True, width="stretch", height=220,
                 column_config={"open": st.column_config.LinkColumn("open", display_text="in Search")})  # fmt: skip


def related(ctx: Context, run: dict, lead_id: str) -> None:
    """The run's leads sharing members, addresses, phones or e-mails with this one, as links."""
    try:
        leads = cache.related_leads(ctx, lead_id, run["run_id"])
    except (StoreError, GraphIntelError) as exc:
        st.caption(f"Related leads cannot be read: {md(exc)}")
        return
    st.markdown(f"**Related leads** ({len(leads)})")
    if leads.empty:
        st.caption("No other lead of this run shares a party or a contact with this one.")
        return
    table = leads.assign(open=leads["lead_id"].map(lead_link))
    st.dataframe(table, hide_index=True, width="stretch", height=min(220, 38 + 35 * len(table)),
                 column_config={"open": st.column_config.LinkColumn("open", display_text="open lead"),
                                "score": st.column_config.NumberColumn("score", format="%.3f")})  # fmt: skip
    st.caption("Shared identifiers: addresses, phones and e-mails held by a member of each lead (one held by "
               f"more than {RELATED_SHARERS} parties, such as a depot, does not count).")  # fmt: skip
