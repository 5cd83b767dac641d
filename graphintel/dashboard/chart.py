"""The link chart: a network an analyst expands, prunes, arranges, undoes and saves, with a side panel.

The drawing is a small bidirectional Streamlit component (``linkchart/``: a static page and the vendored
Cytoscape.js; nothing is fetched from outside). Python keeps the chart's state per chart in
``st.session_state``:

* ``net:<key>:<token>``: the network (``explore.Network`` as JSON);
* ``…:chart``: node positions (sent back by the browser), hidden and pinned nodes, the selection;
* ``…:undo`` and ``…:redo``: earlier and undone states of both, for Undo and Redo (buttons, Ctrl+Z, Ctrl+Y).

The browser keeps every position it is given. Only a chart with no positions is laid out; new nodes of an
expansion are placed near the nodes they link to and nothing else moves. Every text sent to the browser
goes through ``safe.graph_elements``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from graphintel.dashboard import access, sameas, views
from graphintel.dashboard.cache import Context
from graphintel.dashboard.node_details import node_details
from graphintel.dashboard.safe import graph_elements, md
from graphintel.leads import explore
from graphintel.schema import (
    BUYER_KIND,
    IDENTIFIER_KINDS,
    LINK_DISPLAYS,
    NODE_DISPLAYS,
    PARTY_KINDS,
    SELLER_KIND,
    TRADE_LINK,
)

FRONTEND = Path(__file__).resolve().parent / "linkchart"
_component = components.declare_component("graphintel_link_chart", path=str(FRONTEND))
HISTORY = 40  # chart states kept for Undo
SHARED_HUB = 3  # an identifier tying this many parties in the chart is drawn as a hub
CAPTION_CHARS = 34

FOCUS_RING = "3px double #111111"
END_RING = "3px solid #7b2cbf"
MEMBER_RING = "2px solid #3d3d3d"
HUB_RING = "3px solid #343a40"


# -- what is drawn -------------------------------------------------------------------------
def sharers(net: explore.Network) -> dict[str, int]:
    """Per identifier: the parties sharing it, as many as the store knows for a hub, else those in the chart."""
    count: dict[str, int] = {}
    for e in net.edges.values():
        if e["label"] != TRADE_LINK:
            count[e["target"]] = count.get(e["target"], 0) + 1
    return {k: max(net.hubs.get(k, 0), count.get(k, 0)) for k, n in net.nodes.items() if n["label"] in IDENTIFIER_KINDS}


def _short(text: str, n: int = CAPTION_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


@dataclass(frozen=True)
class TimeWindow:
    """The timeline's brushed window, as the chart applies it: its days as text, and the parcels declared in it
    (``seller_id``, ``buyer_id``, ``declared_value``)."""

    days: str
    parcels: pd.DataFrame


@dataclass(frozen=True)
class InWindow:
    """What of a network a time window keeps: the nodes (parties with a parcel in it, and the identifiers
    tied to them) and, per (seller, buyer) link, its parcels and declared value in it."""

    nodes: frozenset[str]
    trade: dict[tuple[str, str], tuple[int, float]]
    parties: int  # parties kept


def in_window(net: explore.Network, parcels: pd.DataFrame) -> InWindow:
    """The parties of ``net`` that sent or received one of ``parcels`` (matched by label and party id), the
    identifiers tied to them in the chart, and the trade between them counted over those parcels only."""
    by_id: dict[tuple[str, str], list[str]] = {}
    for key, n in net.nodes.items():
        if n["label"] in PARTY_KINDS:
            by_id.setdefault((n["label"], str(n.get("party_id") or "")), []).append(key)
    parties: set[str] = set()
    trade: dict[tuple[str, str], tuple[int, float]] = {}
    if len(parcels):
        value = pd.to_numeric(parcels["declared_value"], errors="coerce").fillna(0.0)
        pairs = value.groupby([parcels["seller_id"].astype(str), parcels["buyer_id"].astype(str)]).agg(["size", "sum"])
        for (seller_id, buyer_id), n, total in zip(pairs.index, pairs["size"], pairs["sum"], strict=True):
            sellers, buyers = by_id.get((SELLER_KIND, seller_id), []), by_id.get((BUYER_KIND, buyer_id), [])
            parties.update(sellers + buyers)
            trade |= {(s, b): (int(n), float(total)) for s in sellers for b in buyers}
    tied = {e["target"] for e in net.edges.values() if e["label"] != TRADE_LINK and e["source"] in parties}
    return InWindow(frozenset(parties | tied), trade, len(parties))


def chart_elements(net: explore.Network, hidden=(), pinned=(), focus=(), ends=(), members=(),
                   window: InWindow | None = None) -> dict:  # fmt: skip
    """The network as the link chart's nodes and edges (before escaping): caption, kind, colour, icon, size
    and the classes that mark the focus, path ends, hubs, lead members and pinned nodes. With a time
    ``window``, only what it keeps, trade counted over its parcels."""
    hidden, shared = set(hidden), sharers(net)
    nodes = []
    for key, n in net.nodes.items():
        if key in hidden or window is not None and key not in window.nodes:
            continue
        display = NODE_DISPLAYS.get(n["label"])
        party = n["label"] in PARTY_KINDS
        classes = []
        caption = _short(n["name"])
        if party:
            size = 30 + 34 * (n.get("score") or 0.0)
        else:
            k = shared.get(key, 0)
            size = 26 + 9 * math.log2(max(k, 1))
            if key in net.hubs or k >= SHARED_HUB:
                classes.append("hub")
                size = max(size, 46)
                caption = f"{_short(n['name'], 26)} · {k:,} parties"
        if key in focus:
            classes.append("focus")
        if key in ends:
            classes.append("end")
            caption = ("A · " if key == ends[0] else "B · ") + caption
        if key in members:
            classes.append("member")
        if key in pinned:
            classes.append("pinned")
        data = {
            "id": key, "name": n["name"], "caption": caption, "label": n["label"],
            "kind": "party" if party else "identifier", "colour": display.colour if display else "#888888",
            "icon": display.icon if display else "", "size": round(min(size, 80.0), 1),
            "score": n.get("score"), "sharers": shared.get(key),
        }  # fmt: skip
        nodes.append({"data": data, "classes": " ".join(classes)})
    shown = {n["data"]["id"] for n in nodes}
    edges = []
    for e in net.edges.values():
        if e["source"] not in shown or e["target"] not in shown:
            continue
        display = LINK_DISPLAYS.get(e["label"])
        data = {"id": e["id"], "source": e["source"], "target": e["target"], "label": e["label"],
                "colour": display.colour if display else "#999999"}  # fmt: skip
        if e["label"] == TRADE_LINK:
            width, parcels, value = e.get("width", 1.5), e.get("parcels", 0), e.get("value", 0)
            if window is not None:
                if (e["source"], e["target"]) not in window.trade:
                    continue  # no parcel between them in the window
                parcels, value = window.trade[(e["source"], e["target"])]
                width = explore.trade_width(parcels)
            data |= {"width": width, "directed": True, "parcels": parcels,
                     "caption": f"{parcels:,} parcels · value {value:,.2f}"}  # fmt: skip
        else:
            data |= {"width": 1.5, "caption": display.legend if display else e["label"]}
        edges.append({"data": data})
    return {"nodes": nodes, "edges": edges}


def legend(focus=(), ends=(), members=()) -> dict:
    """What the chart's legend shows: the node and link kinds of ``schema``'s displays, and the marks."""
    nodes = [
        {
            "legend": d.legend,
            "colour": d.colour,
            "icon": d.icon,
            "shape": "diamond" if d.name in IDENTIFIER_KINDS else "",
        }
        for d in NODE_DISPLAYS.values()
    ]
    links = [{"legend": d.legend, "colour": d.colour, "directed": d.name == TRADE_LINK} for d in LINK_DISPLAYS.values()]
    marks = [{"legend": "shared by many (hub)", "border": HUB_RING}]
    if focus:
        marks.append({"legend": "focus", "border": FOCUS_RING})
    if ends:
        marks.append({"legend": "path ends A, B", "border": END_RING})
    if members:
        marks.append({"legend": "lead member", "border": MEMBER_RING})
    marks.append({"legend": "size: risk (parties), sharers (identifiers)", "border": "1px solid #999"})
    return {"nodes": nodes, "links": links, "marks": marks}


# -- the chart's state and history ---------------------------------------------------------
class Chart:
    """One chart's state in the session: the network, positions, hidden, pinned, selection, undo and redo."""

    def __init__(self, state_key: str, fresh: explore.Network):
        self.key = state_key
        if state_key not in st.session_state:
            st.session_state[state_key] = fresh.to_json()
        st.session_state.setdefault(f"{state_key}:chart", {"positions": {}, "hidden": [], "pinned": [], "selected": []})
        st.session_state.setdefault(f"{state_key}:undo", [])
        st.session_state.setdefault(f"{state_key}:redo", [])

    @property
    def net(self) -> explore.Network:
        return explore.Network.from_json(st.session_state[self.key])

    @property
    def view(self) -> dict:
        return st.session_state[f"{self.key}:chart"]

    def state(self) -> dict:
        """What a saved view and the history keep: the network and the view (without the selection)."""
        view = self.view
        return {"network": st.session_state[self.key], "positions": dict(view["positions"]),
                "hidden": list(view["hidden"]), "pinned": list(view["pinned"])}  # fmt: skip

    def restore(self, state: dict) -> None:
        st.session_state[self.key] = state["network"]
        nodes = json.loads(state["network"])["nodes"]
        positions = {k: [float(p[0]), float(p[1])] for k, p in (state.get("positions") or {}).items() if k in nodes}
        selected = [k for k in self.view.get("selected", []) if k in nodes]
        st.session_state[f"{self.key}:chart"] = {
            "positions": positions, "hidden": [k for k in state.get("hidden", []) if k in nodes],
            "pinned": [k for k in state.get("pinned", []) if k in nodes], "selected": selected,
        }  # fmt: skip

    def remember(self) -> None:
        """Keep the present state for Undo (before a change); a new change clears Redo."""
        undo = st.session_state[f"{self.key}:undo"]
        undo.append(self.state())
        del undo[:-HISTORY]
        st.session_state[f"{self.key}:redo"] = []

    def undo(self) -> bool:
        return self._step(f"{self.key}:undo", f"{self.key}:redo")

    def redo(self) -> bool:
        return self._step(f"{self.key}:redo", f"{self.key}:undo")

    def _step(self, source: str, target: str) -> bool:
        if not st.session_state[source]:
            return False
        st.session_state[target].append(self.state())
        self.restore(st.session_state[source].pop())
        return True

    def can(self, which: str) -> bool:
        return bool(st.session_state[f"{self.key}:{which}"])

    def set_network(self, net: explore.Network) -> None:
        st.session_state[self.key] = net.to_json()
        view = self.view
        for name in ("hidden", "pinned", "selected"):
            view[name] = [k for k in view[name] if k in net.nodes]
        view["positions"] = {k: p for k, p in view["positions"].items() if k in net.nodes}


