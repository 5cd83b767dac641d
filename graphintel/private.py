"""Files that hold personal data: created 0600, in folders 0700, never readable by others even for a moment.

Quarantine files, the store, the batch ledger, run records and run folders carry names, addresses and
phones. Each is created with its final mode (``os.open`` with ``0o600``), not created and then narrowed.
"""

from __future__ import annotations

import os
import secrets
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


def write_private_text(path: Path, text: str) -> None:
    """Replace ``path`` atomically with ``text`` (a temporary file 0600 beside it, then a rename)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open_private(tmp, "w", exclusive=True) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def make_private(path: Path) -> None:
    """Narrow an existing file written by a library that chose its own mode (the store's files) to 0600."""
    try:
        if path.is_file() and not path.is_symlink() and path.stat().st_mode & 0o077:
            path.chmod(FILE_MODE)
    except (FileNotFoundError, PermissionError):
        pass
