"""Issue 16's "one way through": lead ids made once, reasons kept as lines, lead evidence in the graph, and
the dashboard's indexed store answering neighbourhoods as the store does."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from graphintel.cli import main
from graphintel.leads.explore import lead_reason_lines, neighbourhood
from graphintel.leads.neighbours import IndexedStore
from graphintel.leads.runs import latest_run, read_leads
from graphintel.store import GraphStore, open_store


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redesign")
    assert main(["generate", "--consignments", "4000", "--seed", "5", "--out", str(folder / "d")]) == 0
    assert main(["ingest", str(folder / "d" / "consignments.csv"), "--home", str(folder / "h")]) == 0
    assert main(["score", "--home", str(folder / "h")]) == 0
    store = open_store(str(folder / "h" / "graph.lbug"), read_only=True)
    yield store, folder
    store.close()


def test_both_stores_and_the_indexed_store_are_graph_stores(scored):
    store, _ = scored
    assert isinstance(store, GraphStore)
    assert isinstance(IndexedStore(store), GraphStore)


def test_lead_ids_follow_the_final_ranks_everywhere(scored):
    store, _ = scored
    run = latest_run(store)
    leads = read_leads(store, run["run_id"])
    assert list(leads["lead_id"]) == [f"{run['run_id']}-L{r:04d}" for r in range(1, len(leads) + 1)]
    assert list(leads["rank"]) == list(range(1, len(leads) + 1))
    files = pd.read_csv(run["folder"] + "/lead_members.csv", dtype=str)
    assert set(files["lead_id"]) <= set(leads["lead_id"])


def test_lead_reasons_are_stored_as_lines_and_shown_joined(scored):
    store, _ = scored
    leads = read_leads(store, latest_run(store)["run_id"])
    assert len(leads) > 3
    for lead in leads.to_dict("records"):
        lines = json.loads(lead["reason_lines"])
        assert lines and all(isinstance(line, str) and " | " not in line for line in lines)
        assert " | ".join(lines) == lead["reasons"]
        assert lead_reason_lines(lead) == lines
    old = {"reasons": "a | b", "reason_lines": None}  # a store written before reason_lines
    assert lead_reason_lines(old) == ["a", "b"]


def test_lead_evidence_is_in_the_graph_as_in_the_run_folder(scored):
    store, _ = scored
    run = latest_run(store)
    in_files = pd.read_csv(run["folder"] + "/lead_evidence.csv", dtype=str)
    leads = read_leads(store, run["run_id"])
    in_graph = store.named("lead_evidence", {"lead_ids": list(leads["lead_id"])})
    assert len(in_graph) == len(in_files) > 0
    pairs = set(zip(in_graph["lead_id"], in_graph["consignment_id"], strict=True))
    assert pairs == set(zip(in_files["lead_id"], in_files["consignment_id"], strict=True))


def test_the_indexed_store_answers_neighbourhoods_as_the_store_does(scored):
    store, _ = scored
    leads = read_leads(store, latest_run(store)["run_id"])
    members = store.named("lead_members", {"lead_id": leads.iloc[0]["lead_id"]})
    key = members.iloc[0]["key"]
    plain, indexed = neighbourhood(store, key, depth=2), neighbourhood(IndexedStore(store), key, depth=2)
    assert len(plain.nodes) > 1
    assert plain.nodes == indexed.nodes and plain.edges == indexed.edges