def act(ctx: Context, chart: Chart, action: str | None, ids: list[str], positions: dict | None = None) -> bool:
    """Apply one action to a chart; whether anything changed."""
    view = chart.view
    if action == "layout" and positions:  # where the browser placed nodes: not a step to undo
        view["positions"].update(positions)
    elif action == "move" and positions:
        chart.remember()
        view["positions"].update(positions)
    elif action == "select":
        view["selected"] = ids
        if ids:  # a node chosen after a link: the node's details
            view.pop("edge", None)
    elif action == "edge":  # a SAME_AS link clicked: its evidence in the side panel
        view["edge"] = ids[-1:]
    elif action == "expand" and ids:
        chart.remember()
        net = chart.net
        explore.expand(access.neighbour_store(ctx.uri), net, ids, force=True)
        chart.set_network(net)
        view["hidden"] = [k for k in view["hidden"] if k not in ids]
    elif action == "remove" and ids:
        chart.remember()
        net = chart.net
        net.remove(ids)
        chart.set_network(net)
    elif action == "hide" and ids:
        chart.remember()
        view["hidden"] = list(dict.fromkeys(view["hidden"] + ids))
        view["selected"] = [k for k in view["selected"] if k not in ids]
    elif action == "show":
        chart.remember()
        view["hidden"] = []
    elif action == "pin" and ids:
        chart.remember()
        pinned = set(view["pinned"])
        view["pinned"] = sorted(pinned - set(ids)) if set(ids) <= pinned else sorted(pinned | set(ids))
    elif action == "undo":
        return chart.undo()
    elif action == "redo":
        return chart.redo()
    else:
        return False
    return True


