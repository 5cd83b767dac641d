"""Shipped reference tables: de minimis thresholds, currency rates, mail domains, carriers, trade defence.

The tables are plain CSV files in this package, dated and sourced in their own
columns (see ``docs/typologies.md``, "Common definitions"):

``de_minimis.csv``
    Customs duty and VAT/GST thresholds per destination, in the currency of the
    rule, with ``valid_from`` (empty: in force since before the table's history),
    ``as_of`` (the date the rule is stated as known), ``source`` and ``notes``.
    ``duty_threshold`` is the value up to which a parcel escapes normal customs
    duty (exempt, or a reduced flat rate where the notes say so: the line that
    splitting a purchase would aim under); ``vat_threshold`` the same for
    VAT/GST. Empty when there is no such tax at all, 0 when every parcel is
    taxed. ``EU`` (and ``GCC``) rows apply to the member states.
``currency_rates.csv``
    ``usd_per_unit``: how many US dollars one unit buys; approximate, for
    threshold comparison only.
``domains.csv``
    E-mail providers: ``national_mail`` (the provider's country is evidence)
    or ``generic`` (says nothing).
``carriers.csv``
    Postal operators, express carriers, consolidators and parcel forwarders (``kind`` ``forwarder``:
    MyUS, Shipito, Borderlinx ...; an address naming one is its depot) with their spellings
    (``aliases``, ``;``-separated; an alias written ``=NAME`` only matches a
    carrier field that is exactly that name, for generic words such as
    ``Correos`` or ``La Poste``) and ``origin_evidence`` (``no`` for global
    networks that collect everywhere).
``trade_defence.csv``
    Anti-dumping, countervailing, safeguard and Section 301 measures per
    destination, origin and HS prefix, dated.

Every loader takes an optional path to a replacement file with the same
columns. When no path is given, these environment variables are honoured:

- ``GRAPHINTEL_DE_MINIMIS_TABLE``: replaces ``de_minimis.csv``;
- ``GRAPHINTEL_CURRENCY_RATES``: replaces ``currency_rates.csv``;
- ``GRAPHINTEL_TRADE_DEFENCE_TABLE``: replaces ``trade_defence.csv``.

A replacement file that cannot be used raises :class:`graphintel.errors.InputError`
naming the file and line at fault. Tables are read once per file (and file
modification time) and cached. :func:`table_dates` reports which files and
dates are in use, for ``run.json``.

Country evidence helpers (:func:`country_of_phone`, :func:`country_of_email`,
:func:`country_of_carrier`, :func:`country_of_postal_item`) take one string and
return an ISO 3166 alpha-2 code, or ``""`` when the value says nothing: they
never guess. They are cached, so mapping them over the distinct values of a
column is cheap.

>>> thresholds(pd.Series(["SA"]), pd.Series(["SAR"])).iloc[0].tolist()
[1000.0, 0.0]
>>> country_of_carrier("China Post"), country_of_email("seller@qq.com"), country_of_phone("+86 138 0013 8000")
('CN', 'CN', 'CN')
"""

from __future__ import annotations

import functools
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import phonenumbers
import pycountry

from graphintel.errors import InputError

__all__ = [
    "EU_MEMBERS",
    "GCC_MEMBERS",
    "UNKNOWN_COUNTRY_CODES",
    "carriers_table",
    "country_of_carrier",
    "country_of_email",
    "country_of_phone",
    "country_of_postal_item",
    "currency_rates",
    "de_minimis_table",
    "domains_table",
    "s10_check_digit",
    "table_dates",
    "thresholds",
    "to_usd",
    "trade_defence_table",
    "under_trade_defence",
]

ENV_DE_MINIMIS = "GRAPHINTEL_DE_MINIMIS_TABLE"
ENV_CURRENCY_RATES = "GRAPHINTEL_CURRENCY_RATES"
ENV_TRADE_DEFENCE = "GRAPHINTEL_TRADE_DEFENCE_TABLE"

#: Values that mean "country not stated". ``NA`` is *not* here: it is Namibia's
#: ISO code, so a declaration reading ``NA`` names a country. ``NAN`` is the
#: text of a missing float (``str(float("nan")).upper()``).
UNKNOWN_COUNTRY_CODES: frozenset[str] = frozenset(
    {"", "ZZ", "XX", "UNK", "N/A", "-", "--", "00", "?", "NONE", "NULL", "UNKNOWN", "NAN"}
)

#: The 27 member states of the European Union (rows for ``EU`` apply to them).
EU_MEMBERS: frozenset[str] = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
#: The six members of the Gulf Cooperation Council (rows for ``GCC`` apply to them).
GCC_MEMBERS: frozenset[str] = frozenset("AE BH KW OM QA SA".split())
_GROUPS: dict[str, frozenset[str]] = {"EU": EU_MEMBERS, "GCC": GCC_MEMBERS}
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}  # common non-ISO spellings (EL: the EU's code for Greece)
_CURRENCY_ALIASES = {"RMB": "CNY", "NTD": "TWD"}

_Source = Path | Traversable


# --------------------------------------------------------------------------- files


def _source(path: Path | str | None, env: str | None, name: str) -> _Source:
    """The file to read: ``path``, else the environment variable ``env``, else the shipped file ``name``."""
    if path is None and env:
        path = os.environ.get(env, "").strip() or None
    if path is not None:
        resolved = Path(path).expanduser()
        if not resolved.is_file():
            where = f" (from {env})" if env and os.environ.get(env) == str(path) else ""
            raise InputError(f"{resolved}: reference table not found{where}")
        return resolved
    return resources.files(__package__).joinpath(name)


