"""Which inbox files were ingested: ``HOME/ledger.jsonl``, one entry per file loaded or rejected, by checksum.

A file dropped twice, under any name, is loaded once. A file enters the ledger only after its last batch
is committed, so a run killed mid-file loads it again next time.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from graphintel.errors import InputError
from graphintel.private import open_private, private_dir

LEDGER = "ledger.jsonl"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Ledger:
    """Append-only JSON lines: one entry per file loaded or rejected, keyed by content checksum."""

    def __init__(self, home: Path) -> None:
        self.path = home / LEDGER
        self._entries: list[dict] | None = None  # read once, then kept in step with ``add``

    def entries(self) -> list[dict]:
        if self._entries is None:
            self._entries = self._read()
        return self._entries

    def _read(self) -> list[dict]:
        if not self.path.exists():
            return []
        out = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except ValueError:
                raise InputError(f"{self.path}, line {number}: not a ledger entry (JSON); fix or remove it") from None
        return out

    def find(self, checksum: str) -> dict | None:
        found = [e for e in self.entries() if e["sha256"] == checksum]
        return found[-1] if found else None

    def add(self, entry: dict) -> None:
        known = self.entries()  # before the write, so the new line is not read back as well
        line = json.dumps(entry, default=str)
        private_dir(self.path.parent, tighten=False)
        with open_private(self.path, "a") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        known.append(json.loads(line))  # as a later read would see it
