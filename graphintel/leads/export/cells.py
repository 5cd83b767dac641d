"""Values that go into a spreadsheet cell: never a live formula (CSV and formula injection).

A trader controls names, addresses and descriptions, and an officer opens the
exported tables in Excel or LibreOffice. A cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return (or their full-width forms, which
some spreadsheets also accept) is read as a formula there: ``=HYPERLINK(...)``
leaks data with one click, ``=cmd|...`` runs programs. As the OWASP CSV
Injection page advises, such a text is written with a single quote in front;
in a workbook it is a text cell (type ``s``, shown with a quote prefix).

Every tabular export goes through here: the CSV files of a lead package, the
spreadsheet, and the dashboard's CSV downloads.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from graphintel.formulas import FORMULA_STARTS as FORMULA_STARTS  # the test and the cure live in the foundation
from graphintel.formulas import looks_like_formula, neutralise

XLSX_MAX_CHARS = 32_767  # a spreadsheet cell holds at most this many characters
# Characters XML 1.0 (so XLSX and GraphML) cannot carry; openpyxl refuses them.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot be formulas."""
    out = frame.copy()
    out.columns = [neutralise(str(c)) for c in out.columns]
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        formula = values.map(looks_like_formula).to_numpy(dtype=bool)
        if formula.any():
            out[column] = values.where(~formula, "'" + values[formula].astype(str))
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text, formulas neutralised (the dashboard's downloads).

    Lines end in CRLF (RFC 4180), so a value holding a lone carriage return is
    quoted: unquoted, a spreadsheet starts a new row there and the text after
    it, say ``=1+1``, would be a cell of its own.
    """
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n")


def write_csv(frame: pd.DataFrame, path) -> None:
    """``frame`` as a CSV file, formulas neutralised (as ``csv_text``)."""
    neutralise_frame(frame).to_csv(path, index=False, lineterminator="\r\n")


def xml_text(text: str) -> str:
    """Text XML can carry: control characters other than tab, newline and carriage return become U+FFFD."""
    return XML_ILLEGAL.sub("\ufffd", text)


def put(sheet, row: int, column: int, value: object):
    """Write ``value`` into a worksheet cell, never as a formula; returns the cell.

    Text is stored as text (``data_type`` ``s``) with the quote prefix set when it
    would read as a formula, cleaned of characters XML cannot hold and cut to
    the cell limit; numbers stay numbers (non-finite ones are left empty).
    """
    value = _plain(value)
    if isinstance(value, str):
        value = xml_text(value)
        if len(value) > XLSX_MAX_CHARS:
            value = value[: XLSX_MAX_CHARS - 1] + "…"
    cell = sheet.cell(row, column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula unless told
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def _plain(value: object) -> object:
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, bool | int | str):
        return value
    if pd.isna(value) if not isinstance(value, list | tuple | dict) else False:
        return None
    return str(value)
