"""The embedded store: a LadybugDB database file, no server.

One process may open a database file for writing at a time; readers such as
the dashboard open it read-only. Loads use bulk ``COPY ... FROM`` a DataFrame
inside one transaction per batch, after dropping what the store already holds,
so a batch lands whole or not at all and reloading changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ladybug
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphintel import schema
from graphintel.config import process_alive
from graphintel.errors import StoreBusyError, StoreError, StoreLockedError
from graphintel.frames import arrow, isin
from graphintel.private import make_private, private_dir, write_private_text
from graphintel.store.base import NEIGHBOUR_READS, GraphBatch, LoadCounts, NamedQueries, RelFrame, read_query_text

_LOCK_PID = re.compile(r"Lock is held by PID (\d+)")


class LadybugStore(NamedQueries):
    """A GraphStore over a LadybugDB database file.

    Parameters
    ----------
    path:
        The database file; created (with its folder) when opened for writing.
    read_only:
        Open without taking the writer's lock; writes then fail.
    """

    dialect = "ladybug"
    shared = False  # one file, one writer: an open reader sees the file as it was when opened
    background_load = False  # loads in this process; ingest may prepare its input in another one
    ingest_chunk_rows = sys.maxsize  # the caller's chunk size, whatever it is
    FRONTIER_BATCH = 20  # keys a walk expands together on a large store, until the drawing is full

    @staticmethod
    def prepare_batch(batch: GraphBatch) -> GraphBatch:
        """What ``load`` converts first (Arrow tables), for ingest to do in the process preparing the input."""
        return to_arrow(batch)

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.uri = str(self.path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(
                f"no GraphIntel store at {self.path}; load data first with `graphintel ingest` "
                f"or point --store / GRAPHINTEL_STORE at an existing one"
            )
        if not read_only:
            private_dir(self.path.parent, tighten=False)
        self._open()
        if read_only and self._missing_properties() and not active_writer(self.uri):
            self._conn.close()
            self._db.close()
            self._add_missing_properties_as_writer()
            self._open()
        if not read_only:
            for held in store_files(self.path):
                make_private(held)
        self._keys: dict[str, pa.Array] = {}
        self._pairs: dict[tuple[str, str, str], pa.Array] = {}
        self._marker: Path | None = None
        self._large: bool | None = None  # see ``large``
        self._consignments: int | None = None  # see ``consignment_count``
        self._stamp = file_stamp(self.path)
        self._loads = 0  # loads and writes through this store since it was opened (see ``data_version``)
        if not read_only:
            self._marker = _write_marker(self.path)
            self.ensure_schema()

    def _open(self) -> None:
        read_only = self.read_only
        try:
            try:
                self._db = _database(self.path, read_only)
            except RuntimeError as exc:
                if not (read_only and _RECOVERY_PENDING in str(exc) and _recover_checkpoint(self.path)):
                    raise
                self._db = _database(self.path, read_only)  # the dead writer's checkpoint is now complete
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            raise _open_error(self.path, exc) from None

    # -- schema ---------------------------------------------------------
    def _missing_properties(self) -> list[str]:
        """``Label.property`` of the schema that the store's tables lack (a store made before they existed)."""
        existing = set(self._table_names())
        missing = []
        for node in schema.NODE_TYPES.values():
            if node.label in existing:
                found = _one(self._conn.execute(f"CALL table_info('{node.label}') RETURN name"))
                held = set(found.get_as_arrow().column(0).to_pylist())
                missing += [f"{node.label}.{name}" for name in node.properties if name not in held]
        return missing

    def _add_missing_properties_as_writer(self) -> None:
        """A store opened read-only that lacks properties added to the schema since it was made (the reads name
        them: ``Address.display``) gains them as empty columns, as its next writer would add them, when no one
        is writing it (else it is read as it is)."""
        try:
            LadybugStore(self.path).close()  # opening for writing adds them (``ensure_schema``)
        except StoreError:
            pass

    def ensure_schema(self) -> None:
        existing = set(self._table_names())
        for node in schema.NODE_TYPES.values():
            if node.label in existing:
                self._add_missing_properties(node)
                continue
            props = ", ".join(f"{name} {kind}" for name, kind in node.properties.items())
            self._conn.execute(f"CREATE NODE TABLE {node.label}(key STRING PRIMARY KEY, {props})")
        for rel in schema.REL_TYPES.values():
            if rel.type in existing:
                continue
            pairs = ", ".join(f"FROM {a} TO {b}" for a, b in rel.pairs)
            props = "".join(f", {name} {kind}" for name, kind in rel.properties)
            self._conn.execute(f"CREATE REL TABLE {rel.type}({pairs}{props})")

    def _add_missing_properties(self, node: schema.NodeType) -> None:
        """Properties added to the schema since the store was made (``quality``, ``content_hash``), as empty columns."""
        found = _one(self._conn.execute(f"CALL table_info('{node.label}') RETURN name"))
        held = set(found.get_as_arrow().column(0).to_pylist())
        for name, kind in node.properties.items():
            if name not in held:
                self._conn.execute(f"ALTER TABLE {node.label} ADD {name} {kind}")

    def _table_names(self) -> list[str]:
        result = _one(self._conn.execute("CALL show_tables() RETURN name"))
        return [str(name) for name in result.get_as_arrow().column(0).to_pylist()]

    LARGE = 300_000  # consignments from which a scan costs more than a few hundred key lookups

    @property
    def large(self) -> bool:
        """Whether the store is big enough that ``IN $list`` (a scan here) loses to per-key lookups."""
        if self._large is None:
            self._large = self.consignment_count >= self.LARGE
        return self._large

    @property
    def consignment_count(self) -> int:
        """The consignments in the store, counted once (and again after this store loads more)."""
        if self._consignments is None:
            n = self.query(f"MATCH (c:{schema.CONSIGNMENT}) RETURN count(c) AS n").iloc[0, 0]
            self._consignments = int(n)
        return self._consignments

    def data_version(self) -> tuple:
        """The file as it was opened, and the writes made through this store since."""
        return (self._stamp, self._loads)

    @property
    def frontier_batch(self) -> int | None:
        """On a large store a walk step costs a lookup per key: expand a slice of the frontier at a time."""
        return self.FRONTIER_BATCH if self.large else None

    def neighbour_rows(self, read: str, keys: list[str]) -> pd.DataFrame:
        """One ``IN $list`` query on a small store. On a large one, where ``IN`` scans a table (0.3 to 0.7 s at a
        million consignments), one primary-key lookup per key under the label its prefix names, read through
        Arrow (0.2 ms a key)."""
        if not self.large:
            return super().neighbour_rows(read, keys)
        _, one, one_param = NEIGHBOUR_READS[read]
        text = read_query_text(one, self.dialect)
        by_label = {label: _branch(text, label) for label in schema.NODE_TYPES}
        tables = [
            self.arrow_query(by_label.get(schema.label_of_key(key) or "", text), {one_param: key}) for key in keys
        ]
        tables = [t for t in tables if t.num_rows]
        if not tables:
            return self.named(one, {one_param: ""})
        return pa.concat_tables(tables, promote_options="default").to_pandas()

    # -- reads -----------------------------------------------------------
    def query(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        try:
            result = self._conn.execute(cypher, params or {})
        except RuntimeError as exc:
            raise StoreError(f"query failed on {self.path}: {exc}") from None
        return _one(result).get_as_df()

    def arrow_query(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        """``query``'s answer as an Arrow table (a small read costs 0.2 ms this way, 0.7 ms as a DataFrame)."""
        try:
            return _one(self._conn.execute(cypher, params or {})).get_as_arrow()
        except RuntimeError as exc:
            raise StoreError(f"query failed on {self.path}: {exc}") from None

    def bulk_query(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """``query`` for large results: through Arrow, three times faster at a million rows.

        Dates come back as ``datetime64`` and strings as pandas' Arrow-backed ``str``.
        """
        return self.arrow_query(cypher, params).to_pandas(date_as_object=False)

    def consignment_versions(self, keys: list[str] | None = None) -> pd.DataFrame:
        """Key, ``content_hash``, source file and line of the held consignments among ``keys`` (all when None)
        that have a content hash (consignments loaded before it existed have none)."""
        columns = (
            "c.key AS key, c.content_hash AS content_hash, c.source_file AS source_file, c.source_line AS source_line"
        )
        if keys is None:
            return self.bulk_query(f"MATCH (c:{schema.CONSIGNMENT}) WHERE c.content_hash IS NOT NULL RETURN {columns}")
        wanted = pa.array([str(k) for k in keys], type=pa.string())
        held = wanted.filter(isin(wanted, self._known_keys(schema.CONSIGNMENT)))  # most ingests: none held
        if len(held) == 0:
            return pd.DataFrame(columns=["key", "content_hash", "source_file", "source_line"])
        frame = self.query(
            f"UNWIND $keys AS k MATCH (c:{schema.CONSIGNMENT} {{key: k}}) WHERE c.content_hash IS NOT NULL "
            f"RETURN {columns}",
            {"keys": held.to_pylist()},
        )
        return frame

    def counts(self) -> dict[str, int]:
        out = {}
        for label in (*schema.DATA_NODE_LABELS, schema.LEAD, schema.RUN):
            frame = self.query(f"MATCH (n:{label}) RETURN count(n) AS n")
            out[label] = int(frame.iloc[0, 0])
        return out

    # -- writes ----------------------------------------------------------
    def load(self, batch: GraphBatch) -> LoadCounts:
        """Add the batch's new nodes and edges in one transaction (what the store holds already is skipped)."""
        self._require_writable()
        batch = to_arrow(batch)
        counts = LoadCounts()
        new_rows: dict[str, pa.Table] = {}
        for label, table in batch.nodes.items():
            table = table.filter(_first_of_each(table["key"]))
            fresh = table.filter(~isin(table["key"], self._known_keys(label)))
            new_rows[label] = fresh
            if label == schema.CONSIGNMENT:
                counts.consignments_new = fresh.num_rows
                counts.consignments_present = table.num_rows - fresh.num_rows
        new_consignments = new_rows[schema.CONSIGNMENT]["key"] if schema.CONSIGNMENT in new_rows else pa.array([])
        new_rels: list[tuple[str, str, str, pa.Table]] = []
        for rel in batch.rels:
            table = rel.frame
            pair = _pair_keys(table)
            first = _first_of_each(pair)
            table, pair = table.filter(first), pair.filter(first)
            if schema.CONSIGNMENT in (rel.from_label, rel.to_label):
                side = "from" if rel.from_label == schema.CONSIGNMENT else "to"
                keep = isin(table[side], new_consignments)
            else:
                keep = ~isin(pair, self._known_pairs(rel.type, rel.from_label, rel.to_label))
            new_rels.append((rel.type, rel.from_label, rel.to_label, table.filter(keep)))

        try:
            with self._transaction() as conn:
                for label, table in new_rows.items():
                    if table.num_rows:
                        self._copy(conn, label, table)
                for rel_type, a, b, table in new_rels:
                    if table.num_rows:
                        self._copy(conn, rel_type, table, a, b)
        except BaseException:
            self._keys.clear()
            self._pairs.clear()
            raise
        self._consignments = None
        self._loads += 1
        for label, table in new_rows.items():
            self._keys[label] = pa.concat_arrays([self._known_keys(label), arrow(table["key"])])
            counts.nodes[label] = counts.nodes.get(label, 0) + table.num_rows
        for rel_type, a, b, table in new_rels:
            if schema.CONSIGNMENT not in (a, b):
                slot = (rel_type, a, b)
                self._pairs[slot] = pa.concat_arrays([self._known_pairs(*slot), arrow(_pair_keys(table))])
            counts.rels[rel_type] = counts.rels.get(rel_type, 0) + table.num_rows
        return counts

    @contextmanager
    def _connection(self) -> Iterator[ladybug.Connection]:
        """A connection for one write that passes tables: closed afterwards, which frees them.

        A LadybugDB connection keeps every table it was given as a parameter until it is closed
        (750 MB of Arrow tables by the end of a million-consignment ingest on the long-lived one).
        """
        conn = ladybug.Connection(self._db)
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[ladybug.Connection]:
        """One transaction on its own connection (see ``_connection``): committed, or rolled back on any error."""
        with self._connection() as conn:
            conn.execute("BEGIN TRANSACTION")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                try:
                    conn.execute("ROLLBACK")
                except RuntimeError:
                    pass  # a failed statement already ended the transaction
                raise

    def _copy(self, conn, table: str, frame: pa.Table | pd.DataFrame, from_label: str = "", to_label: str = "") -> None:
        options = f" (from='{from_label}', to='{to_label}')" if from_label else ""
        if isinstance(frame, pd.DataFrame):
            frame = _edge_table(frame)
        try:
            conn.execute(f"COPY {table} FROM $frame{options}", {"frame": frame})
        except RuntimeError as exc:
            raise StoreError(f"loading {table} into {self.path} failed: {exc}") from None

    def _known_keys(self, label: str) -> pa.Array:
        """The keys of the ``label`` nodes in the store (read once, then kept up to date by ``load``)."""
        if label not in self._keys:
            table = _one(self._conn.execute(f"MATCH (n:{label}) RETURN n.key")).get_as_arrow()
            self._keys[label] = arrow(table.column(0))
        return self._keys[label]

    def _known_pairs(self, rel_type: str, a: str, b: str) -> pa.Array:
        """The edges of ``rel_type`` in the store as "from<US>to" strings (read once, then kept up to date)."""
        slot = (rel_type, a, b)
        if slot not in self._pairs:
            found = self._conn.execute(f"MATCH (x:{a})-[:{rel_type}]->(y:{b}) RETURN x.key, y.key")
            table = _one(found).get_as_arrow()
            self._pairs[slot] = arrow(_pair_keys(pa.table({"from": table.column(0), "to": table.column(1)})))
        return self._pairs[slot]

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> None:
        self._require_writable()
        try:
            if params:
                with self._connection() as conn:  # frees any table passed (see ``_connection``)
                    conn.execute(cypher, params)
            else:
                self._conn.execute(cypher)
        except RuntimeError as exc:
            raise StoreError(f"write failed on {self.path}: {exc}") from None
        self._loads += 1

    def update_properties(self, label: str, frame: pd.DataFrame) -> int:
        """Set the frame's columns (other than ``key``) on the ``label`` nodes with those keys."""
        self._require_writable()
        if frame.empty:
            return 0
        props = [c for c in frame.columns if c != "key"]
        known = set(schema.NODE_TYPES[label].properties)
        unknown = [p for p in props if p not in known]
        if unknown:
            raise ValueError(f"{label} has no properties {unknown}")
        renamed = frame.rename(columns={"key": "_key", **{p: f"_{p}" for p in props}}).reset_index(drop=True)
        sets = ", ".join(f"n.{p} = _{p}" for p in props)
        self.write(f"LOAD FROM $rows MATCH (n:{label} {{key: _key}}) SET {sets}", {"rows": renamed})
        return len(frame)

    def replace_run(
        self, run: dict[str, Any], leads: pd.DataFrame, members: pd.DataFrame, evidence: pd.DataFrame
    ) -> None:
        """Write a run node, its leads, lead->party edges and lead->consignment evidence in one transaction."""
        self._require_writable()
        run_frame = _node_columns(schema.RUN, pd.DataFrame([{"key": run["run_id"], **run}]))
        lead_frame = _node_columns(schema.LEAD, leads.assign(key=leads["lead_id"]))
        with self._transaction() as conn:
            self._copy(conn, schema.RUN, run_frame)
            if len(lead_frame):
                self._copy(conn, schema.LEAD, lead_frame)
                produced = pd.DataFrame({"from": run["run_id"], "to": leads["lead_id"]})
                self._copy(conn, schema.PRODUCED, produced, schema.RUN, schema.LEAD)
                for label in schema.PARTY_LABELS:
                    part = members[members["label"] == label]
                    if len(part):
                        edges = pd.DataFrame({"from": part["lead_id"].values, "to": part["party_key"].values})
                        self._copy(conn, schema.INVOLVES, edges, schema.LEAD, label)
                if len(evidence):
                    edges = pd.DataFrame({"from": evidence["lead_id"].values, "to": evidence["consignment_id"].values})
                    self._copy(conn, schema.EVIDENCED_BY, edges, schema.LEAD, schema.CONSIGNMENT)
        self._loads += 1

    def replace_entities(self, label: str, entities: pd.DataFrame, links: pd.DataFrame) -> None:
        """Entity ids on ``label`` nodes, and that label's ``SAME_AS`` edges replaced, in one transaction."""
        self._require_writable()
        edges = pa.table(
            {
                "from": _arrow(links["left"], "STRING"),
                "to": _arrow(links["right"], "STRING"),
                "score": _arrow(links["score"], "DOUBLE"),
                "evidence": _arrow(links["evidence"], "STRING"),
            }
        )
        with self._transaction() as conn:
            conn.execute(f"MATCH (:{label})-[r:{schema.SAME_AS}]->(:{label}) DELETE r")
            if edges.num_rows:
                self._copy(conn, schema.SAME_AS, edges, label, label)
        self.update_properties(label, entities)

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only; this operation writes")

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        self._conn = self._db = None  # type: ignore[assignment]
        if conn is not None:
            conn.close()
        if db is not None:
            db.close()
        marker, self._marker = getattr(self, "_marker", None), None
        if marker is not None:
            marker.unlink(missing_ok=True)

    def __enter__(self) -> LadybugStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_ARROW_TYPES = {"STRING": pa.string(), "DOUBLE": pa.float64(), "INT64": pa.int64(), "DATE": pa.date32()}


def _node_columns(label: str, frame: pd.DataFrame) -> pa.Table:
    """The frame's columns in table order as an Arrow table, missing properties as nulls."""
    node = schema.NODE_TYPES[label]
    arrays = {"key": _arrow(frame["key"], "STRING")}
    for name, kind in node.properties.items():
        column = frame[name] if name in frame else pd.Series([None] * len(frame), index=frame.index)
        arrays[name] = _arrow(column, kind)
    return pa.table(arrays)


def _arrow(column: pd.Series, kind: str) -> pa.Array:
    if kind == "DOUBLE":
        values = pd.to_numeric(column, errors="coerce").astype("float64")
        return pa.array(values.to_numpy(), type=pa.float64(), from_pandas=True)
    if kind == "INT64":
        values = pd.to_numeric(column, errors="coerce")
        return pa.array(values.astype("Int64").to_numpy(dtype=object, na_value=None), type=pa.int64())
    if kind == "DATE":
        values = pd.to_datetime(column, errors="coerce")
        return pa.array(values.dt.date.to_numpy(dtype=object, na_value=None), type=pa.date32())
    if pd.api.types.infer_dtype(column, skipna=True) not in ("string", "empty"):  # numbers, dates: as text
        column = column.astype(object).where(column.notna(), None).map(lambda v: v if v is None else str(v))
    values = pa.array(column.to_numpy(dtype=object, na_value=None), type=pa.string(), from_pandas=True)
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)  # "" is missing


def _edge_table(frame: pd.DataFrame) -> pa.Table:
    return pa.table({"from": _arrow(frame["from"], "STRING"), "to": _arrow(frame["to"], "STRING")})


def to_arrow(batch: GraphBatch) -> GraphBatch:
    """The batch with every frame as the Arrow table ``COPY`` takes (tables already converted are kept).

    Ingest calls this in the process that prepares the input, so the loading process only loads.
    """
    nodes = {
        label: frame if isinstance(frame, pa.Table) else _node_columns(label, frame)
        for label, frame in batch.nodes.items()
    }
    rels = [
        rel
        if isinstance(rel.frame, pa.Table)
        else RelFrame(rel.type, rel.from_label, rel.to_label, _edge_table(rel.frame))
        for rel in batch.rels
    ]
    return GraphBatch(nodes, rels)


def _pair_keys(table: pa.Table) -> pa.Array:
    """Each edge as one "from<US>to" string, to find edges already held."""
    return arrow(pc.binary_join_element_wise(table["from"], table["to"], "\x1f"))


def _first_of_each(values) -> np.ndarray:
    """True at the first occurrence of each value (rows repeating an earlier one are dropped)."""
    codes = pc.dictionary_encode(arrow(values)).indices.to_numpy(zero_copy_only=False)
    keep = np.zeros(len(codes), dtype=bool)
    keep[np.unique(codes, return_index=True)[1]] = True
    return keep


CHECKPOINT_BYTES = 1 << 30
_RECOVERY_PENDING = "checkpoint recovery is pending"


def _database(path: Path, read_only: bool) -> ladybug.Database:
    # A writer checkpoints (writes its log into the file's columns) once its log passes
    # CHECKPOINT_BYTES and when it closes: with LadybugDB's 16 MB default, a million-row
    # ingest rewrote the growing tables at every chunk's commit (31 s of 124 s; once: 16 s).
    if read_only:
        return ladybug.Database(str(path), read_only=True, buffer_pool_size=_buffer_pool_bytes())
    return ladybug.Database(
        str(path), read_only=False, buffer_pool_size=_buffer_pool_bytes(), checkpoint_threshold=CHECKPOINT_BYTES
    )


def _recover_checkpoint(path: Path) -> bool:
    """Finish the checkpoint a killed writer left, so readers can open the store; True when done.

    A read-only open refuses while a checkpoint is pending, and only a read-write open completes it.
    Nothing is tried while the writer's marker names a live process; a writer without a marker still
    holds LadybugDB's file lock, which makes this open fail and the reader wait as before.
    """
    if active_writer(path) is not None:
        return False
    try:
        db = ladybug.Database(str(path), read_only=False, buffer_pool_size=_buffer_pool_bytes())
    except RuntimeError:
        return False  # a live writer holds the lock, or the files are not ours to write
    db.close()
    writer_marker(path).unlink(missing_ok=True)  # the stale marker of the killed writer
    for held in store_files(path):
        make_private(held)
    return True


def _one(result: ladybug.QueryResult | list[ladybug.QueryResult]) -> ladybug.QueryResult:
    """The result of one statement (LadybugDB returns a list for a string of several)."""
    return result[-1] if isinstance(result, list) else result


def _branch(text: str, label: str) -> str:
    """The ``UNION ALL`` branch of a per-key query that looks the key up under ``label`` (else all of it)."""
    parts = [p for p in text.split("UNION ALL") if f":{label} {{" in p]
    return parts[0] if len(parts) == 1 else text


def file_stamp(path: str | Path) -> tuple | None:
    """The database file's modification time and size (None when it does not exist)."""
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def store_files(path: str | Path) -> list[Path]:
    """The database file and the files LadybugDB keeps beside it (log, shadow, locks, the writer marker)."""
    path = Path(path)
    return [path, *sorted(path.parent.glob(f"{path.name}.*"))] if path.parent.exists() else []


def _buffer_pool_bytes() -> int:
    """``GRAPHINTEL_BUFFER_POOL_MB`` in bytes; 0 (unset) keeps LadybugDB's default (a share of the machine's memory)."""
    text = os.environ.get("GRAPHINTEL_BUFFER_POOL_MB", "").strip()
    if not text:
        return 0
    try:
        megabytes = int(text)
    except ValueError:
        raise StoreError(f"GRAPHINTEL_BUFFER_POOL_MB='{text}' is not a whole number of megabytes") from None
    if megabytes <= 0:
        raise StoreError(f"GRAPHINTEL_BUFFER_POOL_MB={megabytes} must be positive")
    return megabytes * 1024 * 1024


def writer_marker(path: str | Path) -> Path:
    """The file a read-write process keeps beside the database while it has it open."""
    return Path(f"{path}.writer.json")


def _write_marker(path: Path) -> Path:
    marker = writer_marker(path)
    info = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:200],
        "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    try:
        write_private_text(marker, json.dumps(info))
    except OSError:
        return None  # type: ignore[return-value]  # a read-only folder: readers just get no notice
    return marker


def active_writer(path: str | Path) -> dict | None:
    """Who has the database open for writing right now (pid, command, since), or None.

    Read from the marker a writer leaves beside the file; a marker left by a
    killed process on this host is ignored.
    """
    marker = writer_marker(path)
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if info.get("pid") == os.getpid():
        return None  # this process (a decision being saved) is not a batch job
    if not process_alive(info.get("pid"), info.get("host", "")):
        return None
    return info


def _open_error(path: Path, exc: RuntimeError) -> StoreError:
    text = str(exc)
    if _RECOVERY_PENDING in text:
        writer = active_writer(path)
        if writer is None:
            return StoreBusyError(
                f"the store {path} holds a checkpoint left unfinished by a writer that is no longer running, "
                f"and this process could not finish it (it needs write access to {path.parent}, and no other "
                f"process may hold the store); run a writing command such as `graphintel run` as the store's owner"
            )
        return StoreBusyError(
            f"the store {path} is being written by another process right now (process {writer.get('pid')}: "
            f"{writer.get('command', '?')}; a checkpoint is in progress); try again in a few seconds"
        )
    if "Could not set lock" in text:
        pid = _LOCK_PID.search(text)
        holder = f" (process {pid.group(1)})" if pid else ""
        return StoreLockedError(
            f"the store {path} is open for writing by another GraphIntel process{holder}; "
            f"wait for it to finish, or open the dashboard, which reads it read-only"
        )
    return StoreError(f"cannot open the store {path}: {text.splitlines()[0]}")