def _stamp(source: _Source) -> int | None:
    return source.stat().st_mtime_ns if isinstance(source, Path) else None


def _read_csv(source: _Source) -> pd.DataFrame:
    """All columns as stripped text; empty cells stay ``""``."""
    try:
        text = source.read_text(encoding="utf-8-sig")
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{source}: not a readable CSV file: {exc}") from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.apply(lambda column: column.str.strip())


def _line(position: int) -> int:
    """File line of the data row at ``position`` (the header is line 1)."""
    return position + 2


def _require(frame: pd.DataFrame, columns: tuple[str, ...], source: _Source) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{source}: line 1: missing column(s) {', '.join(missing)}")


def _numbers(
    frame: pd.DataFrame, column: str, source: _Source, *, empty_ok: bool, positive: bool = False
) -> np.ndarray:
    text = frame[column].str.replace(",", "", regex=False).str.replace("_", "", regex=False)
    values = pd.to_numeric(text.where(text != ""), errors="coerce").to_numpy(dtype=float)
    bad = (np.isnan(values) & (text != "").to_numpy()) | (~np.isfinite(values) & ~np.isnan(values))
    if not empty_ok:
        bad |= (text == "").to_numpy()
    bad |= (values <= 0) if positive else (values < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        need = "a positive number" if positive else "a non-negative number"
        raise InputError(f"{source}: line {_line(i)}: {column} {frame[column].iloc[i]!r} is not {need}")
    return values


def _dates(frame: pd.DataFrame, column: str, source: _Source) -> pd.Series:
    text = frame[column]
    values = pd.to_datetime(text.where(text != ""), errors="coerce", format="%Y-%m-%d")
    bad = values.isna() & (text != "")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"{source}: line {_line(i)}: {column} {text.iloc[i]!r} is not a date (YYYY-MM-DD)")
    return values


def _codes(frame: pd.DataFrame, column: str, source: _Source, pattern: str, what: str) -> pd.Series:
    values = frame[column].str.upper()
    bad = ~values.str.fullmatch(pattern)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"{source}: line {_line(i)}: {column} {frame[column].iloc[i]!r} is not {what}")
    return values


def _optional(frame: pd.DataFrame, *columns: str) -> None:
    for column in columns:
        if column not in frame.columns:
            frame[column] = ""


_COUNTRY_OR_GROUP = r"[A-Z]{2}|" + "|".join(_GROUPS)


# --------------------------------------------------------------------------- loaders


@functools.lru_cache(maxsize=16)
def _load_de_minimis(source: _Source, stamp: int | None) -> pd.DataFrame:
    frame = _read_csv(source)
    _require(frame, ("destination", "currency", "duty_threshold", "vat_threshold", "valid_from"), source)
    _optional(frame, "as_of", "source", "notes")
    frame["destination"] = _codes(frame, "destination", source, _COUNTRY_OR_GROUP, "an ISO country code or EU/GCC")
    frame["currency"] = _codes(frame, "currency", source, r"[A-Z]{3}", "an ISO 4217 currency code")
    frame["duty_threshold"] = _numbers(frame, "duty_threshold", source, empty_ok=True)
    frame["vat_threshold"] = _numbers(frame, "vat_threshold", source, empty_ok=True)
    frame["valid_from"] = _dates(frame, "valid_from", source)
    key = frame["destination"] + "|" + frame["valid_from"].dt.strftime("%Y-%m-%d").fillna("")
    repeated = key.duplicated()
    if repeated.any():
        i = int(np.flatnonzero(repeated.to_numpy())[0])
        first = int(np.flatnonzero((key == key.iloc[i]).to_numpy())[0])
        raise InputError(
            f"{source}: line {_line(i)}: a second rule for {frame['destination'].iloc[i]} valid from "
            f"{frame['valid_from'].iloc[i].date() if pd.notna(frame['valid_from'].iloc[i]) else '(empty)'} "
            f"(first on line {_line(first)})"
        )
    return frame


def de_minimis_table(path: Path | str | None = None) -> pd.DataFrame:
    """The de minimis table: one row per destination and ``valid_from``, validated.

    Thresholds are floats (NaN where the table cell is empty: no such tax),
    ``valid_from`` is datetime64 (NaT: in force since before the table's
    history). ``path`` (or ``$GRAPHINTEL_DE_MINIMIS_TABLE``) replaces the
    shipped file; a file that cannot be used raises ``InputError`` naming the
    file and line.

    >>> table = de_minimis_table()
    >>> saudi = table[table.destination == "SA"].iloc[0]
    >>> saudi.currency, float(saudi.duty_threshold), float(saudi.vat_threshold)
    ('SAR', 1000.0, 0.0)
    >>> table.loc[table.destination == "US", "valid_from"].dt.strftime("%Y-%m-%d").fillna("").tolist()
    ['', '2016-03-10', '2025-08-29']
    """
    source = _source(path, ENV_DE_MINIMIS, "de_minimis.csv")
    return _load_de_minimis(source, _stamp(source)).copy()


