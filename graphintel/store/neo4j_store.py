"""The Neo4j store: Neo4j 5 over Bolt with the official driver.

One driver per process and URI, managed transactions (``execute_read`` /
``execute_write``, retried by the driver on transient errors), parameterised
Cypher only (labels and types come from ``schema``, never from input), batched
``UNWIND ... MERGE`` writes, uniqueness constraints and indexes created on
first use.

Loads are idempotent and survive an interruption. Parties, identifiers and
actors are merged first, in batches of their own; then each batch of
consignments is written in one transaction together with its edges (seller,
buyer, delivery address, declarant, carrier, platform), and only for the
consignments the store does not hold yet, as the embedded store does. So a
consignment is never present without its edges, a load stopped part-way and
run again ends with exactly the data of one complete load, and loading a
corrected file again leaves the consignments already loaded as they were.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import math
import re
import threading
from collections.abc import Iterator
from typing import Any

import neo4j
import numpy as np
import pandas as pd
from neo4j.exceptions import AuthError, ClientError, DriverError, Neo4jError, ServiceUnavailable

from graphintel import schema
from graphintel.config import neo4j_credentials
from graphintel.errors import StoreError
from graphintel.store.base import GraphBatch, LoadCounts, NamedQueries, RelFrame

BATCH_ROWS = 10_000  # nodes or edges per transaction
CONSIGNMENT_BATCH_ROWS = 5_000  # consignments (each with up to six edges) per transaction

_DRIVERS: dict[tuple[str, str, str], neo4j.Driver] = {}
_DRIVERS_LOCK = threading.Lock()


def _driver_key(uri: str, user: str, password: str) -> tuple[str, str, str]:
    """One driver per URI and credentials (a digest, so a changed password gets a new driver)."""
    return uri, user, hashlib.sha256(password.encode()).hexdigest()


def _driver(uri: str, user: str, password: str) -> neo4j.Driver:
    key = _driver_key(uri, user, password)
    with _DRIVERS_LOCK:
        if key not in _DRIVERS:
            _DRIVERS[key] = neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password),
                max_connection_lifetime=3600,
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,  # e.g. "property does not exist yet"
            )
        return _DRIVERS[key]


def _forget_driver(uri: str, user: str, password: str) -> None:
    with _DRIVERS_LOCK:
        driver = _DRIVERS.pop(_driver_key(uri, user, password), None)
    if driver is not None:
        driver.close()


def close_drivers() -> None:
    """Close every cached driver (at process exit or in tests)."""
    with _DRIVERS_LOCK:
        drivers = list(_DRIVERS.values())
        _DRIVERS.clear()
    for driver in drivers:
        driver.close()


atexit.register(close_drivers)


class Neo4jStore(NamedQueries):
    """A GraphStore over a Neo4j server.

    Parameters
    ----------
    uri: ``bolt://``, ``neo4j://`` (or ``+s``/``+ssc``) URI. The user, password and
        database come from ``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``.
    read_only: open for reads only; writes raise ``StoreError``.
    """

    dialect = "neo4j"
    shared = True  # a server: other processes may write while this store is open

    background_load = True  # ingest prepares the next chunk while this one loads
    ingest_chunk_rows = 50_000

    @staticmethod
    def prepare_batch(batch: GraphBatch) -> GraphBatch:
        """Nothing to convert ahead: rows go over Bolt as lists."""
        return batch

    def __init__(self, uri: str, read_only: bool = False) -> None:
        self.uri = uri
        self.read_only = read_only
        credentials = neo4j_credentials()
        self.user = credentials.user
        self.database = credentials.database
        self._where = f"{uri}" + (f" (database '{self.database}')" if self.database else "")
        try:
            self._driver = _driver(uri, credentials.user, credentials.password)
        except (DriverError, ValueError) as exc:  # a malformed URI or setting
            raise StoreError(f"cannot use the Neo4j URI {uri}: {_first_line(exc)}") from None
        try:
            self._check_connection()
        except StoreError:
            _forget_driver(uri, credentials.user, credentials.password)  # the next attempt starts afresh
            raise
        if not read_only:
            self.ensure_schema()

    def _check_connection(self) -> None:
        try:
            self._driver.verify_connectivity()
            self._driver.execute_query("RETURN 1", database_=self.database, routing_=neo4j.RoutingControl.READ)
        except AuthError:
            raise StoreError(
                f"Neo4j at {self.uri} refused the credentials of user '{self.user}'; "
                f"check NEO4J_USER and NEO4J_PASSWORD"
            ) from None
        except ServiceUnavailable as exc:
            tls = "+s" in self.uri.split("://", 1)[0]
            hint = "; the URI asks for TLS (+s/+ssc): does the server offer it?" if tls else ""
            raise StoreError(
                f"cannot reach Neo4j at {self.uri} ({_unreachable_reason(exc)}); is the server running "
                f"(scripts/neo4j-start) and the URI right?{hint}"
            ) from None
        except ClientError as exc:
            code = exc.code or ""
            if code == "Neo.ClientError.Database.DatabaseNotFound":
                raise StoreError(
                    f"Neo4j at {self.uri} has no database '{self.database}'; check NEO4J_DATABASE"
                ) from None
            if code == "Neo.ClientError.Security.AuthenticationRateLimit":
                raise StoreError(
                    f"Neo4j at {self.uri} locked user '{self.user}' after too many failed logins; "
                    f"check NEO4J_USER and NEO4J_PASSWORD and try again in a few seconds"
                ) from None
            if code.startswith("Neo.ClientError.Security."):
                raise StoreError(
                    f"Neo4j at {self._where} refused user '{self.user}' ({_first_line(exc)}); "
                    f"check NEO4J_USER, NEO4J_PASSWORD and the user's rights"
                ) from None
            raise StoreError(f"Neo4j at {self._where}: {_first_line(exc)}") from None
        except (Neo4jError, DriverError, OSError, ValueError) as exc:
            raise StoreError(f"cannot use Neo4j at {self._where}: {_first_line(exc)}") from None

    # -- schema ---------------------------------------------------------
    def ensure_schema(self) -> None:
        """Uniqueness constraints on ``key`` for every label and the lookup indexes, when missing."""
        wanted = {
            f"graphintel_{label.lower()}_key": (
                f"CREATE CONSTRAINT graphintel_{label.lower()}_key IF NOT EXISTS "
                f"FOR (n:{label}) REQUIRE n.key IS UNIQUE"
            )
            for label in schema.NODE_TYPES
        }
        for label, prop in (
            (schema.LEAD, "lead_id"),
            (schema.RUN, "run_id"),
            (schema.SELLER, "party_id"),
            (schema.BUYER, "party_id"),
            (schema.CONSIGNMENT, "consignment_id"),
        ):
            name = f"graphintel_{label.lower()}_{prop}"
            wanted[name] = f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
        existing = set(self.query("SHOW INDEXES YIELD name RETURN name")["name"])  # constraints own an index
        missing = [statement for name, statement in wanted.items() if name not in existing]
        for statement in missing:
            self._run_write(statement, {})
        if missing:
            self._run_write("CALL db.awaitIndexes(300)", {})

    # -- reads -----------------------------------------------------------
    def query(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run a Cypher query in a read transaction; rows as a DataFrame shaped like the embedded store's.

        Dates come back as ``datetime64`` columns, missing values as NaN, nodes,
        relationships and paths as dicts with ``_LABEL``/``_ID`` (as LadybugDB returns them).
        """

        def work(tx):
            result = tx.run(cypher, _params(params or {}))
            keys = result.keys()
            return keys, [record.values() for record in result]

        try:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                keys, rows = session.execute_read(work)
        except Neo4jError as exc:
            raise StoreError(f"query failed on {self._where}: {_first_line(exc)}") from None
        except DriverError as exc:
            raise StoreError(f"lost Neo4j at {self._where}: {_first_line(exc)}") from None
        return _frame(keys, rows)

    @property
    def consignment_count(self) -> int:
        """The consignments on the server now."""
        return int(self.query(f"MATCH (c:{schema.CONSIGNMENT}) RETURN count(c) AS n").iloc[0, 0])

    def data_version(self) -> tuple:
        """The consignments counted and the latest run: what loads and scoring change."""
        latest = self.query(f"MATCH (r:{schema.RUN}) RETURN r.run_id AS id ORDER BY id DESC LIMIT 1")
        return (self.consignment_count, latest.iloc[0, 0] if len(latest) else "")

    def consignment_versions(self, keys: list[str] | None = None) -> pd.DataFrame:
        """Key, ``content_hash``, source file and line of the held consignments among ``keys`` (all when None)
        that have a content hash (consignments loaded before it existed have none)."""
        returns = (
            "RETURN c.key AS key, c.content_hash AS content_hash, c.source_file AS source_file, "
            "c.source_line AS source_line"
        )
        if keys is None:
            return self.query(f"MATCH (c:{schema.CONSIGNMENT}) WHERE c.content_hash IS NOT NULL {returns}")
        parts = [
            self.query(
                f"UNWIND $keys AS k MATCH (c:{schema.CONSIGNMENT} {{key: k}}) WHERE c.content_hash IS NOT NULL "
                f"{returns}",
                {"keys": part},
            )
            for part in _chunks([str(k) for k in keys])
        ]
        columns = ["key", "content_hash", "source_file", "source_line"]
        frames = [p for p in parts if len(p)]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)

    def counts(self) -> dict[str, int]:
        labels = (*schema.DATA_NODE_LABELS, schema.LEAD, schema.RUN)
        returns = ", ".join(f"COUNT {{ MATCH (n:{label}) }} AS {label}" for label in labels)
        row = self.query(f"RETURN {returns}").iloc[0]
        return {label: int(row[label]) for label in labels}

    # -- writes ----------------------------------------------------------
    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.uri} is open read-only; this operation writes")

    def _execute_write(self, work, what: str = "write"):
        """Run ``work(tx)`` in one managed write transaction (retried on transient errors)."""
        self._require_writable()
        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(work)
        except Neo4jError as exc:
            raise StoreError(f"{what} failed on {self._where}: {_first_line(exc)}") from None
        except DriverError as exc:
            raise StoreError(f"lost Neo4j at {self._where} during {what}: {_first_line(exc)}") from None

    def _run_write(self, cypher: str, params: dict[str, Any]) -> neo4j.SummaryCounters:
        return self._execute_write(lambda tx: tx.run(cypher, params).consume().counters)

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> None:
        self._run_write(cypher, _params(params or {}))

    def load(self, batch: GraphBatch) -> LoadCounts:
        """Merge a batch: every transaction is one idempotent batch (see the module's notes)."""
        self._require_writable()
        counts = LoadCounts()
        for label, frame in batch.nodes.items():
            if label == schema.CONSIGNMENT:
                continue
            created = 0
            names, rows = _node_rows(label, frame.drop_duplicates("key"))
            for part in _chunks(rows):
                created += self._run_write(_merge_nodes(label, names), {"rows": part}).nodes_created
            counts.nodes[label] = created
        consignment_rels = [r for r in batch.rels if schema.CONSIGNMENT in (r.from_label, r.to_label)]
        for rel in batch.rels:
            counts.rels.setdefault(rel.type, 0)
            if schema.CONSIGNMENT in (rel.from_label, rel.to_label):
                continue  # written with their consignments
            rows = _pairs(rel.frame)
            for part in _chunks(rows):
                counts.rels[rel.type] += self._execute_write(
                    lambda tx, rel=rel, part=part: _merge_edges(tx, rel, part), "load"
                )
        consignments = batch.nodes.get(schema.CONSIGNMENT)
        if consignments is not None:
            self._load_consignments(consignments.drop_duplicates("key"), consignment_rels, counts)
        return counts

    def _load_consignments(self, frame: pd.DataFrame, rels: list[RelFrame], counts: LoadCounts) -> None:
        """New consignments with their edges, one transaction per batch; present ones stay untouched.

        One statement creates each consignment with its first edge of each type, so the consignment is
        looked up once, not once per edge type; a second edge of one type (rare) follows in the same
        transaction.
        """
        names, rows = _node_rows(schema.CONSIGNMENT, frame)
        keys = frame["key"].astype(str)
        ends: list[tuple[RelFrame, bool]] = []
        more: list[tuple[RelFrame, dict[str, list[list[str]]]]] = []  # second and later edges of one type
        for rel in rels:
            outgoing = rel.from_label == schema.CONSIGNMENT
            pairs = rel.frame.drop_duplicates(["from", "to"]).astype(str)
            mine, other = (pairs["from"], pairs["to"]) if outgoing else (pairs["to"], pairs["from"])
            first = ~mine.duplicated()
            column = keys.map(pd.Series(other[first].values, index=mine[first].values))
            for row, value in zip(rows, column.tolist(), strict=True):
                row.append(None if isinstance(value, float) else value)
            ends.append((rel, outgoing))
            rest: dict[str, list[list[str]]] = {}
            for a, b, m in zip(pairs["from"][~first], pairs["to"][~first], mine[~first], strict=True):
                rest.setdefault(m, []).append([a, b])
            if rest:
                more.append((rel, rest))
        create = _create_consignments(names, ends)
        counts.nodes.setdefault(schema.CONSIGNMENT, 0)
        for rel, _ in ends:
            counts.rels.setdefault(rel.type, 0)
        for part in _chunks(rows, CONSIGNMENT_BATCH_ROWS):

            def work(tx, part=part):
                present = set(
                    tx.run(
                        f"UNWIND $keys AS k MATCH (c:{schema.CONSIGNMENT} {{key: k}}) RETURN c.key AS key",
                        keys=[row[0] for row in part],
                    ).value()
                )
                fresh = [row for row in part if row[0] not in present]
                if not fresh:
                    return len(present), 0, {}
                record = tx.run(create, rows=fresh).single(strict=True)
                for (rel, _), missing in zip(ends, record["missing"], strict=True):
                    if missing:
                        raise StoreError(
                            f"{missing} {rel.type} edges name a {rel.from_label} or {rel.to_label} "
                            f"that is not in the store"
                        )
                made = {rel.type: n for (rel, _), n in zip(ends, record["edges"], strict=True)}
                for rel, rest in more:
                    pairs = [pair for row in fresh for pair in rest.get(row[0], ())]
                    if pairs:
                        made[rel.type] += _merge_edges(tx, rel, pairs, create=True)
                return len(present), len(fresh), made

            present, fresh, made = self._execute_write(work, "load")
            counts.consignments_present += present
            counts.consignments_new += fresh
            counts.nodes[schema.CONSIGNMENT] += fresh
            for rel_type, n in made.items():
                counts.rels[rel_type] += n

    def update_properties(self, label: str, frame: pd.DataFrame) -> int:
        """Set the frame's columns (other than ``key``) on the ``label`` nodes with those keys; NaN clears."""
        self._require_writable()
        if frame.empty:
            return 0
        props = [c for c in frame.columns if c != "key"]
        kinds = schema.NODE_TYPES[label].properties
        unknown = [p for p in props if p not in kinds]
        if unknown:
            raise ValueError(f"{label} has no properties {unknown}")
        columns = [_typed_column(frame[p], kinds[p], keep_empty=True) for p in props]
        keys = frame["key"].astype(str).tolist()
        rows = [list(row) for row in zip(keys, *columns, strict=True)]
        sets = _set_clause("n", props, "r")
        for part in _chunks(rows):
            self._run_write(f"UNWIND $rows AS r MATCH (n:{label} {{key: r[0]}}) SET {sets}", {"rows": part})
        return len(frame)

    def replace_run(
        self, run: dict[str, Any], leads: pd.DataFrame, members: pd.DataFrame, evidence: pd.DataFrame
    ) -> None:
        """Write a run node, its leads, lead->party edges and lead->consignment evidence in one transaction."""
        self._require_writable()
        run_names, run_rows = _node_rows(schema.RUN, pd.DataFrame([{**run, "key": run["run_id"]}]))
        run_props = {name: value for name, value in zip(run_names, run_rows[0][1:], strict=True) if value is not None}
        lead_names, lead_rows = _node_rows(schema.LEAD, leads.assign(key=leads["lead_id"]))
        lead_sets = f"SET {_set_clause('n', lead_names, 'l')} " if lead_names else ""
        member_rows = {}
        for label in schema.PARTY_LABELS:  # labels from the schema, never from the frame
            part = members[members["label"] == label] if len(members) else members
            if len(part):
                member_rows[label] = [[str(a), str(b)] for a, b in zip(part["lead_id"], part["party_key"], strict=True)]
        evidence_rows = [[str(a), str(b)] for a, b in zip(evidence["lead_id"], evidence["consignment_id"], strict=True)]

        def work(tx):
            tx.run(
                f"MERGE (r:{schema.RUN} {{key: $key}}) SET r += $props", key=run["run_id"], props=run_props
            ).consume()
            if lead_rows:
                tx.run(
                    f"MATCH (r:{schema.RUN} {{key: $run}}) UNWIND $rows AS l "
                    f"MERGE (n:{schema.LEAD} {{key: l[0]}}) {lead_sets}MERGE (r)-[:{schema.PRODUCED}]->(n)",
                    rows=lead_rows,
                    run=run["run_id"],
                ).consume()
            for label, rows in member_rows.items():
                tx.run(
                    f"UNWIND $rows AS m MATCH (l:{schema.LEAD} {{key: m[0]}}) MATCH (p:{label} {{key: m[1]}}) "
                    f"MERGE (l)-[:{schema.INVOLVES}]->(p)",
                    rows=rows,
                ).consume()
            for part in _chunks(evidence_rows):
                tx.run(
                    f"UNWIND $rows AS e MATCH (l:{schema.LEAD} {{key: e[0]}}) "
                    f"MATCH (c:{schema.CONSIGNMENT} {{key: e[1]}}) MERGE (l)-[:{schema.EVIDENCED_BY}]->(c)",
                    rows=part,
                ).consume()

        self._execute_write(work, f"writing run {run['run_id']}")

    def replace_entities(self, label: str, entities: pd.DataFrame, links: pd.DataFrame) -> None:
        """Entity ids on ``label`` nodes, and that label's ``SAME_AS`` edges replaced."""
        self._require_writable()
        if label not in schema.ENTITY_LABELS:
            raise ValueError(f"{label} is not resolved into entities")
        rows = [
            [str(a), str(b), float(sc), str(ev)]
            for a, b, sc, ev in zip(links["left"], links["right"], links["score"], links["evidence"], strict=True)
        ]

        def work(tx):
            tx.run(f"MATCH (:{label})-[r:{schema.SAME_AS}]->(:{label}) DELETE r").consume()
            for part in _chunks(rows):
                tx.run(
                    f"UNWIND $rows AS e MATCH (a:{label} {{key: e[0]}}) MATCH (b:{label} {{key: e[1]}}) "
                    f"MERGE (a)-[r:{schema.SAME_AS}]->(b) SET r.score = e[2], r.evidence = e[3]",
                    rows=part,
                ).consume()

        self._execute_write(work, f"writing the entities of {label}")
        self.update_properties(label, entities)

    def close(self) -> None:
        """The driver is shared per process (closed at exit); closing a store keeps it for the next one."""

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- writing helpers ------------------------------------------------------
def _merge_edges(tx, rel: RelFrame, pairs: list[list[str]], create: bool = False) -> int:
    """MERGE ``rel`` edges between existing nodes (CREATE when one end is new in this transaction).

    An endpoint that does not exist fails the transaction.
    """
    verb = "CREATE" if create else "MERGE"
    result = tx.run(
        f"UNWIND $rows AS r MATCH (a:{rel.from_label} {{key: r[0]}}) MATCH (b:{rel.to_label} {{key: r[1]}}) "
        f"{verb} (a)-[:{rel.type}]->(b) RETURN count(*) AS matched",
        rows=pairs,
    )
    matched = result.single(strict=True)["matched"]
    created = result.consume().counters.relationships_created
    if matched != len(pairs):
        raise StoreError(
            f"{len(pairs) - matched} {rel.type} edges name a {rel.from_label} or {rel.to_label} "
            f"that is not in the store"
        )
    return created


