"""The link chart's side panel for the selected node: every property, its reasons, and for a party its parcels
and leads, with a link to Search."""

from __future__ import annotations

import json
import math
import urllib.parse

import pandas as pd
import streamlit as st

from graphintel.dashboard import cache
from graphintel.dashboard.cache import Context
from graphintel.dashboard.safe import md
from graphintel.leads import explore
from graphintel.schema import NODE_DISPLAYS, PARTY_KINDS

PROPERTY_NAMES = {"display": "as written", "value": "normalised"}  # an identifier's two spellings


def node_details(ctx: Context, net: explore.Network, node_key: str) -> None:
    """Every property of the node, its reasons, parcels and leads, and a link to Search."""
    node = net.nodes[node_key]
    display = NODE_DISPLAYS.get(node["label"])
    st.markdown(f"**{md(display.legend if display else node['label'])}: {md(node['name'])}**")
    details = cache.named(ctx, "entity_details", keys=[node_key])
    row = details.iloc[0].to_dict() if len(details) else {}
    kept = {PROPERTY_NAMES.get(k, k): v for k, v in row.items() if k not in ("key", "reasons", "label")}
    props = {"key": node_key, **kept}
    props |= {k: v for k, v in node.items() if k not in ("id", "label", "name") and k not in props}
    if node_key in net.hubs:
        props["parties sharing it"] = net.hubs[node_key]
    shown = {k: v for k, v in props.items() if not (v is None or v == "" or isinstance(v, float) and math.isnan(v))}
    st.dataframe(
        pd.DataFrame({"property": list(shown), "value": [str(v) for v in shown.values()]}),
        hide_index=True, width="stretch",
    )  # fmt: skip
    reasons = explore.split_reasons(row.get("reasons"))
    if reasons:
        st.markdown("**Reasons**\n" + "\n".join(f"- {md(r)}" for r in reasons))
    if node["label"] in PARTY_KINDS:
        parcels = cache.named(ctx, "party_consignments", party_key=node_key, limit=200)
        capped = " (the latest 200 each way)" if len(parcels) >= 200 else ""
        st.caption(f"{len(parcels):,} parcels sent or received{capped}")
        if len(parcels):
            st.dataframe(
                parcels[["consignment_id", "declaration_date", "direction", "partner_id", "declared_value", "score"]],
                hide_index=True, width="stretch", height=180,
            )  # fmt: skip
        leads = leads_of(ctx, str(node.get("party_id") or row.get("party_id") or ""))
        if leads:
            links = " · ".join(f"[Lead #{rank}](/Leads?lead={urllib.parse.quote(lid, safe='')})" for lid, rank in leads)
            st.markdown(f"**Leads** {links}")
        else:
            st.caption("In no lead of the latest run.")
    else:
        ties = [e["source"] for e in net.edges.values() if e["target"] == node_key]
        st.caption(f"Tied to {len(ties)} part{'y' if len(ties) == 1 else 'ies'} in the chart.")
    query = str(node.get("party_id") or node["name"])
    st.link_button("Open in Search", f"/Search?q={urllib.parse.quote(query, safe='')}")


def leads_of(ctx: Context, party_id: str) -> list[tuple[str, int]]:
    """The latest run's leads whose members include the party id: (lead id, rank)."""
    run = cache.last_run(ctx)
    if not party_id or run is None:
        return []
    leads = cache.leads(ctx, run["run_id"])
    out = []
    for lid, rank, members in zip(leads["lead_id"], leads["rank"], leads["members"], strict=True):
        try:
            ids = json.loads(members or "[]")
        except (TypeError, ValueError):
            continue
        if party_id in map(str, ids):
            out.append((str(lid), int(rank)))
    return out
