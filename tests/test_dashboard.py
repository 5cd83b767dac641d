"""The dashboard, every page driven by Streamlit's AppTest over real scored stores (embedded and Neo4j)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from graphintel.cli import main
from graphintel.dashboard import access, ui
from graphintel.dashboard.safe import md
from graphintel.leads import explore
from graphintel.leads.runs import confirmed_lead_members, latest_run
from graphintel.store import open_store
from graphintel.store.embedded import LadybugStore, active_writer

APP = Path(__file__).resolve().parents[1] / "graphintel" / "app"
PAGES = {
    "overview": APP / "Home.py",
    "leads": APP / "pages" / "1_Leads.py",
    "search": APP / "pages" / "2_Search.py",
    "paths": APP / "pages" / "3_Paths.py",
    "queries": APP / "pages" / "4_Queries.py",
}


def scored(home: Path, seed: int, store: str | None = None) -> None:
    assert main(["generate", "--consignments", "3000", "--seed", str(seed), "--out", str(home / "data")]) == 0
    extra = ["--store", store] if store else []
    assert main(["ingest", str(home / "data" / "consignments.csv"), "--home", str(home), *extra]) == 0
    assert main(["score", "--home", str(home), *extra]) == 0


@pytest.fixture(scope="module")
def scored_store(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("dash")
    scored(home, 11)
    return home / "graph.lbug"


@pytest.fixture(autouse=True)
def loopback():
    """The dashboard listens on 127.0.0.1, as `graphintel dashboard` starts it."""
    from streamlit import config as streamlit_config

    before = streamlit_config.get_option("server.address")
    streamlit_config.set_option("server.address", "127.0.0.1")
    yield
    streamlit_config.set_option("server.address", before)


def app(monkeypatch, store, page: str = "leads", analyst: str = "Ada Analyst", login: bool = False) -> AppTest:
    """The page over ``store``: without login (``--no-auth``, ``analyst`` acting), or at the login page."""
    monkeypatch.setenv("GRAPHINTEL_STORE", str(store))
    monkeypatch.setenv("GRAPHINTEL_ANALYST", analyst)
    monkeypatch.delenv("GRAPHINTEL_HOME", raising=False)
    if login:
        monkeypatch.delenv("GRAPHINTEL_DASHBOARD_NO_AUTH", raising=False)
    else:
        monkeypatch.setenv("GRAPHINTEL_DASHBOARD_NO_AUTH", "1")
    at = AppTest.from_file(str(PAGES[page]), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def log_in(monkeypatch, store, name: str, password: str, page: str = "leads") -> AppTest:
    at = app(monkeypatch, store, page, login=True)
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    button(at, "Log in").click().run()
    return clean(at)


def clean(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button '{label}' in {[b.label for b in at.button]}"
    return found[0]


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.subheader]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [e.value for e in at.error]
    return "\n".join(parts)


def case_history(at: AppTest):
    """The case history table of the lead shown (who, what, text, when)."""
    found = [d.value for d in at.dataframe if "who" in d.value.columns and "what" in d.value.columns]
    assert found, "no case history table"
    return found[0]


def nodes_drawn(at: AppTest) -> int:
    line = next(c.value for c in at.caption if " nodes, " in c.value)
    return int(line.split(" nodes")[0])


def sharing_sellers(store_path) -> tuple[str, str, str]:
    with open_store(str(store_path), read_only=True) as store:
        row = store.query(
            "MATCH (a:Seller)-[:HAS_PHONE]->(p:Phone)<-[:HAS_PHONE]-(b:Seller) WHERE a.key < b.key "
            "RETURN a.party_id AS first, b.party_id AS second, p.value AS phone ORDER BY first, second LIMIT 1"
        ).iloc[0]
    return row["first"], row["second"], row["phone"]


def ranked_leads(store_uri) -> list[str]:
    with open_store(str(store_uri), read_only=True) as store:
        return list(store.query("MATCH (l:Lead) RETURN l.lead_id AS id ORDER BY l.run_id DESC, l.rank")["id"])


# -- overview ----------------------------------------------------------------------------
def test_overview_shows_counts_run_and_charts(monkeypatch, scored_store):
    at = app(monkeypatch, scored_store, "overview")
    assert at.title[0].value == "GraphIntel: overview"
    metrics = {m.label: int(m.value.replace(",", "")) for m in at.metric}
    assert metrics["Consignments"] == 3000
    assert metrics["Parties"] > 0 and metrics["Clusters"] > 0 and metrics["Open leads"] > 0
    assert any(c.value.startswith("Run `") for c in at.caption)
    assert len(at.get("vega_lite_chart")) == 3  # scores, consignments over time, leads by scheme


# -- leads queue and lead view -----------------------------------------------------------
def test_leads_are_listed_and_the_first_lead_opens_with_its_evidence(monkeypatch, scored_store):
    at = app(monkeypatch, scored_store)
    assert at.title[0].value == "GraphIntel: leads"
    assert int(at.metric[0].value.replace(",", "")) > 0
    assert at.selectbox(key="lead_select").value.endswith("-L0001")
    assert any("Lead #1" in s.value for s in at.subheader)
    assert "**Why this lead**" in texts(at)
    assert any("consignments sent or received" in c.value for c in at.caption)
    assert len(at.get("vega_lite_chart")) == 3  # timeline, routes and the route map
    assert nodes_drawn(at) >= 2
    # Money with its currency and thousands separators: the queue, its metric and the evidence.
    queue = at.dataframe[0].value
    assert queue["declared"].str.fullmatch(r"-?[\d,]+\.\d\d [A-Z]{3}( \+ -?[\d,]+\.\d\d [A-Z]{3})*").all()
    assert at.metric[2].value.endswith(" GBP") and "," in at.metric[2].value
    evidence = next(d.value for d in at.dataframe if "consignment_id" in d.value)
    assert "declared_value" not in evidence and "currency" not in evidence
    assert evidence["declared value"].str.fullmatch(r"-?[\d,]+\.\d\d [A-Z]{3}").all()
    assert any(m.value.startswith("**Declared value** ") for m in at.markdown)


def test_choosing_another_lead_and_filtering_the_queue(monkeypatch, scored_store):
    at = app(monkeypatch, scored_store)
    at.selectbox(key="lead_select").set_value(ranked_leads(scored_store)[1]).run()
    clean(at)
    assert any("Lead #2" in s.value for s in at.subheader)
    total = int(at.metric[0].value.replace(",", ""))
    scheme = at.multiselect(key="scheme_filter")
    scheme.set_value(scheme.value[:1]).run()
    clean(at)
    assert 0 < int(at.metric[0].value.replace(",", "")) < total
    at.multiselect(key="scheme_filter").set_value(scheme.options).run()
    channel = at.multiselect(key="channel_filter")
    assert channel.options, "leads carry the channels of their parcels"
    channel.set_value([channel.options[0]]).run()
    clean(at)
    assert int(at.metric[0].value.replace(",", "")) <= total
    at.multiselect(key="channel_filter").set_value([]).run()
    country = at.multiselect(key="country_filter")
    country.set_value([country.options[0]]).run()
    clean(at)
    at.multiselect(key="country_filter").set_value([]).run()
    at.selectbox(key="sort").set_value("declared value").run()
    clean(at)
    values = [float(v.split(" ")[0].replace(",", "")) for v in at.dataframe[0].value["declared"]]
    assert values == sorted(values, reverse=True)  # one currency (GBP) in the generated data
    lo, hi = at.date_input(key="date_filter").value
    at.date_input(key="date_filter").set_value((hi, hi)).run()
    clean(at)
    at.slider(key="min_score").set_value(1.0).run()
    clean(at)
    assert "No lead matches" in texts(at) or at.selectbox(key="lead_select").options


def test_expanding_and_removing_nodes_of_a_lead_network(monkeypatch, scored_store):
    at = app(monkeypatch, scored_store)
    lead_id = at.selectbox(key="lead_select").value
    before = nodes_drawn(at)
    with open_store(str(scored_store), read_only=True) as store:
        party = store.query("MATCH (:Lead {lead_id: $l})-[:INVOLVES]->(p) RETURN p.key AS k", {"l": lead_id}).iloc[0, 0]
    at.multiselect(key=f"pick-lead-{lead_id}").set_value([party]).run()
    button(at, "Expand").click().run()
    clean(at)
    grown = nodes_drawn(at)
    assert grown > before
    at.multiselect(key=f"pick-lead-{lead_id}").set_value([party]).run()
    button(at, "Remove").click().run()
    clean(at)
    assert nodes_drawn(at) < grown
    button(at, "Undo").click().run()  # the removal undone, then redone
    clean(at)
    assert nodes_drawn(at) == grown
    button(at, "Redo").click().run()
    clean(at)
    assert nodes_drawn(at) < grown
    button(at, "Reset").click().run()
    clean(at)
    assert nodes_drawn(at) == before


def test_a_decision_is_stored_with_who_and_when_and_becomes_a_label(monkeypatch, tmp_path):
    from graphintel.users import UserStore

    home = tmp_path / "h"
    scored(home, 13)
    store_path = home / "graph.lbug"
    UserStore(home).add("grace", "supervisor", "grace's passphrase")
    at = log_in(monkeypatch, store_path, "grace", "grace's passphrase")
    assert "Logged in as **grace** (supervisor)" in texts(at)
    assert not [t for t in at.text_input if t.label == "Analyst"], "no name box: the login says who decides"
    lead_id = ranked_leads(store_path)[2]
    at.selectbox(key="lead_select").set_value(lead_id).run()
    at.text_area(key=f"note-{lead_id}").input("same phone as last month's seizure")
    button(at, "Confirm").click().run()
    clean(at)
    assert "**status** confirmed by grace" in texts(at)
    history = case_history(at)
    assert list(history["what"]) == ["confirmed"] and list(history["who"]) == ["grace"]
    at.text_area(key=f"case-note-{lead_id}").input("asked the post for the parcels' images")
    button(at, "Add note").click().run()
    clean(at)
    with LadybugStore(store_path) as store:
        row = store.query(
            "MATCH (l:Lead {lead_id: $l}) RETURN l.status AS s, l.note AS n, l.decided_by AS b, l.decided_at AS t",
            {"l": lead_id},
        ).iloc[0]
        assert (row["s"], row["n"], row["b"]) == ("confirmed", "same phone as last month's seizure", "grace")
        assert row["t"].startswith("20")
        members = store.query("MATCH (:Lead {lead_id: $l})-[:INVOLVES]->(p) RETURN p.key AS k", {"l": lead_id})
        assert set(members["k"]) <= set(confirmed_lead_members(store)), "confirmed members are labels for the model"
    # The next scoring run learns from the confirmed lead.
    assert main(["score", "--home", str(home)]) == 0
    with LadybugStore(store_path, read_only=True) as store:
        run = latest_run(store)
    assert json.loads(run["summary"])["confirmed_lead_members"] == len(members)
    # ... and the new run's lead over the same network keeps the decision instead of coming back as new.
    assert json.loads(run["summary"])["decisions_carried"] >= 1
    with LadybugStore(store_path, read_only=True) as store:
        carried = store.query(
            "MATCH (l:Lead {run_id: $r}) WHERE l.status = 'confirmed' RETURN l.note AS note, l.decided_by AS who",
            {"r": run["run_id"]},
        )
    assert len(carried) >= 1 and carried["who"].iloc[0] == "grace"
    assert carried["note"].iloc[0].startswith(f"carried from {lead_id}: 100% same members")
    # ... and its case shows the note and the decision taken on yesterday's lead, under grace.
    from graphintel.leads.cases import case_history as history_of

    with LadybugStore(store_path, read_only=True) as store:
        new_lead = store.query(
            "MATCH (l:Lead {run_id: $r}) WHERE l.note STARTS WITH $n RETURN l.lead_id AS id",
            {"r": run["run_id"], "n": f"carried from {lead_id}"},
        ).iloc[0, 0]
        case = history_of(store, new_lead)
    assert set(case["action"]) == {"note", "confirmed"} and set(case["analyst"]) == {"grace"}
    assert case["carried"].all() and set(case["lead_id"]) == {lead_id}


def test_analysts_review_and_dismiss_supervisors_confirm_viewers_read(monkeypatch, tmp_path):
    from graphintel.users import UserStore

    home = tmp_path / "h"
    scored(home, 14)
    store_path = home / "graph.lbug"
    users = UserStore(home)
    for name, role in (("ada", "analyst"), ("vic", "viewer")):
        users.add(name, role, f"{name}'s passphrase")
    at = log_in(monkeypatch, store_path, "ada", "ada's passphrase")
    lead_id = at.selectbox(key="lead_select").value
    assert button(at, "Confirm").disabled and not button(at, "Dismiss").disabled
    at.text_area(key=f"note-{lead_id}").input("checked: a depot, not a ring")
    button(at, "Dismiss").click().run()
    clean(at)
    assert "**status** dismissed by ada" in texts(at)
    with pytest.raises(Exception, match="ada is a analyst and may set dismissed, in_review; confirmed was not saved"):
        access.save_decision(str(store_path), lead_id, "confirmed", "", users.current(ui.User("ada", "analyst")))
    at = log_in(monkeypatch, store_path, "vic", "vic's passphrase")
    assert not [b for b in at.button if b.label in ("In review", "Confirm", "Dismiss")]
    assert any("You are a viewer" in c.value for c in at.caption)
    # A user removed (or whose role changed) is logged out (or limited) at the next interaction.
    users.remove("vic")
    at.selectbox(key="sort").set_value("score").run()
    assert at.title[0].value == "GraphIntel: log in"


def test_the_login_page_refuses_wrong_passwords_and_locks_after_five(monkeypatch, scored_store, tmp_path):
    import shutil

    from graphintel.users import UserStore

    home = tmp_path / "h"
    shutil.copytree(scored_store.parent, home, ignore=shutil.ignore_patterns("exports.jsonl", "users.json*"))
    store_path = home / "graph.lbug"
    at = app(monkeypatch, store_path, login=True)
    assert at.title[0].value == "GraphIntel: log in"
    assert any("graphintel users add NAME --role supervisor" in e.value for e in at.error), "no user yet: says how"
    assert not at.metric and not at.dataframe, "nothing of the store is shown before a login"
    UserStore(home).add("grace", "supervisor", "grace's passphrase")
    for attempt in range(5):
        at = log_in(monkeypatch, store_path, "grace", f"guess {attempt}")
        assert at.title[0].value == "GraphIntel: log in"
    assert any("locked after 5 wrong passwords" in e.value for e in at.error)
    at = log_in(monkeypatch, store_path, "grace", "grace's passphrase")
    assert at.title[0].value == "GraphIntel: log in" and any("is locked" in e.value for e in at.error)
    at = log_in(monkeypatch, store_path, "nobody", "grace's passphrase")
    assert any(e.value == "wrong user name or password" for e in at.error)


def test_no_auth_only_on_the_loopback_address(monkeypatch, scored_store):
    from streamlit import config as streamlit_config

    at = app(monkeypatch, scored_store, "overview", analyst="Local Officer")
    assert at.title[0].value == "GraphIntel: overview"
    assert any("No login (started with --no-auth)" in w.value and "Local Officer" in w.value for w in at.warning)
    streamlit_config.set_option("server.address", "0.0.0.0")
    at = app(monkeypatch, scored_store, "overview")
    assert any("without login it serves 127.0.0.1 only" in e.value.lower() for e in at.error)
    assert not at.metric, "nothing of the store is shown"


def test_identity_provider_login_maps_the_e_mail_to_a_role(monkeypatch, scored_store, tmp_path):
    import shutil

    from graphintel.users import UserStore

    home = tmp_path / "h"
    shutil.copytree(scored_store.parent, home, ignore=shutil.ignore_patterns("exports.jsonl", "users.json*"))
    UserStore(home).add("alice@example.org", "analyst", None)
    monkeypatch.setenv("GRAPHINTEL_STORE", str(home / "graph.lbug"))
    monkeypatch.delenv("GRAPHINTEL_DASHBOARD_NO_AUTH", raising=False)
    at = AppTest.from_file(str(PAGES["leads"]), default_timeout=120)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-cookie-secret",
        "client_id": "graphintel",
        "client_secret": "test-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
    clean(at.run())
    assert [b.label for b in at.button] == ["Log in with single sign-on"]
    at.user = {"is_logged_in": True, "email": "alice@example.org", "name": "Alice"}
    clean(at.run())
    assert f"Logged in as **{md('alice@example.org')}** (analyst)" in texts(at)
    assert button(at, "Confirm").disabled and not button(at, "In review").disabled
    at.user = {"is_logged_in": True, "email": "bob@example.org"}
    at.session_state["user"] = None
    clean(at.run())
    assert "(viewer)" in texts(at) and not [b for b in at.button if b.label == "In review"]


def test_a_batch_job_writing_the_store_gives_a_notice_and_refuses_decisions(monkeypatch, scored_store):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from graphintel.store.embedded import LadybugStore
            store = LadybugStore({str(scored_store)!r})
            print("open", flush=True)
            sys.stdin.readline()
            store.close()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "open"
        assert active_writer(scored_store)["pid"] == holder.pid
        access.reset(str(scored_store))
        at = app(monkeypatch, scored_store)
        assert any("A batch job is writing this store" in i.value for i in at.info)
        assert at.selectbox(key="lead_select").value.endswith("-L0001"), "the data stays readable"
        button(at, "In review").click().run()
        clean(at)
        assert any("your decision was not saved" in e.value for e in at.error)
    finally:
        holder.communicate("\n", timeout=60)
    assert active_writer(scored_store) is None
    at = app(monkeypatch, scored_store)
    assert not any("A batch job" in i.value for i in at.info)


def test_the_lead_export_holds_csv_and_the_lead_package(monkeypatch, scored_store):
    at = app(monkeypatch, scored_store)
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == ["Members (CSV)", "Consignments (CSV)", "Lead package (ZIP)"]
    lead_id = at.selectbox(key="lead_select").value
    with open_store(str(scored_store), read_only=True) as store:
        run_id = latest_run(store)["run_id"]
    data = ui._package(str(scored_store), "test", run_id, lead_id)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        expected = {"leads.json", "leads.xlsx", "report.html", f"{lead_id}.graphml", "lead_members.csv"}
        assert {f"{lead_id}/{n}" for n in expected} <= names
        doc = json.loads(archive.read(f"{lead_id}/leads.json"))
        assert [x["lead_id"] for x in doc["leads"]] == [lead_id] and doc["masked"] is False
    with zipfile.ZipFile(io.BytesIO(ui._package(str(scored_store), "test", run_id, lead_id, True))) as archive:
        assert json.loads(archive.read(f"{lead_id}/leads.json"))["masked"] is True
    at.checkbox(key="mask_export").check().run()
    clean(at)
    # A click on a download button is logged with who, what and which lead.
    log = scored_store.parent / "exports.jsonl"
    before = len(log.read_text().splitlines()) if log.exists() else 0
    ui._log_download(str(scored_store), {"what": "lead package", "leads": [lead_id], "who": "Ada Analyst",
                                         "formats": ["xlsx"], "files": ["x.zip"], "masked": True})  # fmt: skip
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(entries) == before + 1 and entries[-1]["who"] == "Ada Analyst"
    assert entries[-1]["leads"] == [lead_id] and entries[-1]["via"] == "dashboard" and entries[-1]["at"]


# -- entity search -----------------------------------------------------------------------
def test_search_tolerates_spelling_and_spacing_and_opens_a_neighbourhood(monkeypatch, scored_store):
    a, b, phone = sharing_sellers(scored_store)
    with open_store(str(scored_store), read_only=True) as store:
        name = store.query("MATCH (s:Seller {party_id: $a}) RETURN s.name AS n", {"a": a}).iloc[0, 0]
    typo = name[:3] + name[4:]  # one letter dropped
    typo = typo.replace(" ", "  ", 1).lower()
    at = app(monkeypatch, scored_store, "search")
    at.text_input(key="search_query").input(typo).run()
    clean(at)
    results = at.dataframe[0].value
    assert any(str(n).startswith(f"{a} ") for n in results["name"].head(5)), results.head()
    at.selectbox(key="entity_select").set_value(f"seller:{a}").run()
    clean(at)
    assert any(s.value.startswith(f"Seller: {a}") for s in at.subheader)
    depth1 = nodes_drawn(at)
    at.radio(key="depth").set_value(2).run()
    clean(at)
    assert nodes_drawn(at) >= depth1 > 1
    assert any("Consignments" in m.value for m in at.markdown)
    spaced = " ".join(phone[i : i + 3] for i in range(0, len(phone), 3))  # "+86 183 017 ..."
    at.text_input(key="search_query").input(spaced).run()
    clean(at)
    assert at.dataframe[0].value.iloc[0]["type"] == "Phone"
    at.selectbox(key="entity_select").set_value(f"phone:{phone}").run()
    clean(at)
    assert any(m.label == "Parties using it" and int(m.value) >= 2 for m in at.metric)
    assert [d.proto.label for d in at.get("download_button")] == ["Results (CSV)"]


def test_a_large_store_draws_neighbourhoods_from_its_in_memory_index(monkeypatch, scored_store):
    """From 50,000 consignments the dashboard reads neighbourhoods from a NeighbourIndex: the same network."""
    from graphintel import config
    from graphintel.dashboard import access
    from graphintel.leads import explore

    a, _, _ = sharing_sellers(scored_store)
    with open_store(str(scored_store), read_only=True) as store:
        expected = explore.neighbourhood(store, f"seller:{a}", 2)
    monkeypatch.setattr(access, "NEIGHBOUR_INDEX_FROM", 1)  # this small store counts as large
    uri = config.store_uri(str(scored_store))
    access.reset(uri)
    try:
        at = app(monkeypatch, scored_store, "search")
        at.text_input(key="search_query").input(a).run()
        at.selectbox(key="entity_select").set_value(f"seller:{a}").run()
        at.radio(key="depth").set_value(2).run()
        clean(at)
        assert nodes_drawn(at) == len(expected.nodes) > 3
        assert uri in access._INDEXED, "the page built the index"
    finally:
        access.reset(uri)


def test_search_for_nothing_says_so(monkeypatch, scored_store):
    at = app(monkeypatch, scored_store, "search")
    at.text_input(key="search_query").input("zzqqxxjj").run()
    clean(at)
    assert any("Nothing matches" in i.value for i in at.info)


# -- path finder -------------------------------------------------------------------------
def paths_between_sharing_sellers(monkeypatch, scored_store):
    """The Paths page with two sellers sharing an identifier picked as its ends."""
    a, b, _ = sharing_sellers(scored_store)
    at = app(monkeypatch, scored_store, "paths")
    at.text_input(key="path_from_query").input(a).run()
    at.text_input(key="path_to_query").input(b).run()
    clean(at)
    return a, b, at


def test_path_finder_draws_the_shortest_paths(monkeypatch, scored_store):
    a, b, at = paths_between_sharing_sellers(monkeypatch, scored_store)
    assert at.selectbox(key="path_from").value == f"seller:{a}"
    assert at.selectbox(key="path_to").value == f"seller:{b}"
    assert any("shortest path(s): 2 parties, 2 links each" in m.value for m in at.markdown)
    paths = at.dataframe[0].value
    assert list(paths.columns) == ["parties", "links", "path"]
    assert any(a in p and b in p for p in paths["path"])
    assert any(a in c.value and b in c.value and "Parties are counted" in c.value for c in at.caption)
    assert nodes_drawn(at) >= 3


def test_paths_and_the_side_panel_show_an_address_as_written(monkeypatch, tmp_path):
    """Two buyers at one address, written two ways: the path, the chart and the side panel name it as most
    parcels wrote it ("150 S Ln, Manchester"), not by its normalised key ("150 s ln manchester")."""
    from tests.conftest import parcel, write_csv

    written = ["150 S Ln, Manchester", "150 s ln  manchester", "150 S Ln, Manchester"]
    rows = [parcel(f"C{i}", seller=f"S{i}", buyer=f"B{i}", buyer_address=a) for i, a in enumerate(written, 1)]
    assert main(["ingest", str(write_csv(tmp_path / "p.csv", rows)), "--home", str(tmp_path)]) == 0
    at = app(monkeypatch, tmp_path / "graph.lbug", "paths")
    at.text_input(key="path_from_query").input("B1").run()
    at.text_input(key="path_to_query").input("B2").run()
    clean(at)
    a, b = at.selectbox(key="path_from").value, at.selectbox(key="path_to").value
    paths = at.dataframe[0].value
    assert list(paths["path"]) == ["B1 Buyer B1 → 150 S Ln, Manchester → B2 Buyer B2"]
    net, _ = explore.path_network(access.connect(str(tmp_path / "graph.lbug")).store, a, b)
    address = next(k for k, n in net.nodes.items() if n["label"] == "ADDRESS")
    from graphintel.dashboard.chart import chart_elements

    drawn = {n["data"]["id"]: n["data"]["caption"] for n in chart_elements(net)["nodes"]}
    assert drawn[address] == "150 S Ln, Manchester"
    at.multiselect(key=f"pick-path-{a}-{b}").set_value([address]).run()  # selected: its side panel opens
    clean(at)
    assert any(m.value == f"**address: {md('150 S Ln, Manchester')}**" for m in at.markdown), texts(at)  # escaped
    panel = next(d.value for d in at.dataframe if "property" in d.value.columns).set_index("property")["value"]
    assert panel["as written"] == "150 S Ln, Manchester" and panel["normalised"] == "150 s ln manchester"


def test_the_server_warm_up_fills_the_pages_caches_and_imports_no_component(monkeypatch, scored_store):
    """``graphintel dashboard`` warms the shared reads as it starts (``dashboard.warm``); it must not import the
    link chart's module, whose component Streamlit registers only when a page's script imports it."""
    code = (
        "import importlib, sys; from graphintel.dashboard import warm; "
        "[importlib.import_module(m) for m in warm.MODULES]; print('graphintel.dashboard.chart' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False", done.stderr
    from graphintel.dashboard import warm

    steps = warm.warm(str(scored_store))
    assert list(steps) == ["overview", "leads", "search index", "neighbour index"]
    at = app(monkeypatch, scored_store, "leads")  # the pages read what the warm-up read, as before
    assert "Why this lead" in texts(at)


def test_the_server_does_not_collect_all_garbage_after_every_page_run():
    """Streamlit's full collection after each run walked the search and neighbour indexes with the GIL held
    (0.15 s at 100,000 consignments): every click's answer and the next run waited for it."""
    from graphintel.dashboard.launch import streamlit_command

    command = streamlit_command(APP / "Home.py", 8501, "127.0.0.1", headless=True)
    assert command[command.index("--runner.postScriptGC") + 1] == "false"


