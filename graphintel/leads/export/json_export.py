"""JSON export: one document with the run, and per lead its reasons, members and consignments."""

from __future__ import annotations

import json
from pathlib import Path

from graphintel import __version__
from graphintel.leads.export.base import Exporter
from graphintel.leads.package import LeadPackage


class JsonExporter(Exporter):
    name = "json"

    def write(self, package: LeadPackage) -> list[Path]:
        leads = []
        for lead in json.loads(package.leads.to_json(orient="records")):
            lead_id = lead["lead_id"]
            lead["members"] = json.loads(
                package.members[package.members["lead_id"] == lead_id]
                .drop(columns=["lead_id"])
                .to_json(orient="records")
            )
            lead["reasons"] = [r for r in (lead.get("reasons") or "").split(" | ") if r]
            lead["consignments"] = json.loads(
                package.consignments[package.consignments["lead_id"] == lead_id]
                .drop(columns=["lead_id"])
                .to_json(orient="records")
            )
            leads.append(lead)
        document = {
            "format": "graphintel-leads",
            "version": 1,
            "generator": f"graphintel {__version__}",
            "run": {k: package.run[k] for k in ("run_id", "started_at", "finished_at", "model")},
            "source": package.source,
            "leads": leads,
        }
        path = self.out_dir / "leads.json"
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
        return [path]
