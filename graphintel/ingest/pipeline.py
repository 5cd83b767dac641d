"""The ingest pipeline: plan every file first, then load chunk by chunk.

Planning reads only headers, so a missing required column or a bad mapping
stops the run before anything is written. Each chunk is loaded atomically;
rows that cannot be used go to the quarantine file with their line and reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import multiprocessing
import sys
import types
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

import pandas as pd

from graphintel import schema
from graphintel.errors import InputError
from graphintel.ingest.graph import build_batch
from graphintel.ingest.mapping import Mapping
from graphintel.ingest.readers import CHUNK_ROWS, expand_paths, read_chunks, read_header
from graphintel.ingest.validate import duplicate_reasons, validate
from graphintel.store.base import GraphBatch, GraphStore, LoadCounts

QUARANTINE_COLUMNS = ("file", "line", "reason", "consignment_id", "raw")


@dataclass
class FilePlan:
    """How one file will be read: its renames, defaults, extra columns and warnings."""

    path: Path
    renames: dict[str, str]
    defaults: dict[str, str]
    extra_columns: list[str]
    warnings: list[str] = field(default_factory=list)


@dataclass
class FileReport:
    path: Path
    read: int = 0
    loaded_new: int = 0
    already_present: int = 0
    quarantined: int = 0

    @property
    def loaded(self) -> int:
        return self.loaded_new + self.already_present


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: LoadCounts = field(default_factory=LoadCounts)
    quarantine_path: Path | None = None

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def loaded(self) -> int:
        return sum(f.loaded for f in self.files)

    @property
    def quarantined(self) -> int:
        return sum(f.quarantined for f in self.files)

    @property
    def reconciled(self) -> bool:
        return self.read == self.loaded + self.quarantined


def plan_files(paths: list[Path], mapping: Mapping | None = None) -> list[FilePlan]:
    """Check every file's header against the mapping and the required columns."""
    mapping = mapping or Mapping()
    plans = []
    for path in expand_paths(paths):
        header = read_header(path)
        renames = mapping.rename(header)
        mapped = {renames.get(h, h) for h in header}
        missing_required = [c for c in schema.REQUIRED_COLUMNS if c not in mapped and c not in mapping.defaults]
        if missing_required:
            hint = ""
            sources = [s for s, t in mapping.columns.items() if t == missing_required[0]]
            if sources:
                hint = f' (the mapping takes it from "{sources[0]}", which the file lacks)'
            raise InputError(f"{path}: required column '{missing_required[0]}' is missing{hint}")
        warnings = [
            f'{path}: mapped column "{src}" (-> {mapping.columns[src]}) is not in this file; '
            f"{mapping.columns[src]} left empty"
            for src in mapping.absent(header)
            if mapping.columns[src] not in schema.REQUIRED_COLUMNS
        ]
        extras = [h for h in header if renames.get(h, h) not in schema.COLUMN_BY_NAME and h]
        defaults = {k: v for k, v in mapping.defaults.items()}
        plans.append(FilePlan(path, renames, defaults, extras, warnings))
    return plans


@dataclass
class Prepared:
    """One chunk made ready to load: its batch, and its rejected rows with their reasons."""

    plan_index: int
    rows: int
    rejected: pd.DataFrame | None
    reasons: pd.Series | None
    batch: GraphBatch | None


def prepare_chunks(plans: list[FilePlan], chunk_rows: int, convert: Callable | None = None) -> Iterator[Prepared]:
    """Read, validate and normalise every planned file, chunk by chunk, in order.

    ``convert`` (a store's ``prepare_batch``) turns each batch into the form the store loads.
    """
    for index, plan in enumerate(plans):
        seen: dict[str, int] = {}
        for chunk in read_chunks(plan.path, chunk_rows):
            frame = _apply_plan(chunk.frame, plan)
            typed, reasons = validate(frame)
            dup = duplicate_reasons(typed["consignment_id"], typed["_line"], seen)
            reasons = reasons.where(reasons != "", dup)
            bad = reasons != ""
            good = typed[~bad]
            prepared = Prepared(
                index,
                len(frame),
                frame[bad] if bad.any() else None,
                reasons[bad] if bad.any() else None,
                _converted(build_batch(good, str(plan.path), plan.extra_columns), convert) if len(good) else None,
            )
            del chunk, frame, typed, dup, good, bad, reasons  # not held while the next chunk is read
            yield prepared
            del prepared


