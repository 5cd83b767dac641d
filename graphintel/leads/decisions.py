"""Analysts' decisions on leads: status, note, who and when.

A decision sets the lead's ``status``, ``note``, ``decided_by`` and
``decided_at``, and adds a ``Decision`` node, so the history of a lead is kept
even when a later run replaces it. Confirmed leads become labels for the next
scoring run (``graphintel.leads.runs.confirmed_lead_members``).

These are the only writes the dashboard makes, through fixed statements with
parameters.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pandas as pd

from graphintel import schema
from graphintel.errors import InputError
from graphintel.store.base import GraphStore

NEEDS_REASON = ("confirmed", "dismissed")  # a lead is confirmed or dismissed only with a reason
REASON_VERBS = {"confirmed": "confirm", "dismissed": "dismiss"}


def record_decision(
    store: GraphStore, lead_id: str, status: str, note: str, analyst: str, now: dt.datetime | None = None
) -> dict:
    """Set a lead's status with the analyst's note; return the decision as stored. Confirming or dismissing a
    lead needs a note saying why (``NEEDS_REASON``)."""
    if status not in schema.DECISION_STATUSES:
        raise InputError(f"status must be one of {', '.join(schema.DECISION_STATUSES)}, not '{status}'")
    analyst = (analyst or "").strip()
    if not analyst:
        raise InputError("a decision needs the name of who takes it")
    if status in NEEDS_REASON and not (note or "").strip():
        raise InputError(f"say why: to {REASON_VERBS[status]} a lead needs a reason in the note (what you checked)")
    lead = store.named("lead_for_decision", {"lead_id": lead_id})
    if lead.empty or pd.isna(lead.iloc[0]["run_id"]):
        raise InputError(f"no lead '{lead_id}' in the store {store.uri}")
    when = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    decision = {
        "key": f"decision:{uuid.uuid4().hex}",
        "lead_id": lead_id,
        "run_id": str(lead.iloc[0]["run_id"]),
        "status": status,
        "note": (note or "").strip(),
        "analyst": analyst,
        "decided_at": when,
        "members": json.dumps(sorted(lead.iloc[0]["members"])),
    }
    store.write_named("decision_create", decision)
    store.write_named(
        "lead_set_status", {k: decision[k] for k in ("lead_id", "status", "note", "analyst", "decided_at")}
    )
    return decision


SAME_NETWORK = 0.5  # share of members in common (Jaccard) for two leads to be the same network


def same_network(members: frozenset, candidates: pd.Series) -> tuple[object, float] | None:
    """The candidate (index label) sharing most members with ``members`` and that share, when it is at
    least ``SAME_NETWORK``; else None. ``candidates`` holds member sets."""
    if not members or candidates.empty:
        return None
    overlap = candidates.map(lambda other: len(members & other) / len(members | other))
    best = overlap.idxmax()
    return (best, float(overlap[best])) if overlap[best] >= SAME_NETWORK else None


def latest_decisions(store: GraphStore) -> pd.DataFrame:
    """The newest decision on each decided lead, with its members (keys) as a set."""
    frame = store.named("decisions_all")
    if frame.empty:
        return frame
    frame = frame.sort_values("decided_at").drop_duplicates("lead_id", keep="last")
    frame["members"] = frame["members"].map(lambda text: frozenset(json.loads(text or "[]")))
    return frame.reset_index(drop=True)


def carry_decisions(store: GraphStore, leads: pd.DataFrame, members: pd.DataFrame) -> int:
    """Give each new lead the decision taken on an earlier lead with mostly the same members.

    So a network an analyst dismissed or confirmed yesterday does not come back
    as ``new`` tonight. Sets ``status``, ``note`` (naming the earlier lead),
    ``decided_by`` and ``decided_at`` on ``leads`` in place; returns how many
    leads got a decision.
    """
    decided = latest_decisions(store)
    for column in ("note", "decided_by", "decided_at"):
        if column not in leads:
            leads[column] = None
    if decided.empty or leads.empty:
        return 0
    groups = members.groupby("lead_id")["party_key"].agg(frozenset)
    carried = 0
    for i, lead_id in leads["lead_id"].items():
        match = same_network(groups.get(lead_id, frozenset()), decided["members"])
        if match is None:
            continue
        best, share = match
        d = decided.loc[best]
        leads.loc[i, "status"] = d["status"]
        note = f" ({d['note']})" if d["note"] else ""
        leads.loc[i, "note"] = f"carried from {d['lead_id']}: {share:.0%} same members{note}"
        leads.loc[i, "decided_by"] = d["analyst"]
        leads.loc[i, "decided_at"] = d["decided_at"]
        carried += 1
    return carried