def _from_browser(ctx: Context, chart: Chart, component_key: str) -> None:
    """The component's callback: what the analyst did in the drawing, in order, with the ids mapped back. The
    browser resends the events Python has not acknowledged (``ack``), so none is lost to a quick successor."""
    value = st.session_state.get(component_key)
    if not isinstance(value, dict) or not isinstance(value.get("events"), list):
        return
    nonce = str(value.get("nonce"))
    seen = st.session_state.get(f"{chart.key}:seen") or {}
    last = seen.get("seq", 0) if seen.get("nonce") == nonce else 0
    real = st.session_state.get(f"{chart.key}:ids", {})
    for event in value["events"]:
        seq = event.get("seq") if isinstance(event, dict) else None
        if not isinstance(seq, int) or seq <= last:
            continue
        last = seq
        ids = [real[i] for i in event.get("ids") or [] if isinstance(i, str) and i in real]
        positions = {}
        for sent, p in (event.get("positions") or {}).items():
            if sent in real and isinstance(p, list) and len(p) == 2 and all(isinstance(v, int | float) for v in p):
                if all(math.isfinite(v) for v in p):
                    positions[real[sent]] = [float(p[0]), float(p[1])]
        act(ctx, chart, event.get("action"), ids, positions)
        if event.get("action") in ("select", "undo", "redo", "remove", "hide"):
            st.session_state[f"{chart.key}:pick"] = [k for k in chart.view["selected"] if k in chart.net.nodes]
    st.session_state[f"{chart.key}:seen"] = {"nonce": nonce, "seq": last}


