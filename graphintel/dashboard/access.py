"""Store access for the dashboard: one read-only connection per process and store.

The embedded database is opened read-only, so a batch job can write it at the
same time. A read-only LadybugDB connection sees the database as it was when
opened; the connection is reopened when the file changes and no writer is
active. While a batch job writes, the dashboard keeps its snapshot and says so.
Decisions on leads are the only writes: they open the store read-write for one
statement pair, carry the logged-in user's name, are refused when the user's
role does not allow them, and, with a clear message, while a batch job holds it.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

import pandas as pd

from graphintel.errors import InputError, StoreError, StoreLockedError
from graphintel.leads.decisions import record_decision
from graphintel.leads.neighbours import IndexedStore, read_nodes
from graphintel.store import GraphStore, active_writer, file_stamp, open_store
from graphintel.users import PermissionDenied, User, require


@dataclass
class Connection:
    """A read-only store with when it was opened and who, if anyone, is writing it now."""

    uri: str
    store: GraphStore
    stamp: tuple | None
    opened_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    writer: dict | None = None
    generation: int = 0  # bumped when the dashboard itself changed the store

    @property
    def token(self) -> str:
        """Changes whenever cached query results may be stale."""
        return f"{self.stamp}|{self.generation}|{self.opened_at.isoformat()}"


_OPEN: dict[str, Connection] = {}
_LOCK = threading.Lock()


def writer_of(uri: str) -> dict | None:
    """The batch job writing the store now, if any (see ``store.active_writer``)."""
    return active_writer(uri)


def connect(uri: str) -> Connection:
    """The process's read-only connection to ``uri``, reopened when the store changed.

    Raises ``StoreError`` (e.g. ``StoreBusyError`` mid-checkpoint) only when there is
    no earlier snapshot to fall back on.
    """
    with _LOCK:
        writer = writer_of(uri)
        current = _OPEN.get(uri)
        if current is not None and (current.store.shared or writer or current.stamp == file_stamp(uri)):
            current.writer = writer
            return current
        try:
            store = open_store(uri, read_only=True)
        except StoreError:
            if current is not None:
                current.writer = writer or current.writer
                return current
            raise
        generation = 0
        if current is not None:
            generation = current.generation + 1
            current.store.close()
        conn = Connection(uri, store, file_stamp(uri), writer=writer, generation=generation)
        _OPEN[uri] = conn
        return conn


def neighbour_store(uri: str) -> GraphStore:
    """The read-only store for neighbourhoods, paths and expanding.

    From ``NEIGHBOUR_INDEX_FROM`` consignments it is an ``IndexedStore``: a neighbourhood of depth 2 is read
    from memory instead of a few hundred lookups. The index is built once per data version: the file
    (embedded: about 10 s and 2.5 GB at a million consignments) or the consignment count and latest run
    (Neo4j, read over Bolt).
    """
    conn = connect(uri)
    store = conn.store
    with _INDEX_LOCK:
        if store.consignment_count < NEIGHBOUR_INDEX_FROM:
            return store
        indexed = _INDEXED.get(uri)
        if indexed is None or indexed.inner is not store or indexed.version != store.data_version():
            _INDEXED[uri] = indexed = IndexedStore(store, nodes=_nodes(uri, store))
    return indexed


def graph_nodes(uri: str) -> pd.DataFrame:
    """Every party and identifier of the store (``neighbours.read_nodes``), read once per data version: search
    and the neighbour index are built from the same read."""
    store = connect(uri).store
    with _INDEX_LOCK:
        return _nodes(uri, store)


def _nodes(uri: str, store: GraphStore) -> pd.DataFrame:
    version = store.data_version()
    held = _NODES.get(uri)
    if held is None or held[0] is not store or held[1] != version:
        held = _NODES[uri] = (store, version, read_nodes(store))
    return held[2]


# Consignments from which neighbourhoods are read from memory. At 100,000 the named queries took 380 ms
# (p95, depth 2) against the index's 60 ms; building it there takes about a second.
NEIGHBOUR_INDEX_FROM = 50_000
_INDEX_LOCK = threading.Lock()
_INDEXED: dict[str, IndexedStore] = {}
_NODES: dict[str, tuple] = {}  # uri -> (store, data version, nodes)


def reset(uri: str) -> None:
    """Forget the connection (the next ``connect`` opens a fresh one)."""
    with _LOCK:
        conn = _OPEN.pop(uri, None)
    if conn is not None:
        if conn.store.shared:  # a server connection stays; what it shows is read afresh
            _OPEN[uri] = Connection(uri, conn.store, None, generation=conn.generation + 1)
        else:
            _INDEXED.pop(uri, None)
            _NODES.pop(uri, None)
            conn.store.close()


def save_decision(uri: str, lead_id: str, status: str, note: str, user: User) -> dict:
    """Store a user's decision on a lead, under their name; refused when their role does not allow it
    (``users.require``) and while a batch job writes the embedded store."""
    require(user, status)
    return _write(uri, lambda store: record_decision(store, lead_id, status, note, user.name))


def save_note(uri: str, lead_id: str, text: str, user: User) -> dict:
    """Add a note to a lead's case notebook under the user's name; refused to viewers and while a batch job
    writes the embedded store."""
    from graphintel.leads.cases import record_note

    if not user.may_write:
        raise PermissionDenied(f"{user.name} is a {user.role} and may not write in a case")
    return _write(uri, lambda store: record_note(store, lead_id, text, user.name))


def save_entity_decision(uri: str, kind: str, left: str, right: str, note: str, user: User) -> dict:
    """Store a user's merge or split of two spellings, under their name, and apply it at once (entities are
    resolved again, respecting every decision); refused to viewers and while a batch job writes the store."""
    from graphintel.entities.graph import record_decision as decide
    from graphintel.entities.graph import resolve_store, write_entities

    if not user.may_write:
        raise PermissionDenied(f"{user.name} is a {user.role} and may not merge or split entities")
    if not (note or "").strip():
        raise InputError("say why: a merge or split needs a reason")

    def apply(store: GraphStore) -> dict:
        decision = decide(store, kind, left, right, user.name, note)
        write_entities(store, resolve_store(store))
        return decision

    return _write(uri, apply)


def _write(uri: str, work) -> dict:
    """Run ``work(store)`` on the store opened for writing, unless a batch job is writing it; the dashboard's
    read-only connection is reopened afterwards."""
    writer = writer_of(uri)
    if writer:
        raise StoreLockedError(
            f"a batch job ({writer.get('command', '?')}, process {writer.get('pid', '?')}, since "
            f"{writer.get('since', '?')}) is writing the store {uri}; your decision was not saved. "
            "Try again when it finishes."
        )
    with _LOCK:
        store = open_store(uri)
        try:
            decision = work(store)
        finally:
            if not store.shared:  # a server store shares its driver; closing it would close nothing
                store.close()
    reset(uri)
    return decision