def ingest_files(
    store: GraphStore,
    plans: list[FilePlan],
    quarantine_dir: Path,
    progress: Callable[[int], None] | None = None,
    chunk_rows: int = CHUNK_ROWS,
    prepare_apart: bool | None = None,
) -> IngestReport:
    """Load planned files into the store; quarantined rows go to one CSV under ``quarantine_dir``.

    Reading, validating and normalising (Python, bound to one core) run in a second process while
    this one loads, when ``prepare_apart`` is true; by default when the input is over
    ``APART_BYTES`` and the store loads in this process (the embedded store). A store that loads
    over the network (Neo4j) instead loads each chunk in a background thread.
    """
    report = IngestReport(warnings=[w for p in plans for w in p.warnings])
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    quarantine_path = quarantine_dir / f"quarantine-{stamp}.csv"
    writer = _QuarantineWriter(quarantine_path)
    # A store that loads over the network (Neo4j) loads one chunk in a background thread while the next
    # is read, validated and normalised here; at most one load is in flight, and it is always waited for.
    background = getattr(store, "background_load", False)
    chunk_rows = min(chunk_rows, getattr(store, "ingest_chunk_rows", chunk_rows))
    if prepare_apart is None:
        prepare_apart = not background and sum(_size(p.path) for p in plans) > APART_BYTES
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphintel-load") if background else None
    pending: Future | None = None
    for plan in plans:
        report.files.append(FileReport(plan.path))

    def settle() -> None:
        nonlocal pending
        if pending is not None:
            done, pending = pending, None
            done.result()

    def load(batch, file_report: FileReport) -> None:
        counts = store.load(batch)
        report.counts.add(counts)
        file_report.loaded_new += counts.consignments_new
        file_report.already_present += counts.consignments_present

    convert = getattr(store, "prepare_batch", None)
    chunks = _apart(plans, chunk_rows, convert) if prepare_apart else prepare_chunks(plans, chunk_rows)
    try:
        for prepared in chunks:
            plan, file_report = plans[prepared.plan_index], report.files[prepared.plan_index]
            if prepared.rejected is not None:
                writer.write(plan.path, prepared.rejected, prepared.reasons)
            if prepared.batch is not None:
                settle()
                if pool is not None:
                    pending = pool.submit(load, prepared.batch, file_report)
                else:
                    load(prepared.batch, file_report)
            file_report.read += prepared.rows
            file_report.quarantined += 0 if prepared.reasons is None else len(prepared.reasons)
            if progress:
                progress(prepared.rows)
        settle()
    finally:
        if hasattr(chunks, "close"):
            chunks.close()  # stops the preparing process, if any
        if pool is not None:
            pool.shutdown(wait=True)  # never leave a load half-done behind an error here
        writer.close()
    report.quarantine_path = quarantine_path if writer.rows else None
    return report


def _converted(batch: GraphBatch, convert: Callable | None) -> GraphBatch:
    return convert(batch) if convert else batch


APART_BYTES = 50 * 1024 * 1024  # inputs above this are prepared in a second process


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _prepare_into(plans: list[FilePlan], chunk_rows: int, convert: Callable | None, queue) -> None:
    """The preparing process: every chunk into ``queue``, then ``None`` (or the error that stopped it)."""
    try:
        for prepared in prepare_chunks(plans, chunk_rows, convert):
            queue.put(prepared)
            del prepared  # the queue's pickled copy is all that is needed from here
        queue.put(None)
    except InputError as exc:
        queue.put(exc)
    except BaseException as exc:  # noqa: BLE001 - handed to the loading process, which reports it
        queue.put(RuntimeError(f"preparing the input failed: {type(exc).__name__}: {exc}"))


def _apart(plans: list[FilePlan], chunk_rows: int, convert: Callable | None = None) -> Iterator[Prepared]:
    """``prepare_chunks`` run in a second process, at most two chunks ahead of the loading."""
    context = multiprocessing.get_context("spawn")  # never fork a process holding the store's threads
    queue = context.Queue(maxsize=1)
    worker = context.Process(target=_prepare_into, args=(plans, chunk_rows, convert, queue), daemon=True)
    # A spawned process re-runs the caller's main script first, unless it cannot find one; it needs nothing
    # from it (a dashboard page or a test runner would run again), so it is shown an empty one.
    caller = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        worker.start()
    finally:
        if caller is not None:
            sys.modules["__main__"] = caller
    try:
        while True:
            try:
                item = queue.get(timeout=1.0)
            except Empty:
                if not worker.is_alive():
                    raise RuntimeError(
                        f"the process preparing the input stopped (exit code {worker.exitcode})"
                    ) from None
                continue
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join(timeout=10)
        queue.close()


def _apply_plan(frame: pd.DataFrame, plan: FilePlan) -> pd.DataFrame:
    frame = frame.rename(columns=plan.renames)
    for column, value in plan.defaults.items():
        if column not in frame:
            frame[column] = value
        else:
            frame[column] = frame[column].where(frame[column].astype(str).str.strip() != "", value)
    return frame


class _QuarantineWriter:
    """Appends rejected rows (file, line, reason, the raw row) to a CSV created on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        self._handle = None
        self._writer = None

    def write(self, source: Path, raw: pd.DataFrame, reasons: pd.Series) -> None:
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", newline="", encoding="utf-8")
            self._writer = csv.writer(self._handle)
            self._writer.writerow(QUARANTINE_COLUMNS)
        columns = [c for c in raw.columns if c not in ("_line", "_error")]
        for (_, row), reason in zip(raw.iterrows(), reasons, strict=True):
            cid = row.get("consignment_id", "")
            payload = "|".join(f"{c}={row[c]}" for c in columns if str(row[c]) != "")
            self._writer.writerow([str(source), int(row["_line"]), reason, cid, payload])
            self.rows += 1

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