@functools.lru_cache(maxsize=16)
def _load_rates(source: _Source, stamp: int | None) -> pd.DataFrame:
    frame = _read_csv(source)
    _require(frame, ("currency", "usd_per_unit"), source)
    _optional(frame, "as_of", "source")
    frame["currency"] = _codes(frame, "currency", source, r"[A-Z]{3}", "an ISO 4217 currency code")
    frame["usd_per_unit"] = _numbers(frame, "usd_per_unit", source, empty_ok=False, positive=True)
    repeated = frame["currency"].duplicated()
    if repeated.any():
        i = int(np.flatnonzero(repeated.to_numpy())[0])
        raise InputError(f"{source}: line {_line(i)}: currency {frame['currency'].iloc[i]} appears twice")
    if not (frame["currency"] == "USD").any():  # the unit of the table is 1 by definition
        usd = {"currency": "USD", "usd_per_unit": 1.0, "as_of": "", "source": "definition"}
        frame = pd.concat([frame, pd.DataFrame([usd])], ignore_index=True)
    return frame


def currency_rates(path: Path | str | None = None) -> pd.DataFrame:
    """The currency table: ``currency`` and ``usd_per_unit`` (USD bought by one unit), validated.

    ``path`` (or ``$GRAPHINTEL_CURRENCY_RATES``) replaces the shipped file. USD
    is added with rate 1 when a replacement file omits it.

    >>> rates = currency_rates()
    >>> float(rates.set_index("currency").loc["SAR", "usd_per_unit"])
    0.266667
    """
    source = _source(path, ENV_CURRENCY_RATES, "currency_rates.csv")
    return _load_rates(source, _stamp(source)).copy()


@functools.lru_cache(maxsize=16)
def _load_trade_defence(source: _Source, stamp: int | None) -> pd.DataFrame:
    frame = _read_csv(source)
    _require(frame, ("destination", "origin", "hs_prefix", "measure", "valid_from", "valid_to"), source)
    _optional(frame, "product", "source", "as_of", "notes")
    frame["destination"] = _codes(frame, "destination", source, _COUNTRY_OR_GROUP, "an ISO country code or EU/GCC")
    frame["origin"] = _codes(frame, "origin", source, r"[A-Z]{2}", "an ISO country code")
    frame["hs_prefix"] = _codes(frame, "hs_prefix", source, r"\d{2,10}", "2 to 10 digits (no dots)")
    frame["valid_from"] = _dates(frame, "valid_from", source)
    frame["valid_to"] = _dates(frame, "valid_to", source)
    backwards = (frame["valid_to"] < frame["valid_from"]).to_numpy()
    if backwards.any():
        i = int(np.flatnonzero(backwards)[0])
        raise InputError(f"{source}: line {_line(i)}: valid_to is before valid_from")
    return frame


def trade_defence_table(path: Path | str | None = None) -> pd.DataFrame:
    """The trade defence table, validated (``valid_from``/``valid_to`` as datetime64, NaT when open).

    ``path`` (or ``$GRAPHINTEL_TRADE_DEFENCE_TABLE``) replaces the shipped file.

    >>> table = trade_defence_table()
    >>> bool(((table.destination == "EU") & (table.origin == "CN") & (table.hs_prefix == "871160")).any())
    True
    """
    source = _source(path, ENV_TRADE_DEFENCE, "trade_defence.csv")
    return _load_trade_defence(source, _stamp(source)).copy()


@functools.lru_cache(maxsize=4)
def _load_domains(source: _Source, stamp: int | None) -> pd.DataFrame:
    frame = _read_csv(source)
    _require(frame, ("domain", "country", "kind"), source)
    _optional(frame, "source")
    frame["domain"] = frame["domain"].str.lower().str.strip(".")
    national = frame["kind"] == "national_mail"
    bad = ~(national | (frame["kind"] == "generic")) | (national & (frame["country"] == ""))
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(f"{source}: line {_line(i)}: kind must be national_mail (with a country) or generic")
    frame["country"] = frame["country"].str.upper().where(frame["kind"] == "national_mail", "")
    return frame


def domains_table(path: Path | str | None = None) -> pd.DataFrame:
    """The e-mail provider table (``domain``, ``country``, ``kind``, ``source``).

    >>> domains_table().set_index("domain").loc["naver.com", "country"]
    'KR'
    """
    source = _source(path, None, "domains.csv")
    return _load_domains(source, _stamp(source)).copy()


@functools.lru_cache(maxsize=4)
def _load_carriers(source: _Source, stamp: int | None) -> pd.DataFrame:
    frame = _read_csv(source)
    _require(frame, ("name", "aliases", "country", "kind"), source)
    _optional(frame, "origin_evidence", "source", "notes")
    frame["country"] = _codes(frame, "country", source, r"[A-Z]{2}", "an ISO country code")
    bad = ~frame["kind"].isin(["postal", "express", "consolidator", "forwarder"])
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        kind = frame["kind"].iloc[i]
        raise InputError(f"{source}: line {_line(i)}: kind {kind!r} is not postal, express, consolidator or forwarder")
    frame["origin_evidence"] = frame["origin_evidence"].str.lower().isin(["", "yes", "true", "1"])
    return frame


def carriers_table(path: Path | str | None = None) -> pd.DataFrame:
    """The carrier table (``name``, ``aliases``, ``country``, ``kind``, ``origin_evidence`` as bool, ...).

    >>> carriers = carriers_table().set_index("name")
    >>> carriers.loc["DHL Express", "country"], bool(carriers.loc["DHL Express", "origin_evidence"])
    ('DE', False)
    """
    source = _source(path, None, "carriers.csv")
    return _load_carriers(source, _stamp(source)).copy()


