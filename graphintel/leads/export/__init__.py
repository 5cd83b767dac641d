"""Lead exporters: one module per format, each a small ``Exporter`` subclass."""

from __future__ import annotations

from graphintel.errors import GraphIntelError
from graphintel.leads.export.base import Exporter
from graphintel.leads.export.csv_export import CsvExporter
from graphintel.leads.export.json_export import JsonExporter

EXPORTERS: dict[str, type[Exporter]] = {"csv": CsvExporter, "json": JsonExporter}


def exporter_for(name: str) -> type[Exporter]:
    try:
        return EXPORTERS[name]
    except KeyError:
        raise GraphIntelError(
            f"--format: unknown export format '{name}'; choose from {', '.join(sorted(EXPORTERS))}"
        ) from None


__all__ = ["EXPORTERS", "Exporter", "exporter_for"]
