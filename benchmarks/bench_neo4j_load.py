"""Load throughput into Neo4j: GraphIntel's ingest vs Neo4j's own LOAD CSV, in one run.

Usage (a local server: scripts/neo4j-start):
    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... python benchmarks/bench_neo4j_load.py \
        [--consignments 200000] [--import-dir .graphintel/neo4j-7687]

Both loads start from an empty database with the same uniqueness constraints and
build the same nodes and relationships from the same CSV (LOAD CSV keys parties
and identifiers by their raw, trimmed values; GraphIntel also validates and
normalises). Results are printed and appended to benchmarks/out/results.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from pathlib import Path

import neo4j

LOAD_CSV = """
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (c:Consignment {key: row.consignment_id})
    ON CREATE SET c.consignment_id = row.consignment_id, c.declaration_date = date(row.declaration_date),
      c.declared_value = toFloat(row.declared_value), c.gross_weight_kg = toFloat(row.gross_weight_kg),
      c.hs_code = row.hs_code, c.origin_country = row.origin_country, c.departure_country = row.departure_country,
      c.seller_country = row.seller_country, c.currency = row.currency, c.channel = row.channel
  MERGE (s:Seller {key: 'seller:' + trim(row.seller_id)})
    ON CREATE SET s.party_id = row.seller_id, s.name = row.seller_name, s.country = row.seller_country
  MERGE (b:Buyer {key: 'buyer:' + trim(row.buyer_id)})
    ON CREATE SET b.party_id = row.buyer_id, b.name = row.buyer_name, b.country = row.buyer_country
  MERGE (s)-[:SHIPPED]->(c)
  MERGE (c)-[:CONSIGNED_TO]->(b)
  FOREACH (_ IN CASE WHEN trim(row.buyer_address) <> '' THEN [1] ELSE [] END |
    MERGE (a:Address {key: toLower(trim(row.buyer_address))})
    MERGE (b)-[:LOCATED_AT]->(a) MERGE (c)-[:DELIVERED_TO]->(a))
  FOREACH (_ IN CASE WHEN trim(row.seller_address) <> '' THEN [1] ELSE [] END |
    MERGE (a:Address {key: toLower(trim(row.seller_address))}) MERGE (s)-[:LOCATED_AT]->(a))
  FOREACH (_ IN CASE WHEN trim(row.seller_phone) <> '' THEN [1] ELSE [] END |
    MERGE (p:Phone {key: trim(row.seller_phone)}) MERGE (s)-[:HAS_PHONE]->(p))
  FOREACH (_ IN CASE WHEN trim(row.buyer_phone) <> '' THEN [1] ELSE [] END |
    MERGE (p:Phone {key: trim(row.buyer_phone)}) MERGE (b)-[:HAS_PHONE]->(p))
  FOREACH (_ IN CASE WHEN trim(row.seller_email) <> '' THEN [1] ELSE [] END |
    MERGE (e:Email {key: toLower(trim(row.seller_email))}) MERGE (s)-[:HAS_EMAIL]->(e))
  FOREACH (_ IN CASE WHEN trim(row.buyer_email) <> '' THEN [1] ELSE [] END |
    MERGE (e:Email {key: toLower(trim(row.buyer_email))}) MERGE (b)-[:HAS_EMAIL]->(e))
  FOREACH (_ IN CASE WHEN trim(row.declarant_id) <> '' THEN [1] ELSE [] END |
    MERGE (d:Declarant {key: trim(row.declarant_id)}) MERGE (c)-[:DECLARED_BY]->(d))
  FOREACH (_ IN CASE WHEN trim(row.carrier_id) <> '' THEN [1] ELSE [] END |
    MERGE (k:Carrier {key: trim(row.carrier_id)}) MERGE (c)-[:CARRIED_BY]->(k))
  FOREACH (_ IN CASE WHEN trim(row.platform) <> '' THEN [1] ELSE [] END |
    MERGE (m:Platform {key: trim(row.platform)}) MERGE (c)-[:LISTED_ON]->(m))
} IN TRANSACTIONS OF 10000 ROWS
"""


def clear(driver) -> None:
    # Relationships first, in small transactions: a node with 200,000 edges is too big to detach in one.
    with driver.session() as session:  # CALL ... IN TRANSACTIONS needs an implicit transaction
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def counts(driver) -> dict:
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
    return {"nodes": nodes, "relationships": rels}


def compare(uri: str, csv_path: Path, import_dir: Path, home: Path, warmup: int = 10_000) -> dict:
    """GraphIntel's ingest of ``csv_path`` into an empty Neo4j against LOAD CSV of the same file, both warm."""
    from graphintel.cli import main as cli
    from graphintel.store import open_store

    driver = neo4j.GraphDatabase.driver(uri, auth=(os.environ.get("NEO4J_USER", "neo4j"), os.environ["NEO4J_PASSWORD"]))
    import_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(csv_path, import_dir / "bench.csv")
    with csv_path.open(encoding="utf-8") as handle:
        head = [line for _, line in zip(range(warmup + 1), handle, strict=False)]
    (import_dir / "warmup.csv").write_text("".join(head), encoding="utf-8")

    def ours(path: Path) -> float:
        clear(driver)
        with open_store(uri) as store:  # creates constraints and indexes
            store.ensure_schema()
        started = time.perf_counter()
        code = cli(["ingest", str(path), "--store", uri, "--home", str(home)])
        assert code in (0, 5), code
        return time.perf_counter() - started

    def theirs(path: Path) -> float:
        clear(driver)
        started = time.perf_counter()
        with driver.session() as session:
            session.run(LOAD_CSV, url=path.resolve().as_uri()).consume()
        return time.perf_counter() - started

    # Both paths first load a small file once, so that neither pays the server's warm-up (query
    # planning, JIT compilation, page cache) in the timed run.
    ours(import_dir / "warmup.csv")
    theirs(import_dir / "warmup.csv")
    ours_seconds = ours(import_dir / "bench.csv")
    ours_counts = counts(driver)
    theirs_seconds = theirs(import_dir / "bench.csv")
    theirs_counts = counts(driver)
    for name in ("bench.csv", "warmup.csv"):
        (import_dir / name).unlink()
    clear(driver)
    driver.close()
    n = sum(1 for _ in csv_path.open(encoding="utf-8")) - 1
    return {
        "consignments": n,
        "warmup_rows": warmup,
        "graphintel_ingest_seconds": round(ours_seconds, 1),
        "graphintel_rows_per_second": round(n / ours_seconds),
        "load_csv_seconds": round(theirs_seconds, 1),
        "load_csv_rows_per_second": round(n / theirs_seconds),
        "ratio_graphintel_over_load_csv": round(theirs_seconds / ours_seconds, 2),
        "graphintel_graph": ours_counts,
        "load_csv_graph": theirs_counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consignments", type=int, default=200_000)
    parser.add_argument("--warmup", type=int, default=10_000, help="rows loaded once by both before timing")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    parser.add_argument("--import-dir", type=Path, help="the server's import folder (default: from NEO4J_PORT)")
    args = parser.parse_args()
    uri = os.environ["NEO4J_URI"]
    port = uri.rsplit(":", 1)[-1]
    import_dir = args.import_dir or Path(f".graphintel/neo4j-{port}")  # the launcher's import folder is its home
    data = args.out / f"neo4j-load-{args.consignments}"

    from graphintel.cli import main as cli

    if not (data / "consignments.csv").exists():
        assert cli(["generate", "--consignments", str(args.consignments), "--seed", "7", "--out", str(data)]) == 0
    result = {
        "benchmark": "neo4j load",
        **compare(uri, data / "consignments.csv", import_dir, data / "home", args.warmup),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "results.jsonl").open("a") as handle:
        handle.write(json.dumps({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), **result}) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