def table_dates() -> dict[str, str]:
    """The files and ``as_of`` dates of the tables in use (after environment overrides), for ``run.json``.

    For each dated table, ``<name>`` is its latest ``as_of`` and ``<name>_oldest`` its earliest (``""``
    when the file has no dates); ``<name>_path`` is the file read.

    >>> dates = table_dates()
    >>> sorted(k for k in dates if not k.endswith(("_path", "_oldest")))
    ['currency_rates', 'de_minimis', 'trade_defence']
    >>> dates["de_minimis_path"].endswith("de_minimis.csv")
    True
    """
    out: dict[str, str] = {}
    for name, loader, env, filename in (
        ("de_minimis", de_minimis_table, ENV_DE_MINIMIS, "de_minimis.csv"),
        ("currency_rates", currency_rates, ENV_CURRENCY_RATES, "currency_rates.csv"),
        ("trade_defence", trade_defence_table, ENV_TRADE_DEFENCE, "trade_defence.csv"),
    ):
        dates = sorted(d for d in loader()["as_of"].astype(str) if d)
        out[name] = dates[-1] if dates else ""
        out[f"{name}_oldest"] = dates[0] if dates else ""
        out[f"{name}_path"] = str(_source(None, env, filename))
    out["domains_path"] = str(_source(None, None, "domains.csv"))
    out["carriers_path"] = str(_source(None, None, "carriers.csv"))
    return out


# --------------------------------------------------------------------------- thresholds


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


@functools.lru_cache(maxsize=4096)
def _country_key(value: object) -> str:
    """An ISO alpha-2 code (or ``EU``/``GCC``) for a declared country value; ``""`` when unknown."""
    if _missing(value):
        return ""
    text = str(value).strip().upper()
    if text in UNKNOWN_COUNTRY_CODES:
        return ""
    if text in _GROUPS:
        return text
    if len(text) == 2:
        return _COUNTRY_ALIASES.get(text, text)
    if len(text) == 3:
        found = pycountry.countries.get(alpha_3=text)
        return found.alpha_2 if found else text
    return text


def _currency_key(value: object) -> str:
    if _missing(value):
        return ""
    text = str(value).strip().upper()
    return _CURRENCY_ALIASES.get(text, text)


def _rate_map(rates: pd.DataFrame | None) -> dict[str, float]:
    frame = currency_rates() if rates is None else rates
    return dict(zip(frame["currency"].astype(str).str.upper(), frame["usd_per_unit"].astype(float), strict=True))


def _factorize(values: pd.Series | np.ndarray | list, key) -> tuple[np.ndarray, list]:
    """Codes of ``values`` and the normalised key of each distinct value (missing values get ``key(None)``)."""
    if not isinstance(values, pd.Series | pd.Index | np.ndarray):
        values = pd.Series(values, dtype=object)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    keys = [key(u) for u in uniques] + [key(None)]
    codes = np.where(codes < 0, len(keys) - 1, codes)
    return codes, keys


def _distinct(combined: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of an int64 array (in first-seen order) and each element's position among them."""
    inverse, combos = pd.factorize(combined)
    return np.asarray(combos, dtype=np.int64), inverse


def _parse_dates(text: pd.Series) -> pd.Series:
    """Naive datetimes from text; UTC offsets are dropped (the local day is kept), unreadable values become NaT."""
    is_text = text.map(lambda v: isinstance(v, str))
    timed = is_text & text.map(lambda v: isinstance(v, str) and ":" in v)
    if timed.any():
        text = text.copy()
        text[timed] = text[timed].str.replace(r"(?<=\d)\s*(Z|[+-]\d{2}:?\d{2})$", "", regex=True)
    try:
        parsed = pd.to_datetime(text, errors="coerce", format="mixed")
    except (ValueError, TypeError):  # several UTC offsets in one column
        parsed = pd.to_datetime(text, errors="coerce", format="mixed", utc=True)
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        return parsed.dt.tz_localize(None)
    if not pd.api.types.is_datetime64_any_dtype(parsed):  # mixed offsets returned as objects
        return pd.to_datetime(text, errors="coerce", format="mixed", utc=True).dt.tz_localize(None)
    return parsed


def _date_ns(dates: pd.Series | None, n: int) -> np.ndarray:
    """Dates as int64 nanoseconds; NaT (and no dates at all) become today (UTC)."""
    today = pd.Timestamp(datetime.now(UTC).date()).value
    if dates is None:
        return np.full(n, today, dtype=np.int64)
    series = pd.Series(dates, copy=False)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)  # the local calendar day of the declaration
    if not pd.api.types.is_datetime64_any_dtype(series):
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        parsed = _parse_dates(pd.Series(uniques, dtype=object))
        values = np.append(parsed.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))
        series = pd.Series(values[np.where(codes < 0, len(values) - 1, codes)])
    ns = series.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    return np.where(ns == np.iinfo(np.int64).min, today, ns)


_NEVER = np.iinfo(np.int64).min  # valid_from of rows in force "since before the table's history"


def _candidates(destinations: pd.Series, valid_from: pd.Series) -> dict[str, list[tuple[int, int, int]]]:
    """Per destination key, the rows that may apply, as ``(valid_from_ns, own, position)`` sorted.

    A member state's candidates are its own rows and its group's rows; sorting
    puts an own row after a group row of the same date, so the own row wins ties.
    """
    out: dict[str, list[tuple[int, int, int]]] = {}
    starts = [(_NEVER if pd.isna(v) else pd.Timestamp(v).value) for v in valid_from]
    for position, (destination, start) in enumerate(zip(destinations, starts, strict=True)):
        out.setdefault(destination, []).append((start, 1, position))
        for member in _GROUPS.get(destination, ()):
            out.setdefault(member, []).append((start, 0, position))
    return {key: sorted(rows) for key, rows in out.items()}


