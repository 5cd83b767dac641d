"""Which inbox files are ready to load: data files by type, complete (a ``.done`` marker or settled), not links out.

The file types are the readers' (``graphintel.ingest.readers.FORMATS``): whatever ``graphintel ingest`` reads,
the inbox loads.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from graphintel.errors import InputError
from graphintel.ingest.readers import FORMATS

INBOX_SUFFIXES = tuple(FORMATS)
SETTLE_SECONDS = 60
DONE_SUFFIX = ".done"  # "day.csv.done" beside "day.csv": the sender says the file is complete
COPYING_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".filepart", ".crdownload", ".download", ".inprogress")


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


def stamp(path: Path) -> tuple[int, int, int]:
    """Size, modification and status-change times: a file written to while it is read changes its stamp."""
    info = path.stat()
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns
