"""Files that hold personal data or secrets: created 0600 (folders 0700), never readable by others first.

Quarantine files, the store, the batch ledger, run records, run folders, exports, the export log, the
users file and the masking key carry names, addresses, phones or secrets. A file made with
``open(path, "w")`` and then ``chmod``-ed is readable by every user of the machine in between (and stays
so if the process dies there); these helpers create each file with its final mode in the ``open`` call.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path
from typing import IO

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path, tighten: bool = True) -> Path:
    """``path`` and any missing parents created 0700; an existing ``path`` narrowed to 0700 when ``tighten``.

    Folders that already existed above ``path`` (a home the operator chose) keep their mode.
    """
    path = Path(path)
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            pass  # made by another process meanwhile
    if tighten and not missing and path.is_dir() and not path.is_symlink():
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(DIR_MODE)
        except PermissionError:
            pass  # not ours to change; the files inside are still 0600
    return path


def open_private(path: Path, mode: str = "a", exclusive: bool = False, **kwargs) -> IO:
    """Open ``path`` for writing (``"a"`` append, ``"w"`` truncate), created 0600; ``exclusive``: fail if it exists."""
    flags = os.O_WRONLY | os.O_CREAT
    flags |= os.O_APPEND if "a" in mode else os.O_TRUNC
    if exclusive:
        flags |= os.O_EXCL
    fd = os.open(path, flags, FILE_MODE)
    binary = "b" in mode
    try:
        if binary:
            return os.fdopen(fd, "ab" if "a" in mode else "wb", **kwargs)
        return os.fdopen(fd, "a" if "a" in mode else "w", **{"encoding": "utf-8", **kwargs})
    except BaseException:
        os.close(fd)
        raise


def open_append(path: Path) -> IO:
    """Open a private file for appending text in a private folder (an older, wider file is tightened)."""
    path = Path(path)
    private_dir(path.parent, tighten=False)
    handle = open_private(path, "a")
    if stat.S_IMODE(os.fstat(handle.fileno()).st_mode) & 0o077:
        os.fchmod(handle.fileno(), FILE_MODE)
    return handle


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` atomically: a 0600 temporary file beside it, then a rename."""
    path = Path(path)
    private_dir(path.parent, tighten=False)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open_private(tmp, "wb", exclusive=True) as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


write_private_text = write_atomic  # the name the ingest and batch modules use


def make_private(path: Path) -> None:
    """Narrow an existing file written by a library that chose its own mode (the store's files) to 0600."""
    try:
        if path.is_file() and not path.is_symlink() and path.stat().st_mode & 0o077:
            path.chmod(FILE_MODE)
    except (FileNotFoundError, PermissionError):
        pass


def create_secret(path: Path, data: str) -> bool:
    """Create ``path`` holding ``data``, 0600 from the start; False when it exists already.

    The data goes into a temporary file made with ``O_CREAT | O_EXCL`` and mode 0600, which is then
    hard-linked to ``path``: the link fails if another process created ``path`` first, and nobody ever
    sees ``path`` empty or half written.
    """
    path = Path(path)
    private_dir(path.parent, tighten=False)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open_private(tmp, "w", exclusive=True) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
    return True
