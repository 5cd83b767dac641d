"""One scheduled run, as named steps: list the inbox, take each file, score when needed, export new leads, finish."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graphintel.batch.feedback import apply_feedback, is_feedback
from graphintel.batch.inbox import SETTLE_SECONDS, InboxFile, inbox_files, stamp
from graphintel.batch.ledger import Ledger, sha256
from graphintel.batch.lock import RunLock
from graphintel.batch.log import Log, now
from graphintel.batch.record import RunRecord, diff_runs, exports_cover, lead_members
from graphintel.errors import EXIT_OK, EXIT_PARTIAL, GraphIntelError, InputError
from graphintel.ingest.plausible import Limits
from graphintel.private import write_private_text
from graphintel.store import GraphStore

PENDING = "pending-score"  # data loaded but not yet scored (a run died before scoring finished)


@dataclass
class BatchOptions:
    inbox: Path
    formats: list[str] = field(default_factory=lambda: ["xlsx", "json", "html", "graphml", "csv"])
    top: int = 30  # new or escalated leads in the top N are exported
    mask: bool = False
    rescore: bool = False  # score even when nothing new arrived
    settle_seconds: float = SETTLE_SECONDS  # a file untouched this long (or with a .done marker) is complete
    limits: Limits | None = None  # None: the defaults


@dataclass
class _Run:
    """What the steps of one run share: where it works, its record and log, the open store, what it loaded."""

    home: Path
    options: BatchOptions
    record: RunRecord
    log: Log
    store: GraphStore
    progress: Callable | None = None
    timings: dict[str, float] = field(default_factory=dict)
    changed: bool = False  # a file was loaded (consignments or feedback): rescore

    def __post_init__(self) -> None:
        self.ledger = Ledger(self.home)

    @property
    def pending(self) -> Path:
        return self.home / PENDING

    def add_file(self, entry: dict) -> None:
        """Say in the record what became of one file, and save it."""
        self.record.data["files"].append(entry)
        self.record.save()


def run_batch(
    store_uri: str,
    home: Path,
    options: BatchOptions,
    scoring,  # ScoringParams
    learning,  # LearningParams
    log: Log,
    progress: Callable | None = None,
) -> RunRecord:
    """One scheduled run (see the package's notes). Returns its record; ``record.data['exit_code']`` is set."""
    from graphintel.store import open_store

    record = RunRecord(home)
    log.run_id = record.run_id
    with RunLock(home):
        files = inbox_files(options.inbox, options.settle_seconds)
        parameters = {**scoring.as_dict(), "top": options.top, "formats": options.formats, "mask": options.mask}
        record.save(inbox=str(options.inbox), parameters=parameters)
        log("start", f"batch run {record.run_id}: {len(files)} file(s) in {options.inbox}")
        started = time.perf_counter()
        try:
            store = open_store(store_uri)
        except GraphIntelError as exc:
            record.save(status="failed", exit_code=exc.exit_code, finished_at=now(), errors=[str(exc)])
            raise
        run = _Run(home, options, record, log, store, progress)
        try:
            _run_steps(run, files, scoring, learning, started)
            return record
        except GraphIntelError as exc:
            record.data["errors"].append(str(exc))
            record.save(status="failed", exit_code=exc.exit_code, finished_at=now())
            raise
        except BaseException as exc:
            record.data["errors"].append(f"{type(exc).__name__}: {exc}")
            record.save(status="failed", exit_code=1, finished_at=now())
            raise
        finally:
            store.close()


def _run_steps(run: _Run, files: list[InboxFile], scoring, learning, started: float) -> None:
    """Ingest the files, score if needed, export the new leads, and close the record."""
    from graphintel.leads.runs import latest_run

    previous = latest_run(run.store)
    previous_id = previous["run_id"] if previous else None
    # Leads are exported against the last scoring run whose exports went out, so the leads of a run
    # whose export failed are still new to the next run.
    baseline = exports_cover(run.home, previous_id)
    run.record.save(stage="ingest", previous_scoring_run_id=previous_id, exports_cover=baseline)
    for item in files:
        _take_file(run, item)
    run.timings["ingest"] = round(time.perf_counter() - started, 2)
    to_export = _score(run, previous, baseline, scoring, learning)
    if to_export is not None:
        _export(run, baseline, *to_export)
    _finish(run)


# -- ingest ------------------------------------------------------------------------------------
def _take_file(run: _Run, item: InboxFile) -> None:
    """One inbox file: left for later, rejected, skipped (its content is in the ledger), or loaded."""
    path = item.path
    if item.status != "load":
        _leave(run, item)
        return
    before = stamp(path)
    checksum = sha256(path)
    if stamp(path) != before:  # written to while it was read: not complete yet
        waiting = {"name": path.name, "path": str(path.absolute()), "status": "waiting",
                   "reason": "changed while it was read; loaded once complete"}  # fmt: skip
        run.log("file.waiting", f"{path.name}: {waiting['reason']}", file=path.name)
        run.add_file(waiting)
        return
    entry: dict = {"name": path.name, "path": str(path.resolve()), "sha256": checksum, "size": before[0]}
    seen = run.ledger.find(checksum)
    if seen is not None:
        why = "loaded" if seen["status"] == "loaded" else "rejected"
        entry.update(status="skipped", reason=f"same content {why} by run {seen['run_id']} as {seen['name']}")
        run.log("file.skipped", f"{path.name}: {entry['reason']}", file=path.name)
        run.add_file(entry)
        return
    try:
        if is_feedback(path):
            _load_feedback(run, path, entry)
        else:
            _load_consignments(run, path, entry)
        run.changed = True
    except InputError as exc:
        entry.update(status="rejected", error=str(exc))
        run.record.data["errors"].append(str(exc))
        run.log("file.rejected", str(exc), level="error", file=path.name)
    run.ledger.add({**entry, "run_id": run.record.run_id, "at": now()})
    run.add_file(entry)


def _leave(run: _Run, item: InboxFile) -> None:
    """A file not loaded this time: rejected (a link out of the inbox) or waiting (not complete yet)."""
    path = item.path
    entry = {"name": path.name, "path": str(path.absolute()), "status": item.status}
    if item.status == "rejected":
        entry["error"] = f"{path}: {item.reason}"
        run.record.data["errors"].append(entry["error"])
        run.log("file.rejected", entry["error"], level="error", file=path.name)
    else:
        entry["reason"] = item.reason
        run.log("file.waiting", f"{path.name}: {item.reason}", file=path.name)
    run.add_file(entry)


def _load_feedback(run: _Run, path: Path, entry: dict) -> None:
    """Enforcement outcomes: labels on consignments, decisions on leads."""
    limits = run.options.limits
    counts = apply_feedback(run.store, path, max_revenue=limits.maximum["revenue_recovered"] if limits else None)
    entry.update(status="loaded", kind="feedback", **counts)
    feedback = run.record.data["feedback"]
    feedback["files"] += 1
    for k in ("consignments", "leads"):
        feedback[k] += counts[k]
    run.log("file.feedback", f"{path.name}: outcomes for {counts['consignments']} consignments and "
            f"{counts['leads']} leads", file=path.name, **counts)  # fmt: skip


def _load_consignments(run: _Run, path: Path, entry: dict) -> None:
    """A file of consignments, ingested; the store holds data not yet scored until scoring ends."""
    from graphintel.ingest import ingest_files, plan_files

    write_private_text(run.pending, run.record.run_id)
    report = ingest_files(
        run.store, plan_files([path]), run.home / "quarantine", progress=run.progress, limits=run.options.limits
    )
    f = report.files[0]
    entry.update(
        status="loaded", kind="consignments", read=f.read, loaded=f.loaded, new=f.loaded_new,
        quarantined=f.quarantined,
        quarantine_file=str(report.quarantine_path) if report.quarantine_path else None,
    )  # fmt: skip
    rows = run.record.data["rows"]
    rows["read"] += f.read
    rows["loaded"] += f.loaded
    rows["new"] += f.loaded_new
    rows["quarantined"] += f.quarantined
    run.log("file.loaded", f"{path.name}: read {f.read:,}, new {f.loaded_new:,}, already held "
            f"{f.already_present:,}, quarantined {f.quarantined:,}", file=path.name,
            read=f.read, new=f.loaded_new, quarantined=f.quarantined)  # fmt: skip


# -- score -------------------------------------------------------------------------------------
def _score(run: _Run, previous: dict | None, baseline: str | None, scoring, learning) -> tuple[str, int] | None:
    """Rescore when something arrived, was asked for or waits to be scored. Returns the scoring run whose new
    leads are to be exported and its number of leads, or None when there is nothing to export."""
    from graphintel.leads.runs import run_scoring

    must_score = run.changed or run.options.rescore or run.pending.exists() or previous is None
    if previous is None and _holds_no_consignments(run.store):
        run.log("score.skipped", "the store holds no consignments yet (files may be waiting): no scoring")
        return None
    if not must_score:
        run.log("score.skipped", "nothing new arrived and nothing is waiting to be scored: no rescoring")
        if previous is None or baseline == previous["run_id"]:
            return None
        current, total = previous["run_id"], len(lead_members(run.store, previous["run_id"]))
        run.record.save(stage="export", timings_seconds=run.timings)
        run.log("export.retry", f"the leads of run {current} were not exported by an earlier run: "
                "exporting them now", scoring_run_id=current)  # fmt: skip
        return current, total
    run.record.save(stage="score", timings_seconds=run.timings)
    t1 = time.perf_counter()
    result = run_scoring(run.store, run.home / "runs", scoring, learning=learning)
    run.pending.unlink(missing_ok=True)
    run.timings["score"] = round(time.perf_counter() - t1, 2)
    summary = json.loads(result.record["summary"])
    run.record.save(
        stage="export",
        scoring_run_id=result.run_id,
        model=result.record["model"],
        mode=summary.get("mode"),
        timings_seconds=run.timings,
    )
    run.log("score.done", f"scored as run {result.run_id} ({summary.get('mode')}): {summary['leads']} leads")
    return result.run_id, summary["leads"]


def _holds_no_consignments(store) -> bool:
    return int(store.named("consignment_count").iloc[0, 0]) == 0


# -- export and finish -------------------------------------------------------------------------
def _export(run: _Run, baseline: str | None, current: str, total: int) -> None:
    """Export the leads of ``current`` that are new or escalated against ``baseline`` and in the top N."""
    options, record = run.options, run.record
    t2 = time.perf_counter()
    diff = diff_runs(run.store, baseline, current, options.top)
    record.data["leads"] = {"total": total, **{k: len(v) for k, v in diff.items()}, "exported": []}
    wanted = [lead for lead in diff["new"] + diff["escalated"] if lead["rank"] <= options.top]
    if wanted:
        from graphintel.leads.export import export_package
        from graphintel.leads.package import load_package

        package = load_package(run.store, run_id=current, lead_ids=[x["lead_id"] for x in wanted])
        folder = run.home / "exports" / record.run_id
        export_package(package, options.formats, folder, run.home, mask=options.mask, who=f"batch {record.run_id}")
        record.data["leads"]["exported"] = [x["lead_id"] for x in wanted]
        record.data["export_folder"] = str(folder)
        run.log("export.done", f"exported {len(wanted)} new or escalated lead(s) to {folder}", folder=str(folder))
    else:
        run.log("export.skipped", f"no new or escalated lead in the top {options.top}: nothing exported")
    run.timings["export"] = round(time.perf_counter() - t2, 2)
    record.save(exports_cover=current)


def _finish(run: _Run) -> None:
    """Success, or partial success when files were rejected or rows quarantined."""
    record = run.record
    rejected = sum(1 for f in record.data["files"] if f.get("status") == "rejected")
    partial = rejected or record.data["rows"]["quarantined"]
    status, code = ("partial", EXIT_PARTIAL) if partial else ("success", EXIT_OK)
    record.save(status=status, stage="done", exit_code=code, finished_at=now(), timings_seconds=run.timings)
    run.log("end", f"batch run {record.run_id}: {status}", status=status, exit_code=code)
