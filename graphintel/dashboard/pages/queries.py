"""The query workbench (``app/pages/4_Queries.py``): run a named query with typed parameters, read-only."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from graphintel import schema
from graphintel.dashboard import access, cache
from graphintel.dashboard.case import lead_link, search_link
from graphintel.dashboard.catalogue import DEFAULTS, GROUPS, LIST_PARAMS, parse_param, query_catalogue
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
    offered = sorted((n for n, e in catalogue.items() if e["group"] != "internal"),
                     key=lambda n: (list(GROUPS).index(catalogue[n]["group"]), n))  # fmt: skip
    name = st.selectbox("Query", offered, key="query_name",
                        format_func=lambda n: f"{catalogue[n]['group']} › {n}")  # fmt: skip
    st.caption("Grouped by purpose: " + "; ".join(f"**{g}**, {GROUPS[g]}" for g in GROUPS if g != "internal") + ".")
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
    shown, links = with_links(result)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=links)
    download(ctx, st, "Result (CSV)", csv_text(result), f"{name}.csv", "dl_query",
             {"what": f"query {name} {json.dumps(params, default=str)}", "formats": ["csv"]})  # fmt: skip
    if "node_keys" in result.columns and len(result):
        net, _ = explore.paths_network(access.neighbour_store(ctx.uri), result)
        graph_panel(ctx, f"query-{name}", net, height=420)


PARTY_ID_COLUMNS = {"party_id", "seller_id", "buyer_id", "partner_id"}  # ids a search finds


def with_links(result: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The result with a link column after each column of node keys (to the node in Search) and of lead ids (to
    the lead), and the column configuration that draws them as links."""
    out, config = result.copy(), {}
    for column in result.columns:
        values = result[column].dropna()
        sample = values.iloc[0] if len(values) else None
        if column == "lead_id":
            link = result[column].map(lambda v: lead_link(v) if isinstance(v, str) and v else None)
            text = "open lead"
        elif column in PARTY_ID_COLUMNS or (
            isinstance(sample, str) and values.astype(str).map(schema.label_of_key).notna().all()
        ):
            link = result[column].map(lambda v: search_link(v) if isinstance(v, str) and v else None)
            text = "open in Search"
        else:
            continue
        name = f"{column} ↗"
        out.insert(out.columns.get_loc(column) + 1, name, link)
        config[name] = st.column_config.LinkColumn(name, display_text=text)
    return out, config
