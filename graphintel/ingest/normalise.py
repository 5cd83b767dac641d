"""Normalise names, addresses, phones and e-mails so variants of one value meet.

Each function maps a raw value to a canonical form; the ``*_series`` helpers
apply them to a pandas Series, computing each distinct value once.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

import numpy as np
import pandas as pd
import phonenumbers

# Each normaliser remembers this many recent values: a name or address recurs across chunks, but three
# caches of a million entries held about a gigabyte in the ingest process.
CACHE_SIZE = 200_000

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_INTERNATIONAL = re.compile(r"^\+[\d\s\-.]{7,24}$")  # "+", then digits and separators only (no "(0)")
_NOT_DIGIT = re.compile(r"\D")
_NATIONAL = re.compile(r"^0[1-9][\d\s\-.]{5,22}$")  # a trunk "0", then digits and separators only

# Common street words and their abbreviations, so "12 Baker Street" meets "12 BAKER ST.".
_ADDRESS_WORDS = {
    "street": "st",
    "str": "st",
    "road": "rd",
    "avenue": "ave",
    "av": "ave",
    "lane": "ln",
    "drive": "dr",
    "court": "ct",
    "place": "pl",
    "square": "sq",
    "building": "bldg",
    "apartment": "apt",
    "flat": "apt",
    "suite": "ste",
    "floor": "fl",
    "number": "no",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "close": "cl",
    "crescent": "cres",
    "terrace": "terr",
    "gardens": "gdns",
    "industrial": "ind",
    "estate": "est",
}
_COMPANY_WORDS = {"limited": "ltd", "company": "co", "corporation": "corp", "incorporated": "inc"}


def _fold(value: str) -> str:
    if value.isascii():
        text = value  # nothing to decompose: the common case, several times faster
    else:
        text = unicodedata.normalize("NFKD", value)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _PUNCT.sub(" ", text.casefold())
    return _SPACE.sub(" ", text).strip()


@functools.lru_cache(maxsize=CACHE_SIZE)
def normalise_name(value: str) -> str:
    """Case, accents, punctuation and spacing folded: ``"ACME  Ltd."`` -> ``"acme ltd"``.

    >>> normalise_name("  Shenzhen Best-Trade Co., LIMITED ")
    'shenzhen best trade co ltd'
    """
    words = _fold(value).split()
    return " ".join(_COMPANY_WORDS.get(w, w) for w in words)


@functools.lru_cache(maxsize=CACHE_SIZE)
def normalise_address(value: str) -> str:
    """An address folded like a name, with street words abbreviated.

    >>> normalise_address("12 BAKER STREET,  London")
    '12 baker st london'
    >>> normalise_address("12 Baker St. London")
    '12 baker st london'
    """
    words = _fold(value).split()
    return " ".join(_ADDRESS_WORDS.get(w, w) for w in words)


@functools.lru_cache(maxsize=CACHE_SIZE)
def normalise_phone(value: str, country: str = "") -> str:
    """A phone number in E.164 form, read in the party's country when it has no prefix.

    Falls back to the digits alone when the number cannot be parsed.

    >>> normalise_phone("07700-900123", "GB")
    '+447700900123'
    >>> normalise_phone("+44 7700 900123")
    '+447700900123'
    """
    raw = value.strip()
    if not raw:
        return ""
    if _INTERNATIONAL.match(raw):  # already international: "+44 7700-900123" needs no parsing
        digits = _NOT_DIGIT.sub("", raw)
        if 8 <= len(digits) <= 15 and digits[0] != "0":
            return "+" + digits
    if country and _NATIONAL.match(raw):  # national, after a trunk 0: "055 635 1887" in Saudi Arabia
        e164 = _trunk_national(_NOT_DIGIT.sub("", raw), country.upper())
        if e164:
            return e164
    try:
        parsed = phonenumbers.parse(raw, country or None)
        if phonenumbers.is_possible_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    return "".join(ch for ch in raw if ch.isdigit())


@functools.lru_cache(maxsize=512)
def _trunk_rule(region: str) -> tuple[str, re.Pattern, re.Pattern, frozenset[int]] | None:
    """The country code, international-prefix pattern, national-number pattern and possible lengths of a
    region (phonenumbers' own metadata) whose national numbers are written after a trunk prefix "0" and
    nothing else; ``None`` for the others (no trunk prefix, as in Italy, a rule that rewrites it, or a
    country code another region owns)."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if meta is None or meta.national_prefix != "0" or meta.national_prefix_transform_rule:
        return None
    if meta.national_prefix_for_parsing not in (None, "0") or meta.general_desc is None:
        return None
    if phonenumbers.region_code_for_country_code(meta.country_code) != region:
        return None  # a code shared with a main region (Guernsey's +44): its lengths decide what is possible
    desc = meta.general_desc
    if not desc.national_number_pattern or not desc.possible_length:
        return None
    return (str(meta.country_code), re.compile(meta.international_prefix or "$^"),
            re.compile(f"(?:{desc.national_number_pattern})"), frozenset(desc.possible_length))


def _trunk_national(digits: str, region: str) -> str:
    """E.164 of a national number written after the trunk "0" (``digits``), read as phonenumbers does, or
    ``""`` where only the full parse can tell (no simple trunk rule, an international prefix such as Japan's
    "010", a number its region's plan does not hold). Parsing is a tenth of a millisecond a number: at a
    million parties, most of the phones' share of resolution and ingest."""
    rule = _trunk_rule(region)
    if rule is None:
        return ""
    code, international, pattern, lengths = rule
    national = digits[1:]
    if international.match(digits) or len(national) not in lengths or not pattern.fullmatch(national):
        return ""
    return f"+{code}{national}"


def normalise_email(value: str) -> str:
    """An e-mail trimmed and lower-cased; ``""`` when it is not an address.

    >>> normalise_email(" John.Doe@Example.COM ")
    'john.doe@example.com'
    """
    text = value.strip().casefold()
    return text if _EMAIL.match(text) else ""


def normalise_id(value: str) -> str:
    """A source id trimmed and upper-cased, inner spaces removed."""
    return _SPACE.sub("", value.strip()).upper()


def stable_key(*parts: str) -> str:
    """A short key derived from normalised values: the same inputs give the same key on every load."""
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=10)
    return digest.hexdigest()


