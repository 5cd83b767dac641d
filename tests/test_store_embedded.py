"""The embedded store: round trip, atomic batches, read-only access and a clear lock error."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from graphintel import schema
from graphintel.errors import StoreError, StoreLockedError
from graphintel.store import GraphBatch, RelFrame, open_store
from graphintel.store.embedded import LadybugStore


def small_batch() -> GraphBatch:
    batch = GraphBatch()
    batch.nodes[schema.SELLER] = pd.DataFrame({"key": ["seller:S1"], "party_id": ["S1"], "name": ["Acme"]})
    batch.nodes[schema.BUYER] = pd.DataFrame({"key": ["buyer:B1"], "party_id": ["B1"], "name": ["Ann"]})
    batch.nodes[schema.CONSIGNMENT] = pd.DataFrame(
        {
            "key": ["C1", "C2"],
            "consignment_id": ["C1", "C2"],
            "declaration_date": pd.to_datetime(["2026-06-01", "2026-06-02"]),
            "declared_value": [12.5, 140.0],
            "seller_key": ["seller:S1"] * 2,
            "buyer_key": ["buyer:B1"] * 2,
        }
    )
    batch.rels.append(
        RelFrame(
            schema.SHIPPED,
            schema.SELLER,
            schema.CONSIGNMENT,
            pd.DataFrame({"from": ["seller:S1"] * 2, "to": ["C1", "C2"]}),
        )
    )
    batch.rels.append(
        RelFrame(
            schema.CONSIGNED_TO,
            schema.CONSIGNMENT,
            schema.BUYER,
            pd.DataFrame({"from": ["C1", "C2"], "to": ["buyer:B1"] * 2}),
        )
    )
    return batch


def test_round_trip_of_nodes_properties_and_edges(tmp_path):
    path = tmp_path / "g.lbug"
    with LadybugStore(path) as store:
        counts = store.load(small_batch())
        assert counts.consignments_new == 2 and counts.rels == {"SHIPPED": 2, "CONSIGNED_TO": 2}
        store.update_properties(schema.CONSIGNMENT, pd.DataFrame({"key": ["C2"], "score": [0.9], "reasons": ["x"]}))
    with open_store(str(path), read_only=True) as store:
        rows = store.query(
            "MATCH (s:Seller)-[:SHIPPED]->(c:Consignment)-[:CONSIGNED_TO]->(b:Buyer) "
            "RETURN s.party_id AS seller, c.consignment_id AS id, c.declared_value AS v, c.score AS score, "
            "b.name AS buyer ORDER BY id"
        )
        assert rows.fillna(-1).to_dict("records") == [
            {"seller": "S1", "id": "C1", "v": 12.5, "score": -1, "buyer": "Ann"},
            {"seller": "S1", "id": "C2", "v": 140.0, "score": 0.9, "buyer": "Ann"},
        ]
        assert (
            str(store.query("MATCH (c:Consignment {key: 'C1'}) RETURN c.declaration_date AS d").iloc[0, 0])[:10]
            == "2026-06-01"
        )


def test_a_failed_batch_leaves_nothing_behind(tmp_path):
    with LadybugStore(tmp_path / "g.lbug") as store:
        batch = small_batch()
        # An edge to a buyer that does not exist makes the COPY fail after the nodes were copied.
        batch.rels.append(
            RelFrame(
                schema.CONSIGNED_TO,
                schema.CONSIGNMENT,
                schema.BUYER,
                pd.DataFrame({"from": ["C1"], "to": ["buyer:NOBODY"]}),
            )
        )
        with pytest.raises(StoreError):
            store.load(batch)
        assert store.counts()[schema.CONSIGNMENT] == 0
        assert store.load(small_batch()).consignments_new == 2


def test_read_only_store_refuses_writes_and_a_missing_store_is_named(tmp_path):
    with LadybugStore(tmp_path / "g.lbug") as store:
        store.load(small_batch())
    with LadybugStore(tmp_path / "g.lbug", read_only=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.load(small_batch())
    with pytest.raises(StoreError, match=r"no GraphIntel store at .*missing.lbug"):
        LadybugStore(tmp_path / "missing.lbug", read_only=True)


def test_a_store_made_before_a_property_existed_gains_it_when_opened_read_only(tmp_path):
    """The dashboard opens stores read-only and its reads name ``Address.display``: a store made before it
    existed gains the (empty) column on that open, as its next writer would add it."""
    path = tmp_path / "graph.lbug"
    with LadybugStore(path) as store:
        store.write("ALTER TABLE Address DROP display")
        assert "Address.display" in store._missing_properties()
    with LadybugStore(path, read_only=True) as store:
        assert store._missing_properties() == []
        assert store.named("entity_details", {"keys": ["addr:x"]}).columns[-1] == "display"


def test_a_second_writer_gets_a_clear_lock_error(tmp_path):
    path = tmp_path / "g.lbug"
    LadybugStore(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from graphintel.store.embedded import LadybugStore
            s = LadybugStore({str(path)!r})
            print("ready", flush=True)
            sys.stdin.readline()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError, match=r"open for writing by another GraphIntel process"):
            LadybugStore(path)
    finally:
        holder.communicate("\n", timeout=30)


def test_every_named_query_runs_on_the_embedded_store(tmp_path):
    """Each queries/*.cypher runs with sample parameters and returns rows on scored demo-like data."""
    from graphintel.cli import main
    from graphintel.leads.decisions import record_decision
    from graphintel.leads.explore import neighbourhood, run_named
    from graphintel.leads.neighbours import IndexedStore, NeighbourIndex
    from graphintel.store.base import QUERIES_DIR

    home = tmp_path / "h"
    assert main(["generate", "--consignments", "2000", "--seed", "4", "--out", str(tmp_path / "d")]) == 0
    assert main(["ingest", str(tmp_path / "d" / "consignments.csv"), "--home", str(home)]) == 0
    assert main(["score", "--home", str(home)]) == 0
    with LadybugStore(home / "graph.lbug") as store:
        lead = store.query(
            "MATCH (b:Buyer)<-[:INVOLVES]-(l:Lead)-[:INVOLVES]->(s:Seller) "
            "RETURN DISTINCT l.lead_id AS id, l.rank AS r ORDER BY r LIMIT 1"
        ).iloc[0, 0]
        pair = (
            store.query(
                "MATCH (a:Seller)-[:HAS_PHONE]->(:Phone)<-[:HAS_PHONE]-(b:Seller) WHERE a.key < b.key "
                "RETURN a.key AS ka, b.key AS kb ORDER BY ka, kb LIMIT 1"
            )
            .iloc[0]
            .rename({"ka": "a", "kb": "b"})
        )
        params = {
            "lead_members": {"lead_id": lead},
            "lead_identifiers": {"lead_id": lead},
            "lead_trade": {"lead_id": lead},
            "lead_consignments": {"lead_id": lead, "limit": 50},
            "leads_members": {"lead_ids": [lead]},
            "shared_identifiers": {"min_sharers": 2, "max_sharers": 50, "limit": 20},
            "under_threshold_buyers": {"threshold": 135.0, "band": 0.1, "min_parcels": 5, "limit": 20},
            "top_parties": {"limit": 10},
            "paths_between": {"from_key": pair["a"], "to_key": pair["b"]},
            "party_consignments": {"party_key": pair["a"], "limit": 50},
            "entity_identifiers": {"party_keys": [pair["a"], pair["b"]]},
            "entity_trade": {"party_keys": [pair["a"], pair["b"]]},
            "entity_details": {"keys": [pair["a"], pair["b"]]},
            "lead_decisions": {"lead_id": lead},
            "party_identifiers": {"party_key": pair["a"]},
            "party_trade": {"party_key": pair["a"]},
            "entity_detail": {"entity_key": pair["a"]},
            "score_distribution": {},
            "consignments_by_day": {},
            "cluster_count": {},
            "index_parties": {},
            "index_identifiers": {},
            "index_ties": {},
            "index_trade": {},
            "projection_consignments": {},
            "projection_parties": {},
            "projection_links": {},
            "lead_evidence": {"lead_ids": [lead]},
            "run_latest": {},
            "run_record": {"run_id": "RUN"},
            "run_leads": {"run_id": "RUN"},
            "lead_values": {"run_id": "RUN"},
            "confirmed_members": {},
            "lead_for_decision": {"lead_id": lead},
            "decisions_all": {},
            "run_lead_members": {"run": "RUN"},
            "known_consignments": {"ids": []},
            "known_leads": {"ids": [lead]},
            "consignment_count": {},
            "entity_weights": {},
            "entity_ids": {},
            "entity_decisions": {},
            "case_notes_all": {},
            "party_parcels": {"party_keys": [pair["a"], pair["b"]]},
            "entity_nodes": {"keys": [pair["a"], pair["b"]]},
        }
        phone = store.query(
            "MATCH (a:Seller {key: $a})-[:HAS_PHONE]->(p:Phone) RETURN p.key AS k LIMIT 1", {"a": pair["a"]}
        ).iloc[0, 0]
        run_id = store.query("MATCH (l:Lead {lead_id: $l}) RETURN l.run_id AS r", {"l": lead}).iloc[0, 0]
        record_decision(store, lead, "confirmed", "seen the invoices", "analyst one")
        from graphintel.leads.cases import record_note

        record_note(store, lead, "asked the post for the parcels' images", "analyst one")
        from graphintel.entities.graph import record_decision as decide_entities

        decide_entities(store, "split", pair["a"], pair["b"], "analyst one", "two companies")
        from graphintel.entities.graph import resolve_store, write_entities

        write_entities(store, resolve_store(store))
        same = store.query("MATCH (x)-[:SAME_AS]->(y) RETURN x.key AS a, y.key AS b ORDER BY a, b LIMIT 1").iloc[0]
        params["same_as_links"] = {"keys": [same["a"], same["b"], pair["a"]]}
        params["same_as_count"] = {}
        params["identifier_parties"] = {"identifier_keys": [phone]}
        params["identifier_members"] = {"identifier_key": phone}
        params["lead_facets"] = params["lead_values"] = {"run_id": run_id}
        params["run_record"] = params["run_leads"] = {"run_id": run_id}
        params["run_lead_members"] = {"run": run_id}
        lead_party = store.named("lead_members", {"lead_id": lead})["key"].iloc[0]
        params["party_leads"] = {"run_id": run_id, "party_keys": [lead_party]}
        params["known_consignments"] = {"ids": [str(store.named("projection_consignments").iloc[0]["key"])]}
        names = sorted(
            p.name.split(".")[0]
            for p in QUERIES_DIR.glob("*.cypher")
            if p.name.count(".") == 1 and "// mode: write" not in p.read_text() and "// needs: gds" not in p.read_text()
        )
        assert names == sorted(params)
        for name in names:
            assert len(run_named(store, name, params[name])) > 0, name
        paths = run_named(store, "paths_between", params["paths_between"])
        assert paths["hops"].min() == 2
        near = neighbourhood(store, pair["a"], depth=2)
        assert pair["b"] in near.nodes and phone in near.nodes
        assert f"i|{pair['b']}|{phone}" in near.edges
        store._large = True  # a large store's path: one key lookup per party or identifier, the same answer
        by_key = neighbourhood(store, pair["a"], depth=2)
        assert by_key.nodes == near.nodes and by_key.edges == near.edges and by_key.hubs == near.hubs
        # The dashboard's in-memory index answers the four neighbourhood reads as the named queries do.
        index = NeighbourIndex.build(store)
        asked = {
            "entity_details": {"keys": [pair["a"], pair["b"], phone, "seller:nobody"]},
            "entity_identifiers": {"party_keys": [pair["b"], pair["a"]]},
            "entity_trade": {"party_keys": [pair["a"], pair["b"]]},
            "identifier_parties": {"identifier_keys": [phone]},
        }
        for name, query_params in asked.items():
            expected = run_named(store, name, query_params)
            got = index.answer(name, next(iter(query_params.values())))
            assert len(got) > 0 and list(got.columns) == list(expected.columns), name
            order = list(expected.columns)
            pd.testing.assert_frame_equal(
                got.astype(object).where(got.notna(), None).sort_values(order, ignore_index=True),
                expected.astype(object).where(expected.notna(), None).sort_values(order, ignore_index=True),
                check_dtype=False,
                obj=name,
            )
        from_memory = neighbourhood(IndexedStore(store, index), pair["a"], depth=2)
        assert from_memory.nodes == near.nodes and from_memory.edges == near.edges and from_memory.hubs == near.hubs


def _consignments(start: int, n: int) -> GraphBatch:
    keys = [f"C{i}" for i in range(start, start + n)]
    batch = GraphBatch()
    batch.nodes[schema.CONSIGNMENT] = pd.DataFrame({"key": keys, "consignment_id": keys, "extra": ["x" * 200] * n})
    return batch


def test_tables_given_to_the_store_are_freed_once_loaded(tmp_path):
    # A LadybugDB connection keeps every table passed to it until it is closed; at a million
    # consignments that was 750 MB of Arrow tables held by ingest. Growth between two loads may
    # only be the new keys the store remembers, not the 4 MB of the batch itself.
    import gc

    import pyarrow as pa

    with LadybugStore(tmp_path / "g.lbug") as store:
        store.load(_consignments(0, 20_000))
        gc.collect()
        before = pa.total_allocated_bytes()
        store.load(_consignments(20_000, 20_000))
        scores = pd.DataFrame({"key": [f"C{i}" for i in range(40_000)], "reasons": ["y" * 200] * 40_000})
        store.update_properties(schema.CONSIGNMENT, scores)
        del scores  # its strings are Arrow memory too
        gc.collect()
        grown = pa.total_allocated_bytes() - before
        assert store.counts()[schema.CONSIGNMENT] == 40_000
    assert grown < 1_000_000, f"{grown:,} bytes of Arrow memory kept after loading"
