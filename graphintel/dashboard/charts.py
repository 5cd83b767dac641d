"""Time and place on the lead page: a timeline whose brushed window filters the link chart and the evidence,
routes as flows with readable counts and values, and the route map (``geo``).

The timeline is a Vega-Lite interval selection (``st.altair_chart(..., on_select="rerun")``): Streamlit returns
the brushed range, ``window`` reads it, ``in_window`` keeps the parcels declared in it. Everything drawn from the
evidence (the table, the routes, the map) is drawn from the parcels in the window, and the link chart above the
timeline (which reads the brush from the session state, ``brushed``) shows only the parties with a parcel in it.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from graphintel.dashboard import geo
from graphintel.dashboard.money import money_sums
from graphintel.dashboard.safe import component_text

BRUSH = "window"
RISK_BANDS = {"low": "#9ecae1", "medium": "#fdae6b", "high": "#d62728"}


def daily(evidence: pd.DataFrame) -> pd.DataFrame:
    """Parcels per declaration day and risk band (low < 0.5 ≤ medium < 0.8 ≤ high)."""
    # Days as "YYYY-MM-DD": the browser parses them as UTC midnights, whatever its time zone, and the brush's
    # ends come back as UTC milliseconds.
    frame = evidence.assign(day=pd.to_datetime(evidence["declaration_date"]).dt.strftime("%Y-%m-%d"))
    frame["risk"] = pd.cut(frame["score"].fillna(0), [-0.01, 0.5, 0.8, 1.0], labels=list(RISK_BANDS))
    return frame.groupby(["day", "risk"], observed=True).size().reset_index(name="parcels")


def timeline_chart(evidence: pd.DataFrame) -> alt.Chart:
    """Stacked daily bars by risk, with an x-interval brush named ``BRUSH``; whole parcels on the y-axis."""
    counts = daily(evidence)
    top = int(counts.groupby("day")["parcels"].sum().max()) if len(counts) else 1
    brush = alt.selection_interval(encodings=["x"], name=BRUSH)
    whole = {"values": list(range(top + 1))} if top <= 8 else {}  # a few parcels: every whole number, no 0.5
    y_axis = alt.Axis(format="d", tickMinStep=1, **whole)
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X(
                "utcyearmonthdate(day):T",
                title=None,
                scale=alt.Scale(type="utc"),
                axis=alt.Axis(format="%d %b %Y", labelAngle=0),
            ),
            y=alt.Y("parcels:Q", title="parcels a day", axis=y_axis, scale=alt.Scale(domainMin=0, nice=False)),
            color=alt.Color(
                "risk:N", title="risk", scale=alt.Scale(domain=list(RISK_BANDS), range=list(RISK_BANDS.values()))
            ),
            opacity=alt.condition(brush, alt.value(1.0), alt.value(0.35)),
            tooltip=[
                alt.Tooltip("utcyearmonthdate(day):T", title="day", format="%d %b %Y"),
                "risk:N",
                alt.Tooltip("parcels:Q", format=",d"),
            ],
        )
        .add_params(brush)
        .properties(height=170)
    )


def _moment(value: object) -> pd.Timestamp | None:
    """A brush end: Vega-Lite sends UTC epoch milliseconds for a temporal field (or an ISO string)."""
    try:
        if isinstance(value, int | float):
            return pd.Timestamp(value, unit="ms")
        return pd.Timestamp(str(value)).tz_localize(None)
    except (ValueError, TypeError, OverflowError):
        return None


def window(event: object) -> tuple[dt.date, dt.date] | None:
    """The brushed days (first, last) from the chart's selection event, or None when nothing is brushed.

    A day is in the window when its bar is highlighted: its midnight lies within the brush. A brush inside one
    day's bar holds no midnight: first is then after last, and the window keeps no parcel."""
    try:
        selection = event["selection"] if isinstance(event, dict) else event.selection  # type: ignore[attr-defined]
        chosen = selection[BRUSH]
    except (AttributeError, KeyError, TypeError):
        return None
    if not isinstance(chosen, dict):
        return None
    ends = chosen.get("day") or next((v for v in chosen.values() if isinstance(v, list)), None)
    if not ends or len(ends) < 2:
        return None
    start, end = _moment(min(ends)), _moment(max(ends))
    if start is None or end is None:
        return None
    return start.ceil("D").date(), end.floor("D").date()