def _pick(rows: list[tuple[int, int, int]], when: int) -> int:
    """Position of the row in force at ``when`` (the latest start not after it), else the earliest row."""
    chosen = rows[0][2]
    for start, _own, position in rows:
        if start <= when:
            chosen = position
    return chosen


def thresholds(
    destination: pd.Series,
    currency: pd.Series,
    declaration_date: pd.Series | None = None,
    *,
    table: pd.DataFrame | None = None,
    rates: pd.DataFrame | None = None,
    override: float | None = None,
    fallback: float = 150.0,
) -> pd.DataFrame:
    """Each parcel's de minimis thresholds (``duty``, ``vat``) in the parcel's own currency.

    The destination's rule (an EU or GCC member without its own row in force
    uses its group's row; an own row wins a tie) is the one in force at the
    parcel's ``declaration_date``: the latest ``valid_from`` not after it. A
    date before every row uses the earliest row; a missing or unreadable date
    (or no dates) uses the rule in force today. Dates with a UTC offset keep
    their local calendar day. The threshold is converted from the rule's
    currency into the parcel's currency through USD rates. Then:

    - parcel currency empty or not in the rates table: the threshold stays in
      the rule's currency (the best guess for values of unknown currency);
    - rule currency not in the rates table (and different from the parcel's):
      NaN, never an unconverted number;
    - destination unknown (empty, ``ZZ``, ... or not in the table): ``duty`` is
      ``fallback`` (in the parcel's currency) and ``vat`` NaN;
    - ``override`` given: ``duty`` is ``override`` and ``vat`` NaN for every row.

    NaN in a column means "no such threshold" (e.g. no VAT in Qatar). The work
    is done once per distinct (destination, currency, date bucket), where the
    buckets are the spans between the table's ``valid_from`` dates.

    >>> dest = pd.Series(["SA", "SA", "NL", "US", "US", "ZZ"])
    >>> cur = pd.Series(["SAR", "USD", "EUR", "USD", "USD", "EUR"])
    >>> day = pd.Series(["2025-06-01"] * 3 + ["2025-08-28", "2025-08-29", "2025-06-01"])
    >>> thresholds(dest, cur, day).round(2)
          duty  vat
    0  1000.00  0.0
    1   266.67  0.0
    2   150.00  0.0
    3   800.00  NaN
    4     0.00  NaN
    5   150.00  NaN
    """
    index = destination.index
    n = len(destination)
    if override is not None:
        return pd.DataFrame({"duty": np.full(n, float(override)), "vat": np.full(n, np.nan)}, index=index)
    rate = _rate_map(rates)
    rules = _rules(de_minimis_table() if table is None else table)
    dest_codes, dest_keys = _factorize(destination, _country_key)
    cur_codes, cur_keys = _factorize(currency, _currency_key)
    buckets = np.searchsorted(rules.breakpoints, _date_ns(declaration_date, n), side="right")
    n_cur, n_bucket = len(cur_keys), len(rules.breakpoints) + 1
    combined = (dest_codes.astype(np.int64) * n_bucket + buckets) * n_cur + cur_codes
    combos, inverse = _distinct(combined)

    duty = np.empty(len(combos))
    vat = np.empty(len(combos))
    for i, combo in enumerate(combos):
        rest, cur_code = divmod(int(combo), n_cur)
        dest_code, bucket = divmod(rest, n_bucket)
        candidates = rules.rows.get(dest_keys[dest_code])
        if not candidates:
            duty[i], vat[i] = fallback, np.nan
            continue
        when = _NEVER if bucket == 0 else int(rules.breakpoints[bucket - 1])
        position = _pick(candidates, when)
        factor = _conversion(rules.currency[position], cur_keys[cur_code], rate)
        duty[i], vat[i] = rules.duty[position] * factor, rules.vat[position] * factor
    return pd.DataFrame({"duty": duty[inverse], "vat": vat[inverse]}, index=index)


class _Rules(NamedTuple):
    """The de minimis table as arrays: candidate rows per destination key, the dates rules change, and each
    row's duty and VAT thresholds in its own currency."""

    rows: dict[str, list[tuple[int, int, int]]]
    breakpoints: np.ndarray  # the distinct ``valid_from`` dates (ns), sorted: the date buckets' edges
    duty: np.ndarray
    vat: np.ndarray
    currency: np.ndarray


def _rules(table: pd.DataFrame) -> _Rules:
    rows = _candidates(table["destination"].astype(str).str.upper(), pd.to_datetime(table["valid_from"]))
    return _Rules(
        rows=rows,
        breakpoints=np.unique([start for key in rows.values() for start, _, _ in key if start != _NEVER]),
        duty=table["duty_threshold"].astype(float).to_numpy(),
        vat=table["vat_threshold"].astype(float).to_numpy(),
        currency=table["currency"].astype(str).str.upper().to_numpy(),
    )


def _conversion(source: str, target: str, rate: dict[str, float]) -> float:
    """The factor from an amount in the rule's currency (``source``) to the parcel's (``target``): 1 when they
    are the same or the parcel's currency is unknown; NaN when the rule's currency has no rate."""
    if target == source or target not in rate:
        return 1.0
    if source in rate:
        return rate[source] / rate[target]
    return np.nan


def to_usd(values: pd.Series, currency: pd.Series, rates: pd.DataFrame | None = None) -> pd.Series:
    """``values`` converted to US dollars; NaN where the currency is empty or not in the rates table.

    >>> to_usd(pd.Series([100.0, 100.0, 5.0]), pd.Series(["EUR", "XYZ", None])).round(2).tolist()
    [116.0, nan, nan]
    """
    rate = _rate_map(rates)
    codes, keys = _factorize(currency, _currency_key)
    factors = np.array([rate.get(key, np.nan) for key in keys])
    amounts = pd.to_numeric(pd.Series(values, copy=False), errors="coerce").to_numpy(dtype=float)
    return pd.Series(amounts * factors[codes], index=values.index, name=values.name)


