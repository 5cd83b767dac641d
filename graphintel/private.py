"""Files that hold personal data or secrets: created 0600 (folders 0700), never readable by others first.

A file made with ``open(path, "w")`` and then ``chmod``-ed is readable by every
user of the machine in between (and stays so if the process dies there). These
helpers create files with their final mode in the ``open`` call itself.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Make ``path`` (and missing parents) as folders only the owner can enter; a folder that already
    exists keeps its mode, except that others lose access to the last one when it is a folder we own."""
    path = Path(path)
    if not path.exists():
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask
    return path


def tighten(path: Path, mode: int = FILE_MODE) -> None:
    """Take group and other permissions away from an existing file or folder (when it is ours)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(path, stat.S_IMODE(info.st_mode) & mode)


def open_append(path: Path):
    """Open a private file for appending text (created 0600; an older, wider file is tightened)."""
    path = Path(path)
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
    if stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:
        os.fchmod(fd, FILE_MODE)
    return os.fdopen(fd, "a", encoding="utf-8")


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` atomically: a 0600 temporary file beside it, then a rename."""
    path = Path(path)
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def create_secret(path: Path, data: str) -> bool:
    """Create ``path`` holding ``data``, 0600 from the start; False when it exists already.

    The data goes into a temporary file made with ``O_CREAT | O_EXCL`` and mode 0600, which is then
    hard-linked to ``path``: the link fails if another process created ``path`` first, and nobody ever
    sees ``path`` empty or half written.
    """
    path = Path(path)
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
    return True
