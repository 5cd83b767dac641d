"""The Neo4j store against a real Neo4j 5.26 server, and parity with the embedded store.

The server is started by ``scripts/run-tests`` (``make test``); the fixtures in
``tests/conftest.py`` read ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD``, fail
under CI when there is none and give every test an empty database.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from pathlib import Path

import pandas as pd
import pytest

from graphintel import schema
from graphintel.analytics import algorithms
from graphintel.analytics.gds import gds_version, network_in_gds
from graphintel.analytics.projection import ProjectionData, merge_hub_variants, party_graph, read_projection
from graphintel.errors import StoreError
from graphintel.ingest import ingest_files, plan_files
from graphintel.leads.decisions import record_decision
from graphintel.leads.evaluate import evaluate, read_ground_truth
from graphintel.leads.explore import lead_network, neighbourhood, run_named
from graphintel.leads.package import load_package
from graphintel.leads.runs import run_scoring
from graphintel.model.scoring import ScoringParams
from graphintel.store import GraphBatch, RelFrame, open_store
from graphintel.store import neo4j_store as neo4j_module
from graphintel.store.base import QUERIES_DIR
from graphintel.store.embedded import LadybugStore
from graphintel.store.neo4j_store import Neo4jStore, close_drivers
from graphintel.synth import GeneratorConfig, write
from tests.conftest import CANONICAL, parcel, require_neo4j_uri, wipe_neo4j, write_csv
from tests.test_store_embedded import small_batch


# -- helpers ---------------------------------------------------------------------------------
def normalised(frame: pd.DataFrame) -> list:
    """Rows comparable across stores: sorted, floats rounded, NaN/None alike, dates as ISO text."""

    def cell(v):
        if v is None or v is pd.NaT:
            return None
        if isinstance(v, float):
            return None if math.isnan(v) else round(v, 6)
        if isinstance(v, list | tuple):
            return tuple(sorted(map(str, v)))  # collect() order is not defined in Cypher
        if hasattr(v, "isoformat"):
            return v.isoformat()[:10]
        return v

    rows = [tuple(cell(v) for v in row) for row in frame.astype(object).itertuples(index=False)]
    return sorted(rows, key=repr)


def dump(store, labels=schema.DATA_NODE_LABELS, skip=("run_id",)) -> dict:
    """Every node (all schema properties) and every edge among ``labels``, normalised."""
    out = {}
    for label in labels:
        props = [p for p in schema.NODE_TYPES[label].properties if p not in skip]
        returns = ", ".join(["n.key AS key", *(f"n.{p} AS {p}" for p in props)])
        out[label] = normalised(store.query(f"MATCH (n:{label}) RETURN {returns}"))
    for rel in schema.REL_TYPES.values():
        for a, b in rel.pairs:
            if a in labels and b in labels:
                frame = store.query(f"MATCH (x:{a})-[:{rel.type}]->(y:{b}) RETURN x.key AS a, y.key AS b")
                out[f"{a}-{rel.type}->{b}"] = normalised(frame)
    return out


def graph_size(store) -> tuple[int, int]:
    nodes = store.query("MATCH (n) RETURN count(n) AS n").iloc[0, 0]
    rels = store.query("MATCH ()-[r]->() RETURN count(r) AS n").iloc[0, 0]
    return int(nodes), int(rels)


def load_csv(store, path: Path, tmp_path: Path, chunk_rows: int = 700):
    return ingest_files(store, plan_files([path]), tmp_path / "quarantine", chunk_rows=chunk_rows)


def parity_rows(n: int = 200) -> list[dict]:
    """About 200 parcels: a seller ring sharing a phone and a warehouse shipping to mule buyers at one
    flat, a buyer receiving split parcels just under 150 from several sellers, ordinary trade with
    shared phones and e-mails, and empty fields."""
    rng = random.Random(5)
    rows = []
    for i in range(n):
        cid = f"P{i:04d}"
        if i < 40:
            row = parcel(
                cid,
                f"R{i % 4 + 1}",
                f"M{i % 8 + 1}",
                value=round(125 + rng.random() * 9, 2),  # just under GB's GBP 135 (the shipped table)
                seller_phone="+86 138 0013 8000",
                seller_address="Unit 9, 88 Gangqian Road, Shenzhen",
                buyer_address="Flat 4, 12 Mill Lane, London",
                buyer_phone=f"07700 900{i % 8:03d}",
                declarant_id="BROKER7",
                carrier_id="POSTNL",
                platform="shopx",
                hs_code="851830",
            )
        elif i < 70:
            row = parcel(
                cid,
                f"T{i % 3 + 1}",
                "SPLIT1",
                value=round(121 + rng.random() * 13.9, 2),
                buyer_email="split.buyer@example.com",
                seller_email=f"t{i % 3}@example.cn",
                carrier_id="DHL",
                platform="shopx",
                hs_code="640399",
            )
        else:
            buyer = f"B{rng.randrange(60)}"
            row = parcel(
                cid,
                f"S{rng.randrange(12)}",
                buyer,
                value=round(5 + rng.random() * 400, 2),
                declaration_date=f"2026-06-{1 + i % 28:02d}",
                seller_phone=f"+86 21 5555 {rng.randrange(12):04d}",
                carrier_id=rng.choice(["DHL", "UPS", "POSTNL"]),
                platform=rng.choice(["shopx", "bazaar", ""]),
                hs_code=rng.choice(["610910", "847130", "", "950300"]),
                buyer_email=f"{buyer.lower()}@mail.example" if rng.random() < 0.5 else "",
                declarant_id=rng.choice(["", "BROKER1", "BROKER2"]),
                quantity=rng.choice([1, 2, ""]),
            )
            if rng.random() < 0.1:
                row["buyer_address"] = ""
        rows.append(row)
    return rows


def query_params(store) -> dict:
    """Sample parameters for every named query: the best lead with sellers and buyers, two linked sellers."""
    lead = store.query(
        "MATCH (b:Buyer)<-[:INVOLVES]-(l:Lead)-[:INVOLVES]->(s:Seller) "
        "RETURN DISTINCT l.lead_id AS id, l.rank AS r ORDER BY r LIMIT 1"
    ).iloc[0, 0]
    pair = store.query(
        "MATCH (a:Seller)-[:HAS_PHONE]->(:Phone)<-[:HAS_PHONE]-(b:Seller) WHERE a.key < b.key "
        "RETURN a.key AS ka, b.key AS kb ORDER BY ka, kb LIMIT 1"
    ).iloc[0]
    phone = store.query(
        "MATCH (a:Seller {key: $a})-[:HAS_PHONE]->(p:Phone)<-[:HAS_PHONE]-(b:Seller {key: $b}) RETURN p.key AS k",
        {"a": pair["ka"], "b": pair["kb"]},
    ).iloc[0, 0]
    run_id = store.query("MATCH (l:Lead {lead_id: $l}) RETURN l.run_id AS r", {"l": lead}).iloc[0, 0]
    return {
        "lead_id": lead, "lead_ids": [lead], "limit": 50, "min_sharers": 2, "max_sharers": 50,
        "threshold": 135.0, "band": 0.1, "min_parcels": 5, "party_key": pair["ka"],  # GBP 135: the table's GB
        "from_key": pair["ka"], "to_key": pair["kb"], "run_id": run_id,
        "party_keys": [pair["ka"], pair["kb"]], "identifier_keys": [phone], "keys": [pair["ka"], phone],
        "identifier_key": phone, "entity_key": pair["ka"], "run": run_id, "ids": [lead, pair["ka"]],
    }  # fmt: skip


DECIDED_AT = dt.datetime(2027, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def decide_first_lead(store) -> None:
    """An analyst's decision on the sample lead, so lead_decisions has an answer."""
    lead = query_params(store)["lead_id"]
    if run_named(store, "lead_decisions", {"lead_id": lead}).empty:
        record_decision(store, lead, "in_review", "checking the shared phone", "analyst one", now=DECIDED_AT)
    if run_named(store, "case_notes_all", {}).empty:
        from graphintel.leads.cases import record_note

        record_note(store, lead, "asked the post for the images", "analyst one", now=DECIDED_AT)