def test_the_link_chart_draws_same_as_links_with_their_score_and_evidence(monkeypatch, tmp_path):
    """Issue 18: with entities resolved, two drawn spellings of one buyer are joined by a dashed SAME_AS link
    captioned with its score, the legend names it, and a click on it shows the evidence in the side panel."""
    from graphintel.entities.graph import resolve_store, write_entities
    from tests.test_entity_graph import HEADER, ROWS

    (tmp_path / "p.csv").write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    assert main(["ingest", str(tmp_path / "p.csv"), "--home", str(tmp_path)]) == 0
    with open_store(str(tmp_path / "graph.lbug")) as store:
        write_entities(store, resolve_store(store))
    at = app(monkeypatch, tmp_path / "graph.lbug", "paths")
    at.text_input(key="path_from_query").input("Mohammed Abdulrahman").run()
    at.text_input(key="path_to_query").input("محمد عبد الرحمن").run()
    clean(at)
    a, b = at.selectbox(key="path_from").value, at.selectbox(key="path_to").value
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    same = [e["data"] for e in args["elements"]["edges"] if e["data"]["label"] == "SAME_AS"]
    assert [(e["source"], e["target"]) for e in same] == [(a, b)]
    assert same[0]["kind"] == "same_as" and same[0]["caption"] == "same entity · score 1.00"
    assert {"legend": "same entity (score)", "colour": same[0]["colour"], "dashed": True} in args["legend"]["links"]
    # the click on the link (the chart's "edge" event) puts it in the side panel
    view_key = next(k for k in at.session_state if k.startswith("net:path-") and k.endswith(":chart"))
    at.session_state[view_key] = at.session_state[view_key] | {"edge": [same[0]["id"]]}
    at.run()
    clean(at)
    assert any(m.value.startswith("**Same entity** (score 1.000)") for m in at.markdown)
    evidence = next(d.value for d in at.dataframe if "compared" in d.value.columns)
    assert dict(zip(evidence["compared"], evidence["agreement"], strict=True))["name"] == "translit"


