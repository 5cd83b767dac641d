"""The Neo4j store: Neo4j 5 over Bolt with the official driver.

One driver per process and URI, managed transactions (``execute_read`` /
``execute_write``, retried by the driver on transient errors), parameterised
Cypher only (labels and types come from ``schema``, never from input), batched
``UNWIND ... MERGE`` writes, uniqueness constraints and indexes created on
first use. Every batch is idempotent, so a load interrupted part-way and run
again ends with exactly the data of one complete load.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import neo4j
import numpy as np
import pandas as pd
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from graphintel import schema
from graphintel.config import neo4j_credentials
from graphintel.errors import StoreError
from graphintel.store.base import GraphBatch, LoadCounts

BATCH_ROWS = 10_000
_DRIVERS: dict[tuple[str, str], neo4j.Driver] = {}


def _driver(uri: str, user: str, password: str) -> neo4j.Driver:
    key = (uri, user)
    if key not in _DRIVERS:
        _DRIVERS[key] = neo4j.GraphDatabase.driver(
            uri,
            auth=(user, password),
            max_connection_lifetime=3600,
            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,  # e.g. "property does not exist yet"
        )
    return _DRIVERS[key]


class Neo4jStore:
    """A GraphStore over a Neo4j server.

    Parameters
    ----------
    uri: ``bolt://``, ``neo4j://`` (or ``+s``/``+ssc``) URI.
    read_only: open for reads only; writes raise ``StoreError``.
    """

    dialect = "neo4j"

    def __init__(self, uri: str, read_only: bool = False) -> None:
        self.uri = uri
        self.read_only = read_only
        credentials = neo4j_credentials()
        self.database = credentials.database
        self._driver = _driver(uri, credentials.user, credentials.password)
        self._check_connection(credentials.user)
        if not read_only:
            self.ensure_schema()

    def _check_connection(self, user: str) -> None:
        where = f"{self.uri}" + (f" (database '{self.database}')" if self.database else "")
        try:
            self._driver.verify_connectivity()
            self._driver.execute_query("RETURN 1", database_=self.database, routing_=neo4j.RoutingControl.READ)
        except AuthError:
            raise StoreError(
                f"Neo4j at {self.uri} refused the credentials of user '{user}'; check NEO4J_USER and NEO4J_PASSWORD"
            ) from None
        except ServiceUnavailable as exc:
            reason = "connection refused" if "connect" in str(exc).lower() else _first_line(exc)
            raise StoreError(
                f"cannot reach Neo4j at {self.uri} ({reason}); is the server running "
                f"(scripts/neo4j-start) and the URI right?"
            ) from None
        except ClientError as exc:
            if "DatabaseNotFound" in (exc.code or ""):
                raise StoreError(
                    f"Neo4j at {self.uri} has no database '{self.database}'; check NEO4J_DATABASE"
                ) from None
            raise StoreError(f"Neo4j at {where}: {_first_line(exc)}") from None
        except (Neo4jError, OSError, ValueError) as exc:
            raise StoreError(f"cannot use Neo4j at {where}: {_first_line(exc)}") from None

    # -- schema ---------------------------------------------------------
    def ensure_schema(self) -> None:
        statements = [
            f"CREATE CONSTRAINT graphintel_{label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE"
            for label in schema.NODE_TYPES
        ]
        for label, prop in (
            (schema.LEAD, "lead_id"),
            (schema.RUN, "run_id"),
            (schema.SELLER, "party_id"),
            (schema.BUYER, "party_id"),
            (schema.CONSIGNMENT, "consignment_id"),
        ):
            statements.append(
                f"CREATE INDEX graphintel_{label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
            )
        for statement in statements:
            self._run_write(statement, {})

    # -- reads -----------------------------------------------------------
    def query(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        def work(tx):
            result = tx.run(cypher, _params(params or {}))
            keys = result.keys()
            return keys, [record.values() for record in result]

        try:
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                keys, rows = session.execute_read(work)
        except Neo4jError as exc:
            raise StoreError(f"query failed on {self.uri}: {_first_line(exc)}") from None
        except ServiceUnavailable as exc:
            raise StoreError(f"lost Neo4j at {self.uri}: {_first_line(exc)}") from None
        frame = pd.DataFrame([[_value(v) for v in row] for row in rows], columns=list(keys))
        for column in frame.columns:
            if len(frame) and frame[column].map(lambda v: isinstance(v, dt.date)).all():
                frame[column] = pd.to_datetime(frame[column])
        return frame

    def counts(self) -> dict[str, int]:
        out = {}
        for label in (*schema.DATA_NODE_LABELS, schema.LEAD, schema.RUN):
            out[label] = int(self.query(f"MATCH (n:{label}) RETURN count(n) AS n").iloc[0, 0])
        return out

    # -- writes ----------------------------------------------------------
    def _run_write(self, cypher: str, params: dict[str, Any]) -> neo4j.SummaryCounters:
        if self.read_only:
            raise StoreError(f"{self.uri} is open read-only; this operation writes")

        def work(tx):
            return tx.run(cypher, params).consume().counters

        try:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(work)
        except Neo4jError as exc:
            raise StoreError(f"write failed on {self.uri}: {_first_line(exc)}") from None
        except ServiceUnavailable as exc:
            raise StoreError(f"lost Neo4j at {self.uri} while writing: {_first_line(exc)}") from None

    def write(self, cypher: str, params: dict[str, Any] | None = None) -> None:
        self._run_write(cypher, _params(params or {}))

    def load(self, batch: GraphBatch) -> LoadCounts:
        counts = LoadCounts()
        consignments = batch.nodes.get(schema.CONSIGNMENT)
        if consignments is not None and len(consignments):
            keys = list(dict.fromkeys(consignments["key"]))
            present = self.query(
                f"UNWIND $keys AS k MATCH (c:{schema.CONSIGNMENT} {{key: k}}) RETURN count(c) AS n", {"keys": keys}
            ).iloc[0, 0]
            counts.consignments_present = int(present)
            counts.consignments_new = len(keys) - int(present)
        for label, frame in batch.nodes.items():
            rows = _node_rows(label, frame.drop_duplicates("key"))
            created = 0
            for part in _chunks(rows):
                created += self._run_write(
                    f"UNWIND $rows AS r MERGE (n:{label} {{key: r.key}}) ON CREATE SET n += r.props",
                    {"rows": part},
                ).nodes_created
            counts.nodes[label] = counts.nodes.get(label, 0) + created
        for rel in batch.rels:
            pairs = rel.frame.drop_duplicates(["from", "to"])
            rows = [{"a": a, "b": b} for a, b in zip(pairs["from"], pairs["to"], strict=True)]
            created = 0
            for part in _chunks(rows):
                created += self._run_write(
                    f"UNWIND $rows AS r MATCH (a:{rel.from_label} {{key: r.a}}) MATCH (b:{rel.to_label} {{key: r.b}}) "
                    f"MERGE (a)-[:{rel.type}]->(b)",
                    {"rows": part},
                ).relationships_created
            counts.rels[rel.type] = counts.rels.get(rel.type, 0) + created
        return counts

    def update_properties(self, label: str, frame: pd.DataFrame) -> int:
        if frame.empty:
            return 0
        props = [c for c in frame.columns if c != "key"]
        known = set(schema.NODE_TYPES[label].properties)
        unknown = [p for p in props if p not in known]
        if unknown:
            raise ValueError(f"{label} has no properties {unknown}")
        rows = [{"key": row["key"], "props": {p: _plain(row[p]) for p in props}} for row in frame.to_dict("records")]
        for part in _chunks(rows):
            self._run_write(f"UNWIND $rows AS r MATCH (n:{label} {{key: r.key}}) SET n += r.props", {"rows": part})
        return len(frame)

    def replace_run(self, run: dict[str, Any], leads: pd.DataFrame, members: pd.DataFrame) -> None:
        """Write a run node, its leads and lead->party edges in one transaction."""
        if self.read_only:
            raise StoreError(f"{self.uri} is open read-only; this operation writes")
        run_props = {k: _plain(v) for k, v in run.items() if k in schema.NODE_TYPES[schema.RUN].properties}
        lead_rows = _node_rows(schema.LEAD, leads.assign(key=leads["lead_id"]))
        member_rows = (
            {
                label: [{"lead": a, "party": b} for a, b in zip(part["lead_id"], part["party_key"], strict=True)]
                for label, part in members.groupby("label")
            }
            if len(members)
            else {}
        )

        def work(tx):
            tx.run(
                f"MERGE (r:{schema.RUN} {{key: $key}}) SET r += $props", key=run["run_id"], props=run_props
            ).consume()
            tx.run(
                f"UNWIND $rows AS l MERGE (n:{schema.LEAD} {{key: l.key}}) SET n += l.props "
                f"WITH n MATCH (r:{schema.RUN} {{key: $run}}) MERGE (r)-[:{schema.PRODUCED}]->(n)",
                rows=lead_rows,
                run=run["run_id"],
            ).consume()
            for label, rows in member_rows.items():
                tx.run(
                    f"UNWIND $rows AS m MATCH (l:{schema.LEAD} {{key: m.lead}}) MATCH (p:{label} {{key: m.party}}) "
                    f"MERGE (l)-[:{schema.INVOLVES}]->(p)",
                    rows=rows,
                ).consume()

        try:
            with self._driver.session(database=self.database) as session:
                session.execute_write(work)
        except Neo4jError as exc:
            raise StoreError(f"writing run {run['run_id']} to {self.uri} failed: {_first_line(exc)}") from None

    def close(self) -> None:
        """The driver is shared per process; closing a store keeps it for the next one."""

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def close_drivers() -> None:
    """Close every cached driver (at process exit or in tests)."""
    while _DRIVERS:
        _DRIVERS.popitem()[1].close()


def _chunks(rows: list, size: int = BATCH_ROWS):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _node_rows(label: str, frame: pd.DataFrame) -> list[dict]:
    """``{"key": ..., "props": {...}}`` per node: schema properties only, nulls left out."""
    kinds = schema.NODE_TYPES[label].properties
    columns = [c for c in frame.columns if c in kinds]
    rows = []
    for record in frame[["key", *columns]].to_dict("records"):
        props = {}
        for name in columns:
            value = _typed(record[name], kinds[name])
            if value is not None:
                props[name] = value
        rows.append({"key": str(record["key"]), "props": props})
    return rows


def _typed(value, kind: str):
    value = _plain(value)
    if value is None or value == "":
        return None
    if kind == "DATE":
        return pd.Timestamp(value).date()
    if kind == "DOUBLE":
        return float(value)
    if kind == "INT64":
        return int(value)
    return str(value)


def _plain(value):
    """Python values the driver accepts: no numpy scalars, NaN/NaT as None."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or (isinstance(value, pd.Timestamp) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _params(params: dict[str, Any]) -> dict[str, Any]:
    return {k: [_plain(x) for x in v] if isinstance(v, list) else _plain(v) for k, v in params.items()}


def _value(value):
    """Driver values as the embedded store returns them (dates as ``datetime.date``)."""
    if isinstance(value, neo4j.time.Date):
        return value.to_native()
    if isinstance(value, neo4j.time.DateTime):
        return value.to_native()
    return value


def _first_line(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return str(message).splitlines()[0] if message else type(exc).__name__