# Columns that name or time the run itself, which differ between the two stores' runs.
RUN_ID = r"^\d{8}T\d{6}Z-[0-9a-f]{4}"
RUN_COLUMNS = ["lead_id", "run_id", "started_at", "finished_at", "folder", "summary"]
# No lead is confirmed here, no entity decision taken, and the ids asked for are lead and party ids; the sample
# pair of sellers sharing a phone need not be in a lead (party_leads).
MAY_BE_EMPTY = {"confirmed_members", "known_consignments", "entity_decisions", "party_leads", "same_as_links"}


def assert_every_query_agrees(embedded, neo) -> None:
    names = sorted(
        p.name.split(".")[0]
        for p in QUERIES_DIR.glob("*.cypher")
        if p.name.count(".") == 1 and "// mode: write" not in p.read_text() and "// needs: gds" not in p.read_text()
    )
    assert names, "no queries/*.cypher"
    for store in (embedded, neo):
        decide_first_lead(store)
    for name in names:
        text = (QUERIES_DIR / f"{name}.cypher").read_text()
        answers = []
        for store in (embedded, neo):
            params = query_params(store)
            frame = run_named(store, name, {k: v for k, v in params.items() if f"${k}" in text})
            frame = frame.drop(columns=RUN_COLUMNS, errors="ignore")  # ids name the run
            frame = frame.replace(RUN_ID, "RUN", regex=True)  # lead ids returned as values (``known_leads``)
            answers.append(normalised(frame))
        assert answers[0] == answers[1], name
        assert answers[0] or name in MAY_BE_EMPTY, f"{name} returned nothing"