# -- the panel -------------------------------------------------------------------------------
def link_chart(
    ctx: Context, key: str, fresh: explore.Network, height: int = 560, focus=(), ends=(), lead_id: str | None = None,
    window: TimeWindow | None = None,
) -> None:  # fmt: skip
    """Draw a network the analyst can expand (double-click), select (click, Shift-drag for a box), move,
    hide, pin, remove (Delete), undo and redo (Ctrl+Z, Ctrl+Y), with a side panel for the selected node
    and saved views. ``focus`` and ``ends`` (a path's two ends) are marked; a lead's members too. A time
    ``window`` (the timeline's brush) shows only the parties with a parcel in it, their identifiers and their
    trade in it; the chart itself (its network, positions, history) is unchanged."""
    state_key = f"net:{key}:{ctx.conn.token}"
    chart = Chart(state_key, fresh)
    members = tuple(fresh.parties()) if lead_id else ()
    pick_key = f"pick-{key}"
    if f"{state_key}:pick" in st.session_state:  # the drawing's selection, copied to the picker before it is drawn
        st.session_state[pick_key] = st.session_state.pop(f"{state_key}:pick")
    net, view = chart.net, chart.view
    kept = in_window(net, window.parcels) if window is not None else None
    drawn = chart_elements(net, view["hidden"], view["pinned"], tuple(focus), tuple(ends), members, kept)
    same = sameas.links(ctx, net)
    drawn["edges"] += sameas.edges(same, {n["data"]["id"] for n in drawn["nodes"]})
    elements, real_ids = graph_elements(drawn)
    shown_legend = legend(focus, ends, members)
    if any(e["data"].get("kind") == sameas.KIND for e in drawn["edges"]):
        shown_legend["links"].append(sameas.legend_entry())
    st.session_state[f"{state_key}:ids"] = real_ids
    sent = {real: s for s, real in real_ids.items()}
    component_key = f"graph-{key}"
    left, right = st.columns([5, 2])
    with left:
        _component(
            elements=elements,
            positions={sent[k]: p for k, p in view["positions"].items() if k in sent},
            selected=[sent[k] for k in view["selected"] if k in sent],
            legend=shown_legend,
            ack=st.session_state.get(f"{state_key}:seen"),
            height=height,
            key=component_key,
            on_change=partial(_from_browser, ctx, chart, component_key),
            default=None,
        )
        for notice in net.notices():
            st.warning(md(notice), icon=":material/filter_alt:")
        if window is not None and kept is not None:
            st.caption(
                f"Timeline window {md(window.days)}: the chart shows {kept.parties} of {len(net.parties())} "
                "parties, those that sent or received a parcel declared in it, and their trade in it."
            )
        hidden = len([k for k in view["hidden"] if k in net.nodes])
        st.caption(
            f"{len(net.nodes)} nodes, {len(net.edges)} links"
            + (f" ({hidden} hidden)" if hidden else "")
            + ". Double-click a node to expand it; click or Shift-drag to select; Delete removes; "
            "Ctrl+Z undoes. Node size: risk (parties) or sharers (identifiers); link width: parcels."
        )
    with right:
        _side_panel(ctx, chart, key, fresh, lead_id, same)


