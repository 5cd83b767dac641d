"""Pictures for reports, as inline SVG: a lead's network and a timeline of its parcels.

Drawn here rather than with a plotting library: the markup is small, prints
sharply to PDF, needs no browser script, and every text is XML-escaped.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

import networkx as nx
import pandas as pd

from graphintel.schema import LINK_DISPLAYS, NODE_DISPLAYS, PARTY_KINDS, TRADE_LINK

COLOURS = {kind: d.colour for kind, d in NODE_DISPLAYS.items()}
LEGEND = {kind: d.legend for kind, d in NODE_DISPLAYS.items()}
TIE_COLOUR = "#adb5bd"  # a report draws every shared address, phone and e-mail in one quiet grey


def network_svg(network: dict, width: int = 720, height: int = 400, labels: int = 40) -> str:
    """The network drawn with a seeded spring layout; node colour by type, edge width by parcels."""
    nodes, edges = network.get("nodes", []), network.get("edges", [])
    if not nodes:
        return '<p class="muted">No network drawn.</p>'
    graph = nx.Graph()
    graph.add_nodes_from(n["id"] for n in nodes)
    graph.add_edges_from((e["source"], e["target"]) for e in edges if e["source"] in graph and e["target"] in graph)
    pos = nx.spring_layout(graph, seed=1, k=1.5 / math.sqrt(max(len(nodes), 1)))
    pad = 60
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1

    right = 200  # room for labels

    def at(key):
        x, y = pos[key]
        return pad + (x - min(xs)) / span_x * (width - pad - right), 24 + (y - min(ys)) / span_y * (height - 24 - 50)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img">']
    for e in edges:
        if e["source"] not in pos or e["target"] not in pos:
            continue
        (x1, y1), (x2, y2) = at(e["source"]), at(e["target"])
        trade = e["label"] == TRADE_LINK
        stroke = 1 + min(6.0, 1.5 * math.log1p(e.get("parcels", 1))) if trade else 1
        colour = LINK_DISPLAYS[TRADE_LINK].colour if trade else TIE_COLOUR
        title = f"{e.get('parcels', '')} {LINK_DISPLAYS[TRADE_LINK].legend}" if trade else _tie_title(e["label"])
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{stroke:.1f}"><title>{escape(title)}</title></line>'
        )
    ranked = sorted(nodes, key=lambda n: -(n.get("score") or 0))
    labelled = {n["id"] for n in ranked[:labels]}
    for n in nodes:
        x, y = at(n["id"])
        colour = COLOURS.get(n["label"], "#333")
        radius = 9 if n["label"] in PARTY_KINDS else 6
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}" stroke="#fff" stroke-width="1.5">'
            f"<title>{escape(str(n.get('name', '')))}</title></circle>"
        )
        if n["id"] in labelled:
            text = str(n.get("name", ""))[:30]
            parts.append(f'<text x="{x + 11:.1f}" y="{y + 4:.1f}" font-size="10">{escape(text)}</text>')
    lx = pad
    for kind, name in LEGEND.items():
        parts.append(f'<circle cx="{lx}" cy="{height - 14}" r="6" fill="{COLOURS[kind]}"/>')
        parts.append(f'<text x="{lx + 10}" y="{height - 10}" font-size="11">{name}</text>')
        lx += 90
    parts.append("</svg>")
    return "".join(parts)


def _tie_title(link: str) -> str:
    """What a tie's tooltip says: "shares address" for ``HAS_ADDRESS``."""
    display = LINK_DISPLAYS.get(str(link))
    return display.legend if display else str(link).lower()


def timeline_svg(consignments: pd.DataFrame, width: int = 720, height: int = 160) -> str:
    """Parcels per week as bars, high-risk parcels (score >= 0.8) in red."""
    if consignments.empty:
        return '<p class="muted">No parcels.</p>'
    days = pd.to_datetime(consignments["declaration_date"], errors="coerce")
    frame = pd.DataFrame({"week": days.dt.to_period("W").dt.start_time, "high": consignments["score"].fillna(0) >= 0.8})
    weekly = frame.groupby("week").agg(parcels=("high", "size"), high=("high", "sum")).reset_index()
    pad, bottom = 40, height - 28
    top = max(int(weekly["parcels"].max()), 1)
    bar = max(2.0, (width - 2 * pad) / max(len(weekly), 1) - 2)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img">']
    parts.append(f'<line x1="{pad}" y1="{bottom}" x2="{width - pad}" y2="{bottom}" stroke="#999"/>')
    parts.append(f'<text x="4" y="16" font-size="10">{top}</text>')
    for i, w in enumerate(weekly.itertuples(index=False)):
        x = pad + i * (bar + 2)
        h_all = (w.parcels / top) * (bottom - 12)
        h_high = (w.high / top) * (bottom - 12)
        label = f"week of {w.week:%Y-%m-%d}: {w.parcels} parcels, {w.high} high-risk"
        parts.append(
            f'<rect x="{x:.1f}" y="{bottom - h_all:.1f}" width="{bar:.1f}" height="{h_all:.1f}" fill="#9ecae1">'
            f"<title>{escape(label)}</title></rect>"
        )
        if w.high:
            parts.append(
                f'<rect x="{x:.1f}" y="{bottom - h_high:.1f}" width="{bar:.1f}" height="{h_high:.1f}" fill="#d62728"/>'
            )
    first, last = weekly["week"].iloc[0], weekly["week"].iloc[-1]
    parts.append(f'<text x="{pad}" y="{height - 8}" font-size="10">{first:%Y-%m-%d}</text>')
    parts.append(f'<text x="{width - pad}" y="{height - 8}" font-size="10" text-anchor="end">{last:%Y-%m-%d}</text>')
    parts.append("</svg>")
    return "".join(parts)
