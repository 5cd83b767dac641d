"""SAME_AS links in the link chart: two drawn spellings of one entity (sellers, buyers or addresses that entity
resolution linked, ``graphintel entities``), drawn as a dashed link with its score. A click on one shows its
score and the evidence that agreed in the chart's side panel.

The links are read for the nodes a chart draws (the named query ``same_as_links``), once per set of nodes and
store state, and not at all from a store without any (``same_as_count``). They are drawn, not part of the
chart's network, so expanding, removing, undo and saved views are as before. Their texts reach the browser
through ``safe.graph_elements`` as every other text.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from graphintel.dashboard import cache
from graphintel.dashboard.cache import Context
from graphintel.dashboard.safe import md
from graphintel.errors import GraphIntelError
from graphintel.leads import explore
from graphintel.schema import ENTITY_LABELS, NODE_TYPES, SAME_AS

KIND = "same_as"  # the edges' kind in the drawing (its dashed style keys on it)
LEGEND = "same entity (score)"
COLOUR = "#c2255c"
ENTITY_KINDS = tuple(NODE_TYPES[label].display.name for label in ENTITY_LABELS)  # the drawn kinds resolution links
COLUMNS = ["source", "target", "score", "evidence"]


def links(ctx: Context, net: explore.Network) -> pd.DataFrame:
    """The SAME_AS links among the network's sellers, buyers and addresses: ``source, target, score,
    evidence``; none on a store written before entities were resolved."""
    keys = sorted(k for k, n in net.nodes.items() if n["label"] in ENTITY_KINDS)
    try:
        if len(keys) < 2 or not int(cache.named(ctx, "same_as_count")["links"].iloc[0]):
            return pd.DataFrame(columns=COLUMNS)  # a store whose entities were never resolved: no read per chart
        return cache.named(ctx, "same_as_links", keys=keys)
    except GraphIntelError:  # a store made before SAME_AS existed has no such relationship table
        return pd.DataFrame(columns=COLUMNS)


def _score(value) -> float | None:
    number = pd.to_numeric(value, errors="coerce")
    return None if pd.isna(number) else round(float(number), 3)


def edge_id(source: str, target: str) -> str:
    return f"s|{source}|{target}"


def edges(found: pd.DataFrame, shown: set[str]) -> list[dict]:
    """The links between two shown nodes as the chart's edges (before escaping): dashed, captioned with the
    score."""
    out = []
    for source, target, score in zip(found["source"], found["target"], found["score"], strict=True):
        if source in shown and target in shown:
            value = _score(score)
            caption = "same entity" if value is None else f"same entity · score {value:.2f}"
            data = {"id": edge_id(source, target), "source": source, "target": target, "label": SAME_AS,
                    "kind": KIND, "colour": COLOUR, "width": 2.0, "score": value, "caption": caption}  # fmt: skip
            out.append({"data": data})
    return out


def legend_entry() -> dict:
    """The legend's line for SAME_AS links (dashed, as drawn)."""
    return {"legend": LEGEND, "colour": COLOUR, "dashed": True}


def evidence_rows(evidence) -> pd.DataFrame:
    """The evidence JSON of a link (``{"name": "translit", "phone": "exact"}``) as rows of what was compared
    and how it agreed; unreadable evidence as one row of its text."""
    try:
        parsed = json.loads(evidence) if isinstance(evidence, str) and evidence else {}
    except ValueError:
        parsed = {"evidence": evidence}
    if not isinstance(parsed, dict):
        parsed = {"evidence": parsed}
    return pd.DataFrame({"compared": [str(k) for k in parsed], "agreement": [str(v) for v in parsed.values()]})


def edge_details(net: explore.Network, found: pd.DataFrame, edge: str) -> bool:
    """The side panel's account of one drawn SAME_AS link: the two spellings, the score and the evidence;
    False when ``edge`` is not one of them (any more)."""
    for source, target, score, evidence in zip(*(found[c] for c in COLUMNS), strict=True):
        if edge_id(source, target) != edge or source not in net.nodes or target not in net.nodes:
            continue
        value = _score(score)
        st.markdown(
            f"**Same entity** (score {'unknown' if value is None else f'{value:.3f}'}): "
            f"{md(net.nodes[source]['name'])} and {md(net.nodes[target]['name'])}"
        )
        st.caption("Entity resolution linked these two spellings; the evidence is what agreed.")
        st.dataframe(evidence_rows(evidence), hide_index=True, width="stretch")
        return True
    return False
