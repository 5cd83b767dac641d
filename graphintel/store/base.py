"""The GraphStore protocol shared by the embedded (LadybugDB) and Neo4j stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pandas as pd

# The named queries ship inside the package (``graphintel/queries/``; the top-level ``queries`` is a link to it).
QUERIES = resources.files("graphintel") / "queries"
QUERIES_DIR = Path(str(QUERIES))  # a folder on disk: the package is installed unzipped (wheel or editable)


@dataclass
class RelFrame:
    """Edges of one relationship type between two labels: columns ``from`` and ``to`` (node keys)."""

    type: str
    from_label: str
    to_label: str
    frame: pd.DataFrame


@dataclass
class GraphBatch:
    """Nodes (label -> frame with a ``key`` column and properties) and edges to load together."""

    nodes: dict[str, pd.DataFrame] = field(default_factory=dict)
    rels: list[RelFrame] = field(default_factory=list)


@dataclass
class LoadCounts:
    """What one load added: new nodes per label, new edges per type, consignments already present."""

    nodes: dict[str, int] = field(default_factory=dict)
    rels: dict[str, int] = field(default_factory=dict)
    consignments_new: int = 0
    consignments_present: int = 0

    def add(self, other: LoadCounts) -> None:
        for label, n in other.nodes.items():
            self.nodes[label] = self.nodes.get(label, 0) + n
        for rel, n in other.rels.items():
            self.rels[rel] = self.rels.get(rel, 0) + n
        self.consignments_new += other.consignments_new
        self.consignments_present += other.consignments_present


@runtime_checkable
class GraphStore(Protocol):
    """What every store offers. Implementations: ``LadybugStore``, ``Neo4jStore``."""

    uri: str
    read_only: bool

    def ensure_schema(self) -> None:
        """Create node/relationship tables, constraints and indexes when missing."""

    def load(self, batch: GraphBatch) -> LoadCounts:
        """Add what is new in ``batch`` atomically; loading the same batch twice changes nothing."""

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run a read-only Cypher query with parameters; rows as a DataFrame."""

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> None:
        """Run a writing Cypher statement with parameters."""

    def update_properties(self, label: str, frame: pd.DataFrame) -> int:
        """Set properties (the frame's columns but ``key``) on existing nodes matched by ``key``."""

    def replace_run(self, run: dict[str, Any], leads: pd.DataFrame, members: pd.DataFrame) -> None:
        """Write a scoring run, its leads and their member edges in one transaction."""

    def counts(self) -> dict[str, int]:
        """Number of nodes per data label."""

    def close(self) -> None:
        """Release the connection (and the embedded database's file lock)."""


def read_query_text(name: str, dialect: str = "") -> str:
    """The text of ``queries/NAME.cypher`` (or ``NAME.<dialect>.cypher`` when it exists)."""
    if dialect:
        special = QUERIES / f"{name}.{dialect}.cypher"
        if special.is_file():
            return special.read_text(encoding="utf-8")
    path = QUERIES / f"{name}.cypher"
    if not path.is_file():
        from graphintel.errors import InputError

        raise InputError(f"no query named '{name}' in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")
