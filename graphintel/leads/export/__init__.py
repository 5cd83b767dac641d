"""Lead exporters: one module per format, each a small ``Exporter`` subclass."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
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
from graphintel.private import FILE_MODE, open_append, private_dir

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

    All or nothing: every format is written into a private temporary folder
    inside ``folder`` and moved into place only when all of them succeeded, so
    a failure leaves no partial package (and no file of an earlier package is
    replaced). Files are 0600; ``folder``, when created here, 0700. The
    handling marking comes from the settings (``config.handling_marking``);
    with ``mask`` personal data is replaced by tokens first.
    """
    from graphintel.leads.package import mask_package, masking_key

    exporters = [exporter_for(n) for n in names]
    package = replace(package, marking=config.handling_marking(home))
    if mask:
        package = mask_package(package, masking_key(home))
    folder = Path(folder)
    created = not folder.exists()
    private_dir(folder, tighten=False)  # an existing folder the operator chose keeps its mode
    staging = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder))  # 0700, on the same file system
    try:
        staged: list[Path] = []
        for exporter in exporters:
            staged += exporter(staging).export(package)
        written = []
        for path in staged:
            os.chmod(path, FILE_MODE)
            target = folder / path.relative_to(staging)
            os.replace(path, target)
            written.append(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(folder.iterdir()):
            folder.rmdir()
        raise
    shutil.rmtree(staging, ignore_errors=True)
    return package, written


def log_export(home: Path, entry: dict) -> None:
    """Append one export to ``HOME/exports.jsonl`` (0600): who, when, run, leads, formats, masking, files."""
    entry = {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "who": config.analyst(), **entry}
    with open_append(Path(home) / EXPORT_LOG) as log:
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
