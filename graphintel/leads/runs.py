"""Scoring runs: score the store, build leads, write the run folder and the store."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import shutil
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graphintel import __version__, reference, schema
from graphintel.analytics.projection import read_projection
from graphintel.errors import GraphIntelError
from graphintel.leads.build import Leads, build_leads, name_leads
from graphintel.leads.decisions import carry_decisions
from graphintel.leads.records import latest_run, read_leads, read_run  # noqa: F401  (read here by older callers)
from graphintel.model import registry
from graphintel.model.scoring import PartyScores, ScoringParams, prepare, score_parties
from graphintel.model.supervised import LearningParams, LearnResult, frauds_text, interleave, learn
from graphintel.private import private_dir, write_private_text
from graphintel.store.base import GraphStore

MODEL_NAME = f"unsupervised-indicators+isolation-forest/{__version__}"


@dataclass
class RunResult:
    run_id: str
    folder: Path
    scored: PartyScores
    leads: Leads
    record: dict


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)


def run_scoring(
    store: GraphStore,
    runs_dir: Path,
    params: ScoringParams,
    progress=None,
    learning: LearningParams | None = None,
    model_id: str | None = None,
) -> RunResult:
    """Score everything in the store, write ``runs_dir/<run_id>/`` and the scores back to the store.

    With inspection outcomes in the store a supervised model is trained (or the saved ``model_id`` used)
    and saved under ``runs_dir/../models``; ``learning`` says how labels are used."""
    learning = learning or LearningParams(seed=params.seed, de_minimis_threshold=params.de_minimis_threshold)
    started = dt.datetime.now(dt.UTC)
    run_id = new_run_id(started)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    data = read_projection(store)
    if data.consignments.empty:
        raise GraphIntelError(f"the store {store.uri} holds no consignments; run `graphintel ingest` first")
    _said(progress, "read projection")
    timings["read"] = round(time.perf_counter() - t0, 3)
    data, folded, resolved = _entities(store, data, params)
    if resolved is not None:
        timings["entities"] = resolved
    network, engine = choose_network(store, params)
    data = prepare(data, params)  # evidence columns (thresholds, countries) for the indicators and the model
    scored = score_parties(data, params, progress=progress, network=network)
    _add_spelling_reasons(scored, data.parties)
    timings.update(scored.timings)
    t1 = time.perf_counter()
    confirmed = confirmed_lead_members(store)
    learned, model_id = _learn(data, scored, params, learning, confirmed, runs_dir.parent / "models", model_id)
    _said(progress, f"model: {learned.why}")
    timings["model"] = round(time.perf_counter() - t1, 3)
    t1 = time.perf_counter()
    leads = build_leads(scored, data.consignments, params)
    _explore_leads(leads, learned, learning)
    name_leads(leads, run_id)
    _said(progress, "leads")
    timings["leads"] = round(time.perf_counter() - t1, 3)

    facts = {
        "decisions_carried": carry_decisions(store, leads.leads, leads.members),  # leads keeping a decision
        "interrupted_runs": tidy_interrupted_runs(store, runs_dir),  # killed runs' folders: removed or completed
        "confirmed_lead_members": len(confirmed),  # analysts' decisions used as labels
    }
    folder = runs_dir / run_id
    clusters = _write_run_files(runs_dir, folder, scored, leads, run_id)
    t2 = time.perf_counter()
    _write_scores(store, scored, folded)
    timings["write"] = round(time.perf_counter() - t2, 3)
    summary = {
        "consignments": int(len(scored.consignments)),
        "parties": int(len(scored.parties)),
        "clusters": int(len(clusters)),
        "leads": int(len(leads.leads)),
        "algorithms": engine,
        "mode": learned.why,
        **facts,
        "model_id": model_id,
        "reference_tables": reference.table_dates(),  # the de minimis, rates and trade-defence tables used
        "observed_thresholds": scored.observed_thresholds,  # thresholds the data bunch under (model/bunching.py)
        "timings_seconds": timings,
    }
    record = {
        "run_id": run_id,
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "model": model_id or MODEL_NAME,
        "parameters": json.dumps(params.as_dict(), sort_keys=True),
        "summary": json.dumps(summary, sort_keys=True),
        "folder": str(folder.resolve()),
    }
    _store_run(store, record, leads)
    full = {**record, "parameters": {**params.as_dict(), "learning": learning.__dict__}, "summary": summary}
    write_private_text(folder / RUN_FILE, json.dumps(full, indent=2, default=str))
    (folder / OWNER).unlink(missing_ok=True)  # complete: run.json is the folder's mark
    return RunResult(run_id, folder, scored, leads, record)


def _entities(store: GraphStore, data, params: ScoringParams):
    """Resolve entities first when asked (``params.entities``: on, or auto when some party has no source id)
    and fold each entity's spellings into one node. Returns the data, the folded spellings and the seconds
    resolution took (None when it did not run)."""
    from graphintel.analytics.projection import fold_entities
    from graphintel.entities.graph import resolve_store, write_entities

    seconds = None
    keys = data.parties["key"].astype(str)
    id_less = keys.str.contains("~", regex=False).any()
    if params.entities == "on" or (params.entities == "auto" and id_less):
        found = resolve_store(store)
        write_entities(store, found)
        seconds = found.seconds
    if params.entities == "off":
        return data, {}, None
    data, folded = fold_entities(data, store.named("entity_ids", bulk=True))  # this or an earlier resolution's
    return data, folded, seconds


def _store_run(store: GraphStore, record: dict, leads: Leads) -> None:
    """The run, its leads (their reason lines as JSON), members and evidence, into the store."""
    lead_rows = leads.leads.assign(
        run_id=record["run_id"],
        consignments=leads.leads["consignments"].astype(int),
        reason_lines=leads.leads["reason_lines"].map(lambda lines: json.dumps(list(lines), ensure_ascii=False)),
    )
    store.replace_run(record, lead_rows, leads.members, leads.evidence)


def _add_spelling_reasons(scored: PartyScores, parties: pd.DataFrame) -> None:
    """A party that is one entity under several spellings says so, where it has a reason to be read."""
    if "spellings" not in parties:
        return
    spellings = parties.set_index("key")["spellings"].reindex(scored.parties["key"]).fillna(1).astype(int)
    reasons = scored.parties["reasons"].fillna("")
    scored.parties["reasons"] = [
        schema.join_reasons([r, f"one entity under {n} spellings (SAME_AS)"]) if n > 1 and r else r
        for r, n in zip(reasons, spellings, strict=True)
    ]


def _said(progress, step: str) -> None:
    if progress:
        progress(step)


def _learn(data, scored: PartyScores, params: ScoringParams, learning: LearningParams, confirmed: dict,
           models_dir: Path, model_id: str | None) -> tuple[LearnResult, str | None]:  # fmt: skip
    """The learning model over the scored parties (a saved one when ``model_id`` names it, else trained and
    saved when outcomes allow); the consignments take its scores, ranks and reasons."""
    saved = registry.load(models_dir, model_id) if model_id else (None, None, None)
    learned = learn(data.consignments, scored, data.links, learning, confirmed, model=saved[0], columns=saved[1])
    if learned.model is not None and model_id is None:
        model_id = registry.save(
            models_dir, learned.model, learned.columns, learned.meta, {**learning.__dict__, **params.as_dict()}
        )
    scored.consignments = scored.consignments.drop(columns=["score", "reasons"]).merge(
        learned.consignments[["key", "score", "risk", "reasons", "supervised", "unsupervised", "rank", "list"]],
        on="key",
    )
    _add_history_reasons(scored, learned)
    return learned, model_id


CONSIGNMENT_FILE_COLUMNS = [
    "consignment_id", "score", "rank", "list", "supervised", "unsupervised", "reasons",
    "risk",  # the score before the inspection list spreads over parties (model/spread.py); last: added later
]  # fmt: skip
PARTY_FILE_COLUMNS = [
    "party_id", "label", "name", "country", "score", "indicator", "anomaly", "scheme", "community", "component",
    "parcels", "reasons",
    "reason_records",  # the same reasons as structured records (indicator, values, contribution)
]  # fmt: skip


def _write_run_files(runs_dir: Path, folder: Path, scored: PartyScores, leads: Leads, run_id: str) -> pd.DataFrame:
    """The run folder's tables (consignments, parties, clusters, leads, members, evidence); the clusters."""
    from graphintel.leads.export.cells import neutralise_frame
    from graphintel.leads.export.cells import write_csv as write_neutral_csv

    private_dir(runs_dir)
    private_dir(folder)
    write_private_text(folder / OWNER, json.dumps({"pid": os.getpid(), "host": socket.gethostname()}))
    consignments = scored.consignments.assign(run_id=run_id)
    consignments[CONSIGNMENT_FILE_COLUMNS].sort_values(
        ["rank", "score"], ascending=[True, False], na_position="last"
    ).pipe(write_csv, folder / "consignments.csv")
    party_out = scored.parties.rename(columns={"key": "party_key"})[PARTY_FILE_COLUMNS]
    party_out.sort_values("score", ascending=False).pipe(neutralise_frame).pipe(write_csv, folder / "parties.csv")
    clusters = cluster_table(scored)
    # Tables an analyst may open in a spreadsheet carry traders' names: no cell may be a live formula.
    write_neutral_csv(clusters, folder / "clusters.csv")
    write_neutral_csv(leads.leads.drop(columns="reason_lines"), folder / "leads.csv")
    write_neutral_csv(leads.members, folder / "lead_members.csv")
    leads.evidence.to_csv(folder / "lead_evidence.csv", index=False)  # also in the graph (EVIDENCED_BY)
    return clusters