def test_a_chart_without_resolved_entities_draws_no_same_as_link(monkeypatch, scored_store):
    _, _, at = paths_between_sharing_sellers(monkeypatch, scored_store)
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    assert args["elements"]["edges"] and not [e for e in args["elements"]["edges"] if e["data"]["label"] == "SAME_AS"]
    assert "same entity (score)" not in [d["legend"] for d in args["legend"]["links"]]


# -- query workbench ---------------------------------------------------------------------
def test_the_workbench_runs_named_queries_and_cannot_write(monkeypatch, scored_store):
    with open_store(str(scored_store), read_only=True) as store:
        before = store.counts()
    at = app(monkeypatch, scored_store, "queries")
    at.selectbox(key="query_name").set_value("shared_identifiers").run()
    button(at, "Run").click().run()
    clean(at)
    assert int(next(m.value for m in at.markdown if m.value.endswith(" rows**")).strip("*").split()[0]) > 0
    at.selectbox(key="query_name").set_value("paths_between").run()
    a, b, _ = sharing_sellers(scored_store)
    at.text_input(key="param_from_key").set_value(f"seller:{a}")
    at.text_input(key="param_to_key").set_value(f"seller:{b}")
    button(at, "Run").click().run()
    clean(at)
    assert nodes_drawn(at) >= 3, "paths are drawn as a graph"
    at.selectbox(key="query_name").set_value("lead_members").run()
    for hostile in ("x'}) DETACH DELETE n //", 'x"}) MATCH (n) DETACH DELETE n //'):
        at.text_input(key="param_lead_id").set_value(hostile)
        button(at, "Run").click().run()
        clean(at)
        assert any(m.value == "**0 rows**" for m in at.markdown)
    at.selectbox(key="query_name").set_value("top_parties").run()
    at.text_input(key="param_limit").set_value("ten")
    button(at, "Run").click().run()
    clean(at)
    assert any(md("parameter 'limit' must be a whole number, not 'ten'") in e.value for e in at.error)
    with open_store(str(scored_store), read_only=True) as store:
        assert store.counts() == before


