"""Read consignment files (CSV, Parquet, JSON Lines) as chunks of text columns.

Every value is read as a string so validation, not the reader, decides what a
bad number or date is; each chunk carries the source line number of its rows.
"""

from __future__ import annotations

import csv
import json
import os
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
RESERVED = ("_line", "_error", "_raw")  # columns the reader adds to each chunk


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


@dataclass(frozen=True)
class SkippedFile:
    """A file inside a folder named for loading that was not read, and why. ``refused``: a link leading out of
    the folder (counted as a rejected file), not a file left out by design."""

    path: Path
    reason: str
    refused: bool = False


# Files a folder of inputs often holds beside the data, recognised by name.
_NOT_DATA = (("ground_truth", "a ground-truth file of generated data"), ("quarantine", "a quarantine file"))


def expand_paths(paths: list[Path], skipped: list[SkippedFile] | None = None) -> list[Path]:
    """Files named, and the readable files inside folders named, in a stable order.

    Inside a folder, files are left out (and added to ``skipped`` with the reason) when their type is not
    read, their name marks them as ground truth or quarantine, or they are links leading out of the
    folder (refused: a link must not make GraphIntel read a file elsewhere). Links to folders are not
    followed.
    """
    skipped = skipped if skipped is not None else []
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found, left_out = folder_files(path)
            skipped.extend(left_out)
            if not found:
                why = (
                    f" ({len(left_out)} file(s) skipped: "
                    + "; ".join(f"{s.path.name}: {s.reason}" for s in left_out[:3])
                    + ")"
                    if left_out
                    else ""
                )
                raise InputError(f"{path}: folder holds no .csv, .parquet or .jsonl file to load{why}")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def folder_files(folder: Path, recursive: bool = True) -> tuple[list[Path], list[SkippedFile]]:
    """The data files under ``folder`` (sorted) and the files left out, with their reasons."""
    root = folder.resolve()
    found: list[Path] = []
    left_out: list[SkippedFile] = []
    for path in _walk(folder, recursive):
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root):
                left_out.append(SkippedFile(path, f"a link to {target}, outside {folder}: refused", refused=True))
                continue
            if target.is_dir():
                left_out.append(SkippedFile(path, "a link to a folder: not followed"))
                continue
        if not path.is_file():
            continue
        if path.suffix.lower() not in FORMATS:
            left_out.append(SkippedFile(path, f"not a .csv, .parquet or .jsonl file ('{path.suffix}')"))
            continue
        marked = next((why for prefix, why in _NOT_DATA if path.name.lower().startswith(prefix)), None)
        if marked:
            left_out.append(SkippedFile(path, f"{marked}, by its name"))
            continue
        found.append(path)
    return sorted(found), left_out


def _walk(folder: Path, recursive: bool) -> Iterator[Path]:
    """Entries under ``folder``, sorted; links to folders are listed, not entered."""
    for root, dirs, names in os.walk(folder, followlinks=False):
        base = Path(root)
        dirs.sort()
        for name in sorted(names):
            yield base / name
        for name in dirs:
            if (base / name).is_symlink():
                yield base / name
        if not recursive:
            return


def read_header(path: Path) -> list[str]:
    """The column names of a file, read without loading it; a name given twice is refused."""
    fmt = file_format(path)
    try:
        if fmt == "csv":
            with _open_text(path) as handle:
                lines = _Lines(handle)
                header = _csv_header(csv.reader(lines, delimiter=_delimiter(path), strict=True), lines, path)
        elif fmt == "parquet":
            header = list(pq.read_schema(path).names)
        else:
            with path.open(encoding="utf-8") as handle:
                columns: dict[str, None] = {}
                first_error = ""
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    if "\x00" in line:  # binary content: a corrupt line (quarantined), or a binary file
                        first_error = first_error or f"{path}, line {number}: binary content (NUL bytes), not JSON text"
                        continue
                    try:
                        record = _json_record(line, path, number)
                    except InputError as error:
                        first_error = first_error or str(error)
                        continue  # quarantined when the rows are read
                    columns.update(dict.fromkeys(record))
                    if number >= 1000:
                        break
                if not columns and first_error:
                    raise InputError(f"{first_error}; no line among the first {number:,} is a JSON record")
                if not columns:
                    raise InputError(f"{path}: file is empty (no JSON record)")
                header = list(columns)
    except InputError:
        raise
    except Exception as exc:  # readers raise many types for an unreadable or corrupt file
        raise _read_error(path, fmt, exc) from None
    _refuse_repeated_names(path, header)
    return header


def header_warnings(path: Path) -> list[str]:
    """A CSV whose first row has more or fewer fields than its header names: said once, before loading
    (each such row is quarantined with its line)."""
    if file_format(path) != "csv":
        return []
    try:
        chunk = next(_csv_chunks(path, 1), None)
    except Exception:  # noqa: BLE001 - reading the rows reports it, with its line
        return []
    if chunk is None or "_error" not in chunk.frame or not chunk.frame["_error"].iloc[0].startswith("has "):
        return []
    line = int(chunk.frame["_line"].iloc[0])
    hint = " (is a name missing from the header, or a separator in a value?)"
    return [f"{path}, line {line}: {chunk.frame['_error'].iloc[0]}{hint}; such rows are quarantined"]


def _refuse_repeated_names(path: Path, header: list[str]) -> None:
    """One column name twice in a header: the second would silently replace the first."""
    first: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if not name:
            continue
        if name in RESERVED:
            raise InputError(f"{path}, line 1: column name '{name}' is reserved by GraphIntel; rename the column")
        if name in first:
            raise InputError(
                f"{path}, line 1: the header names column '{name}' twice (columns {first[name]} and "
                f"{position}); rename or remove one"
            )
        first[name] = position


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