def in_window(evidence: pd.DataFrame, days: tuple[dt.date, dt.date] | None) -> pd.DataFrame:
    """The parcels declared on a day of ``days`` (all of them when None)."""
    if days is None or evidence.empty:
        return evidence
    day = pd.to_datetime(evidence["declaration_date"]).dt.date
    return evidence[(day >= days[0]) & (day <= days[1])]


def brushed(key: str) -> tuple[dt.date, dt.date] | None:
    """The window brushed on the timeline ``key`` as the browser last sent it (None when nothing is brushed),
    for what is drawn before the timeline: the link chart above it."""
    return window(st.session_state.get(key))


def days_text(days: tuple[dt.date, dt.date]) -> str:
    """A window's days as a reader writes them: "01 Jun 2026 to 05 Jun 2026"."""
    return f"{days[0]:%d %b %Y} to {days[1]:%d %b %Y}" if days[0] <= days[1] else "(no whole day)"


def timeline(evidence: pd.DataFrame, key: str) -> tuple[dt.date, dt.date] | None:
    """Draw the timeline; the brushed window (first, last day) or None."""
    if evidence.empty:
        st.caption("No parcels.")
        return None
    event = st.altair_chart(timeline_chart(evidence), width="stretch", on_select="rerun", selection_mode=BRUSH, key=key)
    return window(event)


def route_table(evidence: pd.DataFrame) -> pd.DataFrame:
    """Routes (origin → departure → destination) with parcels, declared value per currency and their share."""
    frame = evidence.fillna({"origin_country": "?", "departure_country": "?", "destination_country": "?"})
    route = frame["origin_country"] + " → " + frame["departure_country"] + " → " + frame["destination_country"]
    grouped = frame.groupby(route.to_numpy(), sort=False)
    out = grouped.size().rename("parcels").to_frame()
    out["declared value"] = pd.Series({r: money_sums(g) for r, g in grouped})
    out = out.rename_axis("route").reset_index().sort_values(["parcels", "route"], ascending=[False, True])
    out["share"] = (out["parcels"] / max(len(frame), 1)).map("{:.0%}".format)
    return out.reset_index(drop=True)


def routes_chart(evidence: pd.DataFrame, top: int = 15) -> None:
    """Each route a bar of its parcels, labelled with its parcels and declared value; then the map."""
    if evidence.empty:
        st.caption("No parcels.")
        return
    table = route_table(evidence)
    shown = table.head(top).assign(
        route=lambda t: t["route"].map(component_text),
        label=lambda t: [f"{p:,} parcels · {component_text(v)}" for p, v in zip(t["parcels"], t["declared value"],
                                                                                 strict=True)],
    )  # fmt: skip
    st.caption(
        f"{len(table):,} routes, origin → departure → destination; a departure country other than the origin may "
        "be transhipment." + (f" The {top} busiest are drawn; the table lists all." if len(table) > top else "")
    )
    bars = alt.Chart(shown).encode(
        y=alt.Y("route:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("parcels:Q", title="parcels", axis=alt.Axis(format=",d", tickMinStep=1)),
        tooltip=["route:N", alt.Tooltip("parcels:Q", format=",d"), alt.Tooltip("declared value:N")],
    )
    chart = bars.mark_bar(color="#4c78a8") + bars.mark_text(align="left", dx=4, color="#333").encode(text="label:N")
    st.altair_chart(chart.properties(height=max(90, 30 * len(shown))), width="stretch")
    st.dataframe(table, hide_index=True, width="stretch", height=min(300, 38 + 35 * len(table)))
    route_map(evidence)


def route_map(evidence: pd.DataFrame) -> None:
    """The flows on the shipped world drawing (offline)."""
    spec, unplaced = geo.route_map_spec(evidence)
    if spec is None:
        st.caption("No parcel crosses a border between countries the map knows.")
        return
    st.markdown("**Route map**: line width grows with parcels; hover a line for its parcels and value.")
    st.vega_lite_chart(spec=spec, width="stretch", key="route_map")
    if unplaced:
        st.caption(f"{unplaced:,} parcels name a country the map cannot place; the table above counts them.")