def test_every_named_query_is_in_the_workbench_with_its_parameters():
    catalogue = ui.query_catalogue()
    assert "paths_between" in catalogue and catalogue["paths_between"]["params"] == ["from_key", "to_key"]
    assert catalogue["score_distribution"]["params"] == []
    assert all(entry["description"] for entry in catalogue.values())
    assert ui.parse_param("party_keys", " a, b ,") == ["a", "b"]
    assert ui.parse_param("band", "0.2") == 0.2


# -- failures ----------------------------------------------------------------------------
def test_a_missing_store_gives_a_notice_not_a_crash(monkeypatch, tmp_path):
    for page in PAGES:
        at = app(monkeypatch, tmp_path / "missing.lbug", page)
        assert "cannot be read" in at.warning[0].value


# -- Neo4j -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def neo4j_scored(tmp_path_factory):
    from graphintel.store.neo4j_store import Neo4jStore
    from tests.conftest import require_neo4j_uri, wipe_neo4j

    uri = require_neo4j_uri()
    wipe_neo4j(Neo4jStore(uri))
    home = tmp_path_factory.mktemp("dash-neo4j")
    scored(home, 12, store=uri)
    return uri, home


def test_every_page_works_against_neo4j(monkeypatch, neo4j_scored):
    uri, home = neo4j_scored
    at = app(monkeypatch, uri, "overview")
    assert int(at.metric[0].value.replace(",", "")) == 3000
    at = app(monkeypatch, uri, "leads", analyst="Neo Analyst")
    assert at.selectbox(key="lead_select").value.endswith("-L0001")
    lead_id = at.selectbox(key="lead_select").value
    at.text_area(key=f"note-{lead_id}").input("ring confirmed by the post")
    button(at, "Confirm").click().run()
    clean(at)
    assert "**status** confirmed by Neo Analyst" in texts(at)
    before = nodes_drawn(at)
    with open_store(uri, read_only=True) as store:
        party = store.query("MATCH (:Lead {lead_id: $l})-[:INVOLVES]->(p) RETURN p.key AS k", {"l": lead_id}).iloc[0, 0]
    at.multiselect(key=f"pick-lead-{lead_id}").set_value([party]).run()
    button(at, "Expand").click().run()
    clean(at)
    assert nodes_drawn(at) >= before
    a, b, phone = sharing_sellers(uri)
    at = app(monkeypatch, uri, "search")
    at.text_input(key="search_query").input(a).run()
    clean(at)
    assert at.selectbox(key="entity_select").value == f"seller:{a}"
    at = app(monkeypatch, uri, "paths")
    at.text_input(key="path_from_query").input(a).run()
    at.text_input(key="path_to_query").input(b).run()
    clean(at)
    assert any("shortest path(s)" in m.value for m in at.markdown)
    at = app(monkeypatch, uri, "queries")
    at.selectbox(key="query_name").set_value("top_parties").run()
    button(at, "Run").click().run()
    clean(at)
    assert any(m.value.endswith(" rows**") and m.value != "**0 rows**" for m in at.markdown)


