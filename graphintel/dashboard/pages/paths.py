"""The path finder (``app/pages/3_Paths.py``): the shortest chains of trade and shared identifiers between two
parties."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graphintel import schema
from graphintel.dashboard import cache, parties
from graphintel.dashboard.safe import md
from graphintel.dashboard.widgets import graph_panel, page
from graphintel.leads import explore


def paths_page() -> None:
    ctx = page("Paths")
    st.caption("Two parties in, the shortest chains of trade and shared addresses, phones and e-mails between them.")
    ends = []
    cols = st.columns(2)
    for col, side in zip(cols, ("from", "to"), strict=True):
        with col:
            chosen = pick_party(ctx, side)
            if chosen:
                ends.append(chosen)
    if len(ends) < 2:
        return
    a, b = ends
    if a == b:
        st.info("Choose two different parties.")
        return
    net, table = cache.paths(ctx, a, b)
    if table.empty:
        st.info("No path of at most 8 steps joins these two parties.")
        return
    st.markdown(f"**{paths_headline(table)}**")
    st.caption(
        f"From **{md(net.nodes.get(a, {}).get('name', a))}** to **{md(net.nodes.get(b, {}).get('name', b))}**. "
        "Parties are counted, not the consignments between them: a seller's trade with a buyer is one link."
    )
    graph_panel(ctx, f"path-{a}-{b}", net, height=480, ends=(a, b))
    st.dataframe(table, hide_index=True, width="stretch")


def paths_headline(table: pd.DataFrame) -> str:
    """How many paths, honestly when the query's cap was reached, and how many parties each joins."""
    n = len(table)
    shown = f"showing {n} of at least {n} shortest paths" if n >= explore.PATHS_LIMIT else f"{n} shortest path(s)"
    parties = sorted(set(table["parties"]))
    count = f"{parties[0]}" if len(parties) == 1 else f"{parties[0]} to {parties[-1]}"
    links = int(table["links"].min())
    return f"{shown.capitalize()}: {count} parties, {links} link{'' if links == 1 else 's'} each"


def pick_party(ctx, side: str) -> str | None:
    """A name or id typed, then the party chosen among candidates shown with country, risk, parcels and leads."""
    text = st.text_input(f"Party {side}", key=f"path_{side}_query", placeholder="name or id")
    if not text.strip():
        return None
    hits = cache.search_index(ctx).search(text, limit=15, labels=schema.PARTY_LABELS)
    if hits.empty:
        st.info(f"No party matches '{md(text)}'.")
        return None
    profile = parties.profiles(ctx, list(hits["key"])).set_index("key").to_dict("index")
    names = {k: parties.describe(lab, n, profile.get(k))
             for k, lab, n in zip(hits["key"], hits["label"], hits["name"], strict=True)}  # fmt: skip
    same = parties.same_names(hits["name"])
    if same:
        st.caption(f"{same} candidates share a name: check country, parcels and leads before you choose.")
    return st.selectbox(f"Choose the party {side}", list(names), format_func=names.get, key=f"path_{side}")
