"""Per-consignment evidence columns the typology indicators cite (``docs/typologies.md``).

``add_evidence`` reads the shipped reference tables once per run and adds, to
each consignment row:

* ``threshold_duty`` and ``threshold_vat``: its destination's de minimis
  thresholds in its own currency (NaN where none);
* ``threshold_observed``: the threshold its destination's parcels in its
  currency bunch under (``bunching``; NaN where none shows, or when the
  operator set ``--de-minimis``);
* ``value_usd``: the declared value in US dollars (NaN where the currency is unknown);
* ``hs6``: the HS code's first six digits;
* ``seller_phone_country``, ``seller_email_country``: the country the seller's
  own contact data point to (a phone with an international prefix; a national
  mail provider or country-code domain);
* ``carrier_country``, ``postal_country``: where the carrier is based, and the
  posting country of a UPU S10 postal item id.

Carriers and e-mail domains are looked up once per distinct value, phones once
per calling code and prefix, and postal item ids on whole columns, so a million
rows cost a few seconds. An indicator whose column is absent or empty scores
nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import phonenumbers
import pycountry

from graphintel import reference
from graphintel.frames import isin
from graphintel.model.bunching import observed_thresholds, repeat_parcels

EVIDENCE_COLUMNS = (
    "threshold_duty",
    "threshold_vat",
    "threshold_observed",
    "value_usd",
    "hs6",
    "seller_phone_country",
    "seller_email_country",
    "carrier_country",
    "postal_country",
)


def column(c: pd.DataFrame, name: str) -> pd.Series:
    """``c[name]`` as text with "" for missing, or all "" when the column is absent."""
    if name not in c.columns:
        return pd.Series("", index=c.index, dtype=object)
    return c[name].fillna("").astype(str)


def number(c: pd.DataFrame, name: str) -> pd.Series:
    """``c[name]`` as float (NaN where missing or not a number), or all NaN when absent."""
    if name not in c.columns:
        return pd.Series(np.nan, index=c.index, dtype=float)
    return pd.to_numeric(c[name], errors="coerce").astype(float)


def _per_distinct(values: pd.Series, func) -> pd.Series:
    codes, uniques = pd.factorize(values)
    mapped = np.array([func(u) for u in uniques.tolist()] + [""], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def phone_countries(numbers: pd.Series) -> pd.Series:
    """``reference.country_of_phone`` of each number, asked once per calling code, or once per calling code
    and next digits where the code is shared.

    The country of an international number follows from its leading digits: the calling code alone where
    one country has it (+86, +971), and for a shared code such as +1 or +44 the area or mobile prefix
    (the first seven digits). So one number answers for all that share them: hundreds of thousands of
    numbers cost a few hundred parses.

    >>> numbers = ["+86 138 0013 8000", "0086 139 1111 2222", "+1 416 555 0123", "0501234567", "+800 1234 5678"]
    >>> phone_countries(pd.Series(numbers)).tolist()
    ['CN', 'CN', 'CA', '', '']
    """
    text = numbers.fillna("").astype(str)
    digits = text.str.replace(r"\D", "", regex=True)
    international = text.str.startswith("+") | text.str.startswith("00")
    digits = digits.where(~text.str.startswith("00"), digits.str.slice(2))
    code = pd.Series("", index=digits.index, dtype=object)
    for width in (3, 2, 1):  # calling codes are prefix-free: at most one width matches
        head = digits.str.slice(0, width)
        code = code.where(code != "", head.where(head.isin(_CALLING_CODES), ""))
    single = code.isin(_SINGLE_REGION_CODES) & (digits.str.len() >= code.str.len() + 4) & (digits.str.len() <= 17)
    key = ("+" + digits.str.slice(0, 7)).where(~single, "+" + code)
    key = key.where(international & (digits != ""), "")
    first = pd.Series(text.to_numpy(), index=key.to_numpy())
    first = first[~first.index.duplicated()]
    answers = {k: (reference.country_of_phone(v) if k else "") for k, v in first.items()}
    return key.map(answers).fillna("")


_CALLING_CODES = frozenset(str(code) for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE)
_SINGLE_REGION_CODES = frozenset(
    str(code) for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items() if len(regions) == 1
)


_S10_WEIGHTS = np.array([8, 6, 4, 2, 3, 5, 9, 7])


def postal_countries(docs: pd.Series) -> pd.Series:
    """``reference.country_of_postal_item`` of every value, computed on whole columns (a million ids in
    a second): the UPU S10 pattern, its check digit, and an ISO country in the last two letters.

    >>> postal_countries(pd.Series(["LX 123 456 785 CN", "LX123456784CN", "", "12345"])).tolist()
    ['CN', '', '', '']
    """
    text = docs.fillna("").astype(str).str.replace(r"[\s-]+", "", regex=True).str.upper()
    out = pd.Series("", index=docs.index, dtype=object)
    found = text.str.fullmatch(r"[A-Z]{2}\d{9}[A-Z]{2}").to_numpy(dtype=bool)
    if not found.any():
        return out
    ids = text[found]
    number = ids.str.slice(2, 10).astype(np.int64).to_numpy()
    serial = (number[:, None] // 10 ** np.arange(7, -1, -1)) % 10  # the eight digits, left to right
    check = 11 - (serial @ _S10_WEIGHTS) % 11
    check = np.where(check == 10, 0, np.where(check == 11, 5, check))
    country = ids.str.slice(11, 13).to_numpy(dtype=object)
    iso = np.array([c in _ISO_ALPHA2 for c in country], dtype=bool)
    valid = (check == ids.str.slice(10, 11).astype(int).to_numpy()) & iso
    out.iloc[np.flatnonzero(found)[valid]] = country[valid]
    return out


_ISO_ALPHA2 = frozenset(c.alpha_2 for c in pycountry.countries)


def party_contact_countries(links: pd.DataFrame) -> pd.DataFrame:
    """Per party key: the country of its phone (``phone``) and of its e-mail (``email``), "" when none.

    A party with several phones or e-mails takes the country most of them point to.
    """
    phones = links[links["kind"] == "phone"]
    emails = links[links["kind"] == "email"]
    domains = emails["value"].fillna("").astype(str).str.rsplit("@", n=1).str[-1] if len(emails) else emails
    return pd.DataFrame(
        {
            "phone": _most_common(phones, phone_countries(phones["identifier"].astype(str).str.removeprefix("phone:"))),
            "email": _most_common(
                emails, _per_distinct(domains, reference.country_of_email) if len(emails) else emails
            ),
        }
    )


def _most_common(rows: pd.DataFrame, countries) -> pd.Series:
    """Per party of ``rows``: the non-empty country most of its rows point to (ties: alphabetical)."""
    if rows.empty:
        return pd.Series(dtype=object)
    frame = pd.DataFrame({"party": rows["party"].to_numpy(), "country": np.asarray(countries, dtype=object)})
    frame = frame[frame["country"] != ""]
    counts = frame.groupby(["party", "country"], sort=False).size().rename("n").reset_index()
    top = counts.sort_values(["n", "country"], ascending=[False, True]).drop_duplicates("party")
    return top.set_index("party")["country"]


def add_evidence(
    c: pd.DataFrame, links: pd.DataFrame, de_minimis_override: float | None = None, fallback: float = 150.0
) -> pd.DataFrame:
    """A copy of ``c`` with the ``EVIDENCE_COLUMNS`` added (see the module docstring)."""
    out = c.copy()
    dates = pd.to_datetime(out["declaration_date"], errors="coerce") if "declaration_date" in out else None
    limits = reference.thresholds(
        column(out, "destination_country"),
        column(out, "currency"),
        dates,
        override=de_minimis_override,
        fallback=fallback,
    )
    out["threshold_duty"] = limits["duty"].to_numpy(dtype=float)
    out["threshold_vat"] = limits["vat"].to_numpy(dtype=float)
    out["threshold_observed"] = _observed(out, de_minimis_override)
    out["value_usd"] = reference.to_usd(number(out, "declared_value"), column(out, "currency")).to_numpy(dtype=float)
    out["hs6"] = column(out, "hs_code").str.replace(r"\D", "", regex=True).str.slice(0, 6)
    seller = column(out, "seller_key")
    contacts = party_contact_countries(links[isin(links["party"], seller.unique())])  # the sellers' own only
    for kind in ("phone", "email"):
        known = contacts[kind] if kind in contacts else pd.Series(dtype=object)
        out[f"seller_{kind}_country"] = seller.map(known).astype(object).fillna("").to_numpy(dtype=object)
    out["carrier_country"] = _per_distinct(column(out, "carrier_id"), reference.country_of_carrier).to_numpy()
    out["postal_country"] = postal_countries(column(out, "transport_doc")).to_numpy()
    return out


def _observed(c: pd.DataFrame, override: float | None) -> np.ndarray:
    """The observed threshold (``bunching``) per row, NaN where the operator set ``--de-minimis`` or the table
    has a threshold within a band (25%) of it: the table's wins."""
    if override is not None:
        return np.full(len(c), np.nan)
    dates = pd.to_datetime(column(c, "declaration_date").replace("", None), errors="coerce")
    repeat = repeat_parcels([column(c, "buyer_key"), column(c, "delivery_address_key")], dates)
    found = observed_thresholds(
        column(c, "destination_country"), column(c, "currency"), number(c, "declared_value"), repeat
    )
    near = np.zeros(len(c), dtype=bool)
    for name in ("threshold_duty", "threshold_vat"):
        table = c[name].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            near |= (table > 0) & (np.abs(np.log(found / table)) < -np.log(0.75))
    return np.where(near, np.nan, found)
