"""Record features and comparison vectors: how closely two records agree, field by field.

Why: the scorer (Fellegi–Sunter) needs, per candidate pair, a small agreement level per field: names
equal, equal once transliterated, fuzzily close or different; phones equal in E.164 or by their last
digits; addresses at the same or a different door. Features are computed once per distinct value and
comparisons are vectorised (factorised codes, ``rapidfuzz.process.cpdist`` on the fuzzy remainder), so
millions of pairs cost seconds.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from graphintel.entities.address import numbers_conflict, parse_address
from graphintel.entities.fellegi_sunter import Field
from graphintel.entities.keys import joined_key, name_tokens, sorted_key
from graphintel.ingest import normalise as norm

WORKERS = 2
COMMON_NAME_PEOPLE = 3  # a name key held by this many distinct phones (or addresses) is a common name

PARTY_FIELDS = [
    Field("name", m=(0.02, 0.05, 0.18, 0.35, 0.40), u=(0.97, 0.025, 0.004, 0.0009, 0.0001)),
    Field("phone", m=(0.1, 0.05, 0.85), u=(0.9998, 0.0001, 0.0001)),
    Field("email", m=(0.2, 0.1, 0.7), u=(0.9998, 0.0001, 0.0001)),
    Field("address", m=(0.05, 0.1, 0.15, 0.3, 0.4), u=(0.3, 0.69, 0.009, 0.0009, 0.0001)),
    Field("id", m=(0.05, 0.95), u=(0.99999, 0.00001)),
    Field("country", m=(0.05, 0.95), u=(0.7, 0.3)),
]
ADDRESS_FIELDS = [
    Field("words", m=(0.02, 0.08, 0.3, 0.6), u=(0.97, 0.025, 0.004, 0.001)),
    Field("door", m=(0.05, 0.35, 0.6), u=(0.6, 0.39, 0.01)),
    Field("country", m=(0.05, 0.95), u=(0.7, 0.3)),
]
_LABELS = {
    "name": ("differs", "weak", "fuzzy", "translit", "translit"),
    "phone": ("differs", "suffix", "exact"),
    "email": ("differs", "local", "exact"),
    "address": ("other door", "other words", "fuzzy", "similar", "same"),
    "id": ("differs", "same"),
    "words": ("differs", "weak", "fuzzy", "same"),
    "door": ("other door", "compatible", "same"),
    "country": ("differs", "same"),
}


def column(records: pd.DataFrame, name: str) -> pd.Series:
    """A text column of ``records`` with missing values as ``""`` (an absent column is all empty)."""
    if name not in records:
        return pd.Series([""] * len(records), index=records.index, dtype=object)
    return records[name].fillna("").astype(str).str.strip()


def distinct_map(series: pd.Series, func) -> pd.Series:
    """``func`` applied once per distinct value of ``series`` (factorised), mapped back to every row."""
    codes, uniques = pd.factorize(series)
    values = np.empty(len(uniques), dtype=object)
    values[:] = [func(u) for u in uniques.tolist()]
    return pd.Series(values[codes] if len(codes) else [], index=series.index, dtype=object)


def fold_email(value: str) -> str:
    """An e-mail normalised and folded where providers ignore it: "+tags", and dots in Gmail local parts."""
    email = norm.normalise_email(value)
    if not email:
        return ""
    local, _, domain = email.partition("@")
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def _digits_tail(phone: str) -> str:
    """The last eight digits of a phone: they agree across country-code and trunk-prefix variants."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-8:] if len(digits) >= 8 else ""


def address_features(address: pd.Series, country: pd.Series) -> pd.DataFrame:
    """Parsed addresses: words, skeleton and door numbers, one column each."""
    parsed = distinct_map(address, parse_address)
    frame = pd.DataFrame(index=address.index)
    for part in ("words", "skeleton", "number", "unit", "floor", "pobox", "postcode", "numbers"):
        frame[f"addr_{part}"] = [getattr(a, part) for a in parsed]
    door = frame["addr_numbers"] + "|" + frame["addr_pobox"] + "|" + frame["addr_postcode"]
    frame["addr_door"] = door.where((frame["addr_words"] != "") | (door != "||"), "")
    frame["country"] = country.str.upper()
    return frame.reset_index(drop=True)


