"""Graph stores: the embedded LadybugDB file (default) and Neo4j over Bolt."""

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


__all__ = ["GraphBatch", "GraphStore", "LoadCounts", "RelFrame", "open_store", "read_query_text"]
