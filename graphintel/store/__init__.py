"""Graph stores: the embedded LadybugDB file (default) and Neo4j over Bolt.

Everything outside this package takes a ``GraphStore`` and asks it; only here is a URI told apart.
"""

from __future__ import annotations

from graphintel.config import is_neo4j_uri
from graphintel.store.base import GraphBatch, GraphStore, LoadCounts, RelFrame, read_query_text


def open_store(uri: str, read_only: bool = False) -> GraphStore:
    """Open the store a URI names: ``bolt://``/``neo4j://`` for Neo4j, else an embedded database file."""
    if is_neo4j_uri(uri):
        from graphintel.store.neo4j_store import Neo4jStore

        return Neo4jStore(uri, read_only=read_only)
    from graphintel.store.embedded import LadybugStore

    return LadybugStore(uri, read_only=read_only)


def open_reader(uri: str) -> GraphStore:
    """A store for a command that only reads: read-only for an embedded file (a batch job may be writing
    it), a plain connection to a Neo4j server (whose reads run in read transactions anyway)."""
    return open_store(uri, read_only=not is_neo4j_uri(uri))


def file_stamp(uri: str) -> tuple | None:
    """What changes when an embedded store's file changes (None for a server, or a missing file)."""
    if is_neo4j_uri(uri):
        return None
    from graphintel.store.embedded import file_stamp as stamp

    return stamp(uri)


def active_writer(uri: str) -> dict | None:
    """The batch job writing an embedded store now (its pid, command, since), else None; a server: None."""
    if is_neo4j_uri(uri):
        return None
    from graphintel.store.embedded import active_writer as writer

    return writer(uri)


__all__ = [
    "GraphBatch",
    "GraphStore",
    "LoadCounts",
    "RelFrame",
    "active_writer",
    "file_stamp",
    "open_reader",
    "open_store",
    "read_query_text",
]
