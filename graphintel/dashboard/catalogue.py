"""The catalogue of named queries the query workbench offers, and the typing of the parameters typed into it.

A query's description and parameters are the comment lines of its ``queries/NAME.cypher``::

    // What the query finds.
    // params: from_key, to_key
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


def query_catalogue() -> dict[str, dict]:
    """Named queries: description and parameters, read from the comment lines of ``queries/*.cypher``."""
    out = {}
    for path in sorted(QUERIES_DIR.glob("*.cypher")):
        if path.name.count(".") != 1:
            continue  # a dialect's variant
        lines = path.read_text(encoding="utf-8").splitlines()
        comments = [line[2:].strip() for line in lines if line.startswith("//")]
        description = " ".join(c for c in comments if not c.startswith("params:"))
        out[path.stem] = {"description": description, "params": _params(comments)}
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