# --------------------------------------------------------------------------- country evidence


@functools.lru_cache(maxsize=65536)
def country_of_phone(e164: str) -> str:
    """Country of a phone number written with an international prefix (``+86 …`` or ``0086 …``), else ``""``.

    A number without an international prefix says nothing (its country is the
    declarant's assumption). For calling codes shared by several countries
    (``+1``: US, CA and the Caribbean; ``+7``: RU and KZ), a number that
    ``phonenumbers`` recognises as valid gives its own region; any other gives
    the code's main region (``US``, ``RU``). Non-geographic codes (``+800``,
    ``+881`` ...) give ``""``.

    >>> country_of_phone("+86 138 0013 8000"), country_of_phone("0044 20 7946 0958")
    ('CN', 'GB')
    >>> country_of_phone("+1 416 555 0123"), country_of_phone("+1 000 000"), country_of_phone("013800138000")
    ('CA', 'US', '')
    """
    text = "" if _missing(e164) else str(e164).strip()
    if text.startswith("+"):
        digits = re.sub(r"\D", "", text[1:])
    elif text.startswith("00"):
        digits = re.sub(r"\D", "", text[2:])
    else:
        return ""
    if not digits or digits[0] == "0":
        return ""
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return ""
    if phonenumbers.is_valid_number(number):
        region = phonenumbers.region_code_for_number(number)
        if region and region not in ("ZZ", "001"):
            return region
    region = phonenumbers.region_code_for_country_code(number.country_code)
    return "" if region in ("ZZ", "001") else region


# ccTLDs widely used as generic names (.io, .co, .me, .tv, .ai ...) or handed out for free (.tk, .ml ...):
# they say nothing about where a seller is, unless used under a national second level (shop.com.co).
_VANITY_TLDS = frozenset("ai cc cf co fm ga gg gq io la ly me ml nu pw sh st tk to tv vc ws".split())
_SECOND_LEVEL = frozenset("ac co com edu gob gov go ne net or org".split())


@functools.lru_cache(maxsize=1)
def _domain_index() -> dict[str, str]:
    frame = domains_table()
    return dict(zip(frame["domain"], frame["country"], strict=True))


def _domain(text: str) -> str:
    value = text.strip().lower()
    if "@" in value:
        value = value.rsplit("@", 1)[1]
    else:
        value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value)
        value = re.split(r"[/?#]", value, maxsplit=1)[0]
    value = value.split(":", 1)[0].strip(" .<>\"'")
    return value if re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", value) else ""


def _cctld_country(labels: list[str]) -> str:
    tld = labels[-1]
    if tld == "uk":
        return "GB"
    if len(tld) != 2 or tld == "eu":
        return ""
    if tld in _VANITY_TLDS and not (len(labels) >= 3 and labels[-2] in _SECOND_LEVEL):
        return ""
    found = pycountry.countries.get(alpha_2=tld.upper())
    return found.alpha_2 if found else ""


@functools.lru_cache(maxsize=65536)
def country_of_email(email_or_domain: str) -> str:
    """Country of an e-mail address or web domain, ``""`` when it says nothing.

    A national mail provider from ``domains.csv`` (``qq.com`` → CN, also for
    its subdomains) gives its country; a generic provider (``gmail.com``) gives
    ``""``. Otherwise the country-code top-level domain decides: the last label
    (``shop.com.my`` → MY, ``.uk`` → GB); ``.eu``, generic TLDs (``.com``) and
    ccTLDs sold as generic names (``.io``, ``.co``, ``.me``, ``.tv``, ``.ai`` ...,
    unless under a national second level such as ``.com.co``) give ``""``.

    >>> country_of_email("x@qq.com"), country_of_email("x@shop.com.my"), country_of_email("gmail.com")
    ('CN', 'MY', '')
    >>> country_of_email("https://www.shop.co.uk/about"), country_of_email("sales@brand.io")
    ('GB', '')
    >>> country_of_email("x@a.com.co"), country_of_email("x@web.de"), country_of_email("x@host.eu")
    ('CO', 'DE', '')
    """
    if _missing(email_or_domain):
        return ""
    domain = _domain(str(email_or_domain))
    if not domain:
        return ""
    known = _domain_index()
    labels = domain.split(".")
    for i in range(len(labels) - 1):
        suffix = ".".join(labels[i:])
        if suffix in known:
            return known[suffix]
    return _cctld_country(labels)


@dataclass(frozen=True)
class _Carrier:
    name: str
    country: str
    says_origin: bool


@dataclass(frozen=True)
class _CarrierIndex:
    spans: dict[tuple[str, ...], _Carrier]  # alias tokens -> carrier
    compact: dict[str, _Carrier]  # alias without spaces (4+ characters) -> carrier
    exact: dict[str, _Carrier]  # "=NAME" aliases: the whole field only
    longest: int


