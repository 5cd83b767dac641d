"""Shared fixtures: temporary embedded stores and small consignment files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graphintel.schema import CANONICAL_COLUMNS
from graphintel.store.embedded import LadybugStore


@pytest.fixture
def store(tmp_path: Path):
    db = LadybugStore(tmp_path / "graph.lbug")
    yield db
    db.close()


def write_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    columns = columns or list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


def parcel(cid: str, seller: str = "S1", buyer: str = "B1", value: float = 50.0, **extra) -> dict:
    """One consignment row with sensible defaults."""
    row = {
        "consignment_id": cid,
        "declaration_date": "2026-06-01",
        "seller_id": seller,
        "seller_name": f"Seller {seller}",
        "seller_country": "CN",
        "buyer_id": buyer,
        "buyer_name": f"Buyer {buyer}",
        "buyer_address": f"{buyer} High Street, London",
        "buyer_country": "GB",
        "hs_code": "610910",
        "declared_value": value,
        "gross_weight_kg": 0.5,
        "origin_country": "CN",
        "departure_country": "CN",
        "destination_country": "GB",
    }
    row.update(extra)
    return row


CANONICAL = list(CANONICAL_COLUMNS)


# -- Neo4j: a real server started by scripts/run-tests (scripts/neo4j-start) -------------------
def require_neo4j_uri() -> str:
    """The test server's URI; fails in CI (where scripts/run-tests must start it), skips elsewhere."""
    import os

    uri = os.environ.get("NEO4J_URI")
    if not uri:
        if os.environ.get("CI"):
            pytest.fail("NEO4J_URI is not set: scripts/run-tests starts the local Neo4j for the store tests")
        pytest.skip("no Neo4j server: run the tests with `make test`, which starts one")
    return uri


@pytest.fixture
def neo4j_uri() -> str:
    return require_neo4j_uri()


@pytest.fixture
def neo4j_store(neo4j_uri):
    """An empty Neo4j database for one test."""
    from graphintel.store.neo4j_store import Neo4jStore

    store = Neo4jStore(neo4j_uri)
    wipe_neo4j(store)
    yield store
    store.close()


def wipe_neo4j(store) -> None:
    with store._driver.session(database=store.database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()
