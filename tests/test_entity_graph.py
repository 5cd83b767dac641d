"""Issue 17 in the graph: entities resolved from the store, SAME_AS edges, decisions that persist, search in
any script, and the ``entities`` and ``search`` commands."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pandas as pd
import pytest

from graphintel.cli import main
from graphintel.entities.graph import consignment_entities, record_decision, resolve_store, write_entities
from graphintel.leads.neighbours import read_nodes
from graphintel.leads.search import SearchIndex
from graphintel.store import open_store

HEADER = (
    "consignment_id,declaration_date,seller_name,seller_country,seller_phone,buyer_name,buyer_address,"
    "buyer_country,buyer_phone,buyer_email,declared_value,currency,destination_country"
)
ROWS = [  # one parcel per line
    # one buyer, in Arabic script and two Latin transliterations, one phone written three ways
    "C1,2026-03-01,Shenzhen Huaqiang Electronics Co. Ltd,CN,+86 755 8888 1234,محمد عبد الرحمن,Flat 4 Bldg 12 Olaya St Riyadh,SA,+966 50 123 4567,,300,SAR,SA",  # noqa: E501
    "C2,2026-03-02,SHENZHEN HUAQIANG ELECTRONICS COMPANY LIMITED,CN,0086 755 8888 1234,Mohammed Abdulrahman,Flat 4 Building 12 Olaya Street Riyadh,SA,00966501234567,,310,SAR,SA",  # noqa: E501
    "C3,2026-03-03,深圳市华强电子有限公司,CN,+86 755 8888 1234,Muhammad Abdul Rahman,Apt 4 Bldg 12 Olaya St Riyadh,SA,0501234567,,320,SAR,SA",  # noqa: E501
    # false friends: two different people called Mohammed Ali, other phones, other cities
    "C4,2026-03-04,Golden Star Trading LLC,AE,+971 4 555 0101,Mohammed Ali,Villa 7 Street 15 Jeddah,SA,+966 55 111 2222,m.ali.jed@example.com,200,SAR,SA",  # noqa: E501
    "C5,2026-03-05,Golden Star Trading LLC,AE,+971 4 555 0101,Mohammed Ali,PO Box 4411 Dammam,SA,+966 56 999 8888,ali.dammam@example.org,210,SAR,SA",  # noqa: E501
    # a parcel depot in three spellings, used by three buyers
    "C6,2026-03-06,Ivanov Trade OOO,RU,+7 495 123 4567,Дмитрий Иванов,Unit 4 Heathrow Cargo Centre Hounslow,GB,+44 7700 900123,,90,GBP,GB",  # noqa: E501
    "C7,2026-03-07,Ivanov Trade OOO,RU,+7 495 123 4567,Dmitry Ivanov,unti 4 heathrow cargo center hounslow,GB,+44 7700 900123,,95,GBP,GB",  # noqa: E501
    "C8,2026-03-08,Ivanov Trade OOO,RU,+7 495 123 4567,Olga Petrova,Unit 4 Heathrow Cargo Centre Hounslow,GB,+44 7700 900999,,97,GBP,GB",  # noqa: E501
]


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    data = tmp_path / "parcels.csv"
    data.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    assert main(["ingest", str(data), "--home", str(tmp_path / "h")]) == 0
    return tmp_path / "h"


def _entities(home: Path) -> pd.DataFrame:
    with open_store(str(home / "graph.lbug")) as store:
        return consignment_entities(store).pivot(index="consignment_id", columns="role", values="entity_id")


def test_spellings_in_two_scripts_are_one_entity_and_false_friends_are_not(home: Path):
    with open_store(str(home / "graph.lbug")) as store:
        write_entities(store, resolve_store(store))
        links = store.query("MATCH (a:Buyer)-[r:SAME_AS]->(b:Buyer) RETURN a.name AS a, b.name AS b, r.score AS s, "
                            "r.evidence AS e")  # fmt: skip
    entity = _entities(home)
    assert entity.loc["C1", "buyer"] == entity.loc["C2", "buyer"] == entity.loc["C3", "buyer"]
    assert entity.loc["C1", "seller"] == entity.loc["C2", "seller"] == entity.loc["C3", "seller"]
    assert entity.loc["C4", "buyer"] != entity.loc["C5", "buyer"], "two people who share a name stay two"
    assert entity.loc["C6", "delivery_address"] == entity.loc["C7", "delivery_address"]
    assert entity.loc["C6", "delivery_address"] == entity.loc["C8", "delivery_address"], "the depot's spellings fold"
    assert entity.loc["C6", "buyer"] != entity.loc["C8", "buyer"]
    assert len(links) >= 2 and links["s"].between(0, 1).all() and links["e"].str.startswith("{").all()


def test_merge_and_split_decisions_persist_across_runs(home: Path):
    with open_store(str(home / "graph.lbug")) as store:
        write_entities(store, resolve_store(store))
        keys = store.query("MATCH (c:Consignment)-[:CONSIGNED_TO]->(b:Buyer) RETURN c.key AS c, b.key AS b")
        key = dict(zip(keys["c"], keys["b"], strict=True))
        record_decision(store, "merge", key["C4"], key["C5"], "analyst one", "same passport on both invoices")
        record_decision(store, "split", key["C1"], key["C2"], "analyst one", "different national ids")
        write_entities(store, resolve_store(store))
    first = _entities(home)
    assert first.loc["C4", "buyer"] == first.loc["C5", "buyer"]
    assert first.loc["C1", "buyer"] != first.loc["C2", "buyer"]
    with open_store(str(home / "graph.lbug")) as store:  # a later run respects them
        write_entities(store, resolve_store(store))
    again = _entities(home)
    assert again.loc["C4", "buyer"] == again.loc["C5", "buyer"] and again.loc["C1", "buyer"] != again.loc["C2", "buyer"]
    with open_store(str(home / "graph.lbug")) as store, pytest.raises(Exception, match="only alike"):
        record_decision(store, "merge", key["C1"], "addr:nothing", "analyst one")


@pytest.mark.parametrize(
    "query, wanted",
    [
        ("Mohammed Abdulrahman", "محمد عبد الرحمن"),  # Latin finds Arabic script
        ("محمد عبد الرحمن", "Muhammad Abdul Rahman"),  # Arabic finds the Latin spellings
        ("Дмитрий Иванов", "Dmitry Ivanov"),  # Cyrillic finds Latin
        ("华强电子", "深圳市华强电子有限公司"),  # Chinese finds Chinese
        ("Huaqiang Electronics", "深圳市华强电子有限公司"),  # pinyin finds Chinese
    ],
)
def test_search_in_any_script_groups_spellings_by_entity(home: Path, query: str, wanted: str):
    with open_store(str(home / "graph.lbug")) as store:
        write_entities(store, resolve_store(store))
        index = SearchIndex.from_nodes(read_nodes(store))
        names = set(store.query("MATCH (p:Buyer) RETURN p.name AS n")["n"]) | set(
            store.query("MATCH (p:Seller) RETURN p.name AS n")["n"]
        )
    assert wanted in names
    found = index.search_entities(query, limit=5)
    assert len(found) and found["entity_id"].is_unique
    top = found.iloc[0]
    assert top["variants"] >= 2, f"{query!r} -> {found.to_dict('records')}"
    spellings = set(index.search(query, limit=30)["name"].str.split(" ", n=1).str[-1]) | {
        n.split(" ", 1)[-1] for n in index.search(wanted, limit=30)["name"]
    }
    assert any(wanted in s for s in spellings)


def test_entities_and_search_commands(home: Path, capsys):
    out = home.parent / "entities.csv"
    assert main(["entities", "--home", str(home), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "buyers" in printed and "SAME_AS" in printed
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["consignment_id", "role", "entity_id", "score"]
    assert len(rows) == 3 * len(ROWS)
    assert {r["role"] for r in rows} == {"seller", "buyer", "delivery_address"}
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert main(["search", "Dmitry Ivanov", "--home", str(home), "--type", "party", "--limit", "3"]) == 0
    printed = capsys.readouterr().out
    assert "Buyer" in printed and "spellings" in printed
    assert main(["search", "heathrow cargo", "--home", str(home), "--type", "address"]) == 0
    assert "Address" in capsys.readouterr().out
    assert main(["entities", "merge", "buyer~x", "addr:y", "--home", str(home), "--by", "a"]) != 0


def test_an_analyst_merges_two_spellings_on_the_search_page_under_their_name(home: Path, monkeypatch):
    """Issue 17: merge and split in the dashboard, recorded with who and when, and applied at once."""
    from streamlit import config as streamlit_config
    from streamlit.testing.v1 import AppTest

    with open_store(str(home / "graph.lbug")) as store:
        write_entities(store, resolve_store(store))
    streamlit_config.set_option("server.address", "127.0.0.1")
    monkeypatch.setenv("GRAPHINTEL_STORE", str(home / "graph.lbug"))
    monkeypatch.setenv("GRAPHINTEL_ANALYST", "Ada Analyst")
    monkeypatch.setenv("GRAPHINTEL_DASHBOARD_NO_AUTH", "1")
    monkeypatch.delenv("GRAPHINTEL_HOME", raising=False)
    page = Path(__file__).resolve().parents[1] / "graphintel" / "app" / "pages" / "2_Search.py"
    at = AppTest.from_file(str(page), default_timeout=120)
    at.run()
    at.text_input(key="search_query").input("Mohammed Ali").run()
    assert not at.exception, at.exception
    results = at.dataframe[0].value
    namesakes = results[results["name"] == "Mohammed Ali"]
    assert len(namesakes) == 2, results  # two people, two entities
    at.radio(key="entity_action").set_value("merge").run()
    at.text_input(key="entity_note").input("same passport on both invoices").run()
    next(b for b in at.button if b.key == "entity_decide").click().run()
    assert not at.exception, at.exception
    assert any("merge recorded under Ada Analyst" in s.value for s in at.success), [e.value for e in at.error]
    entity = _entities(home)
    assert entity.loc["C4", "buyer"] == entity.loc["C5", "buyer"]
    with open_store(str(home / "graph.lbug"), read_only=True) as store:
        decided = store.named("entity_decisions")
    assert decided.iloc[0]["analyst"] == "Ada Analyst" and decided.iloc[0]["decided_at"]
    at.text_input(key="entity_note").input("").run()  # a decision without a reason is refused
    next(b for b in at.button if b.key == "entity_decide").click().run()
    assert any("needs a reason" in e.value for e in at.error)