def _create_consignments(names: list[str], ends: list[tuple[RelFrame, bool]]) -> str:
    """CREATE consignments (``r[0]`` key, then ``names``) and one edge per ``ends`` entry (``r[k]`` the other
    node's key, or null); returns per entry the edges made and the edges whose other node is missing."""
    first = len(names) + 1
    lines = [f"UNWIND $rows AS r CREATE (c:{schema.CONSIGNMENT} {{key: r[0]}})"]
    if names:
        lines.append(f"SET {_set_clause('c', names, 'r')}")
    lines.append("WITH c, r")
    for i, (rel, outgoing) in enumerate(ends):
        other = rel.to_label if outgoing else rel.from_label
        lines.append(f"OPTIONAL MATCH (x{i}:{other} {{key: r[{first + i}]}})")
    for i, (rel, outgoing) in enumerate(ends):
        edge = f"(c)-[:{rel.type}]->(x{i})" if outgoing else f"(x{i})-[:{rel.type}]->(c)"
        lines.append(f"FOREACH (_ IN CASE WHEN x{i} IS NULL THEN [] ELSE [1] END | CREATE {edge})")
    made = ", ".join(f"count(x{i})" for i in range(len(ends)))
    missing = ", ".join(
        f"sum(CASE WHEN r[{first + i}] IS NOT NULL AND x{i} IS NULL THEN 1 ELSE 0 END)" for i in range(len(ends))
    )
    lines.append(f"RETURN [{made}] AS edges, [{missing}] AS missing")
    return "\n".join(lines)