# -- cases and disambiguation (issue 18) ----------------------------------------------------
def copied(scored_store, tmp_path) -> Path:
    """A copy of the shared scored store, for a test that writes."""
    import shutil

    home = tmp_path / "h"
    shutil.copytree(scored_store.parent, home, ignore=shutil.ignore_patterns("exports.jsonl", "users.json*"))
    return home / "graph.lbug"


def test_confirm_and_dismiss_need_a_reason(monkeypatch, scored_store, tmp_path):
    from graphintel.errors import InputError
    from graphintel.leads.decisions import record_decision

    store_path = copied(scored_store, tmp_path)
    at = app(monkeypatch, store_path)
    lead_id = at.selectbox(key="lead_select").value
    for label in ("Dismiss", "Confirm"):
        button(at, label).click().run()
        clean(at)
        assert any("Say why" in e.value for e in at.error), label
    with LadybugStore(store_path) as store:
        assert store.query("MATCH (l:Lead {lead_id: $l}) RETURN l.status AS s", {"l": lead_id}).iloc[0, 0] == "new"
        for status in ("confirmed", "dismissed"):
            with pytest.raises(InputError, match="needs a reason"):
                record_decision(store, lead_id, status, "   ", "Ada Analyst")
        assert record_decision(store, lead_id, "in_review", "", "Ada Analyst")["status"] == "in_review"


