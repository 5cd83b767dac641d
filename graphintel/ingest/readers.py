"""Read consignment files (CSV, Parquet, JSON Lines) as chunks of text columns.

Every value is read as a string so validation, not the reader, decides what a
bad number or date is; each chunk carries the source line number of its rows.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from graphintel.errors import InputError

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
CHUNK_ROWS = 200_000


@dataclass
class Chunk:
    """Rows of one file: text columns plus ``_line`` (line number in the file, or row number)."""

    frame: pd.DataFrame
    path: Path


def file_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: unknown file type '{path.suffix}'; GraphIntel reads .csv, .parquet and .jsonl files")
    return fmt


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files named, and the readable files inside folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS)
            found = [p for p in found if not p.name.startswith(("ground_truth", "quarantine"))]
            if not found:
                raise InputError(f"{path}: folder holds no .csv, .parquet or .jsonl file")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def read_header(path: Path) -> list[str]:
    """The column names of a file, read without loading it."""
    fmt = file_format(path)
    try:
        if fmt == "csv":
            with path.open(newline="", encoding="utf-8-sig") as handle:
                header = next(csv.reader(handle, delimiter=_delimiter(path)), None)
            if not header:
                raise InputError(f"{path}: file is empty (no header line)")
            return [h.strip() for h in header]
        if fmt == "parquet":
            return list(pq.read_schema(path).names)
        with path.open(encoding="utf-8") as handle:
            columns: dict[str, None] = {}
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = _json_record(line, path, number)
                except InputError:
                    continue  # quarantined when the rows are read
                columns.update(dict.fromkeys(record))
                if number >= 1000:
                    break
            if not columns:
                raise InputError(f"{path}: file is empty (no JSON record)")
            return list(columns)
    except InputError:
        raise
    except Exception as exc:  # readers raise many types for an unreadable or corrupt file
        raise _read_error(path, fmt, exc) from None


def read_chunks(path: Path, chunk_rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
    """Yield the file's rows in chunks of strings ("" for missing values)."""
    fmt = file_format(path)
    try:
        if fmt == "csv":
            yield from _csv_chunks(path, chunk_rows)
        elif fmt == "parquet":
            yield from _parquet_chunks(path, chunk_rows)
        else:
            yield from _jsonl_chunks(path, chunk_rows)
    except InputError:
        raise
    except Exception as exc:  # readers raise many types for an unreadable or corrupt file
        raise _read_error(path, fmt, exc) from None


def _read_error(path: Path, fmt: str, exc: Exception) -> InputError:
    """One clear message for a file that cannot be read."""
    if isinstance(exc, UnicodeDecodeError):
        return InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})")
    if isinstance(exc, OSError):
        return InputError(f"{path}: cannot read file ({exc.strerror or exc})")
    return InputError(f"{path}: cannot read as {fmt}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")


def _delimiter(path: Path) -> str:
    return "\t" if path.suffix.lower() == ".tsv" else ","


def _csv_chunks(path: Path, chunk_rows: int) -> Iterator[Chunk]:
    reader = pd.read_csv(
        path,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        chunksize=chunk_rows,
        sep=_delimiter(path),
        encoding="utf-8-sig",
        skipinitialspace=False,
    )
    start = 2  # line 1 is the header
    for frame in reader:
        frame.columns = [str(c).strip() for c in frame.columns]
        frame["_line"] = range(start, start + len(frame))
        start += len(frame)
        yield Chunk(frame, path)
        del frame  # not held while the next chunk is read


def _parquet_chunks(path: Path, chunk_rows: int) -> Iterator[Chunk]:
    parquet = pq.ParquetFile(path)
    start = 1
    for batch in parquet.iter_batches(batch_size=chunk_rows):
        frame = batch.to_pandas()
        frame = frame.astype(object).where(frame.notna(), "")
        frame = frame.map(_text)
        frame["_line"] = range(start, start + len(frame))
        start += len(frame)
        yield Chunk(frame, path)
        del frame  # not held while the next chunk is read


def _jsonl_chunks(path: Path, chunk_rows: int) -> Iterator[Chunk]:
    records: list[dict] = []
    lines: list[int] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = _json_record(line, path, number)
                records.append({k: _text(v) for k, v in record.items()})
            except InputError as exc:  # one bad line is quarantined, not fatal
                records.append({"_error": str(exc).split(": ", 1)[-1]})
            lines.append(number)
            if len(records) >= chunk_rows:
                yield _json_chunk(records, lines, path)
                records, lines = [], []
    if records:
        yield _json_chunk(records, lines, path)


def _json_chunk(records: list[dict], lines: list[int], path: Path) -> Chunk:
    frame = pd.DataFrame.from_records(records).fillna("")
    frame["_line"] = lines
    return Chunk(frame, path)


def _json_record(line: str, path: Path, number: int) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}, line {number}: not valid JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise InputError(f"{path}, line {number}: a JSON Lines record must be an object")
    return record


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return repr(value) if not value.is_integer() else str(int(value)) if abs(value) < 1e15 else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if type(value).__name__ == "date" else value.isoformat()
    return str(value)
