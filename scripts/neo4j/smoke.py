"""Smoke test of a running local Neo4j (scripts/neo4j-start) over Bolt.

    python scripts/neo4j/smoke.py [bolt://127.0.0.1:7687]

Uses NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD (password default graphintel-dev,
as neo4j-start). Checks: a wrong password is refused, RETURN 1, a uniqueness
constraint, GDS version, projection, WCC, Louvain, PageRank. Works in a
throw-away label and cleans up after itself. Exit 0 when every check passes.
"""

from __future__ import annotations

import os
import sys
import time

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

LABEL = "GraphIntelSmoke"


def main() -> int:
    uri = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    user = os.environ.get("NEO4J_USER", "neo4j")
    password = os.environ.get("NEO4J_PASSWORD") or "graphintel-dev"
    failures = 0
    passed = 0

    def check(name: str, ok: bool, detail: object = "") -> None:
        nonlocal failures, passed
        failures += 0 if ok else 1
        passed += 1 if ok else 0
        print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}")

    # 1. wrong password
    try:
        with GraphDatabase.driver(uri, auth=(user, password + "-wrong")) as bad:
            bad.verify_connectivity()
        check("wrong password refused", False, "connected anyway")
    except AuthError as e:
        check("wrong password refused", True, f"(AuthError: {e.code})")

    with GraphDatabase.driver(uri, auth=(user, password)) as driver:
        t0 = time.perf_counter()
        driver.verify_connectivity()
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        check("RETURN 1", records[0]["one"] == 1, f"({(time.perf_counter() - t0) * 1000:.0f} ms)")

        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS v, edition")
        check("server", True, dict(records[0]))

        # 2. uniqueness constraint
        driver.execute_query(f"MATCH (n:{LABEL}) DETACH DELETE n")
        driver.execute_query(
            f"CREATE CONSTRAINT graphintel_smoke_id IF NOT EXISTS FOR (n:{LABEL}) REQUIRE n.id IS UNIQUE")
        driver.execute_query(f"CREATE (:{LABEL} {{id: 'dup'}})")
        try:
            driver.execute_query(f"CREATE (:{LABEL} {{id: 'dup'}})")
            check("uniqueness constraint enforced", False, "duplicate accepted")
        except Exception as e:  # ConstraintError
            check("uniqueness constraint enforced", type(e).__name__ == "ConstraintError", f"({type(e).__name__})")
        driver.execute_query(f"MATCH (n:{LABEL}) DETACH DELETE n")

        # 3. GDS: two triangles joined by nothing + a hub star
        records, _, _ = driver.execute_query("CALL gds.version() YIELD gdsVersion RETURN gdsVersion")
        check("gds.version()", bool(records), records[0]["gdsVersion"] if records else "")
        driver.execute_query(
            f"""
            UNWIND [[1,2],[2,3],[3,1],[4,5],[5,6],[6,4],[7,8],[7,9],[7,10]] AS e
            MERGE (a:{LABEL} {{id: toString(e[0])}})
            MERGE (b:{LABEL} {{id: toString(e[1])}})
            MERGE (a)-[:LINK]->(b)
            """)
        driver.execute_query("CALL gds.graph.drop('graphintel_smoke', false) YIELD graphName RETURN graphName")
        records, _, _ = driver.execute_query(
            f"CALL gds.graph.project('graphintel_smoke', '{LABEL}', {{LINK: {{orientation: 'UNDIRECTED'}}}}) "
            "YIELD nodeCount, relationshipCount RETURN nodeCount, relationshipCount")
        check("gds.graph.project", records[0]["nodeCount"] == 10, dict(records[0]))

        records, _, _ = driver.execute_query(
            "CALL gds.wcc.stream('graphintel_smoke') YIELD nodeId, componentId "
            "RETURN count(DISTINCT componentId) AS components")
        check("gds.wcc.stream", records[0]["components"] == 3, dict(records[0]))

        records, _, _ = driver.execute_query(
            "CALL gds.louvain.stream('graphintel_smoke') YIELD nodeId, communityId "
            "RETURN count(DISTINCT communityId) AS communities")
        check("gds.louvain.stream", records[0]["communities"] >= 3, dict(records[0]))

        records, _, _ = driver.execute_query(
            "CALL gds.pageRank.stream('graphintel_smoke') YIELD nodeId, score "
            "RETURN gds.util.asNode(nodeId).id AS id, score ORDER BY score DESC LIMIT 1")
        check("gds.pageRank.stream", records[0]["id"] == "7", dict(records[0]))

        # 4. cypher-aggregation projection (gds.graph.project as a function)
        records, _, _ = driver.execute_query(
            f"MATCH (a:{LABEL})-[:LINK]->(b) "
            "WITH gds.graph.project('graphintel_smoke_cypher', a, b) AS g RETURN g.nodeCount AS n")
        check("gds.graph.project (Cypher aggregation)", records[0]["n"] == 10, dict(records[0]))

        driver.execute_query("CALL gds.graph.drop('graphintel_smoke', false) YIELD graphName RETURN graphName")
        driver.execute_query("CALL gds.graph.drop('graphintel_smoke_cypher', false) YIELD graphName RETURN graphName")
        driver.execute_query(f"MATCH (n:{LABEL}) DETACH DELETE n")
        driver.execute_query("DROP CONSTRAINT graphintel_smoke_id IF EXISTS")

    print(f"{passed} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
