"""The batch log: events as human text or JSON lines on stderr, and the timestamps they carry."""

from __future__ import annotations

import datetime as dt
import json
import sys


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


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
