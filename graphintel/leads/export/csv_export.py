"""CSV export: leads, their members and their evidence consignments as three tables.

Cells are written by ``cells.write_csv``: a text a spreadsheet would read as a
formula gets a leading single quote.
"""

from __future__ import annotations

from pathlib import Path

from graphintel.leads.export.base import Exporter
from graphintel.leads.export.cells import write_csv
from graphintel.leads.package import LeadPackage


class CsvExporter(Exporter):
    name = "csv"

    def write(self, package: LeadPackage) -> list[Path]:
        run_id = package.run["run_id"]
        paths = []
        for name, frame in (
            ("leads", package.leads.drop(columns="reason_lines", errors="ignore")),  # the reasons as text
            ("lead_members", package.members),
            ("lead_consignments", package.consignments),
        ):
            path = self.out_dir / f"{name}.csv"
            write_csv(frame.assign(run_id=run_id), path)
            paths.append(path)
        return paths