def _open_text(path: Path):
    # Bytes that are not UTF-8 are kept (as surrogates) so the row holding them is quarantined, not the file.
    return path.open(newline="", encoding="utf-8-sig", errors="surrogateescape")


class _Lines:
    """The file's physical lines as the CSV reader takes them; keeps the current record's lines and notes
    text that is not UTF-8."""

    def __init__(self, handle) -> None:
        self._handle = handle
        self.current: list[str] = []
        self.not_utf8 = False

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._handle)
        self.current.append(line)
        if not line.isascii():  # O(1) in CPython; only non-ASCII lines can hold undecodable bytes
            try:
                line.encode("utf-8")
            except UnicodeEncodeError:
                self.not_utf8 = True
        return line

    def start(self) -> None:
        self.current.clear()
        self.not_utf8 = False


TRUNCATED = (
    "the file ends inside this line (no line break after it): it may be cut short, or still being copied; "
    "send the complete file again"
)


def _csv_header(reader, lines: _Lines, path: Path) -> list[str]:
    while True:
        lines.start()
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise InputError(f"{path}, line 1: the header cannot be read as CSV ({exc})") from None
        if header is None:
            raise InputError(f"{path}: file is empty (no header line)")
        if lines.not_utf8:
            raise _read_error(path, "csv", _undecodable("".join(lines.current)))
        if header and any(h.strip() for h in header):
            return [h.strip() for h in header]


def _undecodable(text: str) -> UnicodeDecodeError:
    raw = text.encode("utf-8", "surrogateescape")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc
    return UnicodeDecodeError("utf-8", raw, 0, 1, "invalid start byte")


def _undecodable_byte(text: str) -> str:
    """The first byte of ``text`` (read with surrogate escapes) that is not UTF-8, as ``0xff``; "" if none."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        bad = _undecodable(text)
        return f"0x{bad.object[bad.start]:02x}"
    return ""


def _csv_chunks(path: Path, chunk_rows: int) -> Iterator[Chunk]:
    """Rows with the physical line each starts on; a row that cannot be read as the header says (more or
    fewer fields, a broken quote, bytes that are not UTF-8, a last line cut short) carries ``_error`` and
    its text in ``_raw``, and is quarantined."""
    with _open_text(path) as handle:
        lines = _Lines(handle)
        reader = csv.reader(lines, delimiter=_delimiter(path), strict=True)
        header = _csv_header(reader, lines, path)
        width = len(header)
        names = [name or f"_unnamed_{i}" for i, name in enumerate(header)]
        rows: list[list[str]] = []
        numbers: list[int] = []
        problems: dict[int, tuple[str, str]] = {}  # row position -> (reason, raw text)
        blank = [""] * width
        end = reader.line_num
        while True:
            lines.start()
            try:
                fields = next(reader)
                problem = ""
            except StopIteration:
                break
            except csv.Error as exc:
                fields, problem = None, str(exc)
            start, end = end + 1, reader.line_num
            if fields is not None and (not fields or (len(fields) == 1 and width > 1 and not fields[0].strip())):
                continue  # a blank line
            raw = "".join(lines.current)
            if lines.not_utf8:
                problem = f"is not UTF-8 text (byte {_undecodable_byte(raw)})"
            elif problem == "unexpected end of data" or not raw.endswith(("\n", "\r")):
                problem = TRUNCATED
            elif problem:
                problem = f"cannot be read as CSV ({problem})"
            elif len(fields) != width:
                problem = f"has {len(fields)} fields, the header (line 1) has {width}"
            if problem:
                problems[len(rows)] = (problem, _printable(raw.rstrip("\r\n")))
                fields = blank
            rows.append(fields)
            numbers.append(start)
            if len(rows) >= chunk_rows:
                yield _csv_chunk(rows, names, numbers, problems, path)
                rows, numbers, problems = [], [], {}
        if rows:
            yield _csv_chunk(rows, names, numbers, problems, path)


def _csv_chunk(rows, names, numbers, problems, path: Path) -> Chunk:
    frame = pd.DataFrame(rows, columns=names, dtype=str)
    frame = frame.drop(columns=[n for n in names if n.startswith("_unnamed_")])
    if problems:
        at = list(problems)
        frame["_error"] = ""
        frame["_raw"] = ""
        frame.iloc[at, frame.columns.get_loc("_error")] = [problems[i][0] for i in at]
        frame.iloc[at, frame.columns.get_loc("_raw")] = [problems[i][1] for i in at]
    frame["_line"] = numbers
    return Chunk(frame, path)


def _printable(text: str) -> str:
    """Text as UTF-8 can hold it: bytes that were not UTF-8 written as ``\\xff``."""
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


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
    with path.open(encoding="utf-8", errors="surrogateescape") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                if not line.isascii() and _undecodable_byte(line):
                    raise InputError(f"{path}, line {number}: is not UTF-8 text (byte {_undecodable_byte(line)})")
                record = _json_record(line, path, number)
                records.append({k: _text(v) for k, v in record.items() if k not in RESERVED})
            except InputError as exc:  # one bad line is quarantined, not fatal
                records.append({"_error": str(exc).split(": ", 1)[-1], "_raw": _printable(line.rstrip("\r\n"))})
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


def count_rows(path: Path) -> int | None:
    """Rows in a file, counted cheaply for a progress bar (Parquet metadata, else lines)."""
    fmt = file_format(path)
    try:
        if fmt == "parquet":
            return pq.ParquetFile(path).metadata.num_rows
        with path.open("rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        return max(0, lines - 1) if fmt == "csv" else lines
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror or exc})") from None