def _write_scores(store: GraphStore, scored: PartyScores, folded: dict[str, str]) -> None:
    """Every consignment's and party's score, reasons and cluster, on its node (an entity's on each of its
    spellings)."""
    # Every run scores every node, so the latest Run node is where each score comes from; writing its id on
    # a million nodes as well took 4 s of the 20 the write takes.
    store.update_properties(schema.CONSIGNMENT, scored.consignments[["key", "score", "reasons"]])
    parties = scored.parties
    if folded:
        spelling = pd.Series(list(folded), dtype=object)
        rows = parties.set_index("key").reindex(spelling.map(folded)).reset_index(drop=True)
        rows = rows.assign(key=spelling.to_numpy()).dropna(subset=["label"])
        parties = pd.concat([parties, rows], ignore_index=True)
    for label in schema.PARTY_LABELS:
        part = parties[parties["label"] == label]
        store.update_properties(label, part[["key", "score", "reasons"]].assign(cluster_id=part["community"]))


RUN_FILE = "run.json"
_RUN_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{4}$")  # as new_run_id makes them
OWNER = ".owner.json"  # the process writing a run folder, until its run.json is written


def tidy_interrupted_runs(store: GraphStore, runs_dir: Path) -> list[dict]:
    """Folders of runs killed before writing ``run.json``: completed or removed, and said which.

    A folder whose run reached the store (its ``Run`` node) gets the ``run.json`` the store's record
    gives (``"recovered": true``); a folder whose run never did is removed, since nothing refers to it and
    rescoring makes it again. A folder still being written by a live process is left alone.
    """
    from graphintel.config import process_alive

    done: list[dict] = []
    if not runs_dir.is_dir():
        return done
    for folder in sorted(runs_dir.iterdir()):
        if not _RUN_ID.match(folder.name) or not folder.is_dir() or folder.is_symlink():
            continue
        if (folder / RUN_FILE).exists():
            continue
        try:
            owner = json.loads((folder / OWNER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            owner = None
        if owner and process_alive(owner.get("pid", 0), owner.get("host", "")):
            continue
        found = store.named("run_record", {"run_id": folder.name})
        if len(found):
            record = {**found.iloc[0].to_dict(), "recovered": True}
            for key in ("parameters", "summary"):
                try:
                    record[key] = json.loads(record[key])
                except (TypeError, ValueError):
                    pass
            write_private_text(folder / RUN_FILE, json.dumps(record, indent=2, default=str))
            (folder / OWNER).unlink(missing_ok=True)
            done.append({"run_id": folder.name, "action": "completed run.json from the store"})
        else:
            shutil.rmtree(folder, ignore_errors=True)
            done.append({"run_id": folder.name, "action": "removed (killed before it reached the store)"})
    return done


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A frame as CSV (no index) through pyarrow's writer, about five times faster than pandas' at a
    million rows; pandas writes it when pyarrow cannot hold a column."""
    import pyarrow as pa
    from pyarrow import csv

    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        frame.to_csv(path, index=False)
        return
    csv.write_csv(table, path, csv.WriteOptions(quoting_style="needed"))


def confirmed_lead_members(store: GraphStore) -> dict[str, float]:
    """Members of leads an analyst confirmed: each counts as three confirmed frauds in the propagation."""
    frame = store.named("confirmed_members")
    return {key: 3.0 for key in frame.get("key", [])}


def _add_history_reasons(scored: PartyScores, learned: LearnResult) -> None:
    """Parties' reasons gain their inspection record and their ties to known fraud, with the numbers."""
    history = learned.parties.set_index("key").reindex(scored.parties["key"])
    extra = []
    for inspections, frauds, near in zip(
        history["inspections"], history["frauds"], history["association"], strict=True
    ):
        words = []
        if frauds:
            words.append(frauds_text(frauds, inspections))
        if near:
            words.append(near)
        extra.append(" | ".join(words))
    reasons = scored.parties["reasons"].fillna("")
    scored.parties["reasons"] = [f"{r} | {e}" if r and e else (r or e) for r, e in zip(reasons, extra, strict=True)]


def _explore_leads(leads: Leads, learned: LearnResult, learning: LearningParams) -> None:
    """Re-rank the leads so a share of every top-k comes from exploration: leads whose members were never
    inspected and that look unusual, not only the top scores. ``list`` says which list a lead came from."""
    frame = leads.leads
    if frame.empty:
        frame["list"] = pd.Series(dtype=str)
        return
    inspections = learned.parties.set_index("key")["inspections"]
    members = leads.members.assign(inspected=leads.members["party_key"].map(inspections).fillna(0))
    seen = members.groupby("lead_id")["inspected"].sum().reindex(frame["lead_id"]).fillna(0).to_numpy()
    frauds = learned.parties.set_index("key")["frauds"]
    found = members.assign(frauds=members["party_key"].map(frauds).fillna(0)).groupby("lead_id")["frauds"].sum()
    found = found.reindex(frame["lead_id"]).fillna(0).astype(int).to_numpy()
    frame["reason_lines"] = [
        [*lines, f"members: {frauds_text(n, i)}"] if n else lines
        for lines, n, i in zip(frame["reason_lines"], found, seen, strict=True)
    ]
    frame["reasons"] = frame["reason_lines"].map(schema.join_reasons)
    novelty = frame["anomaly"].to_numpy(dtype=float) * (seen == 0)
    order, explore = interleave(frame["score"].to_numpy(dtype=float), novelty, learning.explore_share, learning.seed)
    frame = frame.iloc[order].reset_index(drop=True)
    frame["list"] = ["explore" if e else "score" for e in explore]
    leads.leads = frame  # ranks and ids follow this order (``name_leads``)


def choose_network(store: GraphStore, params: ScoringParams):
    """The network backend for a run: GDS inside Neo4j when asked for or available, else igraph here."""
    from graphintel.analytics.gds import gds_version, network_in_gds
    from graphintel.model.scoring import networkx_network

    if params.algorithms == "networkx":
        return networkx_network, "python (networkx, reference)"
    if params.algorithms == "python" or store.dialect != "neo4j":
        if params.algorithms == "gds":
            raise GraphIntelError("--algorithms gds needs a Neo4j store with the Graph Data Science library")
        return None, "python (igraph)"
    version = gds_version(store)
    if version is None:
        if params.algorithms == "gds":
            raise GraphIntelError(
                f"--algorithms gds: the Neo4j server at {store.uri} has no Graph Data Science library"
            )
        return None, "python (igraph; no GDS on the server)"
    return (lambda graph, p, timings=None: network_in_gds(store, graph, seed=p.seed)), f"neo4j gds {version}"


def cluster_table(scored: PartyScores) -> pd.DataFrame:
    """One row per community: size, parties, parcels, score (max member) and its strongest reasons."""
    p = scored.parties
    grouped = p.groupby("community")
    table = grouped.agg(
        size=("key", "size"),
        sellers=("label", lambda s: int((s == "Seller").sum())),
        parcels=("parcels", "sum"),
        score=("score", "max"),
        mean_score=("score", "mean"),
    )
    best = p.sort_values("score", ascending=False).drop_duplicates("community").set_index("community")
    table["top_party"] = best["party_id"]
    table["scheme"] = best["scheme"]
    table["reasons"] = best["reasons"]
    table = table.reset_index().rename(columns={"community": "cluster_id"})
    return table.sort_values("score", ascending=False).reset_index(drop=True)
