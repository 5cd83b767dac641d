"""Plausibility checks on rows that parsed: amounts, weights and dates within bounds, ids without hidden characters.

A value can be a valid number or date and still be impossible: a declared value of 1e308, a parcel
declared in 9999 (which a store holding nanoseconds reads back as 1816). Such rows are quarantined
with the column, the value and the bound in the reason.

The bounds are set in ``HOME/settings.toml``::

    [ingest]
    max_declared_value = 1e11              # in the declared currency
    max_revenue_recovered = 1e11
    max_quantity = 1e7
    max_gross_weight_kg = 1e6
    earliest_declaration_date = 1990-01-01
    latest_declaration_days_ahead = 366    # after today
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from graphintel.errors import InputError

DEFAULT_MAXIMUM = {
    "declared_value": 1e11,
    "revenue_recovered": 1e11,
    "quantity": 1e7,
    "gross_weight_kg": 1e6,
}
DEFAULT_EARLIEST = dt.date(1990, 1, 1)
DEFAULT_DAYS_AHEAD = 366
SETTINGS_SECTION = "ingest"

# Columns that identify something: a hidden character in one makes a different id that looks the same.
ID_COLUMNS = ("consignment_id", "transport_doc", "seller_id", "buyer_id", "declarant_id", "carrier_id")
# C0 and C1 control characters (NUL, tab, line breaks...), zero-width and direction marks, the BOM.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


@dataclass(frozen=True)
class Limits:
    """The plausible range of amounts, weights and declaration dates.

    ``maximum`` maps a numeric column to its largest plausible value (negative values are refused by
    validation); declaration dates must fall from ``earliest_date`` to ``days_ahead`` days after today.
    """

    maximum: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_MAXIMUM))
    earliest_date: dt.date = DEFAULT_EARLIEST
    days_ahead: int = DEFAULT_DAYS_AHEAD
    today: dt.date | None = None  # None: the day of the check
    source: str = "defaults"  # where the bounds were set, for the reasons

    @property
    def latest_date(self) -> dt.date:
        return (self.today or dt.date.today()) + dt.timedelta(days=self.days_ahead)


def limits_from_settings(settings: dict, path: Path | str = "settings.toml") -> Limits:
    """``Limits`` from the ``[ingest]`` table of a settings file (absent keys keep their defaults)."""
    table = settings.get(SETTINGS_SECTION, {})
    if not isinstance(table, dict):
        raise InputError(f"{path}: [{SETTINGS_SECTION}] must be a table of settings")
    known = {f"max_{c}" for c in DEFAULT_MAXIMUM} | {"earliest_declaration_date", "latest_declaration_days_ahead"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise InputError(
            f"{path}: [{SETTINGS_SECTION}] {unknown[0]} is not a setting; known: {', '.join(sorted(known))}"
        )
    maximum = dict(DEFAULT_MAXIMUM)
    for column in DEFAULT_MAXIMUM:
        key = f"max_{column}"
        if key in table:
            value = table[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0 or value == float("inf"):
                raise InputError(f"{path}: [{SETTINGS_SECTION}] {key} = {value!r} must be a positive number")
            maximum[column] = float(value)
    earliest = table.get("earliest_declaration_date", DEFAULT_EARLIEST)
    if isinstance(earliest, str):
        try:
            earliest = dt.date.fromisoformat(earliest)
        except ValueError:
            earliest = None
    if not isinstance(earliest, dt.date) or isinstance(earliest, dt.datetime) or earliest.year < 1900:
        raise InputError(
            f"{path}: [{SETTINGS_SECTION}] earliest_declaration_date must be a date from 1900 on (e.g. 1990-01-01)"
        )
    ahead = table.get("latest_declaration_days_ahead", DEFAULT_DAYS_AHEAD)
    if isinstance(ahead, bool) or not isinstance(ahead, int) or not 0 <= ahead <= 36_500:
        raise InputError(
            f"{path}: [{SETTINGS_SECTION}] latest_declaration_days_ahead = {ahead!r} must be a whole number of days "
            "from 0 to 36500"
        )
    source = f"{path} [{SETTINGS_SECTION}]" if table else "defaults"
    return Limits(maximum=maximum, earliest_date=earliest, days_ahead=ahead, source=source)


def limit_reasons(raw: pd.DataFrame, typed: pd.DataFrame, limits: Limits) -> pd.Series:
    """A reason for each row whose amount, weight, quantity or declaration date is out of bounds ("" if none)."""
    reasons = pd.Series("", index=typed.index, dtype=object)

    def reject(mask: pd.Series, messages: pd.Series) -> None:
        fresh = mask.fillna(False).astype(bool) & (reasons == "")
        if fresh.any():
            reasons.loc[fresh] = messages[fresh]

    for column, bound in limits.maximum.items():
        if column not in typed:
            continue
        values = pd.to_numeric(typed[column], errors="coerce")
        text = _shown(raw[column])
        reject(values > bound, f"{column} " + text + f" is above the plausible maximum {bound:,.0f} "
               f"(max_{column}, {limits.source})")  # fmt: skip
    if "declaration_date" in typed:
        dates = pd.to_datetime(typed["declaration_date"], errors="coerce")
        text = _shown(raw["declaration_date"])
        earliest, latest = pd.Timestamp(limits.earliest_date), pd.Timestamp(limits.latest_date)
        reject(dates < earliest, "declaration_date " + text + f" is before {limits.earliest_date.isoformat()}, the "
               f"earliest plausible date (earliest_declaration_date, {limits.source})")  # fmt: skip
        reject(dates > latest, "declaration_date " + text + f" is after {limits.latest_date.isoformat()}, the latest "
               f"plausible date (today + {limits.days_ahead} days, latest_declaration_days_ahead, "
               f"{limits.source})")  # fmt: skip
    return reasons


def hidden_character_reasons(raw: pd.DataFrame) -> pd.Series:
    """A reason for each row with a control or invisible character in an id (a NUL makes another id)."""
    reasons = pd.Series("", index=raw.index, dtype=object)
    for column in ID_COLUMNS:
        if column not in raw:
            continue
        values = raw[column].astype(str)
        found = values.str.contains(_HIDDEN, regex=True, na=False) & (reasons == "")
        if found.any():
            reasons.loc[found] = [
                f"{column} {_escaped(v)!s} holds a control or invisible character "
                f"(U+{ord(_HIDDEN.search(v).group()):04X})"
                for v in values[found]
            ]
    return reasons


def _escaped(value: str) -> str:
    """The value quoted, hidden characters shown as escapes: 'C1\\x00'."""
    shown = _HIDDEN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value[:40])
    return f"'{shown}'"


def _shown(values: pd.Series) -> pd.Series:
    return "'" + values.astype(str).str.strip().str.slice(0, 40) + "'"


def parse_dates(values: pd.Series) -> pd.Series:
    """ISO dates (``YYYY-MM-DD``, optionally followed by a time and offset, or ``YYYYMMDD``) as datetime64;
    NaT where the text is not one. The date is taken as written, whatever the offset.

    >>> dates = pd.Series(["2026-06-01", "2026-06-02T23:30:00+05:00", "20260603", "x", None])
    >>> parse_dates(dates).dt.day.tolist()
    [1.0, 2.0, 3.0, nan, nan]
    """
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    day = text.str.extract(_ISO_DATE, expand=True)
    compact = day["basic"].str.slice(0, 4) + "-" + day["basic"].str.slice(4, 6) + "-" + day["basic"].str.slice(6, 8)
    dates = day["extended"].where(day["extended"].notna(), compact)
    return pd.to_datetime(dates, format="%Y-%m-%d", errors="coerce").astype("datetime64[us]")


_ISO_DATE = re.compile(
    r"^(?:(?P<extended>\d{4}-\d{2}-\d{2})|(?P<basic>\d{8}))"
    r"(?:[T ]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)