def party_features(records: pd.DataFrame) -> pd.DataFrame:
    """The features of seller or buyer records, in record order (positions 0..n-1)."""
    name = column(records, "name")
    country = column(records, "country").str.upper()
    frame = address_features(column(records, "address"), country)
    frame["id"] = norm.ids(column(records, "source_id")).to_numpy()
    frame["name"] = distinct_map(name, lambda v: " ".join(name_tokens(v))).to_numpy()
    frame["name_sorted"] = distinct_map(name, sorted_key).to_numpy()
    frame["name_joined"] = distinct_map(name, joined_key).to_numpy()
    phone = norm.phones(column(records, "phone"), country).fillna("")
    frame["phone"] = phone.to_numpy()
    frame["phone_tail"] = distinct_map(phone, _digits_tail).to_numpy()
    email = distinct_map(column(records, "email"), fold_email)
    frame["email"] = email.to_numpy()
    frame["email_local"] = email.str.split("@").str[0].where(email.str.len() > 0, "").fillna("").to_numpy()
    frame["name_common"], frame["name_tf"] = _name_frequency(frame)
    for key in ("phone", "email", "address"):
        frame[f"{key}_tf"] = _holders(frame, key)
    return frame


def _holders(frame: pd.DataFrame, key: str) -> np.ndarray:
    """Per record, the share of all *other* named people holding its phone, e-mail or address (name keys).

    A depot's phone or address written by three hundred buyers is weak evidence that two of them are one
    person; a phone held by one name is strong. This is the u of "same value" for that value (term
    frequency, counted in people as for names).
    """
    value = frame[key] if key != "address" else (frame["addr_door"] + "#" + frame["addr_skeleton"])
    value = value.where((frame[key] != "") if key != "address" else (frame["addr_door"] != ""))
    names = frame["name_sorted"].where(frame["name_sorted"] != "")
    held = names.groupby(value).nunique()
    people = max(names.nunique(), 1)
    return np.maximum(value.map(held).fillna(0).to_numpy(dtype=float) - 1, 0) / people


