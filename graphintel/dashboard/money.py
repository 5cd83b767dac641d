"""Money as an analyst reads it: every amount with its currency and thousands separators, never a bare float.

Declared values are in each parcel's own ``currency``. Amounts in different currencies are never added: a sum
over mixed parcels is one amount per currency, the largest first.

>>> money(47138.44, "GBP")
'47,138.44 GBP'
>>> money_sums(pd.DataFrame({"declared_value": [10.0, 5.5, 1200.0], "currency": ["EUR", "EUR", "GBP"]}))
'1,200.00 GBP + 15.50 EUR'
"""

from __future__ import annotations

import math

import pandas as pd

UNKNOWN = "(no currency)"  # a parcel whose currency was not declared


def money(value: object, currency: object) -> str:
    """``value`` with two decimals, thousands separators and its currency code; "" when there is no value."""
    try:
        amount = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if math.isnan(amount):
        return ""
    if math.isinf(amount):
        return ("-" if amount < 0 else "") + "∞ " + _code(currency)
    return f"{amount:,.2f} {_code(currency)}"


def _code(currency: object) -> str:
    if currency is None or (isinstance(currency, float) and math.isnan(currency)):
        return UNKNOWN
    text = str(currency).strip().upper()
    return text if text else UNKNOWN


def per_currency(frame: pd.DataFrame, value: str = "declared_value", currency: str = "currency") -> pd.Series:
    """Sum of ``value`` per currency code, largest first (missing codes under ``UNKNOWN``)."""
    if frame.empty or value not in frame:
        return pd.Series(dtype=float)
    codes = frame[currency].map(_code) if currency in frame else pd.Series(UNKNOWN, index=frame.index)
    amounts = pd.to_numeric(frame[value], errors="coerce")
    sums = amounts.groupby(codes.to_numpy()).sum(min_count=1).dropna()
    return sums.sort_values(ascending=False, kind="stable")


def money_sums(frame: pd.DataFrame, value: str = "declared_value", currency: str = "currency") -> str:
    """The sums of ``value`` per currency as text: "47,138.44 GBP" or "1,200.00 GBP + 15.50 EUR"; "-" for none."""
    sums = per_currency(frame, value, currency)
    return " + ".join(money(v, c) for c, v in sums.items()) or "-"


def with_money(frame: pd.DataFrame, value: str = "declared_value", currency: str = "currency",
               label: str = "declared value") -> pd.DataFrame:  # fmt: skip
    """A table for display: ``value`` and ``currency`` replaced, in ``value``'s place, by one text column
    ``label`` ("47,138.44 GBP")."""
    if value not in frame:
        return frame
    codes = frame[currency] if currency in frame else pd.Series(None, index=frame.index, dtype=object)
    text = [money(v, c) for v, c in zip(frame[value], codes, strict=True)]
    out = frame.drop(columns=[currency], errors="ignore")
    position = list(out.columns).index(value)
    out = out.drop(columns=[value])
    out.insert(position, label, text)
    return out


def lead_money(values: pd.DataFrame) -> pd.Series:
    """Per lead id, its declared value per currency as text, from the rows of the ``lead_values`` query: what
    ``money_sums`` writes for each lead's rows, computed for all leads at once.

    >>> lead_money(pd.DataFrame({"lead_id": ["a", "a", "b", "b"], "currency": ["EUR", "GBP", "gbp", None],
    ...                          "value": [5.0, 9.0, 1.0, float("nan")]})).to_dict()
    {'a': '9.00 GBP + 5.00 EUR', 'b': '1.00 GBP'}
    """
    if values.empty:
        return pd.Series(dtype=object)
    codes = values["currency"].map(_code)
    amounts = pd.to_numeric(values["value"], errors="coerce")
    sums = amounts.groupby([values["lead_id"].to_numpy(), codes.to_numpy()]).sum(min_count=1)
    frame = sums.rename("value").rename_axis(["lead_id", "code"]).reset_index()
    leads = frame["lead_id"].drop_duplicates()
    frame = frame.dropna(subset=["value"])
    # Within a lead, the largest sum first; equal sums keep the order of their codes (as ``per_currency``).
    frame = frame.sort_values("value", ascending=False, kind="stable").sort_values("lead_id", kind="stable")
    text = pd.Series([money(v, c) for v, c in zip(frame["value"], frame["code"], strict=True)], index=frame.index)
    joined = text.groupby(frame["lead_id"].to_numpy()).agg(" + ".join)
    return joined.reindex(leads.to_numpy()).fillna("-").rename_axis("lead_id")