def _chunks(rows: list, size: int = BATCH_ROWS) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _pairs(frame: pd.DataFrame) -> list[list[str]]:
    pairs = frame.drop_duplicates(["from", "to"])
    return [[str(a), str(b)] for a, b in zip(pairs["from"], pairs["to"], strict=True)]


def _node_rows(label: str, frame: pd.DataFrame) -> tuple[list[str], list[list]]:
    """The schema properties the frame has and a ``[key, value, ...]`` list per node, typed as the schema says.

    Rows are lists, not maps, so property names are not sent once per node (a third of the load time).
    """
    kinds = schema.NODE_TYPES[label].properties
    names = [c for c in frame.columns if c in kinds and c != "key"]
    columns = [_typed_column(frame[name], kinds[name]) for name in names]
    keys = frame["key"].astype(str).tolist()
    return names, [list(row) for row in zip(keys, *columns, strict=True)]


def _set_clause(var: str, names: list[str], row: str) -> str:
    """``n.a = r[1], n.b = r[2], ...`` for schema property names (setting null leaves a property unset)."""
    return ", ".join(f"{var}.{name} = {row}[{i}]" for i, name in enumerate(names, start=1))


def _merge_nodes(label: str, names: list[str]) -> str:
    create = f" ON CREATE SET {_set_clause('n', names, 'r')}" if names else ""
    return f"UNWIND $rows AS r MERGE (n:{label} {{key: r[0]}}){create}"


