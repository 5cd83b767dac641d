"""The run record (``HOME/batch-runs/<run_id>.json``), the list of runs, and how two scoring runs' leads differ.

A record is replaced atomically after each stage: files, row counts, model, parameters, timings, leads.
A run whose process died is listed as ``interrupted``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from graphintel.batch.log import now
from graphintel.config import process_alive
from graphintel.private import private_dir, write_private_text

RUNS_DIR = "batch-runs"
ESCALATION = 0.05  # a matched lead whose score rose by this much is escalated


def new_run_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("B%Y%m%dT%H%M%SZ-") + secrets.token_hex(2)


@dataclass
class RunRecord:
    """What one batch run did; saved after every stage so a killed run leaves a truthful record."""

    home: Path
    run_id: str = field(default_factory=new_run_id)
    data: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.data = {
            "run_id": self.run_id,
            "status": "running",
            "stage": "starting",
            "exit_code": None,
            "started_at": now(),
            "finished_at": None,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "files": [],
            "rows": {"read": 0, "loaded": 0, "new": 0, "quarantined": 0},
            "feedback": {"files": 0, "consignments": 0, "leads": 0},
            "scoring_run_id": None,
            "model": None,
            "parameters": {},
            "timings_seconds": {},
            "leads": {},
            "export_folder": None,
            "errors": [],
            **self.data,
        }

    @property
    def path(self) -> Path:
        return self.home / RUNS_DIR / f"{self.run_id}.json"

    def save(self, **changes) -> None:
        self.data.update(changes)
        private_dir(self.path.parent)
        write_private_text(self.path, json.dumps(self.data, indent=2, default=str))


def list_runs(home: Path) -> list[dict]:
    """Batch run records, oldest first; a ``running`` record whose process is gone reads ``interrupted``."""
    folder = home / RUNS_DIR
    records = []
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if record.get("status") == "running" and not process_alive(record.get("pid", 0), record.get("host", "")):
            record["status"] = "interrupted"
        records.append(record)
    return sorted(records, key=lambda r: r.get("started_at") or "")


def exports_cover(home: Path, latest_scoring_run: str | None) -> str | None:
    """The scoring run up to which new leads have been exported: as the newest batch record says
    (``exports_cover``), else (no record says) the latest scoring run."""
    for record in reversed(list_runs(home)):
        if "exports_cover" in record:
            return record["exports_cover"]
    return latest_scoring_run


# -- comparing runs --------------------------------------------------------------------------
def lead_members(store, run_id: str) -> pd.DataFrame:
    """Leads of a scoring run with rank, score, scheme, status and their member keys."""
    frame = store.named("run_lead_members", {"run": run_id})
    if frame.empty:
        return pd.DataFrame(columns=["lead_id", "rank", "score", "scheme", "status", "members"])
    frame["members"] = frame["members"].map(frozenset)
    return frame.sort_values("rank").reset_index(drop=True)


def diff_runs(store, run_a: str | None, run_b: str, top: int | None = None) -> dict[str, list[dict]]:
    """Leads of run B against run A: new (no lead of A over the same network), escalated (score up by
    ``ESCALATION`` or more, or into the top N), dropped (A's leads no lead of B continues), unchanged.
    Leads match as ``decisions.same_network`` says, as decisions carry between runs."""
    from graphintel.leads.decisions import same_network

    b = lead_members(store, run_b)
    a = lead_members(store, run_a) if run_a else b.iloc[:0]
    out: dict[str, list[dict]] = {"new": [], "escalated": [], "unchanged": [], "dropped": []}
    continued = set()
    for lead in b.itertuples(index=False):
        row = _brief(lead)
        match = same_network(lead.members, a["members"])
        if match is None:
            out["new"].append(row)
            continue
        before = a.loc[match[0]]
        continued.add(before["lead_id"])
        row.update(was=before["lead_id"], was_rank=int(before["rank"]), was_score=round(float(before["score"]), 3))
        rose = float(lead.score) - float(before["score"]) >= ESCALATION
        entered = top is not None and lead.rank <= top < before["rank"]
        out["escalated" if rose or entered else "unchanged"].append(row)
    for lead in a.itertuples(index=False):
        if lead.lead_id not in continued:
            out["dropped"].append(_brief(lead))
    return out


def _brief(lead) -> dict:
    return {
        "lead_id": lead.lead_id,
        "rank": int(lead.rank),
        "score": round(float(lead.score), 3),
        "scheme": lead.scheme,
    }