def _button(where, label: str, key: str, ctx: Context, chart: Chart, action: str, ids=(), **kw) -> None:
    where.button(label, key=key, on_click=_act_and_pick, args=(ctx, chart, action, list(ids)), **kw)


def _act_and_pick(ctx: Context, chart: Chart, action: str, ids: list[str]) -> None:
    act(ctx, chart, action, ids)
    st.session_state[f"{chart.key}:pick"] = [k for k in chart.view["selected"] if k in chart.net.nodes]


def _side_panel(ctx: Context, chart: Chart, key: str, fresh: explore.Network, lead_id: str | None,
                same: pd.DataFrame) -> None:  # fmt: skip
    net, view = chart.net, chart.view
    names = {k: n["name"] for k, n in net.nodes.items()}
    chosen = st.multiselect(
        "Selected", list(names), format_func=names.get, key=f"pick-{key}", on_change=_picked, args=(chart, key),
        placeholder="Click a node in the chart",
    )  # fmt: skip
    chosen = [k for k in chosen if k in net.nodes]
    c = st.columns(3)
    _button(c[0], "Expand", f"expand-{key}", ctx, chart, "expand", chosen, disabled=not chosen)
    _button(c[1], "Hide", f"hide-{key}", ctx, chart, "hide", chosen, disabled=not chosen)
    pinned = bool(chosen) and set(chosen) <= set(view["pinned"])
    _button(c[2], "Unpin" if pinned else "Pin", f"pin-{key}", ctx, chart, "pin", chosen, disabled=not chosen)
    c = st.columns(3)
    _button(c[0], "Remove", f"remove-{key}", ctx, chart, "remove", chosen, disabled=not chosen)
    _button(c[1], "Undo", f"undo-{key}", ctx, chart, "undo", disabled=not chart.can("undo"))
    _button(c[2], "Redo", f"redo-{key}", ctx, chart, "redo", disabled=not chart.can("redo"))
    c = st.columns(2)
    if c[0].button("Reset", key=f"reset-{key}", help="The chart as it was first drawn"):
        chart.remember()
        chart.restore({"network": fresh.to_json(), "positions": {}, "hidden": [], "pinned": []})
        st.rerun()
    if view["hidden"]:
        _button(c[1], f"Show {len(view['hidden'])} hidden", f"show-{key}", ctx, chart, "show")
    if chosen:
        node_details(ctx, net, chosen[-1])
    elif view.get("edge"):
        sameas.edge_details(net, same, view["edge"][0])
    _saved_views(ctx, chart, key, lead_id)


def _picked(chart: Chart, key: str) -> None:
    chart.view["selected"] = list(st.session_state.get(f"pick-{key}") or [])


def _saved_views(ctx: Context, chart: Chart, key: str, lead_id: str | None) -> None:
    """Save the chart under a name (per lead, or per chart elsewhere) and reopen a saved one as it was."""
    owner = lead_id or key
    with st.expander("Saved views", expanded=False):
        name = st.text_input("Name", key=f"view-name-{key}", max_chars=80)
        if st.button("Save view", key=f"view-save-{key}", disabled=not name.strip()):
            views.save_view(ctx.uri, owner, name, chart.state(), ctx.user.name)
            st.success(f"Saved view {md(name.strip())}.")
        saved = views.list_views(ctx.uri, owner)
        if saved:
            labels = {v["name"]: f"{v['name']} ({v['user']}, {v['saved_at'][:16]})" for v in saved}
            pick = st.selectbox("Saved", list(labels), format_func=labels.get, key=f"view-pick-{key}")
            if st.button("Open view", key=f"view-open-{key}"):
                state = views.load_view(ctx.uri, owner, pick)
                if state:
                    chart.remember()
                    chart.restore(state)
                    st.rerun()
