"""Mapping files: rename a source's columns onto the canonical ones and fill defaults.

```toml
[columns]            # source column = canonical column
"Declaration ID" = "consignment_id"
[defaults]           # a value for a canonical column the source lacks
currency = "KRW"
```
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from graphintel.errors import InputError
from graphintel.schema import COLUMN_BY_NAME


@dataclass(frozen=True)
class Mapping:
    """Source column -> canonical column, and defaults for canonical columns."""

    columns: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def rename(self, source_columns: list[str]) -> dict[str, str]:
        """The renames that apply to a file with these columns."""
        return {src: dst for src, dst in self.columns.items() if src in source_columns}

    def absent(self, source_columns: list[str]) -> list[str]:
        """Mapped source columns that a file lacks."""
        return [src for src in self.columns if src not in source_columns]


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; every target must be a canonical column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read mapping file ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: mapping file is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not a valid TOML mapping file: {exc}") from None
    unknown_sections = sorted(set(data) - {"columns", "defaults"})
    if unknown_sections:
        raise InputError(f"{path}: unknown section [{unknown_sections[0]}]; a mapping has [columns] and [defaults]")
    columns = data.get("columns", {})
    defaults = data.get("defaults", {})
    if not isinstance(columns, dict) or not isinstance(defaults, dict):
        raise InputError(f"{path}: [columns] and [defaults] must be tables of key = value")
    targets_seen: dict[str, str] = {}
    for source, target in columns.items():
        if not isinstance(target, str):
            raise InputError(f'{path}: [columns] "{source}" must map to a column name (a string)')
        if target not in COLUMN_BY_NAME:
            raise InputError(
                f'{path}: [columns] "{source}" maps onto "{target}", which is not a GraphIntel column '
                f"(see `graphintel columns`)"
            )
        if target in targets_seen:
            raise InputError(f'{path}: [columns] "{source}" and "{targets_seen[target]}" both map onto "{target}"')
        targets_seen[target] = source
    for target, value in defaults.items():
        if target not in COLUMN_BY_NAME:
            raise InputError(f'{path}: [defaults] "{target}" is not a GraphIntel column (see `graphintel columns`)')
        if isinstance(value, dict | list):
            raise InputError(f'{path}: [defaults] "{target}" must be a single value')
    return Mapping(
        columns={str(k): str(v) for k, v in columns.items()},
        defaults={str(k): str(v) for k, v in defaults.items()},
        path=path,
    )
