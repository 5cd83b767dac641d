"""Spreadsheet export: a summary sheet, then one sheet per lead (reasons, members, evidence consignments).

Written with openpyxl. The handling marking goes into every sheet's printed
header and footer and the first row of the summary. Every cell is written by
``cells.put``: text stays text, never a formula.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from graphintel.finite import finite
from graphintel.leads.explore import lead_reason_lines
from graphintel.leads.export.base import Exporter
from graphintel.leads.export.cells import put
from graphintel.leads.package import LeadPackage

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
SUMMARY_COLUMNS = ("rank", "lead_id", "score", "scheme", "status", "consignments", "total_value", "countries")


def sheet_name(lead_id: str, rank: int) -> str:
    """Short, unique and legal (31 characters, no []:*?/\\)."""
    return f"Lead {rank} {lead_id.rsplit('-', 1)[-1]}"[:31]


class XlsxExporter(Exporter):
    name = "xlsx"

    def write(self, package: LeadPackage) -> list[Path]:
        book = Workbook()
        summary = book.active
        summary.title = "Summary"
        row = 1
        if package.marking:
            put(summary, row, 1, package.marking).font = Font(bold=True, color="BB0000")
            row += 1
        put(summary, row, 1, "GraphIntel lead package").font = TITLE
        row += 1
        facts = [
            ("Run", package.run["run_id"]),
            ("Run finished", package.run["finished_at"]),
            ("Model", package.run["model"]),
            ("Store", package.source.get("store", "")),
            ("Source files", ", ".join(package.source.get("files", []))),
            ("Created", package.created_at),
            ("Generator", package.generator),
            ("Masked", "yes: buyer names, phones, e-mails, street addresses" if package.masked else "no"),
        ]
        for label, value in facts:
            put(summary, row, 1, label).font = BOLD
            put(summary, row, 2, str(value))
            row += 1
        row += 1
        leads = package.leads[[c for c in SUMMARY_COLUMNS if c in package.leads]].copy()
        leads.insert(2, "sheet", [sheet_name(i, int(r)) for i, r in zip(leads["lead_id"], leads["rank"], strict=True)])
        _table(summary, row, leads)
        for lead in package.leads.itertuples(index=False):
            sheet = book.create_sheet(sheet_name(lead.lead_id, int(lead.rank)))
            r = 1
            put(sheet, r, 1, f"Lead #{int(lead.rank)}: {lead.lead_id}").font = TITLE
            r += 1
            for label, value in (
                ("Score", round(float(lead.score), 4)),
                ("Scheme", lead.scheme),
                ("Status", lead.status),
                ("Consignments", int(lead.consignments)),
                ("Declared value", finite(lead.total_value) or 0.0),
                ("Countries", lead.countries),
            ):
                put(sheet, r, 1, label).font = BOLD
                put(sheet, r, 2, value)
                r += 1
            r += 1
            put(sheet, r, 1, "Reasons").font = BOLD
            r += 1
            for reason in lead_reason_lines(lead._asdict()):
                put(sheet, r, 1, reason)
                r += 1
            r += 1
            members = package.members[package.members["lead_id"] == lead.lead_id].drop(columns=["lead_id"])
            put(sheet, r, 1, f"Members ({len(members)})").font = BOLD
            r = _table(sheet, r + 1, members) + 1
            evidence = package.consignments[package.consignments["lead_id"] == lead.lead_id].drop(columns=["lead_id"])
            put(sheet, r, 1, f"Evidence consignments ({len(evidence)})").font = BOLD
            _table(sheet, r + 1, evidence)
        for sheet in book.worksheets:
            if package.marking:
                for part in (sheet.oddHeader.center, sheet.oddFooter.center):
                    part.text = package.marking
                    part.size = 10
            sheet.oddFooter.right.text = "Page &P of &N"
            for i in range(1, sheet.max_column + 1):
                sheet.column_dimensions[get_column_letter(i)].width = 16 if i > 1 else 24
        path = self.out_dir / "leads.xlsx"
        book.save(path)
        return [path]


def _table(sheet, row: int, frame: pd.DataFrame) -> int:
    """Write a frame with a header row at ``row``; return the first row after it."""
    for j, column in enumerate(frame.columns, start=1):
        cell = put(sheet, row, j, str(column))
        cell.font, cell.fill = BOLD, HEADER_FILL
    for i, values in enumerate(frame.itertuples(index=False), start=row + 1):
        for j, value in enumerate(values, start=1):
            put(sheet, i, j, value)
    return row + len(frame) + 1
