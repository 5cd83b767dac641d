"""Validate and type canonical columns; rows that cannot be used get a reason.

Validation is vectorised: each check marks the rows it rejects and the first
failing check's reason is the one reported.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pycountry

from graphintel.ingest.plausible import parse_dates
from graphintel.reference import UNKNOWN_COUNTRY_CODES
from graphintel.schema import COLUMNS, NON_NEGATIVE_COLUMNS

_TRUE = {"1", "true", "yes", "y", "t"}
_FALSE = {"0", "false", "no", "n", "f"}


@functools.lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """ISO 3166 alpha-2 code for a code or name; "" for a code meaning unknown, ``None`` when it is no country.

    >>> country_code("gbr"), country_code("GB"), country_code("Germany"), country_code("ZZ"), country_code("Narnia")
    ('GB', 'GB', 'DE', '', None)
    """
    text = value.strip()
    if text.upper() in UNKNOWN_COUNTRY_CODES:
        return ""
    if len(text) == 2 and text.upper() in {"UK", "EL"}:  # common non-ISO aliases
        return {"UK": "GB", "EL": "GR"}[text.upper()]
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


# What spreadsheets and statistics tools write for a missing number or outcome: read as empty, not as bad.
NOT_AVAILABLE = frozenset({"NA", "N/A", "NAN", "NULL", "NONE", "#N/A", "-"})


def validate(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Type the canonical columns of ``frame`` (all text) and give each bad row a reason.

    Returns ``(typed, reasons)``: ``typed`` has dates as datetime64, numbers as
    float and countries as alpha-2 codes; ``reasons`` is "" for good rows. A
    country that is unknown (``ZZ``, ``XX``, ``UNK``, a name that is no country)
    never rejects a row: it loads empty, and ``typed["_quality"]`` says so.
    """
    typed = frame.copy()
    reasons = pd.Series("", index=frame.index, dtype=object)

    quality = pd.Series("", index=frame.index, dtype=object)

    def note(mask: pd.Series, messages: pd.Series) -> None:
        """A data-quality flag: the row is kept, the note says what was unusable in it."""
        if mask.any():
            quality.loc[mask] = (quality[mask] + "; " + messages[mask]).str.removeprefix("; ")

    def reject(mask: pd.Series, messages: pd.Series | str) -> None:
        fresh = mask & (reasons == "")
        if fresh.any():
            reasons.loc[fresh] = messages if isinstance(messages, str) else messages[fresh]

    if "_error" in typed:
        reject(typed["_error"].astype(str) != "", typed["_error"].astype(str))

    for column in COLUMNS:
        name = column.name
        if name not in typed:
            continue
        values = typed[name].astype(str).str.strip()
        empty = values == ""
        if column.type in ("float", "int", "flag"):  # "NA" written by R, "NaN" by pandas, "#N/A" by Excel
            empty |= values.str.upper().isin(NOT_AVAILABLE)
        if column.required:
            reject(empty, f"{name} is empty")
        if column.type == "date":
            parsed = parse_dates(values.where(~empty))  # mixed offsets made pandas' ISO8601 parser raise
            bad = ~empty & parsed.isna()
            reject(bad, "declaration_date " + _quoted(values) + " is not an ISO date (YYYY-MM-DD)")
            typed[name] = parsed.dt.tz_localize(None) if parsed.dt.tz is not None else parsed
        elif column.type in ("float", "int"):
            parsed = pd.to_numeric(values.where(~empty), errors="coerce")
            bad = ~empty & (parsed.isna() | ~np.isfinite(parsed.fillna(0)))
            reject(bad, f"{name} " + _quoted(values) + " is not a number")
            if name in NON_NEGATIVE_COLUMNS:
                reject(parsed < 0, f"{name} " + values + " is negative")
            typed[name] = parsed.astype(float)
        elif column.type == "flag":
            lowered = values.str.lower()
            bad = ~empty & ~lowered.isin(_TRUE | _FALSE)
            reject(bad, f"{name} " + _quoted(values) + " is not 0 or 1")
            typed[name] = lowered.map(lambda v: 1 if v in _TRUE else 0 if v in _FALSE else None)
        elif column.type == "country":
            codes = values.map(country_code)
            unknown = ~empty & (codes.fillna("") == "")  # ZZ, XX, UNK or no country: kept, marked unknown
            note(unknown, f"{name} " + _quoted(values) + " unknown")
            typed[name] = codes.fillna("")
        else:
            typed[name] = values
    typed["_quality"] = quality
    return typed, reasons


def duplicate_reasons(ids: pd.Series, lines: pd.Series, seen: dict[str, int]) -> pd.Series:
    """Reasons for consignment ids already seen earlier in the same file.

    ``seen`` maps id -> first line and is updated with the new ids.
    """
    reasons = pd.Series("", index=ids.index, dtype=object)
    first_in_chunk = ~ids.duplicated(keep="first")
    earlier = ids.map(seen)
    within = ~first_in_chunk
    if within.any():
        firsts = pd.Series(lines.values, index=ids.values)
        firsts = firsts[~firsts.index.duplicated(keep="first")]
        earlier = earlier.where(earlier.notna(), ids.map(firsts).where(within))
    dup = earlier.notna() & (ids != "")
    reasons[dup] = (
        "duplicate consignment_id '" + ids[dup] + "' (first on line " + earlier[dup].astype(int).astype(str) + ")"
    )
    for cid, line in zip(ids[~dup], lines[~dup], strict=True):
        if cid:
            seen.setdefault(cid, int(line))
    return reasons


def _quoted(values: pd.Series) -> pd.Series:
    return "'" + values.str.slice(0, 40) + "'"
