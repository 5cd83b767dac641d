"""The ingest pipeline: plan every file first, then load chunk by chunk.

Planning reads only headers, so a missing required column or a bad mapping
stops the run before anything is written. Each chunk is loaded atomically;
rows that cannot be used go to the quarantine file with their line and reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import multiprocessing
import secrets
import sys
import types
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from graphintel import schema
from graphintel.errors import InputError
from graphintel.formulas import neutralise
from graphintel.ingest.graph import build_batch, content_hashes
from graphintel.ingest.mapping import Mapping
from graphintel.ingest.plausible import Limits, hidden_character_reasons, limit_reasons
from graphintel.ingest.readers import (
    CHUNK_ROWS,
    SkippedFile,
    expand_paths,
    header_warnings,
    read_chunks,
    read_header,
)
from graphintel.ingest.validate import duplicate_reasons, validate
from graphintel.private import open_private, private_dir
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
    skipped: list[SkippedFile] = field(default_factory=list)  # files of the folders named that were not read

    @property
    def refused(self) -> list[SkippedFile]:
        """Skipped files that count as rejected (a link leaving its folder), not as deliberately left out."""
        return [s for s in self.skipped if s.refused]

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


def plan_files(
    paths: list[Path], mapping: Mapping | None = None, skipped: list[SkippedFile] | None = None
) -> list[FilePlan]:
    """Check every file's header against the mapping and the required columns.

    Files of the folders named that are not read (by name, type or a link leaving the folder) are
    added to ``skipped`` when a list is given.
    """
    mapping = mapping or Mapping()
    plans = []
    for path in expand_paths(paths, skipped):
        header = read_header(path)
        renames = mapping.rename(header)
        folded = _canonical_spellings(header, renames)  # CONSIGNMENT_ID, as an Oracle export writes it
        renames = {**renames, **folded}
        _refuse_renamed_twice(path, header, renames)
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
        warnings += header_warnings(path)
        if folded:
            read_as = ", ".join(f"{source} as {target}" for source, target in folded.items())
            warnings.append(f"{path}: columns read as the canonical columns they spell in another case: {read_as}")
        if "fraud" in mapped and "inspected" not in mapped and "inspected" not in mapping.defaults:
            warnings.append(
                f"{path}: has fraud outcomes but no inspected column; an outcome counts only where inspected is 1, "
                'so none will be learnt from: if every row was inspected, add inspected = "1" under [defaults] '
                "in a mapping (--mapping)"
            )
        extras = [h for h in header if renames.get(h, h) not in schema.COLUMN_BY_NAME and h]
        defaults = {k: v for k, v in mapping.defaults.items()}
        plans.append(FilePlan(path, renames, defaults, extras, warnings))
    return plans


def _canonical_spellings(header: list[str], renames: dict[str, str]) -> dict[str, str]:
    """Headers that spell a canonical column in other case or with spaces ("CONSIGNMENT_ID", "Declared Value"),
    where the file has no column of that exact name and the mapping does not rename onto it."""
    taken = set(header) | set(renames.values())
    out: dict[str, str] = {}
    for name in header:
        if name in renames or name in schema.COLUMN_BY_NAME:
            continue
        canonical = "_".join(name.strip().lower().split())
        if canonical in schema.COLUMN_BY_NAME and canonical not in taken:
            out[name] = canonical
            taken.add(canonical)
    return out


def _refuse_renamed_twice(path: Path, header: list[str], renames: dict[str, str]) -> None:
    """A mapping that renames a column onto one the file already has: one would silently replace the other."""
    for source, target in renames.items():
        if target in header and target != source:
            mapping_note = f'the mapping renames "{source}" to "{target}"'
            raise InputError(f"{path}, line 1: the file has both '{source}' and '{target}', and {mapping_note}; "
                             f"remove one of the columns or the mapping's line")  # fmt: skip


@dataclass
class Prepared:
    """One chunk made ready to load: its batch, and its rejected rows with their reasons."""

    plan_index: int
    rows: int
    rejected: pd.DataFrame | None
    reasons: pd.Series | None
    batch: GraphBatch | None


class KnownVersions:
    """The content digest, file and line of each consignment held, to tell a resent row from a changed one.

    Consignments loaded earlier in this ingest are remembered here; those already in the store come from
    ``lookup`` (the store's ``consignment_versions``) or, when preparing in a second process, from a
    ``snapshot`` of them taken before it started.
    """

    def __init__(self, lookup: Callable[[list[str]], pd.DataFrame] | None = None, snapshot: pa.Table | None = None):
        self.lookup = lookup
        self.snapshot = snapshot
        self.loaded: dict[str, tuple[str, str, int]] = {}  # key -> (digest, file, line) loaded by this ingest

    def conflicts(self, keys: pd.Series, digests: pd.Series) -> pd.Series:
        """A reason for each row whose id is held with other content ("" when new or identical)."""
        reasons = pd.Series("", index=keys.index, dtype=object)
        if keys.empty:
            return reasons
        held = self._held(keys)
        for position, key in enumerate(keys.tolist()):
            version = held.get(key)
            if version is None or version[0] is None or version[0] == digests.iloc[position]:
                continue
            reasons.iloc[position] = (
                f"conflict: consignment_id '{key}' was loaded before from {version[1]}, line {version[2]}, "
                f"with different content; that version is kept and this one quarantined"
            )
        return reasons

    def _held(self, keys: pd.Series) -> dict[str, tuple]:
        held: dict[str, tuple] = {k: self.loaded[k] for k in keys.tolist() if k in self.loaded}
        rest = [k for k in keys.tolist() if k not in held]
        if not rest:
            return held
        if self.snapshot is not None and self.snapshot.num_rows:
            wanted = pa.array(rest, type=pa.string())
            at = pc.index_in(wanted, value_set=self.snapshot["key"]).to_numpy(zero_copy_only=False)
            found = ~pd.isna(at)
            if found.any():
                rows = self.snapshot.take(pa.array(at[found].astype("int64")))
                for key, digest, file, line in zip(
                    rows["key"].to_pylist(), rows["content_hash"].to_pylist(), rows["source_file"].to_pylist(),
                    rows["source_line"].to_pylist(), strict=True,
                ):  # fmt: skip
                    held[key] = (digest, file, line)
        elif self.lookup is not None:
            frame = self.lookup(rest)
            for key, digest, file, line in zip(
                frame["key"], frame["content_hash"], frame["source_file"], frame["source_line"], strict=True
            ):
                held[str(key)] = (digest if isinstance(digest, str) else None, str(file), _line_number(line))
        return held

    def remember(self, keys: pd.Series, digests: pd.Series, file: str, lines: pd.Series) -> None:
        for key, digest, line in zip(keys.tolist(), digests.tolist(), lines.tolist(), strict=True):
            self.loaded.setdefault(key, (digest, file, int(line)))


def _line_number(value) -> int | str:
    try:
        return int(value)
    except (TypeError, ValueError):
        return "?"


def prepare_chunks(
    plans: list[FilePlan],
    chunk_rows: int,
    convert: Callable | None = None,
    versions: KnownVersions | None = None,
    limits: Limits | None = None,
) -> Iterator[Prepared]:
    """Read, validate and normalise every planned file, chunk by chunk, in order.

    ``convert`` (a store's ``prepare_batch``) turns each batch into the form the store loads;
    ``versions`` tells which consignment ids are held already, and with which content.
    """
    versions = versions or KnownVersions()
    limits = limits or Limits()
    for index, plan in enumerate(plans):
        seen: dict[str, int] = {}
        for chunk in read_chunks(plan.path, chunk_rows):
            frame = _apply_plan(chunk.frame, plan)
            typed, reasons = validate(frame)
            for more in (hidden_character_reasons(frame), limit_reasons(frame, typed, limits)):
                reasons = reasons.where(reasons != "", more)
            ok = reasons == ""
            dup = duplicate_reasons(typed["consignment_id"][ok], typed["_line"][ok], seen)
            reasons.loc[dup.index] = dup.to_numpy()
            ok = reasons == ""
            keys = typed["consignment_id"][ok].astype(str).str.strip()
            digests = content_hashes(typed[ok], plan.extra_columns)
            conflicts = versions.conflicts(keys, digests)
            reasons.loc[conflicts.index] = conflicts.to_numpy()
            bad = reasons != ""
            good = typed[~bad].assign(_content_hash=digests[~bad[ok]])
            versions.remember(keys[~bad[ok]], digests[~bad[ok]], str(plan.path), good["_line"])
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
    limits: Limits | None = None,
    skipped: list[SkippedFile] | None = None,
) -> IngestReport:
    """Load planned files into the store; quarantined rows go to a CSV of this ingest's own under
    ``quarantine_dir`` (a new name each time, so no ingest overwrites another's).

    ``limits`` bounds amounts and dates (default: ``Limits()``); ``skipped`` (from ``plan_files``) is
    carried into the report. A consignment id already held with other content is quarantined as a conflict.

    Reading, validating and normalising (Python, bound to one core) run in a second process while
    this one loads, when ``prepare_apart`` is true; by default when the input is over
    ``APART_BYTES`` and the store loads in this process (the embedded store). A store that loads
    over the network (Neo4j) instead loads each chunk in a background thread.
    """
    report = IngestReport(warnings=[w for p in plans for w in p.warnings], skipped=list(skipped or []))
    writer = _QuarantineWriter(quarantine_dir)
    limits = limits or Limits()
    # A store that loads over the network (Neo4j) loads one chunk in a background thread while the next
    # is read, validated and normalised here; at most one load is in flight, and it is always waited for.
    background = store.background_load
    chunk_rows = min(chunk_rows, store.ingest_chunk_rows)
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

    convert = store.prepare_batch
    lookup = store.consignment_versions
    if prepare_apart:
        snapshot = _versions_table(lookup(None))
        chunks = _apart(plans, chunk_rows, convert, KnownVersions(snapshot=snapshot), limits)
    else:
        chunks = prepare_chunks(plans, chunk_rows, versions=KnownVersions(lookup=lookup), limits=limits)
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
    report.quarantine_path = writer.path if writer.rows else None
    return report


def _versions_table(frame: pd.DataFrame) -> pa.Table:
    return pa.table(
        {
            "key": pa.array(frame["key"].astype(str).tolist(), type=pa.string()),
            "content_hash": pa.array(frame["content_hash"].astype(str).tolist(), type=pa.string()),
            "source_file": pa.array(frame["source_file"].fillna("?").astype(str).tolist(), type=pa.string()),
            "source_line": pa.array([_line_number(v) if _line_number(v) != "?" else None for v in frame["source_line"]],
                                    type=pa.int64()),
        }
    )  # fmt: skip


def _converted(batch: GraphBatch, convert: Callable | None) -> GraphBatch:
    return convert(batch) if convert else batch


APART_BYTES = 50 * 1024 * 1024  # inputs above this are prepared in a second process


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _prepare_into(plans: list[FilePlan], chunk_rows: int, convert: Callable | None, versions, limits, queue) -> None:
    """The preparing process: every chunk into ``queue``, then ``None`` (or the error that stopped it)."""
    try:
        for prepared in prepare_chunks(plans, chunk_rows, convert, versions, limits):
            queue.put(prepared)
            del prepared  # the queue's pickled copy is all that is needed from here
        queue.put(None)
    except InputError as exc:
        queue.put(exc)
    except BaseException as exc:  # noqa: BLE001 - handed to the loading process, which reports it
        queue.put(RuntimeError(f"preparing the input failed: {type(exc).__name__}: {exc}"))


def _apart(
    plans: list[FilePlan],
    chunk_rows: int,
    convert: Callable | None = None,
    versions: KnownVersions | None = None,
    limits: Limits | None = None,
) -> Iterator[Prepared]:
    """``prepare_chunks`` run in a second process, at most two chunks ahead of the loading."""
    context = multiprocessing.get_context("spawn")  # never fork a process holding the store's threads
    queue = context.Queue(maxsize=1)
    worker = context.Process(
        target=_prepare_into, args=(plans, chunk_rows, convert, versions, limits, queue), daemon=True
    )
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
    """Appends rejected rows (file, line, reason, the raw row) to a CSV of its own, created 0600 on first use;
    text a spreadsheet would run as a formula gets a leading ``'`` (``graphintel.formulas``).

    The name (``quarantine-<time>-<random>.csv``) is new for every ingest and the file is created
    exclusively, so two ingests at the same second, or sharing a home, never write into one file.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path: Path | None = None
        self.rows = 0
        self._handle: Any = None  # the open quarantine file, once a row is rejected
        self._writer: Any = None

    def write(self, source: Path, raw: pd.DataFrame, reasons: pd.Series) -> None:
        if self._writer is None:
            self._open()
        columns = [c for c in raw.columns if c not in ("_line", "_error", "_raw")]
        has_raw = "_raw" in raw
        for (_, row), reason in zip(raw.iterrows(), reasons, strict=True):
            cid = row.get("consignment_id", "")
            payload = row["_raw"] if has_raw and row["_raw"] else ""
            if not payload:
                payload = "|".join(f"{c}={row[c]}" for c in columns if str(row[c]) != "")
            # An analyst opens this file in a spreadsheet: a trader's "=HYPERLINK(...)" must stay text there.
            cells = (reason, cid, payload)
            self._writer.writerow([str(source), int(row["_line"]), *(neutralise(c) for c in cells)])
            self.rows += 1
        self._handle.flush()

    def _open(self) -> None:
        private_dir(self.folder)
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        while True:
            self.path = self.folder / f"quarantine-{stamp}-{secrets.token_hex(3)}.csv"
            try:
                self._handle = open_private(self.path, "a", exclusive=True, newline="")
                break
            except FileExistsError:
                continue
        self._writer = csv.writer(self._handle)
        self._writer.writerow(QUARANTINE_COLUMNS)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
