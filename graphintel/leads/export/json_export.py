"""JSON export: one document with the run, its provenance, and per lead its reasons, members, evidence
and network. It validates against ``lead-package.schema.json`` (shipped beside this module) before it is
written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd

from graphintel.finite import finite
from graphintel.leads.explore import lead_reason_lines
from graphintel.leads.export.base import Exporter
from graphintel.leads.package import LeadPackage

SCHEMA_PATH = Path(__file__).with_name("lead-package.schema.json")
LEAD_FIELDS = (
    "lead_id", "rank", "score", "scheme", "status", "reasons", "consignments", "total_value", "countries",
    "note", "decided_by", "decided_at",
)  # fmt: skip


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def document(package: LeadPackage) -> dict:
    """The package as a JSON-ready dict of the schema's shape (numbers finite: an infinite sum is clipped)."""
    leads = []
    members_all, evidence_all = package.members, package.consignments
    for lead in records(package.leads):
        lead_id = lead["lead_id"]
        entry = {k: lead.get(k) for k in LEAD_FIELDS}
        entry["reasons"] = lead_reason_lines(lead)
        entry["consignments"] = int(lead.get("consignments") or 0)
        entry["total_value"] = finite(lead.get("total_value")) or 0.0
        entry["members"] = records(members_all[members_all["lead_id"] == lead_id].drop(columns=["lead_id"]))
        entry["evidence"] = records(evidence_all[evidence_all["lead_id"] == lead_id].drop(columns=["lead_id"]))
        for row in entry["evidence"]:
            if row.get("source_line") is not None:
                row["source_line"] = int(row["source_line"])
        entry["network"] = finite_network(package.networks.get(lead_id, {"nodes": [], "edges": []}))
        leads.append(entry)
    return {
        "format": "graphintel-leads",
        "version": 2,
        "generator": package.generator,
        "created_at": package.created_at,
        "handling": package.marking,
        "masked": package.masked,
        "run": {k: str(package.run[k]) for k in ("run_id", "started_at", "finished_at", "model")},
        "source": {"store": str(package.source.get("store", "")), "files": list(package.source.get("files", []))},
        "leads": leads,
    }


def records(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows as JSON-ready dicts: Python scalars, finite floats (NaN and missing values null),
    dates in ISO form. (``DataFrame.to_json`` rounds to 15 digits, which turns the largest float into
    infinity, and writes a missing value of an object column as NaN.)"""
    return [{k: _json_value(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def _json_value(value):
    if isinstance(value, str) or value is None:
        return value
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return finite(value)
    if isinstance(value, bool | int):
        return value
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return None if pd.isna(value) else value.isoformat()
    if isinstance(value, list | dict):
        return value
    return None if pd.isna(value) else str(value)


def finite_network(network: dict) -> dict:
    """A network whose numbers are finite (JSON has no infinity): a missing score is null, another
    missing number 0."""

    def number(key: str, value: float) -> float | None:
        return finite(value) if key == "score" else finite(value) or 0.0

    def clean(item: dict) -> dict:
        return {k: number(k, v) if isinstance(v, float) else v for k, v in item.items()}

    return {kind: [clean(item) for item in network.get(kind, [])] for kind in ("nodes", "edges")}


class JsonExporter(Exporter):
    name = "json"

    def write(self, package: LeadPackage) -> list[Path]:
        doc = json.loads(json.dumps(document(package), default=str))  # what a reader will parse
        jsonschema.validate(doc, schema())  # our own output: a failure here is a bug, not user input
        path = self.out_dir / "leads.json"
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False), encoding="utf-8")
        return [path]
