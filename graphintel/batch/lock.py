"""One run at a time: an exclusive lock on ``HOME/run.lock``, released by the operating system if the process dies."""

from __future__ import annotations

import fcntl
import os
import socket
from pathlib import Path

from graphintel.batch.log import now
from graphintel.errors import GraphIntelError
from graphintel.private import private_dir


class RunLockedError(GraphIntelError):
    """Another batch run holds this installation's lock."""

    exit_code = 4


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
