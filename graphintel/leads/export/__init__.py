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


def write_package(package, names: list[str], folder: Path, home: Path, mask: bool = False):
    """Write the package in each format into ``folder``; returns (the package as written, the files).

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
    return package, written


def log_export(home: Path, entry: dict) -> None:
    """Append one export to ``HOME/exports.jsonl``: who, when, run, leads, formats, masking, files."""
    entry = {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "who": config.analyst(), **entry}
    home.mkdir(parents=True, exist_ok=True)
    with open(home / EXPORT_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry, default=str) + "\n")


def export_package(
    package, names: list[str], folder: Path, home: Path, mask: bool = False, who: str = ""
) -> list[Path]:
    """``write_package``, then log the export."""
    package, written = write_package(package, names, folder, home, mask)
    log_export(
        home,
        {
            **({"who": who} if who else {}),
            "what": "lead package",
            "run_id": str(package.run["run_id"]),
            "model": str(package.run["model"]),
            "leads": [str(x) for x in package.leads["lead_id"]],
            "formats": names,
            "masked": package.masked,
            "marking": package.marking,
            "files": [str(p) for p in written],
        },
    )
    return written


EXPORT_LOG = "exports.jsonl"

__all__ = ["EXPORTERS", "EXPORT_LOG", "Exporter", "export_package", "exporter_for", "log_export", "write_package"]