def ingest_and_score(store, path: Path, home: Path):
    report = ingest_files(store, plan_files([path]), home / "quarantine")
    return report, run_scoring(store, home / "runs", ScoringParams(algorithms="python"))


# -- the store itself ----------------------------------------------------------------------
def test_round_trip_and_properties(neo4j_store):
    counts = neo4j_store.load(small_batch())
    assert counts.consignments_new == 2 and counts.rels == {"SHIPPED": 2, "CONSIGNED_TO": 2}
    assert counts.nodes == {schema.SELLER: 1, schema.BUYER: 1, schema.CONSIGNMENT: 2}
    neo4j_store.update_properties(schema.CONSIGNMENT, pd.DataFrame({"key": ["C2"], "score": [0.9], "reasons": ["x"]}))
    rows = neo4j_store.query(
        "MATCH (s:Seller)-[:SHIPPED]->(c:Consignment)-[:CONSIGNED_TO]->(b:Buyer) RETURN s.party_id AS seller, "
        "c.consignment_id AS id, c.declared_value AS v, c.score AS score, b.name AS buyer ORDER BY id"
    )
    assert rows.fillna(-1).to_dict("records") == [
        {"seller": "S1", "id": "C1", "v": 12.5, "score": -1, "buyer": "Ann"},
        {"seller": "S1", "id": "C2", "v": 140.0, "score": 0.9, "buyer": "Ann"},
    ]
    date = neo4j_store.query("MATCH (c:Consignment {key: 'C1'}) RETURN c.declaration_date AS d").iloc[0, 0]
    assert str(date)[:10] == "2026-06-01"
    again = neo4j_store.load(small_batch())
    assert again.consignments_new == 0 and again.consignments_present == 2 and sum(again.rels.values()) == 0
    assert neo4j_store.counts() == {
        **dict.fromkeys((*schema.DATA_NODE_LABELS, schema.LEAD, schema.RUN), 0),
        schema.CONSIGNMENT: 2,
        schema.SELLER: 1,
        schema.BUYER: 1,
    }


def test_dates_are_neo4j_dates_and_missing_values_are_not_set(neo4j_store):
    batch = small_batch()
    batch.nodes[schema.CONSIGNMENT]["hs_code"] = [float("nan"), ""]
    batch.nodes[schema.CONSIGNMENT]["quantity"] = [None, 3]
    neo4j_store.load(batch)
    rows = neo4j_store.query(
        "MATCH (c:Consignment) RETURN c.key AS key, valueType(c.declaration_date) AS date_type, "
        "c.declaration_date = date('2026-06-01') AS is_june_first, keys(c) AS props ORDER BY key"
    )
    assert list(rows["date_type"]) == ["DATE NOT NULL", "DATE NOT NULL"]
    assert list(rows["is_june_first"]) == [True, False]
    for props in rows["props"]:
        assert "hs_code" not in props and "score" not in props
    assert "quantity" not in rows["props"][0] and "quantity" in rows["props"][1]
    # update_properties: NaN clears a property, values take the schema's type
    neo4j_store.update_properties(schema.SELLER, pd.DataFrame({"key": ["seller:S1"], "cluster_id": [7]}))
    neo4j_store.update_properties(schema.CONSIGNMENT, pd.DataFrame({"key": ["C2"], "quantity": [float("nan")]}))
    assert neo4j_store.query("MATCH (s:Seller) RETURN s.cluster_id AS c").iloc[0, 0] == "7"
    assert neo4j_store.query("MATCH (c:Consignment {key: 'C2'}) RETURN c.quantity IS NULL AS gone").iloc[0, 0]


