"""The indicators' reasons: structured records, worded only where they are shown.

An indicator's evidence travels as a record ``{"indicator": name, "values": {...},
"contribution": strength}``; ``words`` turns one into the sentence an analyst
reads, with its numbers. Every wording of an indicator lives here (the learning
model's reasons are worded in ``graphintel.model.reasons``).
"""

from __future__ import annotations

import json
import math

from graphintel.schema import SCHEME_LABELS  # noqa: F401  (declared once, in the schema)


def _money(value, currency: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "the de minimis threshold"
    return f"{value:,.0f} {currency}".strip()


def _splitting(v: dict) -> str:
    threshold = f"the {_money(v.get('threshold'), v.get('currency') or '')} de minimis threshold"
    if v.get("observed"):  # found in the data (model/bunching.py), not in the de minimis table
        threshold = f"{_money(v.get('threshold'), v.get('currency') or '')}, where this data's declared values pile up"
    if v.get("as") == "seller":
        return (
            f"sent {int(v.get('sent', 0))} parcels just under {threshold} to one splitting {v.get('role', 'consignee')}"
        )
    who = v.get("role", "buyer")
    buyers = int(v.get("buyers", 1))
    subject = f"{buyers} buyers at one {who}" if who != "buyer" and buyers > 1 else f"one {who}"
    return (
        f"{subject} received {int(v.get('window_parcels', 0))} parcels within {int(v.get('window_days', 30))} days "
        f"just under {threshold} ({v.get('share', 0):.0%} of its {int(v.get('parcels', 0))} parcels between "
        f"{1 - v.get('band', 0.5):.0%} of it and it)"
    )


def _undervaluation(v: dict) -> str:
    if v.get("as") == "consignee":
        got = f"received {int(v['low'])} of its {int(v['parcels'])} parcels"
        return f"{got} at low unit values from undervaluing sellers"
    return (
        f"{int(v['low'])} of {int(v['parcels'])} parcels declared below {v.get('bar', 0.35):.0%} of the HS peer "
        f"unit value (median {v.get('median_ratio', 0):.0%} of peers, HS {v.get('hs') or '?'})"
    )


def _shared(v: dict, noun: str) -> str:
    if "circle_sellers" in v:  # sellers sharing their customers (model/circles.py)
        return (
            f"one of {int(v['circle_sellers'])} sellers ({int(v['names'])} names) sharing their customers: "
            f"{int(v['circle_buyers'])} buyers received from {v['sellers_per_buyer']:.1f} of them on average and "
            f"{v['buyers_share']:.0%} of their parcels from them; {v['sellers_share']:.0%} of these sellers' parcels "
            "went to those buyers"
        )
    kind = {"domain": "company e-mail domain"}.get(v.get("kind", ""), v.get("kind", "identifier"))
    text = f"{int(v['names'])} {noun} with different names share one {kind}"
    if "top_sellers_share" in v:
        text += f"; {v['top_sellers_share']:.0%} of their parcels from three sellers or fewer"
    return text


def _origin(v: dict) -> str:
    by_departure = v.get("claim") == "departure"  # no origin declared: the departure is the claim checked
    where = v.get("origin") or "?"
    claim = f"as leaving {where}, with no origin," if by_departure else f"of {where} origin"
    as_what = "as departure (no origin given)" if by_departure else "origin"
    text = (
        f"{int(v['mismatch'])} of {int(v['parcels'])} parcels declared {claim} while "
        f"the evidence points to {v.get('points_to') or 'another country'}"
    )
    details = []
    if v.get("route"):
        details.append(f"{int(v['route'])} posted in another country than the declared departure")
    if v.get("pieces"):
        details.append(f"up to {int(v['pieces'])} pieces of country evidence agree")
    share = v.get("peer_share")
    if share is not None and not (isinstance(share, float) and math.isnan(share)):  # set only where rare
        details.append(
            f"sellers located in {v.get('points_to') or 'that country'} declare {v.get('origin') or 'this'} "
            f"{as_what} on {share:.1%} of their parcels"
        )
    home = v.get("home_share")
    if home is not None and not (isinstance(home, float) and math.isnan(home)):  # set for the seller's evidence
        where = v.get("home_country") or v.get("points_to") or "that country"  # the country the share is counted for
        details.append(f"sellers located in {where} declare {where} origin on {home:.0%} of their parcels")
    if v.get("defended"):
        details.append(f"{int(v['defended'])} of goods under trade-defence duties against {v.get('points_to')}")
    return text + (f" ({'; '.join(details)})" if details else "")


def _burst(v: dict) -> str:
    if v.get("as") == "buyer":
        got = f"received {int(v['from_burst'])} of its {int(v['parcels'])} parcels"
        return f"{got} from newly appeared high-volume sellers"
    return (
        f"new seller: {int(v['parcels'])} parcels in {int(v['span'])} days ({v['first_day']} to {v['last_day']}), "
        f"{v['rate']:.1f} a day against a median seller's {v['median_rate']:.2f}, to {int(v['buyers'])} buyers"
    )


_WORDS = {
    "splitting": _splitting,
    "undervaluation": _undervaluation,
    "shell_sellers": lambda v: _shared(v, "sellers"),
    "mule_buyers": lambda v: _shared(v, "buyers"),
    "origin_laundering": _origin,
    "burst": _burst,
}


def words(indicator: str, values: dict | None) -> str:
    """The sentence for one indicator's evidence ("" without evidence).

    >>> words("shell_sellers", {"names": 3, "kind": "phone"})
    '3 sellers with different names share one phone'
    """
    if not values:
        return ""
    return _WORDS.get(indicator, lambda v: indicator)(values)


def record(indicator: str, values: dict | None, contribution: float) -> dict:
    """One structured reason."""
    return {"indicator": indicator, "values": values or {}, "contribution": round(float(contribution), 6)}


def to_json(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, sort_keys=True, default=str)
