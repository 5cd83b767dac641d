"""A lead as a case: its notebook of notes, its decisions, and the leads it shares parties or contacts with.

A note is a ``CaseNote`` node written under the logged-in user's name, with the lead's members as they were,
so a note follows its network into later runs the way a decision does (``decisions.same_network``): the case
of tonight's lead shows the notes and decisions taken on yesterday's lead over mostly the same parties.
Notes are only ever added, never edited or removed, like decisions.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pandas as pd

from graphintel.errors import InputError
from graphintel.leads.decisions import SAME_NETWORK
from graphintel.store.base import GraphStore

NOTE_MAX_CHARS = 5000
HISTORY_COLUMNS = ["at", "analyst", "action", "text", "lead_id", "carried"]
RELATED_COLUMNS = ["lead_id", "rank", "scheme", "score", "status", "shared_members", "shared_identifiers"]
RELATED_SHARERS = 50  # an identifier held by more parties (a depot, a call centre) does not relate leads
RELATED_IDENTIFIERS = 300  # identifiers of a lead looked at, at most


def lead_case(store: GraphStore, lead_id: str) -> tuple[str, frozenset]:
    """A lead's run and members (keys); ``InputError`` when there is no such lead."""
    lead = store.named("lead_for_decision", {"lead_id": lead_id})
    if lead.empty or pd.isna(lead.iloc[0]["run_id"]):
        raise InputError(f"no lead '{lead_id}' in the store {store.uri}")
    return str(lead.iloc[0]["run_id"]), frozenset(lead.iloc[0]["members"])


def record_note(store: GraphStore, lead_id: str, text: str, analyst: str, now: dt.datetime | None = None) -> dict:
    """Add a note to a lead's case notebook under ``analyst``; return the note as stored."""
    text = (text or "").strip()
    analyst = (analyst or "").strip()
    if not text:
        raise InputError("the note is empty: write what you found or checked")
    if len(text) > NOTE_MAX_CHARS:
        raise InputError(f"the note has {len(text):,} characters; keep it under {NOTE_MAX_CHARS:,}")
    if not analyst:
        raise InputError("a note needs the name of who writes it")
    run_id, members = lead_case(store, lead_id)
    note = {
        "key": f"note:{uuid.uuid4().hex}",
        "lead_id": lead_id,
        "run_id": run_id,
        "analyst": analyst,
        "written_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "text": text,
        "members": json.dumps(sorted(members)),
    }
    store.write_named("case_note_create", note)
    return note


def _same_case(lead_id: str, members: frozenset, frame: pd.DataFrame) -> pd.Series:
    """Which rows (with ``lead_id`` and ``members`` as JSON) belong to this lead's case: written on the lead
    itself, or on another lead with at least ``SAME_NETWORK`` of its members in common."""
    if frame.empty:
        return pd.Series(dtype=bool)

    def share(text) -> float:
        other = frozenset(json.loads(text or "[]"))
        union = members | other
        return len(members & other) / len(union) if union else 0.0

    return (frame["lead_id"] == lead_id) | (frame["members"].map(share) >= SAME_NETWORK)


def case_history(store: GraphStore, lead_id: str) -> pd.DataFrame:
    """The case's notes and decisions, newest first: ``at``, ``analyst``, ``action`` (note, or the status set),
    ``text``, ``lead_id`` (the lead it was written on) and ``carried`` (whether that is an earlier lead)."""
    _, members = lead_case(store, lead_id)
    notes = store.named("case_notes_all")
    notes = notes[_same_case(lead_id, members, notes)] if len(notes) else notes
    decisions = store.named("decisions_all")
    decisions = decisions[_same_case(lead_id, members, decisions)] if len(decisions) else decisions
    frames = []
    if len(notes):
        frames.append(pd.DataFrame({"at": notes["written_at"], "analyst": notes["analyst"], "action": "note",
                                    "text": notes["text"], "lead_id": notes["lead_id"]}))  # fmt: skip
    if len(decisions):
        frames.append(pd.DataFrame({"at": decisions["decided_at"], "analyst": decisions["analyst"],
                                    "action": decisions["status"], "text": decisions["note"].fillna(""),
                                    "lead_id": decisions["lead_id"]}))  # fmt: skip
    if not frames:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    history = pd.concat(frames, ignore_index=True)
    history["carried"] = history["lead_id"] != lead_id
    return history.sort_values(["at", "action"], ascending=[False, True]).reset_index(drop=True)[HISTORY_COLUMNS]


def related_leads(store: GraphStore, lead_id: str, run_id: str) -> pd.DataFrame:
    """The run's other leads that share members with this one, or hold one of its members' addresses, phones or
    e-mails (an identifier held by more than ``RELATED_SHARERS`` parties does not count), most shared first."""
    members = set(store.named("lead_members", {"lead_id": lead_id})["key"])
    idents = store.named("lead_identifiers", {"lead_id": lead_id})
    ident_keys = sorted(set(idents["key"]))[:RELATED_IDENTIFIERS] if len(idents) else []
    holders = pd.DataFrame(columns=["identifier", "key"])
    if ident_keys:
        holders = store.named("identifier_parties", {"identifier_keys": ident_keys})[["identifier", "key"]]
        sharers = holders.groupby("identifier")["key"].transform("nunique")
        holders = holders[sharers <= RELATED_SHARERS]
    keys = sorted(members | set(holders["key"]))
    if not keys:
        return pd.DataFrame(columns=RELATED_COLUMNS)
    leads = store.named("party_leads", {"run_id": run_id, "party_keys": keys})
    leads = leads[leads["lead_id"] != lead_id]
    if leads.empty:
        return pd.DataFrame(columns=RELATED_COLUMNS)
    ident_of = holders.groupby("key")["identifier"].agg(set).to_dict()
    rows = []
    for other, group in leads.groupby("lead_id"):
        theirs = set(group["key"])
        shared_idents = set().union(*(ident_of.get(k, set()) for k in theirs))
        first = group.iloc[0]
        rows.append({"lead_id": other, "rank": int(first["rank"]), "scheme": first["scheme"], "score": first["score"],
                     "status": first["status"], "shared_members": len(theirs & members),
                     "shared_identifiers": len(shared_idents)})  # fmt: skip
    out = pd.DataFrame(rows, columns=RELATED_COLUMNS)
    out = out[(out["shared_members"] > 0) | (out["shared_identifiers"] > 0)]
    out = out.sort_values(["shared_members", "shared_identifiers", "rank"], ascending=[False, False, True])
    return out.reset_index(drop=True)