def digests(series: pd.Series) -> pd.Series:
    """A short stable digest of each value (``stable_key``, 8 hex digits), computed once per distinct value."""
    return _map_unique(series, lambda value: stable_key(value)[:8])


def _map_unique(series: pd.Series, func) -> pd.Series:
    """``func`` applied once per distinct value (factorised in C), mapped back to every row."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    mapped = np.array([func(u) for u in uniques.tolist()] + [None], dtype=object)
    return pd.Series(mapped[codes], index=series.index, dtype=object)  # code -1 (missing) -> None


def names(series: pd.Series) -> pd.Series:
    return _map_unique(series, normalise_name)


def addresses(series: pd.Series) -> pd.Series:
    return _map_unique(series, normalise_address)


def emails(series: pd.Series) -> pd.Series:
    return _map_unique(series, normalise_email)


def ids(series: pd.Series) -> pd.Series:
    return _map_unique(series, normalise_id)


def phones(series: pd.Series, countries: pd.Series) -> pd.Series:
    pairs = series.fillna("").astype(str) + "\x1f" + countries.fillna("").astype(str)
    return _map_unique(pairs, lambda pair: normalise_phone(*pair.split("\x1f", 1)))


def _address_identifiers(values: pd.Series, countries: pd.Series) -> tuple[pd.Series, pd.Series]:
    value = addresses(values)
    pairs = value.fillna("").astype(str) + "\x1f" + countries.fillna("").astype(str).to_numpy()
    key = _map_unique(pairs, stable_key)  # stable_key(address, country), once per distinct pair
    return value, key


def _phone_identifiers(values: pd.Series, countries: pd.Series) -> tuple[pd.Series, pd.Series]:
    value = phones(values, countries)
    return value, value


def _email_identifiers(values: pd.Series, countries: pd.Series) -> tuple[pd.Series, pd.Series]:
    value = emails(values)
    return value, value


# Each identifier kind of the schema (``schema.IDENTIFIERS``, by ``column``) -> its normaliser: raw values and
# the party's countries in, (normalised value, key without the kind's prefix) out. A new kind of identifier is
# one entry in the schema and one here.
IDENTIFIER_NORMALISERS = {
    "address": _address_identifiers,
    "phone": _phone_identifiers,
    "email": _email_identifiers,
}
