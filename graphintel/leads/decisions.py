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


def record_decision(store, lead_id: str, status: str, note: str, analyst: str, now: dt.datetime | None = None) -> dict:
    """Set a lead's status with the analyst's note; return the decision as stored."""
    if status not in schema.DECISION_STATUSES:
        raise InputError(f"status must be one of {', '.join(schema.DECISION_STATUSES)}, not '{status}'")
    analyst = (analyst or "").strip()
    if not analyst:
        raise InputError("say who decides: enter your name (or set GRAPHINTEL_ANALYST)")
    lead = store.query(
        "MATCH (l:Lead {lead_id: $lead_id}) OPTIONAL MATCH (l)-[:INVOLVES]->(p) "
        "RETURN l.run_id AS run_id, collect(p.key) AS members",
        {"lead_id": lead_id},
    )
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
    store.write(
        "CREATE (:Decision {key: $key, lead_id: $lead_id, run_id: $run_id, status: $status, note: $note, "
        "analyst: $analyst, decided_at: $decided_at, members: $members})",
        decision,
    )
    store.write(
        "MATCH (l:Lead {lead_id: $lead_id}) "
        "SET l.status = $status, l.note = $note, l.decided_by = $analyst, l.decided_at = $decided_at",
        {k: decision[k] for k in ("lead_id", "status", "note", "analyst", "decided_at")},
    )
    return decision
