"""HTML case report: a page a non-technical officer can read, that prints cleanly to PDF.

One file for the package: a cover with the run, model, data and the leads in
it, then one section per lead (new page when printed): summary, reasons with
their numbers, the network as a picture, parcels over time, members and
evidence consignments. The handling marking, when configured, is printed in
the top and bottom margin of every printed page (CSS page-margin boxes) and
stays at the top and bottom of the screen. Rendered with Jinja2, autoescaped.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pandas as pd

from graphintel.leads.export.base import Exporter
from graphintel.leads.export.json_export import document
from graphintel.leads.export.pictures import network_svg, timeline_svg
from graphintel.leads.package import LeadPackage

EVIDENCE_ROWS = 200  # per lead in the report; the spreadsheet and JSON hold all

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
)


def css_string(text: str) -> str:
    """A CSS string literal for ``content:``; every character outside letters, digits and spaces escaped."""
    out = []
    for ch in text:
        out.append(ch if ch.isalnum() and ch.isascii() or ch == " " else f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


class HtmlExporter(Exporter):
    name = "html"

    def write(self, package: LeadPackage) -> list[Path]:
        doc = document(package)
        dates = package.consignments.groupby("lead_id")["declaration_date"].agg(["min", "max"])
        for lead in doc["leads"]:
            evidence = pd.DataFrame(lead["evidence"], columns=["declaration_date", "score"])
            lead["network_svg"] = network_svg(lead["network"])
            lead["timeline_svg"] = timeline_svg(evidence)
            lead["evidence_shown"] = lead["evidence"][:EVIDENCE_ROWS]
            lead["evidence_cut"] = len(lead["evidence"]) > EVIDENCE_ROWS
            span = dates.loc[lead["lead_id"]] if lead["lead_id"] in dates.index else None
            lead["first_date"] = span["min"] if span is not None else ""
            lead["last_date"] = span["max"] if span is not None else ""
        html = _ENV.get_template("report.html").render(
            run=doc["run"],
            source=doc["source"],
            leads=doc["leads"],
            marking=package.marking,
            marking_css=css_string(package.marking),
            masked=package.masked,
            created_at=package.created_at,
            generator=package.generator,
        )
        path = self.out_dir / "report.html"
        path.write_text(html, encoding="utf-8")
        return [path]