def test_case_notes_persist_under_the_logged_in_user(monkeypatch, scored_store, tmp_path):
    from graphintel.users import UserStore

    store_path = copied(scored_store, tmp_path)
    users = UserStore(store_path.parent)
    users.add("grace", "supervisor", "grace's passphrase")
    users.add("vic", "viewer", "vic's passphrase")
    at = log_in(monkeypatch, store_path, "grace", "grace's passphrase")
    lead_id = at.selectbox(key="lead_select").value
    assert any("No note or decision on this case yet" in c.value for c in at.caption)
    button(at, "Add note").click().run()
    assert any("The note is empty" in e.value for e in at.error)
    at.text_area(key=f"case-note-{lead_id}").input("the shared phone is a freight forwarder's; asking the post")
    button(at, "Add note").click().run()
    clean(at)
    at.text_area(key=f"note-{lead_id}").input("in review while the post answers")
    button(at, "In review").click().run()
    clean(at)
    # A new session (a reload) of another user: the note and the decision are there, under grace.
    at = log_in(monkeypatch, store_path, "vic", "vic's passphrase")
    history = case_history(at)
    assert list(history["who"]) == ["grace", "grace"]
    assert set(history["what"]) == {"note", "set in review"}
    assert "the shared phone is a freight forwarder's; asking the post" in set(history["text"])
    assert set(history["on lead"]) == {"this lead"}
    assert any("You are a viewer: you read the case" in c.value for c in at.caption)
    assert not [b for b in at.button if b.label == "Add note"]
    # The case's linked entities open in Search.
    members = next(d.value for d in at.dataframe if "open" in d.value.columns and "party_id" in d.value.columns)
    assert all(str(link).startswith("/Search?q=") for link in members["open"])