def _tokens(text: str) -> list[tuple[str, str]]:
    """(normalised, as written) tokens: accents removed, upper case, split on anything not a letter or digit."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return [(token.upper(), token) for token in re.split(r"[\W_]+", plain) if token]


@functools.lru_cache(maxsize=1)
def _carrier_index() -> _CarrierIndex:
    spans: dict[tuple[str, ...], _Carrier] = {}
    compact: dict[str, _Carrier] = {}
    exact: dict[str, _Carrier] = {}
    frame = carriers_table()
    for row in frame.itertuples(index=False):
        carrier = _Carrier(row.name, row.country, bool(row.origin_evidence))
        aliases = [a.strip() for a in str(row.aliases).split(";") if a.strip()]
        exact_names = {" ".join(t for t, _ in _tokens(a[1:])) for a in aliases if a.startswith("=")}
        name = " ".join(t for t, _ in _tokens(row.name))
        if name not in exact_names:
            aliases.append(row.name)
        for alias in aliases:
            if alias.startswith("="):
                exact[" ".join(t for t, _ in _tokens(alias[1:]))] = carrier
                continue
            tokens = tuple(t for t, _ in _tokens(alias))
            if not tokens:
                continue
            spans.setdefault(tokens, carrier)
            joined = "".join(tokens)
            if len(joined) >= 4:
                compact.setdefault(joined, carrier)
    longest = max((len(k) for k in spans), default=1)
    return _CarrierIndex(spans, compact, exact, longest)


# Two- and three-letter tokens that are ISO codes but, in a carrier field, usually mean something else:
# company forms (SA, AG, AS, BV, SE, SL, PT, Sdn), words (de, la, in, it, to, no, and, are, can, per ...).
_TOKEN_STOPLIST = frozenset(
    "AG AI AM AS AT BE BV BY CO DE DO ID IN IS IT LA MD ME NE NO PR PT SA SE SL ST TO TV "
    "AND ARE ARM BEN CAN COM CUB DOM GIN GUY LIE MAC MAR NIC PAN PER SDN SOM SUR".split()
)


def _country_token(tokens: list[tuple[str, str]], mixed_case: bool) -> str:
    """The one country named by a separate 2-3 letter code among ``tokens``; ``""`` if none or several."""
    found: set[str] = set()
    for token, written in tokens:
        if len(token) not in (2, 3) or not token.isalpha() or not token.isascii() or token in _TOKEN_STOPLIST:
            continue
        if mixed_case and written != written.upper():
            continue  # in a name written in mixed case, only codes written in capitals count
        country = _iso_country(token)
        if country:
            found.add(country)
    return found.pop() if len(found) == 1 else ""


def _iso_country(code: str) -> str:
    """The alpha-2 country of a two- or three-letter code (``UK`` and ``EL`` read as GB and GR), ``""`` if none."""
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=_COUNTRY_ALIASES.get(code, code))
    else:
        country = pycountry.countries.get(alpha_3=code)
    return country.alpha_2 if country is not None else ""


# Abbreviations of carrier ids written as codes (``SF-EXP``, ``CJ-LOG``), read as the words they stand for.
_CARRIER_ABBREVIATIONS = {
    "EXP": "EXPRESS",
    "EXPR": "EXPRESS",
    "XPRESS": "EXPRESS",
    "LOG": "LOGISTICS",
    "LOGIS": "LOGISTICS",
    "INTL": "INTERNATIONAL",
}
# A postal operator written as a code: a country code joined to POST by "_" or "-" (``POST_IN``, ``in-post``),
# read as the country even where the code is also a word (IN, DE, SA); "De Post", with a space, is not one.
_POSTAL_CODE = re.compile(r"^(?:POSTE?|POSTA|POSTAL)[_-]([A-Z]{2,3})$|^([A-Z]{2,3})[_-](?:POSTE?|POSTA|POSTAL)$")


def _postal_code_country(text: str) -> str:
    """The country of a postal operator written as ``POST_XX`` or ``XX-POST`` (``""`` otherwise).

    >>> _postal_code_country("POST_IN"), _postal_code_country("de-post"), _postal_code_country("De Post")
    ('IN', 'DE', '')
    """
    found = _POSTAL_CODE.match(text.strip().upper())
    return _iso_country(found.group(1) or found.group(2)) if found else ""


@functools.lru_cache(maxsize=65536)
def country_of_carrier(carrier: str) -> str:
    """Country of a carrier or postal operator name or id, ``""`` when it says nothing.

    1. Alias lookup in ``carriers.csv``, insensitive to case, accents, spacing
       and punctuation (``China Post``, ``CHINAPOST``, ``cn-post``); the longest
       alias found in the field wins. A carrier whose ``origin_evidence`` is
       ``no`` (global express networks such as DHL, FedEx, UPS, TNT, Aramex:
       they collect everywhere, so their home country says little about where
       a parcel was posted) gives ``""``, unless another token of the field is
       a country code (``DHL-CN``).
    2. Otherwise a separate two- or three-letter token that is an ISO country
       code (``CN-POST``, ``POST_MY``, ``USA-LINE``). Codes that are also
       common words or company forms (``DE``, ``LA``, ``IN``, ``SA``, ``AG``,
       ``CO`` ...) are ignored, and in a name written in mixed case only codes
       written in capitals count. Two different codes give ``""``.

    >>> country_of_carrier("China Post"), country_of_carrier("CHINAPOST"), country_of_carrier("cn-post")
    ('CN', 'CN', 'CN')

    Codes abbreviate: ``EXP`` reads as EXPRESS and ``LOG`` as LOGISTICS (``SF-EXP`` is SF Express), and a
    country code joined to POST by ``_`` or ``-`` names the country even where it is also a word
    (``POST_IN`` is India Post).

    >>> country_of_carrier("DHL Express"), country_of_carrier("POST_MY"), country_of_carrier("Correos de Bolivia")
    ('', 'MY', '')
    >>> country_of_carrier("SF-EXP"), country_of_carrier("POST_IN"), country_of_carrier("DHL-EXP")
    ('CN', 'IN', '')
    """
    if _missing(carrier):
        return ""
    text = str(carrier)
    tokens = _tokens(text)
    if not tokens:
        return ""
    postal = _postal_code_country(text)
    if postal:
        return postal
    letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
    mixed_case = any(ch.islower() for ch in letters) and any(ch.isupper() for ch in letters)
    index = _carrier_index()
    norm = [_CARRIER_ABBREVIATIONS.get(t, t) for t, _ in tokens]
    whole = index.exact.get(" ".join(norm))
    if whole is not None:
        return whole.country if whole.says_origin else ""
    best: tuple[int, int, int, _Carrier] | None = None  # (length, start, end, carrier)
    for start in range(len(norm)):
        for end in range(start + 1, min(len(norm), start + max(index.longest, 4)) + 1):
            span = tuple(norm[start:end])
            hit = index.spans.get(span) or index.compact.get("".join(span))
            if hit is not None:
                length = len("".join(span))
                if best is None or length > best[0]:
                    best = (length, start, end, hit)
    if best is None:
        return _country_token(tokens, mixed_case)
    _, start, end, hit = best
    if hit.says_origin:
        return hit.country
    return _country_token(tokens[:start] + tokens[end:], mixed_case)


_S10 = re.compile(r"([A-Z]{2})(\d{8})(\d)([A-Z]{2})")
_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an 8-digit serial number.

    Weights 8, 6, 4, 2, 3, 5, 9, 7; check = 11 − (sum mod 11), with 10 → 0 and 11 → 5.

    >>> s10_check_digit("12345678")
    5
    """
    check = 11 - sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(check, check)


