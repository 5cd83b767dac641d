"""The path finder (``app/pages/3_Paths.py``): the shortest chains of trade and shared identifiers between two
parties."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graphintel.dashboard import access, cache
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
            text = st.text_input(f"Party {side}", key=f"path_{side}_query", placeholder="name or id")
            hits = pd.DataFrame(columns=["label", "key", "name"])
            if text.strip():
                hits = cache.search_index(ctx).search(text, limit=15)
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
    graph_panel(ctx, f"path-{a}-{b}", net, height=480, ends=(a, b))
    st.dataframe(table, hide_index=True, width="stretch")
