"""The catalogue of named queries the query workbench offers, and the typing of the parameters typed into it.

A query's description, parameters and purpose are the comment lines of its ``queries/NAME.cypher``::

    // What the query finds.
    // params: from_key, to_key
    // group: investigation

The groups (``GROUPS``) sort the workbench's list by purpose; ``internal`` queries (the pipeline's plumbing:
projections, indexes, writes) are not offered there.
"""

from __future__ import annotations

from graphintel.errors import InputError
from graphintel.store.base import QUERIES_DIR

INT_PARAMS = {"limit", "min_sharers", "max_sharers", "min_parcels"}
FLOAT_PARAMS = {"threshold", "band"}
LIST_PARAMS = {"keys", "lead_ids", "party_keys", "identifier_keys"}
DEFAULTS = {
    "limit": "50",
    "min_sharers": "2",
    "max_sharers": "50",
    "min_parcels": "5",
    "threshold": "150",
    "band": "0.1",
}


GROUPS = {
    "investigation": "patterns across the data",
    "lead": "leads and runs",
    "entity": "parties and identifiers",
    "internal": "the pipeline's own reads and writes",
}


def query_catalogue() -> dict[str, dict]:
    """Named queries: description, parameters and group, read from the comment lines of ``queries/*.cypher``
    (a query without a ``group:`` line is internal)."""
    out = {}
    for path in sorted(QUERIES_DIR.glob("*.cypher")):
        if path.name.count(".") != 1:
            continue  # a dialect's variant
        lines = path.read_text(encoding="utf-8").splitlines()
        comments = [line[2:].strip() for line in lines if line.startswith("//")]
        description = " ".join(c for c in comments if not c.startswith(("params:", "group:")))
        group = next((c.split(":", 1)[1].strip() for c in comments if c.startswith("group:")), "internal")
        out[path.stem] = {"description": description, "params": _params(comments), "group": group}
    return out


def _params(comments: list[str]) -> list[str]:
    """The parameter names of ``params:`` comment lines (``none`` when there is none)."""
    params = []
    for line in comments:
        if line.startswith("params:"):
            spec = line.split(":", 1)[1]
            for part in spec.split(","):
                name = part.strip().split(" ")[0]
                if name and name != "none":
                    params.append(name)
    return params


def parse_param(name: str, text: str):
    """The typed value of a workbench parameter; ``InputError`` names the parameter when it is malformed."""
    text = text.strip()
    if name in LIST_PARAMS:
        return [v.strip() for v in text.split(",") if v.strip()]
    try:
        if name in INT_PARAMS:
            return int(text)
        if name in FLOAT_PARAMS:
            return float(text)
    except ValueError:
        kind = "a whole number" if name in INT_PARAMS else "a number"
        raise InputError(f"parameter '{name}' must be {kind}, not '{text}'") from None
    return text
