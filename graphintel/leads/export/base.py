"""The exporter base class: adding a format is adding a module with one subclass."""

from __future__ import annotations

from pathlib import Path

from graphintel.leads.package import LeadPackage


class Exporter:
    """Writes a lead package into a folder; subclasses override ``write``.

    ``suffix`` names the format; ``write`` returns the files it wrote.
    """

    name = "base"

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir

    def export(self, package: LeadPackage) -> list[Path]:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        return self.write(package)

    def write(self, package: LeadPackage) -> list[Path]:  # pragma: no cover - abstract
        raise NotImplementedError
