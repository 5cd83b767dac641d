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
from graphintel.store.base import GraphBatch, LoadCounts

_LOCK_PID = re.compile(r"Lock is held by PID (\d+)")


class LadybugStore:
    """A GraphStore over a LadybugDB database file.

    Parameters
    ----------
    path:
        The database file; created (with its folder) when opened for writing.
    read_only:
        Open without taking the writer's lock; writes then fail.
    """

    dialect = "ladybug"

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
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(str(self.path), read_only=read_only, buffer_pool_size=_buffer_pool_bytes())
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            raise _open_error(self.path, exc) from None
        self._keys: dict[str, set[str]] = {}
        self._pairs: dict[tuple[str, str, str], set[tuple[str, str]]] = {}
        self._marker: Path | None = None
        self._large: bool | None = None  # see ``large``
        if not read_only:
            self._marker = _write_marker(self.path)
            self.ensure_schema()

    # -- schema ---------------------------------------------------------
    def ensure_schema(self) -> None:
        existing = set(self._table_names())
        for node in schema.NODE_TYPES.values():
            if node.label in existing:
                continue
            props = ", ".join(f"{name} {kind}" for name, kind in node.properties.items())
            self._conn.execute(f"CREATE NODE TABLE {node.label}(key STRING PRIMARY KEY, {props})")
        for rel in schema.REL_TYPES.values():
            if rel.type in existing:
                continue
            pairs = ", ".join(f"FROM {a} TO {b}" for a, b in rel.pairs)
            self._conn.execute(f"CREATE REL TABLE {rel.type}({pairs})")

    def _table_names(self) -> list[str]:
        result = self._conn.execute("CALL show_tables() RETURN name")
        return [row[0] for row in result.get_all()]

    LARGE = 300_000  # consignments from which a scan costs more than a few hundred key lookups

    @property
    def large(self) -> bool:
        """Whether the store is big enough that ``IN $list`` (a scan here) loses to per-key lookups."""
        if self._large is None:
            n = self.query(f"MATCH (c:{schema.CONSIGNMENT}) RETURN count(c) AS n").iloc[0, 0]
            self._large = int(n) >= self.LARGE
        return self._large

    # -- reads -----------------------------------------------------------
    def query(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        try:
            result = self._conn.execute(cypher, params or {})
        except RuntimeError as exc:
            raise StoreError(f"query failed on {self.path}: {exc}") from None
        frame = result.get_as_df()
        return frame

    def counts(self) -> dict[str, int]:
        out = {}
        for label in (*schema.DATA_NODE_LABELS, schema.LEAD, schema.RUN):
            frame = self.query(f"MATCH (n:{label}) RETURN count(n) AS n")
            out[label] = int(frame.iloc[0, 0])
        return out

    # -- writes ----------------------------------------------------------
    def load(self, batch: GraphBatch) -> LoadCounts:
        self._require_writable()
        counts = LoadCounts()
        new_rows: dict[str, pd.DataFrame] = {}
        for label, frame in batch.nodes.items():
            known = self._known_keys(label)
            frame = frame.drop_duplicates("key")
            # A set lookup per row: Series.isin(set) converts the whole set on every call.
            fresh = frame[_mask(key not in known for key in frame["key"].tolist())]
            new_rows[label] = fresh
            if label == schema.CONSIGNMENT:
                counts.consignments_new = len(fresh)
                counts.consignments_present = len(frame) - len(fresh)
        new_consignments = set(new_rows.get(schema.CONSIGNMENT, pd.DataFrame(columns=["key"]))["key"].tolist())
        new_rels: list[tuple[str, str, str, pd.DataFrame]] = []
        for rel in batch.rels:
            frame = rel.frame.drop_duplicates(["from", "to"])
            if schema.CONSIGNMENT in (rel.from_label, rel.to_label):
                side = "from" if rel.from_label == schema.CONSIGNMENT else "to"
                frame = frame[_mask(key in new_consignments for key in frame[side].tolist())]
            else:
                pairs = self._known_pairs(rel.type, rel.from_label, rel.to_label)
                if pairs:
                    both = zip(frame["from"].tolist(), frame["to"].tolist(), strict=True)
                    frame = frame[_mask(p not in pairs for p in both)]
            new_rels.append((rel.type, rel.from_label, rel.to_label, frame))

        self._conn.execute("BEGIN TRANSACTION")
        try:
            for label, frame in new_rows.items():
                if len(frame):
                    self._copy(label, _node_columns(label, frame))
            for rel_type, a, b, frame in new_rels:
                if len(frame):
                    self._copy(rel_type, frame, a, b)
            self._conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            self._keys.clear()
            self._pairs.clear()
            raise
        for label, frame in new_rows.items():
            self._known_keys(label).update(frame["key"].tolist())
            counts.nodes[label] = counts.nodes.get(label, 0) + len(frame)
        for rel_type, a, b, frame in new_rels:
            if schema.CONSIGNMENT not in (a, b):
                self._known_pairs(rel_type, a, b).update(zip(frame["from"], frame["to"], strict=True))
            counts.rels[rel_type] = counts.rels.get(rel_type, 0) + len(frame)
        return counts

    def _copy(self, table: str, frame: pa.Table | pd.DataFrame, from_label: str = "", to_label: str = "") -> None:
        options = f" (from='{from_label}', to='{to_label}')" if from_label else ""
        if isinstance(frame, pd.DataFrame):
            frame = _edge_table(frame)
        try:
            self._conn.execute(f"COPY {table} FROM $frame{options}", {"frame": frame})
        except RuntimeError as exc:
            raise StoreError(f"loading {table} into {self.path} failed: {exc}") from None

    def _known_keys(self, label: str) -> set[str]:
        if label not in self._keys:
            table = self._conn.execute(f"MATCH (n:{label}) RETURN n.key").get_as_arrow()
            self._keys[label] = set(table.column(0).to_pylist())
        return self._keys[label]

    def _known_pairs(self, rel_type: str, a: str, b: str) -> set[tuple[str, str]]:
        slot = (rel_type, a, b)
        if slot not in self._pairs:
            table = self._conn.execute(f"MATCH (x:{a})-[:{rel_type}]->(y:{b}) RETURN x.key, y.key").get_as_arrow()
            self._pairs[slot] = set(zip(table.column(0).to_pylist(), table.column(1).to_pylist(), strict=True))
        return self._pairs[slot]

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> None:
        self._require_writable()
        try:
            self._conn.execute(cypher, params or {})
        except RuntimeError as exc:
            raise StoreError(f"write failed on {self.path}: {exc}") from None

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

    def replace_run(self, run: dict[str, Any], leads: pd.DataFrame, members: pd.DataFrame) -> None:
        """Write a run node, its leads and lead->party edges in one transaction."""
        self._require_writable()
        run_frame = _node_columns(schema.RUN, pd.DataFrame([{"key": run["run_id"], **run}]))
        lead_frame = _node_columns(schema.LEAD, leads.assign(key=leads["lead_id"]))
        self._conn.execute("BEGIN TRANSACTION")
        try:
            self._copy(schema.RUN, run_frame)
            if len(lead_frame):
                self._copy(schema.LEAD, lead_frame)
                produced = pd.DataFrame({"from": run["run_id"], "to": leads["lead_id"]})
                self._copy(schema.PRODUCED, produced, schema.RUN, schema.LEAD)
                for label in schema.PARTY_LABELS:
                    part = members[members["label"] == label]
                    if len(part):
                        edges = pd.DataFrame({"from": part["lead_id"].values, "to": part["party_key"].values})
                        self._copy(schema.INVOLVES, edges, schema.LEAD, label)
            self._conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        try:
            self._conn.execute("ROLLBACK")
        except RuntimeError:
            pass  # a failed statement already ended the transaction

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


def _mask(flags) -> np.ndarray:
    """A boolean row mask from a generator (an empty list would select no columns instead of no rows)."""
    return np.fromiter(flags, dtype=bool)


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
        marker.write_text(json.dumps(info), encoding="utf-8")
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
    if "checkpoint recovery is pending" in text:
        return StoreBusyError(
            f"the store {path} is being written by another process right now (a checkpoint is in progress); "
            f"try again in a few seconds"
        )
    if "Could not set lock" in text:
        pid = _LOCK_PID.search(text)
        holder = f" (process {pid.group(1)})" if pid else ""
        return StoreLockedError(
            f"the store {path} is open for writing by another GraphIntel process{holder}; "
            f"wait for it to finish, or open the dashboard, which reads it read-only"
        )
    return StoreError(f"cannot open the store {path}: {text.splitlines()[0]}")
