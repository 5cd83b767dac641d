"""Why the model scored a consignment: structured records, worded only where they are shown.

``reason_records`` turns the model's per-group contributions (occlusion: how much the fraud
probability falls when a feature group is set to ordinary values) into records
``{"group": ..., "values": {...}, "contribution": float}``; ``reason_words`` is the one function
that words them ("unit value 21% of the HS 711719 peer median (+12 pts)").
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from graphintel.analytics.partygraph import PartyGraph
from graphintel.model.features import (
    ACTIVITY_FEATURES,
    RELATIONS,
    ROLES,
    SCORE_FEATURES,
    TEXT_FIELDS,
    extra_columns,
    thresholds,
)

GROUPS: dict[str, tuple[str, ...]] = {
    "unit value": ("unit_value_vs_hs", "log_value_per_kg", "log_value_per_unit", "log_value", "log_weight"),
    "threshold": ("value_vs_threshold", "near_threshold"),
    "route": (
        "origin_is_not_seller_country", "origin_is_transit", "origin_unknown", "origin", "departure", "destination",
        "origin_profile",
    ),
    "goods": ("hs_chapter", "quantity", "hs6_profile"),
    "seller history": ("seller_inspections", "seller_frauds", "seller_fraud_rate", "seller_profile"),
    "buyer history": ("buyer_inspections", "buyer_frauds", "buyer_fraud_rate", "importer_profile"),
    "address history": ("address_inspections", "address_frauds", "address_fraud_rate"),
    "declarant history": ("declarant_inspections", "declarant_frauds", "declarant_fraud_rate", "declarant_profile"),
    "association": ("seller_association", "buyer_association"),
    "relation history": tuple(RELATIONS),
    "network": SCORE_FEATURES,
    "activity": ACTIVITY_FEATURES,
    "declared fields": ("channel", "transport_mode", "currency", "platform", "carrier", "weekday"),
}  # fmt: skip
PROFILE_OF_ROLE = {"seller": "seller_profile", "buyer": "importer_profile", "declarant": "declarant_profile"}
MIN_CONTRIBUTION = 0.01  # a group that moved the probability by less than a point is not a reason


def groups_for(columns: list[str]) -> dict[str, tuple[str, ...]]:
    """The feature groups, with the source's extra columns as one more group."""
    extras = tuple(column for column in columns if column.startswith("extra_"))
    return dict(GROUPS, **({"extra fields": extras} if extras else {}))


def reason_records(
    rows: pd.DataFrame, features: pd.DataFrame, parts: pd.DataFrame, nearest: Mapping[str, dict], threshold: float
) -> list[list[dict]]:
    """Per row: the groups that raised its score by at least a point, strongest first, each with the
    numbers that make it (from the consignment ``rows`` and the model's ``features``)."""
    rows = rows.reset_index(drop=True)
    limits = thresholds(rows, threshold).to_numpy()
    extras = pd.DataFrame(extra_columns(rows), index=rows.index).to_dict("records")  # as the source declared them
    # Plain dicts per row: a row looked up by position in a frame of text columns costs a millisecond.
    row_dicts, feature_dicts = rows.to_dict("records"), features.reset_index(drop=True).to_dict("records")
    groups, deltas = list(parts.columns), parts.to_numpy(dtype=float)
    out = []
    for i in range(len(row_dicts)):
        records = []
        for j in np.argsort(-np.nan_to_num(deltas[i], nan=0.0), kind="stable"):
            if not deltas[i, j] >= MIN_CONTRIBUTION:
                break
            values = _values(groups[j], row_dicts[i], feature_dicts[i], nearest, limits[i], extras[i])
            records.append({"group": groups[j], "values": values, "contribution": round(float(deltas[i, j]), 4)})
        out.append(records)
    return out


def reason_words(records: list[dict], party_reasons: Mapping[str, str] | None = None, top: int = 3) -> str:
    """The records in words with their numbers, strongest first: "...(+12 pts); ...". The one place
    consignment model reasons are worded."""
    words = []
    for record in records:
        if len(words) >= top:
            break
        phrase = _words(record["group"], record["values"], {} if party_reasons is None else party_reasons)
        if phrase:
            words.append(f"{phrase} (+{record['contribution'] * 100:.0f} pts)")
    return "; ".join(words)