def _name_frequency(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """How common each record's name key is, counted in *people* (distinct phones, else e-mails, else addresses).

    A seller with fifty spellings of one name is one person; "Mohammed Ali" held by forty phones is forty.
    Returns whether the name is common and its share of all people: the u of "same name" for that name
    (term-frequency adjustment, as in Splink), so a shared common name is weak evidence.
    """
    people = frame["phone"].where(frame["phone"] != "", frame["email"])
    people = people.where(people != "", frame["addr_words"])
    people = people.where(people != "", pd.Series(np.arange(len(frame)).astype(str), index=frame.index))
    keyed = people.where(frame["name_sorted"] != "")
    count = keyed.groupby(frame["name_sorted"]).nunique()
    held = frame["name_sorted"].map(count).fillna(0).to_numpy(dtype=float)
    return held >= COMMON_NAME_PEOPLE, np.maximum(held - 1, 0) / max(people.nunique(), 1)  # others holding it


def _equal(values: pd.Series, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: both values present, and equal."""
    codes = pd.factorize(values.where(values != "", None), use_na_sentinel=True)[0]
    a, b = codes[left], codes[right]
    present = (a >= 0) & (b >= 0)
    return present, present & (a == b)


def _fuzzy(values: pd.Series, left: np.ndarray, right: np.ndarray, scorer) -> np.ndarray:
    """Similarity 0..1 of each pair's two values (rapidfuzz, in C, on two threads)."""
    if len(left) == 0:
        return np.zeros(0)
    array = values.to_numpy(dtype=object)
    scores = process.cpdist(array[left], array[right], scorer=scorer, workers=WORKERS, dtype=np.float32)
    return np.asarray(scores, dtype=float) / 100


def _graded(similarity: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
    """Levels 0..len(cuts) from a similarity and ascending cut-offs."""
    return np.searchsorted(np.asarray(cuts), similarity, side="right").astype(np.int8)


def name_levels(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Name agreement: 4 same key (rare name), 3 same key (common name), 2 / 1 fuzzy, 0 differs, -1 missing."""
    present, same_sorted = _equal(f["name_sorted"], left, right)
    _, same_joined = _equal(f["name_joined"], left, right)
    _, same_name = _equal(f["name"], left, right)
    same = same_sorted | same_joined | same_name
    level = np.full(len(left), -1, dtype=np.int8)
    fuzzy = present & ~same
    idx = np.flatnonzero(fuzzy)
    similarity = np.maximum(
        _fuzzy(f["name"], left[idx], right[idx], fuzz.token_sort_ratio),
        _fuzzy(f["name_sorted"], left[idx], right[idx], fuzz.ratio),
    )
    level[idx] = _graded(similarity, (0.7, 0.88))
    # One name inside the other, two words or more: a father's or middle name dropped ("Mona Mahmoud" /
    # "Mona Yusuf Mahmoud"), as strong as the same key.
    words = f["name_sorted"].str.count(" ").to_numpy()
    shorter = np.minimum(words[left[idx]], words[right[idx]]) >= 1
    subset = _fuzzy(f["name_sorted"], left[idx], right[idx], fuzz.token_set_ratio) >= 1.0
    same[idx[shorter & subset]] = True
    common = f["name_common"].to_numpy()
    level[same] = np.where(common[left[same]] | common[right[same]], 3, 4)
    return level


def _door_conflict(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per pair: the numbers cannot be one door (see ``numbers_conflict``), or PO boxes or postcodes differ.

    Number sets are compared once per distinct pair of sets, not once per record pair.
    """
    conflict = np.zeros(len(left), dtype=bool)
    for part in ("pobox", "postcode"):
        present, same = _equal(f[f"addr_{part}"], left, right)
        conflict |= present & ~same
    codes, uniques = pd.factorize(f["addr_numbers"])
    if len(left):
        pair = codes[left].astype(np.int64) * len(uniques) + codes[right]
        distinct, inverse = np.unique(pair, return_inverse=True)
        values = uniques.to_numpy(dtype=object)
        verdict = np.array([numbers_conflict(values[p // len(uniques)], values[p % len(uniques)]) for p in distinct],
                           dtype=bool)
        conflict |= verdict[inverse.ravel()]
    return conflict


def address_similarity(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Similarity 0..1 of the address words: the better of Latin words and sorted skeletons."""
    words = 0.5 * (_fuzzy(f["addr_words"], left, right, fuzz.token_set_ratio)
                   + _fuzzy(f["addr_words"], left, right, fuzz.token_sort_ratio))
    return np.maximum(words, _fuzzy(f["addr_skeleton"], left, right, fuzz.ratio))


def address_levels(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Party address agreement: 4 same door and words, 3 / 2 similar words, 1 other words, 0 other door."""
    present, same_door = _equal(f["addr_door"], left, right)
    level = np.full(len(left), -1, dtype=np.int8)
    idx = np.flatnonzero(present)
    similarity = address_similarity(f, left[idx], right[idx])
    graded = _graded(similarity, (0.7, 0.9)) + 1
    graded[(graded == 3) & same_door[idx] & (f["addr_door"].to_numpy()[left[idx]] != "||")] = 4
    graded[_door_conflict(f, left[idx], right[idx])] = 0
    level[idx] = graded
    return level


def _exact_levels(f: pd.DataFrame, column_name: str, left, right, partial: str | None = None) -> np.ndarray:
    """2 (or 1 when there is no partial key) equal, 1 partial key equal, 0 differs, -1 missing."""
    present, same = _equal(f[column_name], left, right)
    level = np.where(present, 0, -1).astype(np.int8)
    if partial is not None:
        _, same_partial = _equal(f[partial], left, right)
        level[present & same_partial] = 1
        level[same] = 2
    else:
        level[same] = 1
    return level


def party_levels(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> pd.DataFrame:
    """The comparison vector of each party pair (one int8 column per field of :data:`PARTY_FIELDS`).

    An address agreeing between two *different* names says nothing about the person: households and
    depots share addresses. So address agreement counts only between compatible names (level 2 or more);
    another door still counts against.
    """
    name = name_levels(f, left, right)
    address = address_levels(f, left, right)
    address[(name <= 1) & (address >= 2)] = -1
    return pd.DataFrame(
        {
            "name": name,
            "phone": _exact_levels(f, "phone", left, right, "phone_tail"),
            "email": _exact_levels(f, "email", left, right, "email_local"),
            "address": address,
            "id": _exact_levels(f, "id", left, right),
            "country": _exact_levels(f, "country", left, right),
        }
    )


def address_pair_levels(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> pd.DataFrame:
    """The comparison vector of each address pair (:data:`ADDRESS_FIELDS`)."""
    present, same_door = _equal(f["addr_door"], left, right)
    door = np.where(present, 1, -1).astype(np.int8)
    door[same_door & (f["addr_door"].to_numpy()[left] != "||")] = 2
    door[present & _door_conflict(f, left, right)] = 0
    words = np.full(len(left), -1, dtype=np.int8)
    has_words = present & (f["addr_words"].to_numpy()[left] != "") & (f["addr_words"].to_numpy()[right] != "")
    idx = np.flatnonzero(has_words)
    words[idx] = _graded(address_similarity(f, left[idx], right[idx]), (0.7, 0.85, 0.95))
    return pd.DataFrame({"words": words, "door": door, "country": _exact_levels(f, "country", left, right)})


def evidence(levels: pd.DataFrame) -> list[str]:
    """A short JSON per pair naming each compared field's agreement, e.g. ``{"name":"translit"}``."""
    labelled = {
        name: np.where(levels[name].to_numpy() >= 0, np.array(_LABELS[name], dtype=object)[levels[name].clip(0)], "")
        for name in levels.columns
    }
    rows = zip(*labelled.values(), strict=True)
    names = list(labelled)
    return [json.dumps({k: v for k, v in zip(names, row, strict=True) if v}, separators=(",", ":")) for row in rows]