def test_related_leads_share_members(monkeypatch, scored_store, tmp_path):
    from graphintel.leads.cases import related_leads

    store_path = copied(scored_store, tmp_path)
    first, second = ranked_leads(store_path)[:2]
    with LadybugStore(store_path) as store:
        run_id = store.query("MATCH (l:Lead {lead_id: $l}) RETURN l.run_id AS r", {"l": first}).iloc[0, 0]
        party = store.named("lead_members", {"lead_id": first})["key"].iloc[0]
        label = store.named("lead_members", {"lead_id": first})["label"].iloc[0]
        store.query(
            f"MATCH (l:Lead {{lead_id: $l}}), (p:{label} {{key: $p}}) CREATE (l)-[:INVOLVES]->(p)",
            {"l": second, "p": party},
        )
        related = related_leads(store, first, run_id)
    assert list(related["lead_id"]) == [second] and related["shared_members"].iloc[0] == 1
    at = app(monkeypatch, store_path)
    assert any(m.value == "**Related leads** (1)" for m in at.markdown)
    table = next(d.value for d in at.dataframe if "shared_members" in d.value.columns)
    assert list(table["open"]) == [f"/Leads?lead={second}"]


def test_an_entity_links_to_its_leads_and_pickers_tell_same_names_apart(monkeypatch, scored_store):
    with open_store(str(scored_store), read_only=True) as store:
        row = store.query(
            "MATCH (l:Lead)-[:INVOLVES]->(s:Seller) RETURN s.key AS key, s.party_id AS id, l.lead_id AS lead, "
            "l.rank AS rank ORDER BY l.run_id DESC, l.rank, id LIMIT 1"
        ).iloc[0]
    at = app(monkeypatch, scored_store, "search")
    at.text_input(key="search_query").input(row["key"]).run()  # a link from another page names the key
    clean(at)
    assert at.selectbox(key="entity_select").value == row["key"]
    assert any(
        m.value.startswith(f"This party is a member of [lead #{row['rank']}](/Leads?lead={row['lead']})")
        for m in at.markdown
    )
    option = at.selectbox(key="entity_select").options[0]
    assert option.startswith(f"Seller: {row['id']}") and " · risk " in option and " parcel" in option
    assert f"lead #{row['rank']}" in option
    results = at.dataframe[0].value
    assert {"country", "parcels", "leads"} <= set(results.columns)
    # Paths: the picker shows the same facts.
    at = app(monkeypatch, scored_store, "paths")
    at.text_input(key="path_from_query").input(row["id"]).run()
    clean(at)
    assert at.selectbox(key="path_from").options[0].startswith(f"Seller: {row['id']}")
    assert f"lead #{row['rank']}" in at.selectbox(key="path_from").options[0]


def test_the_workbench_groups_queries_hides_internal_ones_and_links_ids(monkeypatch, scored_store):
    at = app(monkeypatch, scored_store, "queries")
    options = at.selectbox(key="query_name").options
    assert "investigation › shared_identifiers" in options and "lead › lead_members" in options
    assert not [o for o in options if o.split(" › ")[1].startswith(("index_", "projection_", "gds_"))]
    assert not [o for o in options if o.endswith(("decision_create", "case_note_create", "lead_set_status"))]
    groups = [o.split(" › ")[0] for o in options]
    assert groups == sorted(groups, key=["investigation", "lead", "entity"].index), "grouped in order"
    at.selectbox(key="query_name").set_value("top_parties").run()
    button(at, "Run").click().run()
    clean(at)
    result = at.dataframe[0].value
    assert all(link == f"/Search?q={i}" for i, link in zip(result["seller_id"], result["seller_id ↗"], strict=True))
    at.selectbox(key="query_name").set_value("lead_members").run()
    at.text_input(key="param_lead_id").set_value(ranked_leads(scored_store)[0])
    button(at, "Run").click().run()
    clean(at)
    result = at.dataframe[0].value
    assert result["key ↗"].str.startswith("/Search?q=").all()


# -- hostile values (issue 15) -----------------------------------------------------------------
SCRIPT = ' "><img src=x onerror=window.__pwned=1>'
PIXEL = "![x](http://127.0.0.1:9/pixel.png) [open](javascript:alert(1)) "
FORMULA = '=HYPERLINK("http://x","click") '


def hostile_data(home: Path, seed: int) -> Path:
    """Generated consignments whose seller names start with a formula and end in a script, whose buyer
    names start with Markdown that fetches a picture and links to javascript:, whose buyers' addresses end in
    a script (shown as written) and whose descriptions start with a formula."""
    import pandas as pd

    assert main(["generate", "--consignments", "3000", "--seed", str(seed), "--out", str(home / "data")]) == 0
    path = home / "data" / "consignments.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["seller_name"] = FORMULA + frame["seller_name"] + SCRIPT
    frame["buyer_name"] = PIXEL + frame["buyer_name"]
    frame["buyer_address"] = frame["buyer_address"].where(frame["buyer_address"] == "", frame["buyer_address"] + SCRIPT)
    frame["description"] = FORMULA + frame["description"]
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("hostile")
    assert main(["ingest", str(hostile_data(home, 17)), "--home", str(home)]) == 0
    assert main(["score", "--home", str(home)]) == 0
    return home / "graph.lbug"


def component_data(at: AppTest) -> list[dict]:
    """The node and edge data handed to the graph component."""
    out = []
    for element in at.get("component_instance"):
        args = json.loads(element.proto.json_args)
        if "elements" in args:
            out += [item["data"] for kind in ("nodes", "edges") for item in args["elements"][kind]]
    return out


