"""Time and place on the lead page, without a store: money with its currency, the timeline's brushed window,
the routes as flows and the offline route map."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pandas as pd

from graphintel.dashboard import charts, geo
from graphintel.dashboard.money import lead_money, money, money_sums, per_currency, with_money


def parcels() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "consignment_id": ["C1", "C2", "C3", "C4"],
            "declaration_date": [dt.date(2025, 1, 1), dt.date(2025, 1, 5), dt.date(2025, 1, 9), dt.date(2025, 2, 1)],
            "declared_value": [47000.0, 138.44, 1200.5, None],
            "currency": ["GBP", "GBP", "eur", None],
            "origin_country": ["CN", "CN", "CN", "<b>x"],
            "departure_country": ["HK", "CN", "HK", "CN"],
            "destination_country": ["GB", "GB", "GB", "GB"],
            "score": [0.9, 0.2, 0.6, 0.1],
        }
    )


def test_money_has_its_currency_and_thousands_separators_and_is_never_a_bare_float():
    assert money(47138.44, "GBP") == "47,138.44 GBP"
    assert money(1234567.891, "eur") == "1,234,567.89 EUR"
    assert money(0.5, "USD") == "0.50 USD"
    assert money(-12.0, "GBP") == "-12.00 GBP"
    assert money(12.0, None) == "12.00 (no currency)" and money(12.0, " ") == "12.00 (no currency)"
    assert money(None, "GBP") == money(float("nan"), "GBP") == money("abc", "GBP") == ""
    assert money(float("inf"), "GBP") == "∞ GBP"


def test_sums_over_mixed_currencies_are_one_amount_per_currency_largest_first():
    frame = parcels()
    assert money_sums(frame) == "47,138.44 GBP + 1,200.50 EUR"  # the parcel without a value adds nothing
    assert money_sums(frame.head(2)) == "47,138.44 GBP"
    assert money_sums(frame.iloc[0:0]) == "-"
    assert list(per_currency(frame).index) == ["GBP", "EUR"]
    shown = with_money(frame)
    assert "currency" not in shown and "declared_value" not in shown
    assert list(shown.columns).index("declared value") == 2
    assert list(shown["declared value"]) == ["47,000.00 GBP", "138.44 GBP", "1,200.50 EUR", ""]
    values = pd.DataFrame({"lead_id": ["L1", "L1", "L2"], "currency": ["GBP", "USD", "GBP"], "value": [5, 9e3, 1]})
    assert lead_money(values).to_dict() == {"L1": "9,000.00 USD + 5.00 GBP", "L2": "1.00 GBP"}


def test_the_brushed_window_keeps_the_parcels_declared_in_it():
    frame = parcels()
    start = pd.Timestamp("2025-01-04T15:00").value // 10**6  # Vega-Lite sends UTC epoch milliseconds
    end = pd.Timestamp("2025-01-09T12:00").value // 10**6
    event = SimpleNamespace(selection={charts.BRUSH: {"utcyearmonthdate_day": [end, start]}})
    days = charts.window(event)
    assert days == (dt.date(2025, 1, 5), dt.date(2025, 1, 9))  # the days whose bars are highlighted
    assert list(charts.in_window(frame, days)["consignment_id"]) == ["C2", "C3"]
    iso = SimpleNamespace(selection={charts.BRUSH: {"day": ["2025-01-01", "2025-01-01"]}})
    assert list(charts.in_window(frame, charts.window(iso))["consignment_id"]) == ["C1"]
    inside_one_bar = SimpleNamespace(selection={charts.BRUSH: {"d": ["2025-01-05T02:00", "2025-01-05T20:00"]}})
    assert charts.in_window(frame, charts.window(inside_one_bar)).empty
    for nothing in (None, SimpleNamespace(selection={}), SimpleNamespace(selection={charts.BRUSH: {}})):
        assert charts.window(nothing) is None
    assert charts.in_window(frame, None) is frame


def test_the_brushed_window_keeps_in_the_chart_the_parties_with_a_parcel_in_it_and_their_trade_in_it():
    from graphintel.dashboard.chart import chart_elements, in_window
    from graphintel.leads.explore import Network

    net = Network()
    for key, label, pid in (("seller:S1", "Seller", "S1"), ("buyer:B1", "Buyer", "B1"), ("buyer:B2", "Buyer", "B2")):
        net.add_party(key, label, pid, f"name {pid}")
    net.add_identifier("addr:1", "Address", "1 high st", display="1 High St")
    net.add_identifier("addr:2", "Address", "2 low rd")
    net.add_tie("buyer:B1", "addr:1")
    net.add_tie("buyer:B2", "addr:2")
    net.add_trade("seller:S1", "buyer:B1", 9, 900.0)
    net.add_trade("seller:S1", "buyer:B2", 5, 50.0)
    frame = parcels().assign(seller_id="S1", buyer_id=["B1", "B1", "B2", "B1"])
    brushed = charts.in_window(frame, (dt.date(2025, 1, 1), dt.date(2025, 1, 5)))  # C1 and C2: S1 to B1
    kept = in_window(net, brushed)
    assert kept.nodes == {"seller:S1", "buyer:B1", "addr:1"} and kept.parties == 2
    assert kept.trade == {("seller:S1", "buyer:B1"): (2, 47138.44)}
    drawn = chart_elements(net, window=kept)
    assert {n["data"]["id"] for n in drawn["nodes"]} == {"seller:S1", "buyer:B1", "addr:1"}
    [trade] = [e["data"] for e in drawn["edges"] if e["data"]["source"] == "seller:S1"]
    assert trade["parcels"] == 2 and trade["caption"] == "2 parcels · value 47,138.44"  # not the 9 of all time
    assert len(chart_elements(net)["nodes"]) == 5  # no window: everything
    assert chart_elements(net, window=in_window(net, brushed.iloc[:0]))["nodes"] == []


def test_the_timeline_counts_whole_parcels_on_a_date_axis_with_a_brush():
    spec = charts.timeline_chart(parcels()).to_dict()
    assert spec["params"][0]["name"] == charts.BRUSH and spec["params"][0]["select"]["encodings"] == ["x"]
    assert spec["encoding"]["x"]["type"] == "temporal" and spec["encoding"]["x"]["timeUnit"] == "utcyearmonthdate"
    axis = spec["encoding"]["y"]["axis"]
    assert axis["format"] == "d" and axis["tickMinStep"] == 1 and axis["values"] == [0, 1]


def test_routes_are_flows_with_counts_and_values_in_their_currency():
    table = charts.route_table(parcels())
    first = table.iloc[0]
    assert first["route"] == "CN → HK → GB" and first["parcels"] == 2
    assert first["declared value"] == "47,000.00 GBP + 1,200.50 EUR" and first["share"] == "50%"
    flows = geo.legs(parcels())
    as_set = {(r.leg, r.source, r.target, r.parcels) for r in flows.itertuples()}
    assert as_set == {
        ("origin → departure", "CN", "HK", 2),  # CN → CN is no leg; "<b>x" is no country
        ("departure → destination", "HK", "GB", 2),
        ("departure → destination", "CN", "GB", 2),
    }


def test_the_route_map_is_drawn_from_shipped_geometry_with_no_url():
    assert len(geo.world()["objects"]["countries"]["geometries"]) > 150
    assert {"CN", "GB", "HK", "SG", "US"} <= set(geo.centroids().index)
    spec, unplaced = geo.route_map_spec(parcels())
    assert unplaced == 1
    text = json.dumps(spec)
    assert '"url"' not in text and "http" not in text  # everything inline: no tile server, nothing fetched
    assert spec["layer"][0]["data"]["format"] == {"type": "topojson", "feature": "countries"}
    rules = spec["layer"][1]
    assert rules["mark"]["type"] == "rule" and rules["encoding"]["strokeWidth"]["field"] == "parcels"
    domestic = parcels().iloc[1:2].assign(destination_country="CN")
    assert geo.route_map_spec(domestic) == (None, 0)  # CN → CN → CN crosses no border
