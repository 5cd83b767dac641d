"""Scheduled batch runs: ingest the inbox's new files, apply feedback, rescore, export new leads.

``graphintel run --inbox DIR`` is safe to schedule:

* **Once per file.** A ledger (``HOME/ledger.jsonl``) keeps the SHA-256 of every
  file loaded or rejected; a file dropped twice, under any name, is loaded once.
  A file enters the ledger only after its last batch is committed, so a run
  killed mid-file loads it again next time, and the store's idempotent loads
  skip the consignments it already holds: nothing is lost or duplicated.
* **One run at a time.** An exclusive lock (``HOME/run.lock``, released by the
  operating system if the process dies) makes a second run say who holds it
  and exit with code 4.
* **A record per run** (``HOME/batch-runs/<run_id>.json``, replaced atomically
  after each stage): files, row counts, model, parameters, timings, leads. A
  run whose process died is listed as ``interrupted``; its previous scoring run
  stays the latest one the dashboard and exports read, and the next run
  rescores whatever was loaded but not scored.
* **Only complete files.** A file is loaded once it is complete: a ``<name>.done``
  marker beside it says so, or else nothing has written to it (nor renamed it
  into the inbox) for ``settle_seconds`` (default 60) and its size did not change
  while it was read. Files still being copied under a temporary name (``.part``,
  ``.tmp``, ...) are not data files and wait too. A waiting file is logged and
  left for a later run. Links leading out of the inbox are refused.
* **Exit codes**: 0 success, 5 partial success (rows quarantined or files
  rejected), 4 another run holds the lock, 2 bad input, 3 store unavailable,
  1 internal error.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import math
import os
import secrets
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from graphintel import schema
from graphintel.config import process_alive
from graphintel.errors import GraphIntelError, InputError
from graphintel.private import open_private, private_dir, write_private_text

EXIT_OK = 0
EXIT_PARTIAL = 5
INBOX_SUFFIXES = (".csv", ".parquet", ".jsonl", ".ndjson")
LEDGER = "ledger.jsonl"
RUNS_DIR = "batch-runs"
PENDING = "pending-score"  # data loaded but not yet scored (a run died before scoring finished)


class RunLockedError(GraphIntelError):
    """Another batch run holds this installation's lock."""

    exit_code = 4


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


# -- log -----------------------------------------------------------------------------------
class Log:
    """Events as human text (default) or JSON lines on stderr, for cron mail or a log collector."""

    def __init__(self, fmt: str = "text", run_id: str = "") -> None:
        self.json = fmt == "json"
        self.run_id = run_id

    def __call__(self, event: str, message: str, level: str = "info", **fields) -> None:
        if self.json:
            line = {"ts": now(), "level": level, "run_id": self.run_id, "event": event, "message": message, **fields}
            print(json.dumps(line, default=str), file=sys.stderr, flush=True)
        else:
            from graphintel import console

            if level == "error":
                console.error(message)
            elif level == "warning":
                console.warn(message)
            else:
                console.err.print(f"  {message}")


# -- lock ------------------------------------------------------------------------------------
class RunLock:
    """An exclusive, non-blocking lock on ``HOME/run.lock``, holding who took it and when."""

    def __init__(self, home: Path) -> None:
        self.path = home / "run.lock"
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        private_dir(self.path.parent, tighten=False)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 4096).decode(errors="replace").strip()
            os.close(fd)
            raise RunLockedError(
                f"another graphintel run holds {self.path} ({holder or 'no details'}); this run did nothing. "
                "Wait for it to finish, or check the schedule for overlapping runs."
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"process {os.getpid()} on {socket.gethostname()}, since {now()}".encode())
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


