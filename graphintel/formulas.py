"""Text a spreadsheet would run as a formula, and the cure (CSV and formula injection).

A trader controls names, addresses, descriptions and ids, and an officer opens
the CSV files GraphIntel writes in Excel or LibreOffice. A cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their full-width
forms, which some spreadsheets also accept) is read as a formula there. As the
OWASP CSV Injection page advises, such a text is written with a single quote in
front. Lead exports (``leads.export.cells``) and ingest's quarantine files both
use these.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # ＝ ＋ － ＠


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: object) -> object:
    """The value for a CSV cell: text that a spreadsheet would read as a formula gets a leading ``'``.

    >>> neutralise('=HYPERLINK("http://x","click")')
    '\\'=HYPERLINK("http://x","click")'
    >>> neutralise("Shenzhen Suntec"), neutralise(-3.5)
    ('Shenzhen Suntec', -3.5)
    """
    return "'" + value if looks_like_formula(value) else value
