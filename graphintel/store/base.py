"""The GraphStore protocol shared by the embedded (LadybugDB) and Neo4j stores."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pandas as pd
import pyarrow as pa

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


# The four neighbourhood reads (``GraphStore.neighbour_rows``): read name -> (its list parameter, the
# one-key query answering the same for a single key, that query's parameter). The answers have the columns
# of the named query ``queries/<read>.cypher``.
NEIGHBOUR_READS: dict[str, tuple[str, str, str]] = {
    "entity_details": ("keys", "entity_detail", "entity_key"),
    "entity_identifiers": ("party_keys", "party_identifiers", "party_key"),
    "entity_trade": ("party_keys", "party_trade", "party_key"),
    "identifier_parties": ("identifier_keys", "identifier_members", "identifier_key"),
}


@runtime_checkable
class GraphStore(Protocol):
    """Everything the rest of GraphIntel asks of a store. Implementations: ``LadybugStore``, ``Neo4jStore``,
    and ``leads.neighbours.IndexedStore`` (a store whose neighbourhood reads are answered from memory).

    **Result contract.** Every read returns a ``pandas.DataFrame`` whose columns are the query's ``RETURN``
    names in order. Strings are strings, missing values ``None`` or NaN, integers and floats numbers, dates
    ``datetime64``; nodes and paths are dicts with ``_LABEL`` (as LadybugDB returns them, and Neo4j's store
    converts to). ``arrow_query`` returns the same rows as an Arrow table. ``tests/test_store_contract.py``
    runs every named query on both stores and compares the shapes.
    """

    uri: str
    read_only: bool
    dialect: str  # which variant of a named query runs here: "ladybug" or "neo4j"
    shared: bool  # a server other processes write too (its data can change under an open store)
    background_load: bool  # ingest prepares the next chunk while this one loads (a store loading over a network)
    ingest_chunk_rows: int  # rows per loaded chunk at most

    # -- reads -----------------------------------------------------------------------------------------
    def query(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run a read-only Cypher query with parameters; rows as a DataFrame."""

    def bulk_query(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """``query`` for results of a million rows (through Arrow where the store can)."""

    def arrow_query(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        """``query``'s rows as an Arrow table."""

    def named(self, name: str, params: dict[str, Any] | None = None, bulk: bool = False) -> pd.DataFrame:
        """Run the named query ``graphintel/queries/NAME.cypher`` (or this dialect's variant)."""

    def neighbour_rows(self, read: str, keys: list[str]) -> pd.DataFrame:
        """One of ``NEIGHBOUR_READS`` for a list of keys, by the fastest way this store has."""

    @property
    def frontier_batch(self) -> int | None:
        """Keys a neighbourhood walk expands at once (None: the whole frontier in one read)."""

    @property
    def consignment_count(self) -> int:
        """The consignments in the store."""

    def data_version(self) -> Hashable:
        """Changes whenever what the store holds may have changed (for caches built from it)."""

    def counts(self) -> dict[str, int]:
        """Number of nodes per data label."""

    def consignment_versions(self, keys: list[str] | None = None) -> pd.DataFrame:
        """``key, content_hash, source_file, source_line`` of the held consignments among ``keys`` (None: all)."""

    # -- writes ----------------------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create node/relationship tables, constraints and indexes when missing."""

    def prepare_batch(self, batch: GraphBatch) -> GraphBatch:
        """What ``load`` converts first, for ingest to do in the process preparing the input."""

    def load(self, batch: GraphBatch) -> LoadCounts:
        """Add what is new in ``batch`` atomically; loading the same batch twice changes nothing."""

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> None:
        """Run a writing Cypher statement with parameters."""

    def write_named(self, name: str, params: dict[str, Any] | None = None) -> None:
        """Run the named writing query ``graphintel/queries/NAME.cypher`` (or this dialect's variant)."""

    def update_properties(self, label: str, frame: pd.DataFrame) -> int:
        """Set properties (the frame's columns but ``key``) on existing nodes matched by ``key``."""

    def replace_run(
        self, run: dict[str, Any], leads: pd.DataFrame, members: pd.DataFrame, evidence: pd.DataFrame
    ) -> None:
        """Write a scoring run, its leads, their member edges and their evidence edges in one transaction."""

    def replace_entities(self, label: str, entities: pd.DataFrame, links: pd.DataFrame) -> None:
        """Set each ``label`` node's entity (``key, entity_id, entity_score, entity_variants, entity_name``) and
        replace that label's ``SAME_AS`` edges by ``links`` (``left, right, score, evidence``)."""

    def close(self) -> None:
        """Release the connection (and the embedded database's file lock)."""


class NamedQueries:
    """The named-query part of ``GraphStore``, shared by the stores: ``named``, ``write_named`` and the
    neighbourhood reads as one ``IN $list`` query each."""

    dialect = ""

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:  # pragma: no cover
        raise NotImplementedError

    def bulk_query(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        return self.query(cypher, params)

    def arrow_query(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        return pa.Table.from_pandas(self.query(cypher, params), preserve_index=False)

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> None:  # pragma: no cover
        raise NotImplementedError

    def named(self, name: str, params: dict[str, Any] | None = None, bulk: bool = False) -> pd.DataFrame:
        text = read_query_text(name, self.dialect)
        return self.bulk_query(text, params) if bulk else self.query(text, params or {})

    def write_named(self, name: str, params: dict[str, Any] | None = None) -> None:
        self.write(read_query_text(name, self.dialect), params)

    def neighbour_rows(self, read: str, keys: list[str]) -> pd.DataFrame:
        many_param = NEIGHBOUR_READS[read][0]
        return self.named(read, {many_param: list(keys)})

    @property
    def frontier_batch(self) -> int | None:
        return None


def read_query_text(name: str, dialect: str = "") -> str:
    """The text of ``queries/NAME.cypher`` (or ``NAME.<dialect>.cypher`` when it exists), with a template's
    branches expanded (``template_branches``)."""
    queries = QUERIES
    if dialect:
        special = queries / f"{name}.{dialect}.cypher"
        if special.is_file():
            return expand_template(special.read_text(encoding="utf-8"))
    path = queries / f"{name}.cypher"
    if not path.is_file():
        from graphintel.errors import InputError

        raise InputError(f"no query named '{name}' in {queries}")
    return expand_template(path.read_text(encoding="utf-8"))


def template_branches(each: str) -> list[dict[str, str]]:
    """The values a template's ``// each:`` line names, one dict per branch, from the schema's vocabulary:
    ``resolved`` (``<label>``: what entity resolution groups), ``parties`` (``<party>``), ``identifiers``
    (``<label>``, ``<relationship>``, ``<prefix>``, ``<column>``) or ``party_identifiers`` (both)."""
    from graphintel import schema

    parties = [{"party": label} for label in schema.PARTY_LABELS]
    identifiers = [
        {"label": k.label, "relationship": k.relationship, "prefix": k.prefix, "column": k.column}
        for k in schema.IDENTIFIERS
    ]
    sets = {
        "resolved": [{"label": label} for label in schema.ENTITY_LABELS],
        "parties": parties,
        "identifiers": identifiers,
        "party_identifiers": [{**p, **i} for p in parties for i in identifiers],
    }
    if each not in sets:
        raise ValueError(f"a query template names an unknown set '{each}' (one of {sorted(sets)})")
    return sets[each]


def expand_template(text: str) -> str:
    """A named query as run: a template (a header line ``// each: SET``) becomes one branch per member of the
    set, its ``<name>`` placeholders filled from the schema and the branches joined by ``UNION ALL``; any
    other query is returned as written. Placeholders take schema names only, never a caller's value."""
    lines = text.splitlines()
    each = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("// each:")), None)
    if each is None:
        return text
    body = "\n".join(line for line in lines if not line.startswith("//")).strip()
    branches = []
    for values in template_branches(each):
        branch = body
        for placeholder, value in values.items():
            branch = branch.replace(f"<{placeholder}>", value)
        branches.append(branch)
    return "\nUNION ALL\n".join(branches)