# -- ledger ----------------------------------------------------------------------------------
def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Ledger:
    """Append-only JSON lines: one entry per file loaded or rejected, keyed by content checksum."""

    def __init__(self, home: Path) -> None:
        self.path = home / LEDGER
        self._entries: list[dict] | None = None  # read once, then kept in step with ``add``

    def entries(self) -> list[dict]:
        if self._entries is None:
            self._entries = self._read()
        return self._entries

    def _read(self) -> list[dict]:
        if not self.path.exists():
            return []
        out = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except ValueError:
                raise InputError(f"{self.path}, line {number}: not a ledger entry (JSON); fix or remove it") from None
        return out

    def find(self, checksum: str) -> dict | None:
        found = [e for e in self.entries() if e["sha256"] == checksum]
        return found[-1] if found else None

    def add(self, entry: dict) -> None:
        known = self.entries()  # before the write, so the new line is not read back as well
        line = json.dumps(entry, default=str)
        private_dir(self.path.parent, tighten=False)
        with open_private(self.path, "a") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        known.append(json.loads(line))  # as a later read would see it


# -- run records -----------------------------------------------------------------------------
def new_run_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("B%Y%m%dT%H%M%SZ-") + secrets.token_hex(2)


@dataclass
class RunRecord:
    """What one batch run did; saved after every stage so a killed run leaves a truthful record."""

    home: Path
    run_id: str = field(default_factory=new_run_id)
    data: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.data = {
            "run_id": self.run_id,
            "status": "running",
            "stage": "starting",
            "exit_code": None,
            "started_at": now(),
            "finished_at": None,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "files": [],
            "rows": {"read": 0, "loaded": 0, "new": 0, "quarantined": 0},
            "feedback": {"files": 0, "consignments": 0, "leads": 0},
            "scoring_run_id": None,
            "model": None,
            "parameters": {},
            "timings_seconds": {},
            "leads": {},
            "export_folder": None,
            "errors": [],
            **self.data,
        }

    @property
    def path(self) -> Path:
        return self.home / RUNS_DIR / f"{self.run_id}.json"

    def save(self, **changes) -> None:
        self.data.update(changes)
        private_dir(self.path.parent)
        write_private_text(self.path, json.dumps(self.data, indent=2, default=str))


def list_runs(home: Path) -> list[dict]:
    """Batch run records, oldest first; a ``running`` record whose process is gone reads ``interrupted``."""
    folder = home / RUNS_DIR
    records = []
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if record.get("status") == "running" and not process_alive(record.get("pid", 0), record.get("host", "")):
            record["status"] = "interrupted"
        records.append(record)
    return sorted(records, key=lambda r: r.get("started_at") or "")


# -- feedback --------------------------------------------------------------------------------
POSITIVE = {"fraud", "seized", "confirmed", "offence", "positive"}
NEGATIVE = {"clean", "cleared", "no_offence", "dismissed", "negative"}


def is_feedback(path: Path) -> bool:
    """A feedback file: a CSV whose header has an ``outcome`` column."""
    if path.suffix.lower() != ".csv":
        return False
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            header = handle.readline().lower()
    except OSError:
        return False  # read (and reported) as consignments
    return "outcome" in [c.strip().strip('"') for c in header.split(",")]


