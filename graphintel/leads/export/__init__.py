"""Lead exporters: one module per format, each a small ``Exporter`` subclass."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from graphintel import config
from graphintel.errors import GraphIntelError
from graphintel.leads.export.base import Exporter
from graphintel.leads.export.csv_export import CsvExporter
from graphintel.leads.export.graphml_export import GraphmlExporter
from graphintel.leads.export.html_export import HtmlExporter
from graphintel.leads.export.json_export import JsonExporter
from graphintel.leads.export.xlsx_export import XlsxExporter

EXPORTERS: dict[str, type[Exporter]] = {
    "csv": CsvExporter,
    "json": JsonExporter,
    "xlsx": XlsxExporter,
    "html": HtmlExporter,
    "graphml": GraphmlExporter,
}


def exporter_for(name: str) -> type[Exporter]:
    try:
        return EXPORTERS[name]
    except KeyError:
        raise GraphIntelError(
            f"--format: unknown export format '{name}'; choose from {', '.join(sorted(EXPORTERS))}"
        ) from None


def export_package(
    package, names: list[str], folder: Path, home: Path, mask: bool = False, who: str = ""
) -> list[Path]:
    """Write the package in each format into ``folder`` and log the export in ``HOME/exports.jsonl``.

    The handling marking comes from the settings (``config.handling_marking``);
    with ``mask`` personal data is replaced by tokens first.
    """
    from graphintel.leads.package import mask_package, masking_key

    exporters = [exporter_for(n) for n in names]
    package = replace(package, marking=config.handling_marking(home))
    if mask:
        package = mask_package(package, masking_key(home))
    written: list[Path] = []
    for exporter in exporters:
        written += exporter(folder).export(package)
    entry = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "who": who or config.analyst(),
        "run_id": str(package.run["run_id"]),
        "model": str(package.run["model"]),
        "leads": [str(x) for x in package.leads["lead_id"]],
        "formats": names,
        "masked": package.masked,
        "marking": package.marking,
        "files": [str(p) for p in written],
    }
    home.mkdir(parents=True, exist_ok=True)
    with open(home / EXPORT_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry) + "\n")
    return written


EXPORT_LOG = "exports.jsonl"

__all__ = ["EXPORTERS", "EXPORT_LOG", "Exporter", "export_package", "exporter_for"]
