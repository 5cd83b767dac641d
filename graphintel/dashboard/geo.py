"""The route map: origin → departure → destination flows between country centroids, drawn offline.

The world is the shipped Natural Earth 1:110m admin-0 drawing (``graphintel/reference/world_110m.json``,
public domain, via the npm package ``world-atlas`` 2.0.2) and one point per country
(``graphintel/reference/country_centroids.csv``, the centroid of its largest polygon at 1:10m, so that Hong Kong
and Singapore have a place); ``scripts/make-world-reference.py`` made both. The geometry goes into the
Vega-Lite spec inline: no tile server, no URL, nothing fetched.

Country codes come from the data: only well-formed ISO 3166-1 alpha-2 codes with a known centroid are drawn;
the others are counted in the caption. Labels sent to the browser go through ``safe.component_text``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

import pandas as pd

from graphintel.dashboard.money import money_sums
from graphintel.dashboard.safe import component_text

_ISO2 = re.compile(r"^[A-Z]{2}$")
LEG_COLOURS = {"origin → departure": "#ff7f0e", "departure → destination": "#1f77b4"}


@lru_cache(maxsize=1)
def world() -> dict:
    """The 1:110m countries as TopoJSON (object ``countries``, ids ISO 3166-1 numeric)."""
    return json.loads(resources.files("graphintel.reference").joinpath("world_110m.json").read_text())


@lru_cache(maxsize=1)
def centroids() -> pd.DataFrame:
    """country (alpha-2), name, lon, lat; indexed by country."""
    with resources.files("graphintel.reference").joinpath("country_centroids.csv").open() as f:
        frame = pd.read_csv(f, keep_default_na=False, dtype={"country": str})
    return frame.set_index("country")


def _code(value: object) -> str:
    text = str(value).strip().upper() if isinstance(value, str) else ""
    return text if _ISO2.match(text) and text in centroids().index else ""


def legs(evidence: pd.DataFrame) -> pd.DataFrame:
    """The flows of the parcels: one row per leg (origin → departure when they differ, departure → destination),
    with parcels and declared value per currency (text). Columns: leg, source, target, parcels, value."""
    columns = ["leg", "source", "target", "parcels", "value"]
    if evidence.empty:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(
        {
            "origin": evidence["origin_country"].map(_code),
            "departure": evidence["departure_country"].map(_code),
            "destination": evidence["destination_country"].map(_code),
            "declared_value": evidence.get("declared_value"),
            "currency": evidence.get("currency"),
        }
    )
    parts = []
    for leg, (a, b) in {"origin → departure": ("origin", "departure"),
                        "departure → destination": ("departure", "destination")}.items():  # fmt: skip
        part = frame[(frame[a] != "") & (frame[b] != "") & (frame[a] != frame[b])]
        parts.append(part.assign(leg=leg, source=part[a], target=part[b]))
    long = pd.concat(parts, ignore_index=True)
    if long.empty:
        return pd.DataFrame(columns=columns)
    grouped = long.groupby(["leg", "source", "target"], sort=False)
    out = grouped.size().rename("parcels").reset_index()
    out["value"] = [money_sums(g) for _, g in grouped]
    return out.sort_values("parcels", ascending=False, kind="stable")[columns].reset_index(drop=True)


def _fit(codes: list[str]) -> dict:
    """A GeoJSON outline around the countries drawn (with a margin), for the projection to fit."""
    points = centroids().loc[codes]
    lo_x, hi_x = max(points["lon"].min() - 25, -180), min(points["lon"].max() + 25, 180)
    lo_y, hi_y = max(points["lat"].min() - 15, -85), min(points["lat"].max() + 15, 85)
    ring = [[lo_x, lo_y], [lo_x, hi_y], [hi_x, hi_y], [hi_x, lo_y], [lo_x, lo_y]]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": ring}}


def route_map_spec(evidence: pd.DataFrame, height: int = 420) -> tuple[dict | None, int]:
    """A Vega-Lite spec of the flows over the world (None when no leg has two known countries), and how many
    parcels have a country the map cannot place."""
    flows = legs(evidence)
    unplaced = 0
    if not evidence.empty:
        codes = evidence[["origin_country", "departure_country", "destination_country"]].map(_code)
        unplaced = int((codes == "").any(axis=1).sum())
    if flows.empty:
        return None, unplaced
    where = centroids()
    rows = []
    for r in flows.itertuples(index=False):
        rows.append({
            "leg": r.leg, "from": component_text(r.source), "to": component_text(r.target),
            "parcels": int(r.parcels), "value": component_text(r.value),
            "lon": float(where.at[r.source, "lon"]), "lat": float(where.at[r.source, "lat"]),
            "lon2": float(where.at[r.target, "lon"]), "lat2": float(where.at[r.target, "lat"]),
        })  # fmt: skip
    codes = sorted(set(flows["source"]) | set(flows["target"]))
    places = [
        {"country": component_text(c), "name": component_text(where.at[c, "name"]),
         "lon": float(where.at[c, "lon"]), "lat": float(where.at[c, "lat"])}
        for c in codes
    ]  # fmt: skip
    spec = {
        "height": height,
        "projection": {"type": "equalEarth", "fit": _fit(codes)},
        "layer": [
            {
                "data": {"values": world(), "format": {"type": "topojson", "feature": "countries"}},
                "mark": {"type": "geoshape", "fill": "#eceff3", "stroke": "#ffffff", "strokeWidth": 0.6, "clip": True},
            },  # fmt: skip
            _flow_layer(rows),
            *_place_layers(places),
        ],
        "config": {"view": {"stroke": None}},
    }
    return spec, unplaced


def _flow_layer(rows: list[dict]) -> dict:
    """The flows as lines between country centres, wider with more parcels, coloured by leg."""
    tooltip = [
        {"field": "leg", "type": "nominal"}, {"field": "from", "type": "nominal"},
        {"field": "to", "type": "nominal"}, {"field": "parcels", "type": "quantitative", "format": ","},
        {"field": "value", "type": "nominal", "title": "declared value"},
    ]  # fmt: skip
    return {
        "data": {"values": rows},
        "mark": {"type": "rule", "opacity": 0.75, "strokeCap": "round", "clip": True},
        "encoding": {
            "longitude": {"field": "lon", "type": "quantitative"},
            "latitude": {"field": "lat", "type": "quantitative"},
            "longitude2": {"field": "lon2"},
            "latitude2": {"field": "lat2"},
            "strokeWidth": {
                "field": "parcels", "type": "quantitative", "title": "parcels",
                "scale": {"range": [1.5, 10]}, "legend": {"format": ",d"},
            },  # fmt: skip
            "color": {
                "field": "leg", "type": "nominal", "title": None,
                "scale": {"domain": list(LEG_COLOURS), "range": list(LEG_COLOURS.values())},
                "legend": {"orient": "bottom"},
            },  # fmt: skip
            "tooltip": tooltip,
        },
    }


def _place_layers(places: list[dict]) -> list[dict]:
    """The countries on the routes: a dot with the country's name as tooltip, and its code above it."""
    where = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
    }
    return [
        {
            "data": {"values": places},
            "mark": {"type": "circle", "size": 60, "color": "#333333", "clip": True},
            "encoding": {**where, "tooltip": [{"field": "name", "type": "nominal", "title": "country"}]},
        },
        {
            "data": {"values": places},
            "mark": {"type": "text", "dy": -10, "fontSize": 12, "fontWeight": "bold", "clip": True},
            "encoding": {**where, "text": {"field": "country", "type": "nominal"}},
        },
    ]