def test_query_frames_look_like_the_embedded_stores(neo4j_store, tmp_path):
    """Dates as datetime64 (also next to nulls), nulls as NaN, nodes as dicts with _LABEL, same dtypes."""
    with LadybugStore(tmp_path / "g.lbug") as embedded:
        frames = []
        for store in (embedded, neo4j_store):
            store.load(small_batch())
            frames.append(
                store.query(
                    "MATCH (c:Consignment) OPTIONAL MATCH (s:Seller)-[:SHIPPED]->(c) "
                    "RETURN c.key AS key, c.declaration_date AS d, "
                    "CASE WHEN c.key = 'C1' THEN c.declaration_date ELSE NULL END AS some_d, "
                    "c.declared_value AS v, c.hs_code AS missing, count(s) AS n, collect(s.key) AS sellers, "
                    "s AS seller ORDER BY key"
                )
            )
    a, b = frames
    for column in ("key", "d", "some_d", "v", "n"):
        assert a[column].dtype == b[column].dtype, column
    assert str(b["d"].dtype).startswith("datetime64") and pd.isna(b["some_d"][1])
    assert b["missing"].isna().all()
    assert normalised(a.drop(columns="seller")) == normalised(b.drop(columns="seller"))
    seller = b["seller"][0]
    assert seller["_LABEL"] == "Seller" and seller["key"] == "seller:S1" and seller["name"] == "Acme"
    assert set(seller) == set(a["seller"][0])  # the same keys as LadybugDB's node dicts


def test_paths_between_a_party_and_itself_are_none_on_both_stores(neo4j_store, tmp_path):
    with LadybugStore(tmp_path / "g.lbug") as embedded:
        for store in (embedded, neo4j_store):
            store.load(small_batch())
            assert run_named(store, "paths_between", {"from_key": "seller:S1", "to_key": "seller:S1"}).empty
            paths = run_named(store, "paths_between", {"from_key": "seller:S1", "to_key": "buyer:B1"})
            assert sorted(map(tuple, paths["node_keys"])) == [("seller:S1", c, "buyer:B1") for c in ("C1", "C2")]


def test_constraints_and_indexes_are_created_once(neo4j_store):
    neo4j_store.ensure_schema()  # again: nothing new, no error
    constraints = neo4j_store.query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type")
    unique = {(r.labelsOrTypes[0], r.properties[0]) for r in constraints.itertuples() if "UNIQUENESS" in r.type}
    assert {(label, "key") for label in schema.NODE_TYPES} <= unique
    indexes = neo4j_store.query("SHOW INDEXES YIELD labelsOrTypes, properties")
    indexed = {(r.labelsOrTypes[0], r.properties[0]) for r in indexes.itertuples() if isinstance(r.labelsOrTypes, list)}
    assert {
        ("Lead", "lead_id"),
        ("Run", "run_id"),
        ("Seller", "party_id"),
        ("Buyer", "party_id"),
        ("Consignment", "consignment_id"),
    } <= indexed


def test_a_read_only_store_refuses_writes(neo4j_store, neo4j_uri):
    neo4j_store.load(small_batch())
    reader = open_store(neo4j_uri, read_only=True)
    assert isinstance(reader, Neo4jStore) and reader.dialect == "neo4j"
    with pytest.raises(StoreError, match="read-only"):
        reader.load(small_batch())
    with pytest.raises(StoreError, match="read-only"):
        reader.write("MATCH (n) DETACH DELETE n")
    assert reader.counts()[schema.CONSIGNMENT] == 2


def test_an_edge_to_a_missing_node_fails_its_batch(neo4j_store):
    batch = small_batch()
    batch.rels.append(
        RelFrame(schema.CONSIGNED_TO, schema.CONSIGNMENT, schema.BUYER, pd.DataFrame({"from": ["C1"], "to": ["x"]}))
    )
    with pytest.raises(StoreError, match="CONSIGNED_TO edges name a Consignment or Buyer that is not in the store"):
        neo4j_store.load(batch)
    assert neo4j_store.counts()[schema.CONSIGNMENT] == 0  # the consignments' transaction was rolled back
    assert neo4j_store.load(small_batch()).consignments_new == 2


def test_reloading_a_changed_consignment_keeps_the_first_as_the_embedded_store_does(neo4j_store, tmp_path):
    def changed() -> GraphBatch:
        batch = small_batch()
        batch.nodes[schema.SELLER] = pd.DataFrame({"key": ["seller:S2"], "party_id": ["S2"], "name": ["Other"]})
        batch.nodes[schema.CONSIGNMENT]["declared_value"] = [99.0, 99.0]
        batch.rels[0] = RelFrame(
            schema.SHIPPED,
            schema.SELLER,
            schema.CONSIGNMENT,
            pd.DataFrame({"from": ["seller:S2"] * 2, "to": ["C1", "C2"]}),
        )
        return batch

    with LadybugStore(tmp_path / "g.lbug") as embedded:
        for store in (embedded, neo4j_store):
            store.load(small_batch())
            counts = store.load(changed())
            assert (counts.consignments_new, counts.consignments_present) == (0, 2)
            assert counts.nodes[schema.SELLER] == 1 and sum(counts.rels.values()) == 0
        assert dump(embedded) == dump(neo4j_store)
    shipped = neo4j_store.query("MATCH (s:Seller)-[:SHIPPED]->(c) RETURN DISTINCT s.key AS s")
    assert list(shipped["s"]) == ["seller:S1"]