def test_hostile_names_reach_the_graph_component_and_markdown_only_as_text(monkeypatch, hostile_store):
    at = app(monkeypatch, hostile_store)
    # A mule lead: drawn with the address its buyers share, whichever lead ranks first.
    leads = pd.read_csv(max((hostile_store.parent / "runs").glob("*/leads.csv")), dtype=str)
    at.selectbox(key="lead_select").set_value(leads.loc[leads["scheme"] == "mule_buyers", "lead_id"].iloc[0]).run()
    data = component_data(at)
    names = [d["name"] for d in data if "name" in d]
    assert any("onerror" in n for n in names), "the hostile names are in the drawing"
    addresses = [d["name"] for d in data if d.get("label") == "ADDRESS"]
    assert any("onerror" in n for n in addresses), "addresses are drawn as written, escaped"
    for d in data:
        for value in d.values():
            assert not (isinstance(value, str) and set(value) & set("<>\"'&`")), value
    reasons = "\n".join(m.value for m in at.markdown)
    assert "](" not in reasons.replace("\\](", "") and "![" not in reasons.replace("\\![", "")
    # An analyst's note with Markdown is shown as text.
    lead_id = at.selectbox(key="lead_select").value
    at.text_area(key=f"note-{lead_id}").input(PIXEL + "see **this**")
    button(at, "In review").click().run()
    clean(at)
    status = next(m.value for m in at.markdown if "**status**" in m.value)
    assert "\\!\\[x\\]\\(http\\:" in status and "\\*\\*this\\*\\*" in status and "![" not in status
    # Ids sent to the component map back to the store's keys, so expanding still works.
    net = explore.Network.from_json(ui._lead_network(str(hostile_store), "t", lead_id))
    elements, real = ui.graph_elements(net.elements())
    assert set(real.values()) == set(net.nodes) | set(net.edges)


def test_dashboard_csv_downloads_neutralise_formulas(monkeypatch, hostile_store):
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    from graphintel.leads.export.cells import FORMULA_STARTS

    downloads = {}
    load = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        downloads[filename] = path_or_data
        return load(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    at = app(monkeypatch, hostile_store)
    lead_id = at.selectbox(key="lead_select").value
    for name in (f"{lead_id}-members.csv", f"{lead_id}-consignments.csv"):
        text = downloads[name].decode() if isinstance(downloads[name], bytes) else downloads[name]
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        assert not [c for c in cells if c.startswith(FORMULA_STARTS)], name
        if name.endswith("members.csv"):
            assert any(c.startswith("'=HYPERLINK") for c in cells), "the seller names, quoted"


def test_a_damaged_users_file_is_one_message_not_a_traceback(monkeypatch, scored_store, tmp_path):
    import shutil

    home = tmp_path / "h"
    shutil.copytree(scored_store.parent, home, ignore=shutil.ignore_patterns("exports.jsonl", "users.json*"))
    (home / "users.json").write_text("{not json", encoding="utf-8")
    at = app(monkeypatch, home / "graph.lbug", login=True)
    assert any("not a users file" in e.value for e in at.error) and not at.metric


# -- the link chart ------------------------------------------------------------------------
def test_link_chart_marks_hubs_ends_and_members_and_sends_only_escaped_text():
    from graphintel.dashboard import chart

    net = explore.Network()
    for i in range(4):
        net.add_party(f"buyer:B{i}", "Buyer", f"B{i}", f'<img src=x onerror="{i}">', 0.5)
        net.add_identifier("addr:1", "Address", "1 high st")
        net.add_tie(f"buyer:B{i}", "addr:1")
    net.add_party("seller:S1", "Seller", "S1", "Shop & Co", 0.9)
    net.add_trade("seller:S1", "buyer:B0", 12, 340.5)
    elements = chart.chart_elements(net, hidden=["buyer:B3"], pinned=["seller:S1"], ends=("seller:S1", "buyer:B1"))
    nodes = {n["data"]["id"]: n for n in elements["nodes"]}
    assert "buyer:B3" not in nodes and "hub" in nodes["addr:1"]["classes"]
    assert nodes["addr:1"]["data"]["caption"].endswith("4 parties"), "a hub says how many share it"
    assert "end" in nodes["seller:S1"]["classes"] and nodes["seller:S1"]["data"]["caption"].startswith("A · ")
    assert "pinned" in nodes["seller:S1"]["classes"]
    assert nodes["seller:S1"]["data"]["size"] > nodes["buyer:B0"]["data"]["size"], "size grows with risk"
    trade = next(e["data"] for e in elements["edges"] if e["data"]["label"] == schema_trade())
    assert trade["directed"] and trade["width"] > 1.5 and "12 parcels" in trade["caption"]
    sent, real = ui.graph_elements(elements)
    for item in sent["nodes"] + sent["edges"]:
        for value in item["data"].values():
            assert not (isinstance(value, str) and set(value) & set("<>\"'&`")), value
    legend = chart.legend(ends=("a", "b"))
    assert {d["legend"] for d in legend["nodes"]} >= {"seller", "buyer", "address"}
    assert any("path ends" in m["legend"] for m in legend["marks"])


def schema_trade() -> str:
    from graphintel.schema import TRADE_LINK

    return TRADE_LINK


def test_saved_views_are_private_per_lead_and_reopen_as_saved(tmp_path):
    from graphintel.dashboard import views

    uri = str(tmp_path / "graph.lbug")
    state = {"network": explore.Network().to_json(), "positions": {"a": [1, 2.5]}, "hidden": ["b"], "pinned": []}
    views.save_view(uri, "L1", "first look", state, "ada")
    views.save_view(uri, "L1", "first look", {**state, "pinned": ["a"]}, "bob")  # same name: replaced
    views.save_view(uri, "L2", "other", state, "ada")
    assert [(v["name"], v["user"]) for v in views.list_views(uri, "L1")] == [("first look", "bob")]
    assert views.load_view(uri, "L1", "first look")["pinned"] == ["a"]
    assert views.load_view(uri, "L1", "first look")["positions"] == {"a": [1.0, 2.5]}
    assert views.load_view(uri, "L1", "missing") is None
    assert (tmp_path / "views.json").stat().st_mode & 0o777 == 0o600
    with pytest.raises(ValueError):
        views.save_view(uri, "L1", "   ", state, "ada")