def _typed_column(column: pd.Series, kind: str, keep_empty: bool = False) -> list:
    """Python values of one property as the embedded store types them: None for missing (and, when
    loading, for empty strings; ``update_properties`` keeps them, as LadybugDB's ``SET`` does)."""
    if kind == "DOUBLE":
        values = pd.to_numeric(column, errors="coerce").astype("float64")
        return [None if math.isnan(v) else v for v in values.tolist()]
    if kind == "INT64":
        values = pd.to_numeric(column, errors="coerce").astype("Int64")
        return values.to_numpy(dtype=object, na_value=None).tolist()
    if kind == "DATE":
        values = pd.to_datetime(column, errors="coerce")
        return values.dt.date.to_numpy(dtype=object, na_value=None).tolist()
    values = column.astype(object)
    values = values.where(values.notna(), None)
    if keep_empty:
        return [None if v is None else str(v) for v in values.tolist()]
    return [None if v is None or v == "" else str(v) for v in values.tolist()]


def _plain(value):
    """Parameter values the driver accepts: no numpy or pandas scalars, NaN/NaT as None, nested too."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset | np.ndarray | pd.Series | pd.Index):
        return [_plain(v) for v in value]
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _params(params: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in params.items()}


# -- reading helpers -------------------------------------------------------
def _frame(keys: list[str], rows: list[list]) -> pd.DataFrame:
    """Records as a DataFrame like LadybugDB's ``get_as_df``: datetime64 dates, NaN for nulls, dict nodes."""
    frame = pd.DataFrame(rows, columns=list(keys))
    for column in frame.columns:
        series = frame[column]
        if series.dtype != object:
            continue
        values = [_value(v) for v in series.tolist()]
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, dt.date) for v in present):
            aware = any(isinstance(v, dt.datetime) and v.tzinfo is not None for v in present)
            dates = pd.to_datetime(pd.Series(values, index=frame.index, dtype=object), utc=aware)
            frame[column] = dates.dt.as_unit("us")
        else:
            frame[column] = pd.Series([np.nan if v is None else v for v in values], index=frame.index, dtype=object)
    return frame