def _values(group: str, row: dict, f: dict, nearest: Mapping[str, dict], limit: float, extras: dict) -> dict:
    """The numbers behind one group of one consignment (JSON-ready: no NaN, no numpy types)."""
    get = f.get
    if group == "unit value":
        return _clean({"unit_value_vs_hs": get("unit_value_vs_hs"), "hs_code": row.get("hs_code")})
    if group == "threshold":
        value, currency = row.get("declared_value"), row.get("currency")
        return _clean({"declared_value": value, "threshold": limit, "currency": currency})
    if group == "route":
        return _clean(
            {
                "origin_country": row.get("origin_country"),
                "departure_country": row.get("departure_country"),
                "seller_country": row.get("seller_country"),
                "origin_fraud_rate": get("origin_profile"),
            }
        )
    if group == "goods":
        return _clean({"hs_code": row.get("hs_code"), "hs6_fraud_rate": get("hs6_profile"), 
                       "quantity": get("quantity")})  # fmt: skip
    for role in ROLES:
        if group == f"{role} history":
            return _clean(
                {
                    "role": role,
                    "inspections": get(f"{role}_inspections"),
                    "frauds": get(f"{role}_frauds"),
                    "profile_fraud_rate": get(PROFILE_OF_ROLE.get(role, "")),
                }
            )
    if group == "relation history":
        return _clean({name: get(name) for name in RELATIONS})
    if group == "association":
        for role, column in (("seller", "seller_key"), ("buyer", "buyer_key")):
            found = nearest.get(row.get(column) or "")
            if found:
                return _clean({"role": role, "party": row.get(column), **found})
        return {}
    if group == "network":
        seller, buyer = (np.nan_to_num(float(get(f"{who}_score", 0) or 0)) for who in ("seller", "buyer"))
        role = "seller" if seller >= buyer else "buyer"
        return _clean(
            {"role": role, "party": row.get(f"{role}_key"), "party_score": get(f"{role}_score"),
             "unsupervised_score": get("unsupervised_score")}
        )  # fmt: skip
    if group == "activity":
        parcels = {role: get(f"{role}_parcels") for role in ("seller", "buyer")}
        return _clean({f"{role}_parcels": None if v is None else math.expm1(v) for role, v in parcels.items()})
    if group == "declared fields":  # the values the model used, as declared
        used = [name for name in GROUPS["declared fields"] if name in f and name in TEXT_FIELDS]
        return _clean({TEXT_FIELDS[name]: row.get(TEXT_FIELDS[name]) for name in used})
    if group == "extra fields":
        return _clean({name[len("extra_") :]: extras.get(name) for name in f if name in extras})
    return {}


def _clean(values: dict) -> dict:
    """JSON-ready values: floats rounded, missing values left out."""
    out = {}
    for key, value in values.items():
        if value is None or (isinstance(value, float) and not math.isfinite(value)) or value is pd.NA:
            continue
        if hasattr(value, "item"):
            value = value.item()
        if isinstance(value, float):
            if not math.isfinite(value):
                continue
            value = round(value, 4)
        elif not isinstance(value, int | bool):
            value = str(value)
            if value == "":
                continue
        out[key] = value
    return out


def _words(group: str, v: dict, party_reasons: Mapping[str, str]) -> str:
    if group == "unit value":
        ratio = v.get("unit_value_vs_hs")
        if ratio is None:
            return ""
        return f"unit value {ratio:.0%} of the median of its HS peers (HS {v.get('hs_code', '?')})"
    if group == "threshold":
        value, limit = v.get("declared_value"), v.get("threshold")
        if value is None:
            return ""
        return f"declared {value:,.2f}, {value / limit:.0%} of the {limit:g} {v.get('currency', '')} threshold".replace(
            "  ", " "
        )
    if group == "route":
        return _route_words(v)
    if group == "goods":
        rate = v.get("hs6_fraud_rate")
        hs = f"goods HS {v['hs_code']}" if "hs_code" in v else "goods of unknown HS code"
        return hs + (f" (HS6 fraud rate {rate:.0%})" if rate is not None else "")
    if group == "relation history":
        rates = sorted(((rate, RELATIONS[name][1]) for name, rate in v.items() if name in RELATIONS), reverse=True)
        return ", ".join(f"{words} fraud rate {rate:.0%}" for rate, words in rates[:2])
    if group.endswith(" history"):
        return _history_words(group, v)
    if group == "association":
        return hop_text(v) if v else "close in the network to parties with confirmed frauds"
    if group == "network":
        reason = party_reasons.get(v.get("party", ""), "")
        if reason:
            return reason.split(" | ")[0]
        score = v.get("unsupervised_score")
        return "" if score is None else f"unsupervised network score {score:.2f}"
    if group == "activity":
        sold, bought = v.get("seller_parcels"), v.get("buyer_parcels")
        parts = [f"{who} with {n:.0f} parcels" for who, n in (("seller", sold), ("buyer", bought)) if n is not None]
        return ", ".join(parts)
    if group in ("declared fields", "extra fields"):
        shown = [f"{key.replace('_id', '').replace('_', ' ')} {value}" for key, value in list(v.items())[:3]]
        return ("declared " if group == "declared fields" else "") + ", ".join(shown) if shown else ""
    return group