# -- idempotent and interruptible loads -------------------------------------------------------
@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    write(GeneratorConfig(consignments=3000, seed=21), out)
    return out


def test_reloading_and_an_interrupted_load_end_with_one_loads_data(neo4j_store, generated, tmp_path):
    path = generated / "consignments.csv"
    load_csv(neo4j_store, path, tmp_path)
    complete = graph_size(neo4j_store)
    again = load_csv(neo4j_store, path, tmp_path)
    assert graph_size(neo4j_store) == complete
    assert again.counts.consignments_new == 0 and again.counts.consignments_present == 3000
    assert sum(again.counts.nodes.values()) == 0 and sum(again.counts.rels.values()) == 0

    wipe_neo4j(neo4j_store)
    half = tmp_path / "half.csv"
    lines = path.read_text().splitlines(keepends=True)
    half.write_text("".join(lines[: len(lines) // 2]))
    load_csv(neo4j_store, half, tmp_path)  # the load that was interrupted part-way
    assert graph_size(neo4j_store) < complete
    load_csv(neo4j_store, path, tmp_path)
    assert graph_size(neo4j_store) == complete


def test_a_small_csv_ingested_twice_changes_nothing(neo4j_store, tmp_path):
    path = write_csv(tmp_path / "c.csv", parity_rows(60), CANONICAL)
    first = load_csv(neo4j_store, path, tmp_path)
    assert first.reconciled and first.counts.consignments_new == 60
    before, counts = dump(neo4j_store), neo4j_store.counts()
    second = load_csv(neo4j_store, path, tmp_path)
    assert second.counts.consignments_present == 60 and second.counts.consignments_new == 0
    assert neo4j_store.counts() == counts and dump(neo4j_store) == before


def test_a_load_stopped_part_way_and_run_again_equals_one_load(neo4j_store, tmp_path, monkeypatch):
    """Small batches, so one load is many transactions; the load dies after some of them."""
    monkeypatch.setattr(neo4j_module, "BATCH_ROWS", 25)
    monkeypatch.setattr(neo4j_module, "CONSIGNMENT_BATCH_ROWS", 30)
    path = write_csv(tmp_path / "c.csv", parity_rows(), CANONICAL)
    calls = []
    original = Neo4jStore._execute_write

    def counting(self, work, what="write"):
        calls.append(what)
        return original(self, work, what)

    monkeypatch.setattr(Neo4jStore, "_execute_write", counting)
    load_csv(neo4j_store, path, tmp_path)
    complete, complete_counts = dump(neo4j_store), neo4j_store.counts()
    transactions = len(calls)
    assert transactions > 20

    for stop_after in (transactions // 3, transactions - 3):  # among the nodes and edges; among the consignments
        wipe_neo4j(neo4j_store)
        calls.clear()

        def dying(self, work, what="write", stop_after=stop_after):
            if len(calls) == stop_after:
                raise StoreError("lost Neo4j (simulated)")
            calls.append(what)
            return original(self, work, what)

        monkeypatch.setattr(Neo4jStore, "_execute_write", dying)
        with pytest.raises(StoreError, match="simulated"):
            load_csv(neo4j_store, path, tmp_path)
        partial = neo4j_store.counts()[schema.CONSIGNMENT]
        assert dump(neo4j_store) != complete
        monkeypatch.setattr(Neo4jStore, "_execute_write", original)
        rerun = load_csv(neo4j_store, path, tmp_path)
        assert dump(neo4j_store) == complete
        assert neo4j_store.counts() == complete_counts
        assert rerun.counts.consignments_present == partial
        assert rerun.counts.consignments_new == 200 - partial
    assert 0 < partial < 200  # the second stop fell among the consignment batches


def test_a_transient_failure_inside_a_batch_is_retried(neo4j_store, tmp_path, monkeypatch):
    """A connection lost inside a transaction: the driver rolls it back and runs it again."""
    from neo4j.exceptions import ServiceUnavailable

    monkeypatch.setattr(neo4j_module, "CONSIGNMENT_BATCH_ROWS", 50)
    path = write_csv(tmp_path / "c.csv", parity_rows(), CANONICAL)
    original = Neo4jStore._execute_write
    failed = []

    def flaky(self, work, what="write"):
        def once(tx):
            result = work(tx)  # the statements ran ...
            if what == "load" and isinstance(result, tuple) and not failed:
                failed.append(True)
                raise ServiceUnavailable("connection lost (simulated)")  # ... but the commit never happened
            return result

        return original(self, once, what)

    monkeypatch.setattr(Neo4jStore, "_execute_write", flaky)
    report = load_csv(neo4j_store, path, tmp_path)
    assert failed and report.counts.consignments_new == 200 and report.counts.consignments_present == 0
    with_retry = dump(neo4j_store)
    monkeypatch.setattr(Neo4jStore, "_execute_write", original)
    wipe_neo4j(neo4j_store)
    load_csv(neo4j_store, path, tmp_path)
    assert dump(neo4j_store) == with_retry


# -- errors a user can cause ------------------------------------------------------------------
def test_wrong_password_unreachable_server_and_missing_database(neo4j_uri, monkeypatch):
    password = "not-the-password-5d1e"
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    with pytest.raises(
        StoreError, match=r"refused the credentials of user 'neo4j'; check NEO4J_USER and NEO4J_PASSWORD"
    ) as wrong:
        Neo4jStore(neo4j_uri)
    assert password not in str(wrong.value) and neo4j_uri in str(wrong.value)
    monkeypatch.undo()
    Neo4jStore(neo4j_uri).counts()  # the right password works at once: the failed driver was not kept
    with pytest.raises(
        StoreError, match=r"cannot reach Neo4j at bolt://127.0.0.1:1 \(connection refused\); is the server running"
    ):
        Neo4jStore("bolt://127.0.0.1:1")
    with pytest.raises(StoreError, match=r"cannot reach Neo4j at bolt://127.0.0.1:1"):
        open_store("bolt://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_DATABASE", "nosuchdb")
    with pytest.raises(StoreError, match=r"Neo4j at bolt://\S+ has no database 'nosuchdb'; check NEO4J_DATABASE"):
        Neo4jStore(neo4j_uri)
    close_drivers()


def test_search_text_cannot_change_a_query(neo4j_store):
    neo4j_store.load(small_batch())
    before = dump(neo4j_store)
    for hostile in ("x'}) DETACH DELETE n //", "x' }) DETACH DELETE n //", '"}) MATCH (n) DETACH DELETE n //'):
        assert run_named(neo4j_store, "party_consignments", {"party_key": hostile, "limit": 10}).empty
        assert run_named(neo4j_store, "entity_details", {"keys": [hostile]}).empty
        assert run_named(neo4j_store, "paths_between", {"from_key": hostile, "to_key": "seller:S1"}).empty
        assert neo4j_store.query("MATCH (p:Seller) WHERE p.name = $q RETURN p", {"q": hostile}).empty
        neo4j_store.update_properties(schema.SELLER, pd.DataFrame({"key": [hostile], "name": [hostile]}))
    assert dump(neo4j_store) == before
    with pytest.raises(StoreError):  # a read transaction cannot write
        neo4j_store.query("MATCH (n) DETACH DELETE n")
    assert dump(neo4j_store) == before


# -- parity with the embedded store ------------------------------------------------------------
def test_both_stores_agree_on_a_small_scored_network(neo4j_store, tmp_path):
    """~200 parcels with shared phones and addresses, ingested and scored in both stores."""
    path = write_csv(tmp_path / "consignments.csv", parity_rows(), CANONICAL)
    with LadybugStore(tmp_path / "graph.lbug") as embedded:
        (report_e, run_e), (report_n, run_n) = (
            ingest_and_score(embedded, path, tmp_path / "embedded"),
            ingest_and_score(neo4j_store, path, tmp_path / "neo4j"),
        )
        assert report_e.counts == report_n.counts
        assert embedded.counts() == neo4j_store.counts()
        assert dump(embedded) == dump(neo4j_store)  # every node property (scores, clusters) and every edge
        a, b = read_projection(embedded), read_projection(neo4j_store)
        for name in ("consignments", "parties", "links"):
            x, y = getattr(a, name), getattr(b, name)
            assert list(x.columns) == list(y.columns), name
            assert normalised(x) == normalised(y), name
        assert str(b.consignments["declaration_date"].dtype).startswith("datetime64")
        assert_every_query_agrees(embedded, neo4j_store)
        for file in ("consignments.csv", "parties.csv", "clusters.csv", "leads.csv", "lead_members.csv"):
            x = pd.read_csv(run_e.folder / file).drop(columns=["lead_id"], errors="ignore")
            y = pd.read_csv(run_n.folder / file).drop(columns=["lead_id"], errors="ignore")
            pd.testing.assert_frame_equal(x, y, check_exact=False, rtol=1e-9, obj=file)
        lead_e, lead_n = query_params(embedded)["lead_id"], query_params(neo4j_store)["lead_id"]
        net_e, net_n = lead_network(embedded, lead_e), lead_network(neo4j_store, lead_n)
        assert sorted(net_e.nodes) == sorted(net_n.nodes)
        assert sorted(net_e.edges) == sorted(net_n.edges)
        pack_e, pack_n = load_package(embedded, top=3), load_package(neo4j_store, top=3)
        assert normalised(pack_e.members.drop(columns="lead_id")) == normalised(pack_n.members.drop(columns="lead_id"))
        assert normalised(pack_e.consignments.drop(columns="lead_id")) == normalised(
            pack_n.consignments.drop(columns="lead_id")
        )


@pytest.fixture(scope="module")
def both_stores(generated, tmp_path_factory, neo4j_uri_module):
    """The same generated data ingested and scored (Python analytics) in both stores.

    Module-scoped: the tests using it come last in this module, after every test that empties Neo4j.
    """
    home = tmp_path_factory.mktemp("parity")
    embedded = LadybugStore(home / "graph.lbug")
    neo = Neo4jStore(neo4j_uri_module)
    wipe_neo4j(neo)
    runs = {}
    for name, store in (("embedded", embedded), ("neo4j", neo)):
        runs[name] = ingest_and_score(store, generated / "consignments.csv", home / name)[1]
    yield embedded, neo, runs
    embedded.close()


@pytest.fixture(scope="module")
def neo4j_uri_module():
    return require_neo4j_uri()


def test_every_query_gives_the_same_answer_on_both_stores(both_stores):
    embedded, neo, runs = both_stores
    assert neo.counts() == embedded.counts(), "Neo4j was emptied under the module's fixture"
    assert_every_query_agrees(embedded, neo)
    key = query_params(embedded)["party_key"]
    near_e, near_n = neighbourhood(embedded, key, 2), neighbourhood(neo, key, 2)
    assert set(near_e.nodes) == set(near_n.nodes) and len(near_e.nodes) > 2
    assert set(near_e.edges) == set(near_n.edges)


def test_projection_and_scoring_outputs_are_identical_on_both_stores(both_stores):
    embedded, neo, runs = both_stores
    a, b = read_projection(embedded), read_projection(neo)
    for name in ("consignments", "parties", "links"):
        assert normalised(getattr(a, name)) == normalised(getattr(b, name)), name
    for file in ("consignments.csv", "parties.csv", "clusters.csv", "leads.csv", "lead_members.csv"):
        x = pd.read_csv(runs["embedded"].folder / file).drop(columns=["lead_id"], errors="ignore")
        y = pd.read_csv(runs["neo4j"].folder / file).drop(columns=["lead_id"], errors="ignore")
        pd.testing.assert_frame_equal(x, y, check_exact=False, rtol=1e-9, obj=file)


def test_gds_in_the_database_agrees_with_networkx(both_stores, generated, tmp_path):
    embedded, neo, runs = both_stores
    assert gds_version(neo), "the local Neo4j must have the Graph Data Science procedures"
    data = read_projection(neo)
    graph = party_graph(ProjectionData(data.consignments, data.parties, merge_hub_variants(data.links)))
    components, communities, central = network_in_gds(neo, graph)
    # The projection is made inside Neo4j from the stored graph: the same components as the graph built here.
    assert components == algorithms.connected_components(graph)
    assert network_in_gds(neo, graph, seed=7)[1] == network_in_gds(neo, graph, seed=7)[1], "the seed is honoured"
    python_q = algorithms.modularity(graph, algorithms.communities(graph))
    gds_q = algorithms.modularity(graph, communities)
    assert abs(gds_q - python_q) <= 0.02 * abs(python_q)
    assert set(central["pagerank"]) == set(graph.nodes)

    truth = read_ground_truth(generated / "ground_truth.csv")
    gds_run = run_scoring(neo, tmp_path / "runs", ScoringParams(algorithms="gds"))
    assert json.loads(gds_run.record["summary"])["algorithms"].startswith("neo4j gds")
    reference = run_scoring(embedded, tmp_path / "networkx", ScoringParams(algorithms="networkx"))
    python_eval = evaluate(reference.leads.leads, reference.scored.consignments, truth, top_k=30)
    gds_eval = evaluate(gds_run.leads.leads, gds_run.scored.consignments, truth, top_k=30)
    # The issue asks for the same planted rings at the top with either engine.
    found = set(python_eval.rings.loc[python_eval.rings["found"], "ring_id"])
    assert found == set(gds_eval.rings.loc[gds_eval.rings["found"], "ring_id"]), (python_eval.rings, gds_eval.rings)
    assert python_eval.found_share >= 0.8


def test_entities_resolve_alike_and_land_as_same_as_edges_on_both_stores(both_stores):
    """Issue 17: entity ids and SAME_AS edges are written on either store, from the same records alike."""
    from graphintel.entities.graph import consignment_entities, resolve_store, write_entities

    embedded, neo, _ = both_stores
    answers = []
    for store in (embedded, neo):
        write_entities(store, resolve_store(store))
        links = store.query("MATCH (a)-[r:SAME_AS]->(b) RETURN a.key AS a, b.key AS b, r.score AS score")
        answers.append((consignment_entities(store).reset_index(drop=True), links))
    (e_rows, e_links), (n_rows, n_links) = answers
    pd.testing.assert_frame_equal(e_rows, n_rows, check_dtype=False)
    assert len(e_links) == len(n_links) > 0
    assert normalised(e_links) == normalised(n_links)


def test_the_neighbour_index_answers_as_the_named_queries_do_on_neo4j(both_stores):
    """The dashboard's in-memory neighbourhood reads, built over Bolt, agree with Neo4j's own answers."""
    from graphintel.leads.neighbours import IndexedStore, NeighbourIndex

    _, neo, _ = both_stores
    params = query_params(neo)
    seller, phone = params["party_keys"][0], params["identifier_key"]
    index = NeighbourIndex.build(neo)
    asked = {
        "entity_details": [seller, phone, "seller:nobody"],
        "entity_identifiers": params["party_keys"],
        "entity_trade": params["party_keys"],
        "identifier_parties": [phone],
    }
    for name, keys in asked.items():
        param = {"entity_details": "keys", "entity_identifiers": "party_keys", "entity_trade": "party_keys"}
        expected = run_named(neo, name, {param.get(name, "identifier_keys"): keys})
        got = index.answer(name, keys)
        assert len(got) > 0, name
        assert list(got.columns) == list(expected.columns), name
        assert normalised(got) == normalised(expected), name
    near = neighbourhood(neo, seller, depth=2)
    from_memory = neighbourhood(IndexedStore(neo, index), seller, depth=2)
    assert from_memory.nodes == near.nodes and from_memory.edges == near.edges


def test_dates_round_trip_exactly_and_impossible_ones_are_quarantined_on_neo4j(neo4j_store, tmp_path):
    """Issue 15: 9999-12-31 was read back as 1816-03-29; dates now lie in a plausible window and come back as loaded."""
    from graphintel.ingest.plausible import Limits

    rows = [
        parcel("D1", declaration_date="9999-12-31"),
        parcel("D2", declaration_date="0001-01-01"),
        parcel("D3", declaration_date="2262-04-12"),
        parcel("E1", declaration_date="1990-01-01"),
        parcel("E2", declaration_date="2027-06-02"),
        parcel("E3", declaration_date="2026-06-01T23:30:00+05:00"),
    ]
    path = write_csv(tmp_path / "dates.csv", rows)
    limits = Limits(today=dt.date(2026, 6, 1))
    report = ingest_files(neo4j_store, plan_files([path]), tmp_path / "q", limits=limits)
    assert report.quarantined == 3 and report.loaded == 3
    back = neo4j_store.query("MATCH (c:Consignment) RETURN c.key AS id, c.declaration_date AS d ORDER BY id")
    assert [pd.Timestamp(d).date().isoformat() for d in back["d"]] == ["1990-01-01", "2027-06-02", "2026-06-01"]
    with LadybugStore(tmp_path / "graph.lbug") as embedded:
        ingest_files(embedded, plan_files([path]), tmp_path / "q2", limits=limits)
        same = embedded.query("MATCH (c:Consignment) RETURN c.key AS id, c.declaration_date AS d ORDER BY id")
    assert [pd.Timestamp(d).date() for d in same["d"]] == [pd.Timestamp(d).date() for d in back["d"]]


def test_a_changed_row_under_a_held_id_is_a_conflict_on_neo4j(neo4j_store, tmp_path):
    first = write_csv(tmp_path / "day1.csv", [parcel("C1", declared_value=40), parcel("C2")])
    second = write_csv(tmp_path / "day2.csv", [parcel("C2"), parcel("C1", declared_value=4)])
    ingest_files(neo4j_store, plan_files([first]), tmp_path / "q")
    report = ingest_files(neo4j_store, plan_files([second]), tmp_path / "q")
    assert report.files[0].already_present == 1 and report.quarantined == 1
    reason = pd.read_csv(report.quarantine_path, dtype=str)["reason"].iloc[0]
    assert reason.startswith(f"conflict: consignment_id 'C1' was loaded before from {first}, line 2")
    assert neo4j_store.query("MATCH (c:Consignment {key: 'C1'}) RETURN c.declared_value AS v").iloc[0, 0] == 40.0
