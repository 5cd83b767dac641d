"""The query workbench (``app/pages/4_Queries.py``): run a named query with typed parameters, read-only."""

from __future__ import annotations

import json

import streamlit as st

from graphintel.dashboard import access, cache
from graphintel.dashboard.catalogue import DEFAULTS, LIST_PARAMS, parse_param, query_catalogue
from graphintel.dashboard.safe import md
from graphintel.dashboard.widgets import download, graph_panel, page
from graphintel.errors import GraphIntelError, StoreError
from graphintel.leads import explore
from graphintel.leads.export.cells import csv_text


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
        st.code(cache.query_text(ctx, name), language="cypher")
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
        result = cache.named(ctx, name, **params)
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