def _route_words(v: dict) -> str:
    origin = v.get("origin_country")
    rate = v.get("origin_fraud_rate")
    tail = f" (origin fraud rate {rate:.0%})" if rate is not None else ""
    if origin is None:
        return "declared origin unknown" + tail
    parts = [f"origin {origin} declared"]
    if "departure_country" in v:
        parts.append(f"shipped from {v['departure_country']}")
    if "seller_country" in v:
        parts.append(f"by a seller in {v['seller_country']}")
    return ", ".join(parts[:2]) + (f" {parts[2]}" if len(parts) > 2 else "") + tail


def _history_words(group: str, v: dict) -> str:
    role = group[: -len(" history")]
    words = ROLES.get(role, (None, role))[1]
    inspections, frauds, rate = v.get("inspections"), v.get("frauds"), v.get("profile_fraud_rate")
    if inspections is None:
        return "" if rate is None else f"{words} fraud rate {rate:.0%} in past inspections"
    if frauds:
        return f"{words} has {frauds_text(frauds, inspections)}"
    return f"{words} has {inspections:.0f} clean inspections" if inspections else f"{words} never inspected"


# -- the nearest known fraud -------------------------------------------------------------
def nearest_fraud(
    graph: nx.Graph | PartyGraph, parties: list[str], frauds: dict[str, int], labels: dict[str, str]
) -> dict[str, dict]:
    """For each party: its own confirmed frauds (``hops`` 0), or the party within two strong hops with
    the most (edges below weight 0.2 are not ties): ``{"hops", "frauds", "label"}``."""
    out = {}
    for party in parties:
        if party not in graph:
            continue
        if frauds.get(party, 0):
            out[party] = {"hops": 0, "frauds": int(frauds[party]), "label": labels.get(party, "party").lower()}
            continue
        best = None
        frontier, seen = {party}, {party}
        for hop in (1, 2):
            nxt = set()
            for node in frontier:
                for other, data in graph[node].items():
                    if other in seen or data.get("weight", 0) < 0.2:
                        continue
                    seen.add(other)
                    nxt.add(other)
                    if frauds.get(other, 0) and (best is None or frauds[other] > best[1]):
                        best = (hop, frauds[other], other)
            if best or len(nxt) > 5_000:
                break
            frontier = nxt
        if best:
            hop, n, other = best
            out[party] = {"hops": hop, "frauds": int(n), "label": labels.get(other, "party").lower()}
    return out


def hop_text(found: dict) -> str:
    """ "2 hops from a seller with 14 confirmed frauds", or "seller itself has 3 confirmed frauds"."""
    hops = found.get("hops")
    if hops is None:
        return ""
    if hops == 0:
        return f"{found.get('label', 'party')} itself has {frauds_text(found['frauds'])}"
    what = found.get("label", "party")
    return f"{hops} hop{'s' if hops > 1 else ''} from a {what} with {frauds_text(found['frauds'])}"


def hop_reasons(
    graph: nx.Graph | PartyGraph, parties: list[str], frauds: dict[str, int], labels: dict[str, str]
) -> dict[str, str]:
    """``nearest_fraud`` in words, per party."""
    return {party: hop_text(found) for party, found in nearest_fraud(graph, parties, frauds, labels).items()}


def frauds_text(n: float, inspections: float | None = None) -> str:
    """ "1 confirmed fraud", "14 confirmed frauds in 52 inspections": one wording everywhere."""
    text_ = f"{n:.0f} confirmed fraud{'' if n == 1 else 's'}"
    if inspections is None:
        return text_
    return f"{text_} in {inspections:.0f} inspection{'' if inspections == 1 else 's'}"