def read_feedback(path: Path, max_revenue: float | None = None) -> pd.DataFrame:
    """Validated enforcement outcomes; one ``InputError`` naming the file and lines at fault."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: feedback file is empty (no header line)") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read feedback ({exc.strerror or exc})") from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(f"{path}: cannot read feedback ({str(exc).splitlines()[0]})") from None
    names = [c.strip().lower() for c in frame.columns]
    repeated = sorted({n for n in names if names.count(n) > 1 and n})
    if repeated:
        raise InputError(f"{path}, line 1: the header names column '{repeated[0]}' twice; remove one")
    frame.columns = names
    if "outcome" not in frame or not ({"lead_id", "consignment_id"} & set(frame.columns)):
        raise InputError(f"{path}: feedback needs an 'outcome' column and a 'lead_id' or 'consignment_id' column")
    for column in ("lead_id", "consignment_id", "revenue_recovered"):
        if column not in frame:
            frame[column] = ""
    from graphintel.ingest.plausible import DEFAULT_MAXIMUM

    max_revenue = DEFAULT_MAXIMUM["revenue_recovered"] if max_revenue is None else max_revenue
    problems = []
    outcome = frame["outcome"].str.strip().str.lower().str.replace(" ", "_")
    revenue = pd.to_numeric(frame["revenue_recovered"].replace("", "0"), errors="coerce")
    for i in range(len(frame)):
        line = i + 2
        lead, cons = frame["lead_id"].iloc[i].strip(), frame["consignment_id"].iloc[i].strip()
        if bool(lead) == bool(cons):
            problems.append(f"line {line}: give a lead_id or a consignment_id (one of them)")
        if outcome.iloc[i] not in POSITIVE | NEGATIVE:
            known = ", ".join(sorted(POSITIVE | NEGATIVE))
            problems.append(f"line {line}: outcome '{frame['outcome'].iloc[i]}' is not one of {known}")
        if pd.isna(revenue.iloc[i]) or not math.isfinite(revenue.iloc[i]) or revenue.iloc[i] < 0:
            problems.append(f"line {line}: revenue_recovered '{frame['revenue_recovered'].iloc[i]}' is not an amount")
        elif revenue.iloc[i] > max_revenue:
            problems.append(
                f"line {line}: revenue_recovered '{frame['revenue_recovered'].iloc[i]}' is above the plausible "
                f"maximum {max_revenue:,.0f} (max_revenue_recovered)"
            )
    problems += _contradictions(frame, outcome, revenue)
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise InputError(f"{path}: " + "; ".join(problems[:5]) + more)
    return pd.DataFrame(
        {
            "lead_id": frame["lead_id"].str.strip(),
            "consignment_id": frame["consignment_id"].str.strip(),
            "fraud": outcome.isin(POSITIVE).astype(int),
            "outcome": outcome,
            "revenue_recovered": revenue.fillna(0.0),
            "line": range(2, len(frame) + 2),
        }
    )


def _contradictions(frame: pd.DataFrame, outcome: pd.Series, revenue: pd.Series) -> list[str]:
    """Lines giving one lead or consignment different outcomes or revenues (a repeated identical line is fine)."""
    problems = []
    for column, noun in (("consignment_id", "consignment"), ("lead_id", "lead")):
        ids = frame[column].str.strip()
        first: dict[str, tuple[int, str, float]] = {}
        for i, key in enumerate(ids.tolist()):
            if not key:
                continue
            said = (i + 2, outcome.iloc[i], revenue.iloc[i])
            if key not in first:
                first[key] = said
                continue
            line, was, amount = first[key]
            same_amount = amount == said[2] or (pd.isna(amount) and pd.isna(said[2]))
            if was != said[1] or not same_amount:
                problems.append(
                    f"lines {line} and {i + 2} contradict each other for {noun} '{key}' "
                    f"({was} {amount:g} against {said[1]} {said[2]:g}); keep one"
                )
    return problems


def apply_feedback(store, path: Path, analyst: str = "enforcement feedback", max_revenue: float | None = None) -> dict:
    """Outcomes as labels: consignments become inspected with their result; leads get a decision.

    Every id must exist in the store, else nothing is applied and the error names the lines.
    """
    from graphintel.leads.decisions import record_decision

    rows = read_feedback(path, max_revenue)
    rows = rows.drop_duplicates(["lead_id", "consignment_id"])  # identical repeated lines: applied once
    cons = rows[rows["consignment_id"] != ""]
    leads = rows[rows["lead_id"] != ""]
    known_c = set(
        store.query(
            "UNWIND $ids AS id MATCH (c:Consignment {key: id}) RETURN c.key AS k", {"ids": list(cons["consignment_id"])}
        ).get("k", [])
    )
    known_l = set(
        store.query(
            "UNWIND $ids AS id MATCH (l:Lead {lead_id: id}) RETURN l.lead_id AS k", {"ids": list(leads["lead_id"])}
        ).get("k", [])
    )
    unknown = [
        f"line {r.line}: no consignment '{r.consignment_id}'"
        for r in cons.itertuples()
        if r.consignment_id not in known_c
    ]
    unknown += [f"line {r.line}: no lead '{r.lead_id}'" for r in leads.itertuples() if r.lead_id not in known_l]
    if unknown:
        more = f" (and {len(unknown) - 5} more)" if len(unknown) > 5 else ""
        raise InputError(f"{path}: " + "; ".join(unknown[:5]) + more + " in the store; nothing was applied")
    if len(cons):
        store.update_properties(
            schema.CONSIGNMENT,
            pd.DataFrame(
                {
                    "key": cons["consignment_id"].values,
                    "inspected": 1,
                    "fraud": cons["fraud"].values,
                    "revenue_recovered": cons["revenue_recovered"].values,
                }
            ),
        )
    for r in leads.itertuples():
        status = "confirmed" if r.fraud else "dismissed"
        note = f"enforcement outcome: {r.outcome}, revenue recovered {r.revenue_recovered:,.2f} ({path.name}:{r.line})"
        record_decision(store, r.lead_id, status, note, analyst)
    return {"consignments": len(cons), "leads": len(leads)}


# -- the run ---------------------------------------------------------------------------------
SETTLE_SECONDS = 60
DONE_SUFFIX = ".done"  # "day.csv.done" beside "day.csv": the sender says the file is complete
COPYING_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".filepart", ".crdownload", ".download", ".inprogress")


@dataclass
class BatchOptions:
    inbox: Path
    formats: list[str] = field(default_factory=lambda: ["xlsx", "json", "html", "graphml", "csv"])
    top: int = 30  # new or escalated leads in the top N are exported
    mask: bool = False
    rescore: bool = False  # score even when nothing new arrived
    settle_seconds: float = SETTLE_SECONDS  # a file untouched this long (or with a .done marker) is complete
    limits: object | None = None  # ingest.plausible.Limits; None: the defaults


@dataclass
class InboxFile:
    """A file of the inbox and what the run does with it: ``load``, or leave it (``waiting``, ``rejected``)."""

    path: Path
    status: str = "load"
    reason: str = ""


def inbox_files(inbox: Path, settle_seconds: float = 0, now_epoch: float | None = None) -> list[InboxFile]:
    """The inbox's data files, oldest first, each ready to load or with the reason it is left this time.

    A file is complete when ``<name>.done`` exists beside it, or when neither its content nor its name
    changed for ``settle_seconds`` (the later of its modification and status-change times: a file
    moved into the inbox counts from its arrival). Names of files being copied (``.part``, ``.tmp``, ...)
    wait; links leading out of the inbox are rejected.
    """
    if not inbox.is_dir():
        raise InputError(f"--inbox {inbox}: no such folder")
    now_epoch = time.time() if now_epoch is None else now_epoch
    root = inbox.resolve()
    found: list[tuple[float, str, InboxFile]] = []
    for path in inbox.iterdir():
        suffix = path.suffix.lower()
        if suffix in COPYING_SUFFIXES and Path(path.stem).suffix.lower() in INBOX_SUFFIXES:
            found.append((0.0, path.name, InboxFile(path, "waiting", f"still being copied (named {suffix})")))
            continue
        if suffix not in INBOX_SUFFIXES:
            continue
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root):
                found.append((0.0, path.name, InboxFile(path, "rejected", f"a link to {target}, outside the inbox: "
                                                        "refused (copy the file into the inbox instead)")))  # fmt: skip
                continue
        if not path.is_file():
            continue
        info = path.stat()
        changed = max(info.st_mtime, info.st_ctime)
        done = path.with_name(path.name + DONE_SUFFIX).exists()
        if not done and now_epoch - changed < settle_seconds:
            quiet = max(0.0, now_epoch - changed)
            found.append((info.st_mtime, path.name, InboxFile(path, "waiting", f"changed {quiet:.0f} s ago; "
                          f"loaded once unchanged for {settle_seconds:g} s or marked complete by "
                          f"{path.name}{DONE_SUFFIX}")))  # fmt: skip
            continue
        found.append((info.st_mtime, path.name, InboxFile(path)))
    return [item for _, _, item in sorted(found, key=lambda f: (f[0], f[1]))]


def _stamp(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns


def run_batch(
    store_uri: str,
    home: Path,
    options: BatchOptions,
    scoring,  # ScoringParams
    learning,  # LearningParams
    log: Log,
    progress: Callable | None = None,
) -> RunRecord:
    """One scheduled run (see the module's notes). Returns its record; ``record.data['exit_code']`` is set."""
    from graphintel.ingest import ingest_files, plan_files
    from graphintel.leads.runs import latest_run, run_scoring
    from graphintel.store import open_store

    record = RunRecord(home)
    log.run_id = record.run_id
    with RunLock(home):
        files = inbox_files(options.inbox, options.settle_seconds)
        parameters = {**scoring.as_dict(), "top": options.top, "formats": options.formats, "mask": options.mask}
        record.save(inbox=str(options.inbox), parameters=parameters)
        log("start", f"batch run {record.run_id}: {len(files)} file(s) in {options.inbox}")
        ledger = Ledger(home)
        pending = home / PENDING
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        try:
            store = open_store(store_uri)
        except GraphIntelError as exc:
            record.save(status="failed", exit_code=exc.exit_code, finished_at=now(), errors=[str(exc)])
            raise
        try:
            previous = latest_run(store)
            # Leads are exported against the last scoring run whose exports went out, so the leads of a run
            # whose export failed are still new to the next run.
            baseline = exports_cover(home, previous["run_id"] if previous else None)
            record.save(
                stage="ingest", previous_scoring_run_id=previous["run_id"] if previous else None, exports_cover=baseline
            )
            rows = record.data["rows"]
            changed = False
            for item in files:
                path = item.path
                if item.status != "load":
                    entry = {"name": path.name, "path": str(path.absolute()), "status": item.status}
                    if item.status == "rejected":
                        entry["error"] = f"{path}: {item.reason}"
                        record.data["errors"].append(entry["error"])
                        log("file.rejected", entry["error"], level="error", file=path.name)
                    else:
                        entry["reason"] = item.reason
                        log("file.waiting", f"{path.name}: {item.reason}", file=path.name)
                    record.data["files"].append(entry)
                    record.save()
                    continue
                before = _stamp(path)
                checksum = sha256(path)
                if _stamp(path) != before:  # written to while it was read: not complete yet
                    entry = {"name": path.name, "path": str(path.absolute()), "status": "waiting",
                             "reason": "changed while it was read; loaded once complete"}  # fmt: skip
                    log("file.waiting", f"{path.name}: {entry['reason']}", file=path.name)
                    record.data["files"].append(entry)
                    record.save()
                    continue
                entry = {
                    "name": path.name,
                    "path": str(path.resolve()),
                    "sha256": checksum,
                    "size": before[0],
                }
                seen = ledger.find(checksum)
                if seen is not None:
                    why = "loaded" if seen["status"] == "loaded" else "rejected"
                    entry.update(
                        status="skipped", reason=f"same content {why} by run {seen['run_id']} as {seen['name']}"
                    )
                    log("file.skipped", f"{path.name}: {entry['reason']}", file=path.name)
                    record.data["files"].append(entry)
                    record.save()
                    continue
                try:
                    if is_feedback(path):
                        limits = options.limits
                        counts = apply_feedback(store, path, max_revenue=limits.maximum["revenue_recovered"] if limits
                                                else None)  # fmt: skip
                        entry.update(status="loaded", kind="feedback", **counts)
                        record.data["feedback"]["files"] += 1
                        for k in ("consignments", "leads"):
                            record.data["feedback"][k] += counts[k]
                        log("file.feedback", f"{path.name}: outcomes for {counts['consignments']} consignments and "
                            f"{counts['leads']} leads", file=path.name, **counts)  # fmt: skip
                    else:
                        write_private_text(pending, record.run_id)
                        report = ingest_files(
                            store, plan_files([path]), home / "quarantine", progress=progress, limits=options.limits
                        )
                        f = report.files[0]
                        entry.update(
                            status="loaded", kind="consignments", read=f.read, loaded=f.loaded, new=f.loaded_new,
                            quarantined=f.quarantined,
                            quarantine_file=str(report.quarantine_path) if report.quarantine_path else None,
                        )  # fmt: skip
                        rows["read"] += f.read
                        rows["loaded"] += f.loaded
                        rows["new"] += f.loaded_new
                        rows["quarantined"] += f.quarantined
                        log("file.loaded", f"{path.name}: read {f.read:,}, new {f.loaded_new:,}, already held "
                            f"{f.already_present:,}, quarantined {f.quarantined:,}", file=path.name,
                            read=f.read, new=f.loaded_new, quarantined=f.quarantined)  # fmt: skip
                    changed = True
                except InputError as exc:
                    entry.update(status="rejected", error=str(exc))
                    record.data["errors"].append(str(exc))
                    log("file.rejected", str(exc), level="error", file=path.name)
                ledger.add({**entry, "run_id": record.run_id, "at": now()})
                record.data["files"].append(entry)
                record.save()
            timings["ingest"] = round(time.perf_counter() - t0, 2)
            must_score = changed or options.rescore or pending.exists() or previous is None
            current = None  # the scoring run whose new leads are exported
            empty = previous is None and _holds_no_consignments(store)
            if empty:
                log("score.skipped", "the store holds no consignments yet (files may be waiting): no scoring")
            elif not must_score:
                log("score.skipped", "nothing new arrived and nothing is waiting to be scored: no rescoring")
                if previous is not None and baseline != previous["run_id"]:
                    current, total = previous["run_id"], len(lead_members(store, previous["run_id"]))
                    record.save(stage="export", timings_seconds=timings)
                    log("export.retry", f"the leads of run {current} were not exported by an earlier run: "
                        "exporting them now", scoring_run_id=current)  # fmt: skip
            else:
                record.save(stage="score", timings_seconds=timings)
                t1 = time.perf_counter()
                result = run_scoring(store, home / "runs", scoring, learning=learning)
                pending.unlink(missing_ok=True)
                timings["score"] = round(time.perf_counter() - t1, 2)
                summary = json.loads(result.record["summary"])
                record.save(
                    stage="export",
                    scoring_run_id=result.run_id,
                    model=result.record["model"],
                    mode=summary.get("mode"),
                    timings_seconds=timings,
                )
                log("score.done", f"scored as run {result.run_id} ({summary.get('mode')}): {summary['leads']} leads")
                current, total = result.run_id, summary["leads"]
            if current is not None:
                t2 = time.perf_counter()
                diff = diff_runs(store, baseline, current, options.top)
                record.data["leads"] = {
                    "total": total,
                    **{k: len(v) for k, v in diff.items()},
                    "exported": [],
                }
                wanted = [lead for lead in diff["new"] + diff["escalated"] if lead["rank"] <= options.top]
                if wanted:
                    from graphintel.leads.export import export_package
                    from graphintel.leads.package import load_package

                    package = load_package(store, run_id=current, lead_ids=[x["lead_id"] for x in wanted])
                    folder = home / "exports" / record.run_id
                    export_package(
                        package, options.formats, folder, home, mask=options.mask, who=f"batch {record.run_id}"
                    )
                    record.data["leads"]["exported"] = [x["lead_id"] for x in wanted]
                    record.data["export_folder"] = str(folder)
                    log(
                        "export.done",
                        f"exported {len(wanted)} new or escalated lead(s) to {folder}",
                        folder=str(folder),
                    )
                else:
                    log("export.skipped", f"no new or escalated lead in the top {options.top}: nothing exported")
                timings["export"] = round(time.perf_counter() - t2, 2)
                record.save(exports_cover=current)
            rejected = sum(1 for f in record.data["files"] if f.get("status") == "rejected")
            partial = rejected or rows["quarantined"]
            status, code = ("partial", EXIT_PARTIAL) if partial else ("success", EXIT_OK)
            record.save(status=status, stage="done", exit_code=code, finished_at=now(), timings_seconds=timings)
            log("end", f"batch run {record.run_id}: {status}", status=status, exit_code=code)
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


def _holds_no_consignments(store) -> bool:
    return int(store.query(f"MATCH (c:{schema.CONSIGNMENT}) RETURN count(c) AS n").iloc[0, 0]) == 0


def exports_cover(home: Path, latest_scoring_run: str | None) -> str | None:
    """The scoring run up to which new leads have been exported: as the newest batch record says
    (``exports_cover``), else (no record says) the latest scoring run."""
    for record in reversed(list_runs(home)):
        if "exports_cover" in record:
            return record["exports_cover"]
    return latest_scoring_run


# -- comparing runs --------------------------------------------------------------------------
ESCALATION = 0.05  # a matched lead whose score rose by this much is escalated


def lead_members(store, run_id: str) -> pd.DataFrame:
    """Leads of a scoring run with rank, score, scheme, status and their member keys."""
    frame = store.query(
        "MATCH (r:Run {run_id: $run})-[:PRODUCED]->(l:Lead)-[:INVOLVES]->(p) "
        "RETURN l.lead_id AS lead_id, l.rank AS rank, l.score AS score, l.scheme AS scheme, l.status AS status, "
        "collect(p.key) AS members",
        {"run": run_id},
    )
    if frame.empty:
        return pd.DataFrame(columns=["lead_id", "rank", "score", "scheme", "status", "members"])
    frame["members"] = frame["members"].map(frozenset)
    return frame.sort_values("rank").reset_index(drop=True)


def diff_runs(store, run_a: str | None, run_b: str, top: int | None = None) -> dict[str, list[dict]]:
    """Leads of run B against run A: new (no lead of A over the same network), escalated (score up by
    ``ESCALATION`` or more, or into the top N), dropped (A's leads no lead of B continues), unchanged.
    Leads match as ``decisions.same_network`` says, as decisions carry between runs."""
    from graphintel.leads.decisions import same_network

    b = lead_members(store, run_b)
    a = lead_members(store, run_a) if run_a else b.iloc[:0]
    out: dict[str, list[dict]] = {"new": [], "escalated": [], "unchanged": [], "dropped": []}
    continued = set()
    for lead in b.itertuples(index=False):
        row = _brief(lead)
        match = same_network(lead.members, a["members"])
        if match is None:
            out["new"].append(row)
            continue
        before = a.loc[match[0]]
        continued.add(before["lead_id"])
        row.update(was=before["lead_id"], was_rank=int(before["rank"]), was_score=round(float(before["score"]), 3))
        rose = float(lead.score) - float(before["score"]) >= ESCALATION
        entered = top is not None and lead.rank <= top < before["rank"]
        out["escalated" if rose or entered else "unchanged"].append(row)
    for lead in a.itertuples(index=False):
        if lead.lead_id not in continued:
            out["dropped"].append(_brief(lead))
    return out


def _brief(lead) -> dict:
    return {
        "lead_id": lead.lead_id,
        "rank": int(lead.rank),
        "score": round(float(lead.score), 3),
        "scheme": lead.scheme,
    }
