"""Scheduled batch runs: a simulated week of nightly runs, the lock, exit codes, feedback, runs diff."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from graphintel.batch import Ledger, RunLock, list_runs
from graphintel.cli import main
from graphintel.errors import InputError
from graphintel.leads.runs import latest_run
from graphintel.store.embedded import LadybugStore

DAYS = 7


@pytest.fixture(scope="module")
def week(tmp_path_factory) -> Path:
    """Seven daily files of generated consignments (about 430 each, the earliest days in the first)."""
    root = tmp_path_factory.mktemp("week")
    assert main(["generate", "--consignments", "3000", "--days", str(DAYS), "--seed", "21", "--out", str(root)]) == 0
    frame = pd.read_csv(root / "consignments.csv", dtype=str, keep_default_na=False)
    days = sorted(frame["declaration_date"].unique())  # the generator also writes some earlier history
    for i, chunk in enumerate(np.array_split(np.array(days), DAYS), start=1):
        frame[frame["declaration_date"].isin(chunk)].to_csv(root / f"day{i}.csv", index=False)
    return root


def drop(inbox: Path, source: Path, name: str | None = None) -> Path:
    inbox.mkdir(parents=True, exist_ok=True)
    target = inbox / (name or source.name)
    target.write_bytes(source.read_bytes())
    os.utime(target, (time.time(), time.time()))
    return target


def nightly(home: Path, inbox: Path, *extra: str) -> int:
    """A nightly run that takes files as complete at once (tests write them whole)."""
    return main(["run", "--inbox", str(inbox), "--home", str(home), "--top", "10", "--settle-seconds", "0", *extra])


def kill_during_scoring(home: Path, inbox: Path) -> None:
    """Start a run in a child process and SIGKILL it once its record says it is scoring."""
    before = {p.name for p in (home / "batch-runs").glob("*.json")}
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graphintel.cli",
            "run",
            "--inbox",
            str(inbox),
            "--home",
            str(home),
            "--top",
            "10",
            "--settle-seconds",
            "0",
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    try:
        while time.time() < deadline:
            fresh = [p for p in (home / "batch-runs").glob("*.json") if p.name not in before]
            if fresh:
                try:
                    if json.loads(fresh[0].read_text())["stage"] == "score":
                        break
                except ValueError:
                    pass  # being replaced
            assert child.poll() is None, "the run finished before it could be killed"
            time.sleep(0.02)
        else:
            pytest.fail("the run never reached scoring")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)


def test_a_week_of_nightly_runs_loses_and_duplicates_nothing(week, tmp_path, capsys):
    home, inbox = tmp_path / "h", tmp_path / "inbox"
    codes = []
    drop(inbox, week / "day1.csv")
    codes.append(nightly(home, inbox))
    # Night 2: the day's file, and yesterday's file again under another name.
    drop(inbox, week / "day2.csv")
    drop(inbox, week / "day1.csv", "day1-resent.csv")
    codes.append(nightly(home, inbox))
    # Night 3: the day's file and a malformed one (no declaration_date column).
    drop(inbox, week / "day3.csv")
    (inbox / "broken.csv").write_text("consignment_id,seller_id\nX1,S1\n", encoding="utf-8")
    codes.append(nightly(home, inbox))
    # Night 4: killed while scoring.
    drop(inbox, week / "day4.csv")
    with LadybugStore(home / "graph.lbug", read_only=True) as store:
        before_kill = latest_run(store)["run_id"]
    kill_during_scoring(home, inbox)
    with LadybugStore(home / "graph.lbug", read_only=True) as store:
        assert latest_run(store)["run_id"] == before_kill, "the previous run's results stay the latest"
    assert (home / "runs" / before_kill / "leads.csv").exists()
    # Nights 5 to 7: clean runs; the first also scores what night 4 loaded.
    for day in (5, 6, 7):
        drop(inbox, week / f"day{day}.csv")
        codes.append(nightly(home, inbox))
    assert codes == [0, 0, 5, 0, 0, 0]

    source = pd.concat([pd.read_csv(week / f"day{d}.csv", dtype=str) for d in range(1, DAYS + 1)])
    with LadybugStore(home / "graph.lbug", read_only=True) as store:
        ids = store.query("MATCH (c:Consignment) RETURN c.consignment_id AS id")["id"]
        assert len(ids) == len(set(ids)) == len(source), "no row lost or duplicated"
        assert set(ids) == set(source["consignment_id"])
        unscored = store.query("MATCH (c:Consignment) WHERE c.score IS NULL RETURN count(c) AS n").iloc[0, 0]
        assert unscored == 0, "night 4's rows were scored by night 5"
        runs_in_store = store.query("MATCH (r:Run) RETURN count(r) AS n").iloc[0, 0]

    records = list_runs(home)
    assert [r["status"] for r in records] == ["success", "success", "partial", "interrupted", "success", "success",
                                              "success"]  # fmt: skip
    assert runs_in_store == 6, "every run that finished scoring wrote one scoring run"
    night2 = {f["name"]: f["status"] for f in records[1]["files"]}
    assert night2 == {"day1.csv": "skipped", "day1-resent.csv": "skipped", "day2.csv": "loaded"}
    night3 = {f["name"]: f for f in records[2]["files"]}
    assert night3["broken.csv"]["status"] == "rejected"
    assert "required column 'declaration_date' is missing" in night3["broken.csv"]["error"]
    assert night3["day3.csv"]["status"] == "loaded"
    assert "broken.csv" in {f["name"] for f in records[4]["files"] if f["status"] == "skipped"}, (
        "a rejected file is not retried until its content changes"
    )
    for r in records:
        if r["status"] != "interrupted":
            assert r["finished_at"] and r["exit_code"] in (0, 5) and r["scoring_run_id"] and r["model"]
            assert {"ingest", "score", "export"} <= set(r["timings_seconds"])
            assert set(r["leads"]) >= {"total", "new", "escalated", "dropped", "exported"}
    assert records[0]["leads"]["new"] == records[0]["leads"]["total"] > 0
    assert Path(records[0]["export_folder"], "leads.json").exists()
    loaded = [e for e in Ledger(home).entries() if e["status"] == "loaded"]
    assert sorted(e["name"] for e in loaded) == sorted(f"day{d}.csv" for d in range(1, DAYS + 1))

    capsys.readouterr()
    assert main(["runs", "--home", str(home)]) == 0
    listing = capsys.readouterr().out
    assert listing.count("interrupted") == 1 and listing.count("partial") == 1
    assert main(["runs", "diff", records[0]["run_id"], records[-1]["run_id"], "--home", str(home)]) == 0
    out = capsys.readouterr().out
    assert "new" in out and "escalated" in out and "dropped" in out
    assert main(["runs", "diff", records[3]["run_id"], records[-1]["run_id"], "--home", str(home)]) == 2
    assert "did not score" in capsys.readouterr().err


def test_nothing_new_means_no_rescoring(week, tmp_path):
    home, inbox = tmp_path / "h", tmp_path / "inbox"
    drop(inbox, week / "day1.csv")
    assert nightly(home, inbox) == 0
    assert nightly(home, inbox) == 0
    first, second = list_runs(home)
    assert first["scoring_run_id"] and second["scoring_run_id"] is None
    assert nightly(home, inbox, "--rescore") == 0
    assert list_runs(home)[-1]["scoring_run_id"]


def test_a_second_run_while_one_holds_the_lock_exits_4(week, tmp_path, capsys):
    home, inbox = tmp_path / "h", tmp_path / "inbox"
    drop(inbox, week / "day1.csv")
    with RunLock(home):
        assert nightly(home, inbox) == 4
    err = capsys.readouterr().err
    assert "another graphintel run holds" in err and f"process {os.getpid()}" in err
    assert nightly(home, inbox) == 0, "the lock is free again"


def test_quarantined_rows_make_a_partial_run_and_json_logs(week, tmp_path, capsys):
    home, inbox = tmp_path / "h", tmp_path / "inbox"
    frame = pd.read_csv(week / "day1.csv", dtype=str, keep_default_na=False)
    frame.loc[frame.index[:3], "declared_value"] = "-5"
    inbox.mkdir()
    frame.to_csv(inbox / "day1.csv", index=False)
    capsys.readouterr()
    assert nightly(home, inbox, "--log-format", "json") == 5
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    assert lines[0]["event"] == "start" and lines[-1]["event"] == "end"
    assert lines[-1]["status"] == "partial" and lines[-1]["exit_code"] == 5
    loaded = next(x for x in lines if x["event"] == "file.loaded")
    assert loaded["quarantined"] == 3 and loaded["new"] == len(frame) - 3
    assert all(x["run_id"] == lines[0]["run_id"] for x in lines)


def test_feedback_becomes_labels_for_the_next_run(week, tmp_path, capsys):
    home, inbox = tmp_path / "h", tmp_path / "inbox"
    drop(inbox, week / "day1.csv")
    assert nightly(home, inbox) == 0
    with LadybugStore(home / "graph.lbug", read_only=True) as store:
        lead = store.query("MATCH (l:Lead) RETURN l.lead_id AS id ORDER BY l.rank LIMIT 1").iloc[0, 0]
    ids = pd.read_csv(week / "day1.csv", dtype=str)["consignment_id"].head(40).tolist()
    bad = tmp_path / "bad-feedback.csv"
    bad.write_text("consignment_id,outcome,revenue_recovered\n" + f"{ids[0]},maybe,10\nNOPE,seized,1\n")
    capsys.readouterr()
    assert main(["feedback", str(bad), "--home", str(home)]) == 2
    err = capsys.readouterr().err
    assert "bad-feedback.csv: line 2: outcome 'maybe' is not one of" in err
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("consignment_id,outcome\nNOPE,seized\n")
    assert main(["feedback", str(unknown), "--home", str(home)]) == 2
    assert "line 2: no consignment 'NOPE'" in capsys.readouterr().err
    rows = [f"{c},{'seized' if i < 12 else 'cleared'},{25 if i < 12 else 0}," for i, c in enumerate(ids)]
    rows.append(f",seized,1200,{lead}")
    (inbox / "outcomes.csv").write_text("consignment_id,outcome,revenue_recovered,lead_id\n" + "\n".join(rows) + "\n")
    assert nightly(home, inbox) == 0
    record = list_runs(home)[-1]
    assert record["feedback"] == {"files": 1, "consignments": 40, "leads": 1}
    assert record["scoring_run_id"], "feedback alone triggers rescoring"
    assert "40 labelled consignments, 12 frauds" in record["mode"]
    with LadybugStore(home / "graph.lbug", read_only=True) as store:
        decided = store.query(
            "MATCH (d:Decision {lead_id: $l}) RETURN d.status AS s, d.analyst AS a, d.note AS n", {"l": lead}
        ).iloc[0]
    assert decided["s"] == "confirmed" and decided["a"] == "enforcement feedback"
    assert "revenue recovered 1,200.00 (outcomes.csv:42)" in decided["n"]


# -- issue 15: hostile inboxes and careless operators ---------------------------------------------------------
def small_file(path: Path, prefix: str, good: int, bad: int) -> Path:
    from tests.conftest import parcel, write_csv

    rows = [parcel(f"{prefix}{i}", seller=f"{prefix}S{i % 3}", buyer=f"{prefix}B{i}") for i in range(good)]
    rows += [parcel(f"{prefix}X{i}", declared_value=-1) for i in range(bad)]
    return write_csv(path, rows)


def test_each_inbox_file_has_its_own_quarantine_file_and_the_run_record_reconciles(tmp_path):
    home, inbox = tmp_path / "h", tmp_path / "inbox"
    inbox.mkdir()
    for name, bad in (("a.csv", 11), ("b.csv", 2), ("c.csv", 11)):
        small_file(inbox / name, name[0].upper(), 8, bad)
    assert nightly(home, inbox) == 5
    files = list_runs(home)[-1]["files"]
    assert [f["quarantined"] for f in files] == [11, 2, 11]
    on_disk = 0
    for entry in files:
        q = pd.read_csv(entry["quarantine_file"], dtype=str)
        assert len(q) == entry["quarantined"] and set(q["file"]) == {entry["path"]}
        on_disk += len(q)
    assert on_disk == 24 == list_runs(home)[-1]["rows"]["quarantined"]
    assert len({f["quarantine_file"] for f in files}) == 3


def test_tab_separated_and_pq_files_in_the_inbox_are_ingested(tmp_path):
    """The inbox loads every file type the readers read (``readers.FORMATS``), not a list of its own."""
    from graphintel.batch import INBOX_SUFFIXES
    from graphintel.ingest.readers import FORMATS

    assert set(INBOX_SUFFIXES) == set(FORMATS)
    home, inbox = tmp_path / "h", tmp_path / "inbox"
    inbox.mkdir()
    frame = pd.read_csv(small_file(tmp_path / "t.csv", "T", 4, 0), dtype=str, keep_default_na=False)
    frame.to_csv(inbox / "day.tsv", sep="\t", index=False)
    small = pd.read_csv(small_file(tmp_path / "q.csv", "Q", 3, 0), dtype=str, keep_default_na=False)
    small.to_parquet(inbox / "day.pq", index=False)
    assert nightly(home, inbox) == 0
    files = {f["name"]: f for f in list_runs(home)[-1]["files"]}
    assert {name: (f["status"], f["kind"], f["new"]) for name, f in files.items()} == {
        "day.tsv": ("loaded", "consignments", 4),
        "day.pq": ("loaded", "consignments", 3),
    }
    with LadybugStore(home / "graph.lbug", read_only=True) as store:
        keys = set(store.query("MATCH (c:Consignment) RETURN c.key AS k")["k"])
    assert keys == {"T0", "T1", "T2", "T3", "Q0", "Q1", "Q2"}


def test_the_inbox_waits_for_files_still_being_copied(tmp_path, capsys):
    home, inbox = tmp_path / "h", tmp_path / "inbox"
    inbox.mkdir()
    small_file(inbox / "fresh.csv", "F", 5, 0)
    small_file(inbox / "marked.csv", "M", 5, 0)
    (inbox / "marked.csv.done").write_text("")
    small_file(inbox / "copying.csv.part", "P", 5, 0)
    run = ["run", "--inbox", str(inbox), "--home", str(home), "--top", "5"]
    assert main([*run, "--settle-seconds", "60"]) == 0
    record = list_runs(home)[-1]
    assert {f["name"]: f["status"] for f in record["files"]} == {
        "fresh.csv": "waiting",
        "marked.csv": "loaded",
        "copying.csv.part": "waiting",
    }
    assert [e["name"] for e in Ledger(home).entries()] == ["marked.csv"], "a waiting file is not in the ledger"
    old = time.time() - 120
    os.utime(inbox / "fresh.csv", (old, old))  # (its status-change time still says now)
    assert main([*run, "--settle-seconds", "60"]) == 0
    assert list_runs(home)[-1]["files"][0]["status"] == "waiting"
    assert main([*run, "--settle-seconds", "0"]) == 0
    assert {f["name"]: f["status"] for f in list_runs(home)[-1]["files"]}["fresh.csv"] == "loaded"


def test_a_link_leading_out_of_the_inbox_is_refused_and_never_read(tmp_path):
    home, inbox = tmp_path / "h", tmp_path / "inbox"
    inbox.mkdir()
    small_file(inbox / "day.csv", "D", 6, 0)
    secret = small_file(tmp_path / "secret.csv", "S", 3, 0)
    (inbox / "passwd.csv").symlink_to(secret)
    assert nightly(home, inbox) == 5
    entry = next(f for f in list_runs(home)[-1]["files"] if f["name"] == "passwd.csv")
    assert entry["status"] == "rejected" and f"a link to {secret}, outside the inbox: refused" in entry["error"]
    with LadybugStore(home / "graph.lbug", read_only=True) as store:
        keys = set(store.query("MATCH (c:Consignment) RETURN c.key AS k")["k"])
    assert keys == {f"D{i}" for i in range(6)}


def test_feedback_with_infinite_revenue_or_contradicting_lines_is_rejected_naming_the_lines(tmp_path, capsys):
    from graphintel.batch import read_feedback

    for value in ("inf", "Infinity", "1e400", "-inf"):
        path = tmp_path / "f.csv"
        path.write_text(f"consignment_id,outcome,revenue_recovered\nC1,seized,10\nC2,seized,{value}\n")
        with pytest.raises(InputError, match=rf"f.csv: line 3: revenue_recovered '{value}' is not an amount"):
            read_feedback(path)
    path.write_text("consignment_id,outcome,revenue_recovered\nC1,seized,1e12\n")
    with pytest.raises(InputError, match=r"line 2: revenue_recovered '1e12' is above the plausible maximum"):
        read_feedback(path)
    path.write_text(
        "consignment_id,outcome,revenue_recovered\nC1,seized,10\nC2,cleared,0\nC1,cleared,0\nC2,cleared,0\n"
    )
    contradiction = r"lines 2 and 4 contradict each other for consignment 'C1' \(seized 10 against cleared 0\)"
    with pytest.raises(InputError, match=contradiction):
        read_feedback(path)
    capsys.readouterr()
    assert main(["feedback", str(path), "--home", str(tmp_path / "h")]) == 2
    assert "lines 2 and 4 contradict" in capsys.readouterr().err


def test_batch_files_and_run_folders_are_private_and_killed_run_folders_are_tidied(week, tmp_path):
    home, inbox = tmp_path / "h", tmp_path / "inbox"
    drop(inbox, week / "day1.csv")
    assert nightly(home, inbox) == 0
    mode = lambda p: os.stat(p).st_mode & 0o777  # noqa: E731
    record = list_runs(home)[-1]
    run_folder = home / "runs" / record["scoring_run_id"]
    assert mode(home / "ledger.jsonl") == mode(home / "run.lock") == 0o600
    assert mode(home / "batch-runs" / f"{record['run_id']}.json") == 0o600
    assert mode(home / "batch-runs") == mode(home / "runs") == mode(run_folder) == 0o700
    assert mode(run_folder / "run.json") == mode(run_folder / "leads.csv") == 0o600
    # Two runs killed before their run.json: one after writing its Run to the store, one before.
    (run_folder / "run.json").unlink()
    never = home / "runs" / "20260101T000000Z-dead"
    never.mkdir()
    (never / "consignments.csv").write_text("consignment_id\n")
    assert nightly(home, inbox, "--rescore") == 0
    assert not never.exists(), "the folder of a run that never reached the store is removed"
    assert json.loads((run_folder / "run.json").read_text())["recovered"] is True
    tidied = json.loads((home / "runs" / list_runs(home)[-1]["scoring_run_id"] / "run.json").read_text())
    assert {t["run_id"]: t["action"] for t in tidied["summary"]["interrupted_runs"]} == {
        record["scoring_run_id"]: "completed run.json from the store",
        "20260101T000000Z-dead": "removed (killed before it reached the store)",
    }


def test_leads_whose_export_failed_are_exported_by_the_next_run(week, tmp_path, monkeypatch, capsys):
    """A run that scored but could not export leaves its new leads to the next run, even with nothing new."""
    import graphintel.leads.export as export

    home, inbox = tmp_path / "h", tmp_path / "inbox"
    drop(inbox, week / "day1.csv")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "export_package", full_disk)
    assert nightly(home, inbox) == 1
    failed = list_runs(home)[-1]
    assert failed["status"] == "failed" and failed["scoring_run_id"] and not (home / "exports").exists()
    monkeypatch.undo()
    capsys.readouterr()
    assert nightly(home, inbox) == 0  # nothing new arrived: no rescoring, but the export is owed
    retry = list_runs(home)[-1]
    assert retry["scoring_run_id"] is None and retry["exports_cover"] == failed["scoring_run_id"]
    with LadybugStore(home / "graph.lbug", read_only=True) as store:
        top = store.query(
            "MATCH (l:Lead {run_id: $r}) WHERE l.rank <= 10 RETURN l.lead_id AS id ORDER BY l.rank",
            {"r": failed["scoring_run_id"]},
        )["id"].tolist()
    assert top and retry["leads"]["exported"] == top
    folder = Path(retry["export_folder"])
    assert (folder / "leads.json").exists()
    modes = {oct(p.stat().st_mode & 0o777) for p in folder.iterdir()}
    assert modes == {"0o600"} and oct(folder.stat().st_mode & 0o777) == oct(folder.parent.stat().st_mode & 0o777)
    assert oct(folder.stat().st_mode & 0o777) == "0o700", "exports and their folders are private"
    assert nightly(home, inbox) == 0
    assert list_runs(home)[-1]["leads"] == {}, "exported once: the run after has nothing owed"
