"""Saved views of the link chart: the chart's state (network, positions, hidden and pinned nodes) under a
name, per lead, reopened as it was.

They are kept in the store's home as one private file (``views.json``, 0600): a view holds names and
addresses. The case notebook lists a lead's views with ``list_views`` and reopens one with ``load_view``.

>>> import tempfile
>>> uri = tempfile.mkdtemp() + "/graph.lbug"
>>> state = {"network": '{"nodes": {}}', "positions": {"a": [1.0, 2.0]}, "hidden": [], "pinned": ["a"]}
>>> save_view(uri, "L1", "ring ", state, "ada")["name"]
'ring'
>>> [v["name"] for v in list_views(uri, "L1")], list_views(uri, "L2")
(['ring'], [])
>>> load_view(uri, "L1", "ring")["pinned"]
['a']
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

from graphintel import config
from graphintel.private import private_dir, write_atomic

FILE = "views.json"
MAX_NAME = 80
_lock = threading.Lock()


def _path(uri: str) -> Path:
    return config.home_for(uri) / FILE


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_view(uri: str, lead_id: str, name: str, state: dict, user: str) -> dict:
    """Save ``state`` (``network``, ``positions``, ``hidden``, ``pinned``) as the view ``name`` of
    ``lead_id``, by ``user``; a view of that name is replaced. Returns the view's entry (without the state)."""
    name = " ".join(str(name).split())[:MAX_NAME]
    if not name:
        raise ValueError("a view needs a name")
    entry = {
        "name": name,
        "user": str(user),
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "state": {
            "network": str(state["network"]),
            "positions": {str(k): [float(p[0]), float(p[1])] for k, p in (state.get("positions") or {}).items()},
            "hidden": [str(k) for k in state.get("hidden") or []],
            "pinned": [str(k) for k in state.get("pinned") or []],
        },
    }
    path = _path(uri)
    with _lock:
        private_dir(path.parent, tighten=False)
        data = _read(path)
        kept = [v for v in data.get(lead_id, []) if v.get("name") != name]
        data[lead_id] = [*kept, entry]
        write_atomic(path, json.dumps(data, ensure_ascii=False))
    return {k: v for k, v in entry.items() if k != "state"}


def list_views(uri: str, lead_id: str) -> list[dict]:
    """The saved views of ``lead_id``, oldest first: name, user, saved_at."""
    return [{k: v.get(k) for k in ("name", "user", "saved_at")} for v in _read(_path(uri)).get(lead_id, [])]


def load_view(uri: str, lead_id: str, name: str) -> dict | None:
    """The state saved as ``name`` for ``lead_id`` (``network``, ``positions``, ``hidden``, ``pinned``), or
    None."""
    for v in _read(_path(uri)).get(lead_id, []):
        if v.get("name") == name:
            return v.get("state")
    return None
