"""Read, map, validate, normalise and load consignment files."""

from graphintel.ingest.mapping import Mapping, load_mapping
from graphintel.ingest.pipeline import IngestReport, ingest_files, plan_files

__all__ = ["IngestReport", "Mapping", "ingest_files", "load_mapping", "plan_files"]