def _value(value):
    """One driver value as the embedded store returns it."""
    if isinstance(value, neo4j.time.Date | neo4j.time.DateTime):
        return value.to_native()
    if isinstance(value, neo4j.graph.Node):
        label = sorted(value.labels)[0] if value.labels else ""
        props = dict.fromkeys(schema.NODE_TYPES[label].properties) if label in schema.NODE_TYPES else {}
        return {"_ID": value.element_id, "_LABEL": label, "key": None, **props, **_values(dict(value))}
    if isinstance(value, neo4j.graph.Relationship):
        return {
            "_SRC": value.start_node.element_id if value.start_node is not None else None,
            "_DST": value.end_node.element_id if value.end_node is not None else None,
            "_LABEL": value.type,
            "_ID": value.element_id,
            **_values(dict(value)),
        }
    if isinstance(value, neo4j.graph.Path):
        return {"_NODES": [_value(n) for n in value.nodes], "_RELS": [_value(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return _values(value)
    return value


def _values(mapping: dict) -> dict:
    return {k: _value(v) for k, v in mapping.items()}


def _unreachable_reason(exc: Exception) -> str:
    text = str(exc)
    reason = re.search(r"reason:? (?:\[Errno -?\d+\] )?([^)\n]+)", text)
    if reason:
        return reason.group(1).strip().lower()
    if "timed out" in text.lower():
        return "timed out"
    return _first_line(exc)


def _first_line(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return str(message).splitlines()[0] if message else type(exc).__name__