@functools.lru_cache(maxsize=65536)
def country_of_postal_item(doc: str) -> str:
    """Posting country of a UPU S10 item id (``LX123456785CN`` → CN), else ``""``.

    Spaces and hyphens are ignored and case does not matter. Only ids whose
    check digit verifies and whose last two letters are an ISO country code
    count: an id that fails the check is more likely another kind of number
    that happens to look like S10 than a mistyped postal item.

    >>> country_of_postal_item("LX 123 456 785 CN"), country_of_postal_item("LX123456784CN")
    ('CN', '')
    """
    if _missing(doc):
        return ""
    text = re.sub(r"[\s-]+", "", str(doc)).upper()
    match = _S10.fullmatch(text)
    if match is None or s10_check_digit(match.group(2)) != int(match.group(3)):
        return ""
    country = pycountry.countries.get(alpha_2=match.group(4))
    return country.alpha_2 if country else ""


# --------------------------------------------------------------------------- trade defence


def _hs_key(value: object) -> str:
    if _missing(value):
        return ""
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return str(int(value)) if float(value).is_integer() else ""
    return re.sub(r"\D", "", str(value))


def under_trade_defence(
    destination: pd.Series,
    origin_evidence: pd.Series,
    hs_code: pd.Series,
    date: pd.Series | None = None,
    *,
    table: pd.DataFrame | None = None,
) -> np.ndarray:
    """Whether each parcel's goods are under a trade defence measure in its destination against ``origin_evidence``.

    A row matches when the destination is the row's destination (EU and GCC
    members match ``EU``/``GCC`` rows), the origin equals the row's origin and
    the HS code (dots and spaces ignored) starts with ``hs_prefix``, at the
    parcel's ``date`` (``valid_from`` ≤ date ≤ ``valid_to``; no date: today).
    Pass HS codes as text: a number loses its leading zero (``0409``).
    Computed once per distinct (destination, origin, HS code).

    >>> under_trade_defence(pd.Series(["NL", "NL", "US"]), pd.Series(["CN", "VN", "CN"]),
    ...                     pd.Series(["8711.60.10", "871160", "871160"])).tolist()
    [True, False, False]
    """
    table = trade_defence_table() if table is None else table
    n = len(destination)
    if n == 0 or table.empty:
        return np.zeros(n, dtype=bool)
    dest_codes, dest_keys = _factorize(destination, _country_key)
    origin_codes, origin_keys = _factorize(origin_evidence, _country_key)
    hs_codes, hs_keys = _factorize(hs_code, _hs_key)
    n_origin, n_hs = len(origin_keys), len(hs_keys)
    combined = (dest_codes.astype(np.int64) * n_origin + origin_codes) * n_hs + hs_codes
    combos, inverse = _distinct(combined)
    combo_dest = np.array(dest_keys, dtype=object)[combos // (n_origin * n_hs)]
    combo_origin = np.array(origin_keys, dtype=object)[(combos // n_hs) % n_origin]
    combo_hs = np.array(hs_keys, dtype=str)[combos % n_hs]

    when = _date_ns(date, n)
    result = np.zeros(n, dtype=bool)
    starts = pd.to_datetime(table["valid_from"])
    ends = pd.to_datetime(table["valid_to"])
    for row, start, end in zip(table.itertuples(index=False), starts, ends, strict=True):
        places = {row.destination, *_GROUPS.get(row.destination, ())}
        hit = (
            np.isin(combo_dest, list(places))
            & (combo_origin == row.origin)
            & np.char.startswith(combo_hs, str(row.hs_prefix))
        )
        if not hit.any():
            continue
        parcels = hit[inverse]
        if pd.notna(start):
            parcels &= when >= pd.Timestamp(start).value
        if pd.notna(end):
            parcels &= when <= pd.Timestamp(end).value
        result |= parcels
    return result
