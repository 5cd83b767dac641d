"""Record features and comparison vectors: how closely two records agree, field by field.

Why: the scorer (Fellegi–Sunter) needs, per candidate pair, a small agreement level per field: names
equal, equal once transliterated, fuzzily close or different; phones equal in E.164 or by their last
digits; addresses at the same or a different door. Features are computed once per distinct value and
comparisons are vectorised (factorised codes, ``rapidfuzz.process.cpdist`` on the fuzzy remainder), so
millions of pairs cost seconds.
"""

from __future__ import annotations

import json
import multiprocessing as mp

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from graphintel.entities import address_words as glossary
from graphintel.entities.address import (
    CODES,
    DOOR_PARTS,
    SHARED_NUMBERS,
    Address,
    code_typo,
    door_level,
    explain_runs,
    parse_address,
    unit_missing,
)
from graphintel.entities.fellegi_sunter import Field
from graphintel.entities.keys import consonants, joined_key, name_tokens, skeleton, sorted_key
from graphintel.ingest import normalise as norm

WORKERS = 2
WORD_SHARES = (0.3, 0.5, 0.9)  # shares of word weight found on the other side (see word_levels)
SHORT_TOKENS = frozenset(t for t in set(glossary.LATIN.values()) | set(glossary.SCRIPT.values()) if len(t) <= 3)
OWN_WORD = np.log(1 / 0.3)  # the weight of a word a third of the addresses write ("road" and "street" less)
MAX_WORDS = 12  # address words compared (the rest of a long address adds little)
PARALLEL_MIN = 20_000  # distinct values worth forking workers for
CHUNK = 500_000  # pairs per vectorised block where a block's temporaries grow with its width
DROP_POINT_NAMES = 5  # an address written with this many other names is a depot or drop point, not a home
SPELLING_ALIKE = 0.85  # two names this alike, letters without spaces (rapidfuzz ratio), are one misspelt
SPELLINGS_COMPARED = 30  # names of one address compared pair by pair (more: a crowd, counted as written)
COMMON_NAME_PEOPLE = 3  # a name key held by this many distinct phones (or addresses) is a common name

# the addr_ columns
ADDRESS_PARTS = "words skeleton number unit floor pobox postcode numbers premise label joined held".split()
PARTY_FIELDS = [
    Field("name", m=(0.02, 0.05, 0.18, 0.35, 0.40), u=(0.97, 0.025, 0.004, 0.0009, 0.0001)),
    Field("phone", m=(0.1, 0.05, 0.85), u=(0.9998, 0.0001, 0.0001)),
    Field("email", m=(0.2, 0.1, 0.7), u=(0.9998, 0.0001, 0.0001)),
    Field("address", m=(0.05, 0.1, 0.15, 0.3, 0.4), u=(0.3, 0.69, 0.009, 0.0009, 0.0001)),
    Field("id", m=(0.05, 0.95), u=(0.99999, 0.00001)),
    Field("country", m=(0.05, 0.95), u=(0.7, 0.3)),
]
ADDRESS_FIELDS = [
    Field("words", m=(0.02, 0.08, 0.15, 0.25, 0.5), u=(0.8, 0.15, 0.04, 0.008, 0.002)),
    Field("door", m=(0.05, 0.05, 0.1, 0.2, 0.6), u=(0.6, 0.01, 0.37, 0.01, 0.01)),
    Field("country", m=(0.05, 0.95), u=(0.7, 0.3)),
]
_LABELS = {
    "name": ("differs", "weak", "fuzzy", "translit", "translit"),
    "phone": ("differs", "suffix", "exact"),
    "email": ("differs", "local", "exact"),
    "address": ("other door", "other words", "fuzzy", "similar", "same"),
    "id": ("differs", "same"),
    "words": ("differs", "some", "most", "one side's", "same"),
    "door": ("other door", "flat or building", "no numbers", "some numbers", "same"),
    "country": ("differs", "same"),
}


def column(records: pd.DataFrame, name: str) -> pd.Series:
    """A text column of ``records`` with missing values as ``""`` (an absent column is all empty)."""
    if name not in records:
        return pd.Series([""] * len(records), index=records.index, dtype=object)
    return records[name].fillna("").astype(str).str.strip()


def distinct_map(series: pd.Series, func, parallel: bool = False) -> pd.Series:
    """``func`` applied once per distinct value of ``series`` (factorised), mapped back to every row.

    With ``parallel``, many distinct values are split over :data:`WORKERS` forked processes (``func`` must
    be a module-level function): parsing a name or an address is Python, one core each is the limit.
    """
    codes, uniques = pd.factorize(series)
    values = np.empty(len(uniques), dtype=object)
    values[:] = _apply(func, uniques.tolist(), parallel)
    return pd.Series(values[codes] if len(codes) else [], index=series.index, dtype=object)


def _apply(func, items: list, parallel: bool) -> list:
    """``[func(x) for x in items]``, over forked worker processes when there are many and fork exists."""
    if not parallel or WORKERS < 2 or len(items) < PARALLEL_MIN or "fork" not in mp.get_all_start_methods():
        return [func(x) for x in items]
    with mp.get_context("fork").Pool(WORKERS) as pool:
        return pool.map(func, items, chunksize=max(len(items) // (8 * WORKERS), 1000))


def name_keys(name: str) -> tuple[str, str, str]:
    """A name's canonical tokens, its word-order-free key and its spacing-free key (see :mod:`.keys`)."""
    return " ".join(name_tokens(name)), sorted_key(name), joined_key(name)


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


def _phone(pair: str) -> str:
    """E.164 of ``"phone\x1fcountry"`` (the ingest's normalisation), ``""`` when there is none."""
    phone, _, country = pair.partition("\x1f")
    return norm.normalise_phone(phone, country) or ""


def local_from_name(pair: str) -> bool:
    """An e-mail local part made of the name's own words and initials (``"local\x1fname tokens"``, optionally
    ``"\x1fskeleton keys"`` of the name: :func:`keys.skeleton` per word, as ``name_sorted`` holds them).

    Each name token, or its stem (a last letter dropped: "popov" in "olga popova"), is removed once from
    the local part's letters, longest first; what remains is at most two letters (initials) or nothing.
    A name written in another script ("مریم کریمی", tokens "mrym krymy") is compared by consonant skeletons:
    "maryam_karimi" is "mrmkrm", the name's skeletons "krm mrm"; at most one letter may remain.

    >>> local_from_name("yadavp\x1fpriya yadav"), local_from_name("olga.popov\x1folga popova")
    (True, True)
    >>> local_from_name("chaudhrya\x1fabdchaudhry"), local_from_name("achaudhry\x1fabdchaudhry")
    (True, True)
    >>> local_from_name("albalushii\x1fibrahim balushi"), local_from_name("malhajiri\x1fmajed ibrahim hajiri")
    (True, True)
    >>> local_from_name("sunflower77\x1fmaria salazar")
    False
    >>> local_from_name("maryam_karimi\x1fmrym krymy\x1fkrm mrm"), local_from_name("sunflower\x1fmrym\x1fmrm")
    (True, False)
    """
    local, _, rest = pair.partition("\x1f")
    name, _, skeletons = rest.partition("\x1f")
    letters = "".join(ch for ch in local if ch.isalpha())
    if _consumed(letters, name.split(), stems=True) <= 2:
        return True
    return bool(skeletons) and letters.isascii() and _consumed(skeleton(letters), skeletons.split(), stems=False) <= 1


def _consumed(letters: str, tokens: list[str], stems: bool) -> int:
    """How many of ``letters`` remain once each token (or its stem) is removed once, longest first; a large
    number where nothing can be said (no letters, no tokens)."""
    tokens = sorted((t for t in tokens if len(t) >= 2), key=len, reverse=True)
    if not letters or not tokens:
        return 1 << 30
    for token in tokens:
        # "abdchaudhry" is "Abdul Chaudhry" joined (keys.name_tokens): its surname may stand alone
        tail = token[3:] if token.startswith("abd") and len(token) >= 7 else token
        # the article the name key drops may be written on ("albalushii" for Ibrahim Al Balushi)
        for form in ("al" + token, "el" + token, token, token[:-1] if stems and len(token) >= 5 else token, tail):
            if form in letters:
                letters = letters.replace(form, "", 1)
                break
    return len(letters)


def _digits_tail(phone: str) -> str:
    """The last eight digits of a phone: they agree across country-code and trunk-prefix variants."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-8:] if len(digits) >= 8 else ""


def address_features(address: pd.Series, country: pd.Series) -> pd.DataFrame:
    """Parsed addresses: words, skeleton and door numbers, one column each."""
    codes, uniques = pd.factorize(address)
    parsed = _apply(parse_address, uniques.tolist(), parallel=True)
    frame = pd.DataFrame(index=address.index)
    for part in ADDRESS_PARTS:
        values = np.array([getattr(a, part) for a in parsed] + [""], dtype=object)
        frame[f"addr_{part}"] = values[codes]  # code -1 (none) takes the trailing ""
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
    keys = distinct_map(name, name_keys, parallel=True)
    for k, key in enumerate(("name", "name_sorted", "name_joined")):
        frame[key] = [t[k] for t in keys]
    phone = distinct_map(column(records, "phone") + "\x1f" + country, _phone, parallel=True)
    frame["phone"] = phone.to_numpy()
    frame["phone_tail"] = distinct_map(phone, _digits_tail).to_numpy()
    email = distinct_map(column(records, "email"), fold_email)
    frame["email"] = email.to_numpy()
    frame["email_local"] = email.str.split("@").str[0].where(email.str.len() > 0, "").fillna("").to_numpy()
    # A local part that only spells the name ("maria_salazar", "yadavp") says no more than the name does:
    # namesakes write the same one at other providers. Its agreement is then no evidence (level missing).
    # Names written in another script are compared by consonant skeletons too ("mrym krymy" / "maryam_karimi").
    skeletons = frame["name_sorted"].where(~name.map(str.isascii).to_numpy(dtype=bool), "")
    named = distinct_map(frame["email_local"] + "\x1f" + frame["name"] + "\x1f" + skeletons, local_from_name)
    frame["email_local"] = frame["email_local"].where(~named.to_numpy(dtype=bool), "")
    frame["name_common"], frame["name_tf"] = _name_frequency(frame)
    for key in ("phone", "email", "address"):
        frame[f"{key}_tf"] = _holders(frame, key)
    names = max(len(pd.unique(frame["name_sorted"])), 1)
    frame["address_shared"] = np.rint(frame["address_tf"].to_numpy() * names) >= DROP_POINT_NAMES
    # An address held for the buyer by a forwarder ("c/o Aramex Shop & Ship, Warehouse 12") is a depot
    # however few of its customers this extract holds, and its spellings split them further.
    frame["address_shared"] = frame["address_shared"].to_numpy() | (frame["addr_held"] == "1").to_numpy()
    return frame


def _distinct_per_key(key: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Per record, how many distinct ``value`` codes share its ``key`` code (codes -1: none, counted 0)."""
    present = (key >= 0) & (value >= 0)
    pairs = np.unique(key[present].astype(np.int64) * (value.max(initial=0) + 1) + value[present])
    counts = np.bincount(pairs // (value.max(initial=0) + 1), minlength=key.max(initial=-1) + 1)
    return np.where(key >= 0, counts[np.maximum(key, 0)] if len(counts) else 0, 0).astype(float)


def _code(values: pd.Series, present: pd.Series | None = None) -> np.ndarray:
    """Factorised codes of ``values``, -1 where empty or not ``present``."""
    codes = pd.factorize(values)[0]
    absent = (values == "").to_numpy() if present is None else ~present.to_numpy()
    return np.where(absent, -1, codes)


def _spellings_as_people(value: np.ndarray, keys: pd.Series, names: pd.Series) -> np.ndarray:
    """Per record, how many people hold its ``value`` code (-1: none, counted 0), a person being one name and
    its misspellings: two name ``keys`` held there whose ``names`` (one spelling of each key), spaces aside,
    are alike (:data:`SPELLING_ALIKE`: a swapped, doubled or dropped letter, a split word) are one.

    A seller's typos at its own warehouse ("Bangkok" / "Bnagkok" / "Bangkko Royal Garments") are one name
    there, not a depot's crowd; a depot's three hundred buyers, with names of their own, are three hundred.
    Names are compared pair by pair where a value has at most :data:`SPELLINGS_COMPARED` of them; more are
    counted as they are (a crowd either way).
    """
    named = _code(keys)
    held = (value >= 0) & (named >= 0)
    distinct = pd.DataFrame({"value": value[held], "name": named[held]}).drop_duplicates().sort_values("value")
    rows, group = distinct["name"].to_numpy(), distinct["value"].to_numpy()
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(group)])
    left, right = [], []
    for size in range(2, SPELLINGS_COMPARED + 1):
        first = starts[sizes == size]
        if len(first):
            i, j = np.triu_indices(size, k=1)
            left.append((first[:, None] + i).ravel())
            right.append((first[:, None] + j).ravel())
    left_a, right_a = np.concatenate(left or [np.zeros(0, int)]), np.concatenate(right or [np.zeros(0, int)])
    letters = pd.Series(names.to_numpy()[_first_of(named)][rows]).str.replace(" ", "", regex=False)
    alike = _fuzzy(letters, left_a, right_a, fuzz.ratio) >= SPELLING_ALIKE
    m = len(rows)
    graph = coo_matrix((np.ones(int(alike.sum()), dtype=np.int8), (left_a[alike], right_a[alike])), shape=(m, m))
    person = connected_components(graph, directed=False)[1]
    counts = pd.Series(person).groupby(group).nunique()
    return np.where(held, counts.reindex(value).fillna(0).to_numpy(), 0).astype(float)


def _first_of(codes: np.ndarray) -> np.ndarray:
    """Per code 0..k-1, the position of its first record."""
    present = np.flatnonzero(codes >= 0)
    first = np.full(int(codes.max(initial=-1)) + 1, -1, dtype=np.int64)
    first[codes[present][::-1]] = present[::-1]
    return first


def _holders(frame: pd.DataFrame, key: str) -> np.ndarray:
    """Per record, the share of all *other* named people holding its phone, e-mail or address (name keys).

    A depot's phone or address written by three hundred buyers is weak evidence that two of them are one
    person; a phone held by one name is strong. This is the u of "same value" for that value (term
    frequency, counted in people as for names). Counted on integer codes (a groupby on strings is slow).
    At an address, a name and its misspellings are one person (:func:`_spellings_as_people`).
    """
    names = _code(frame["name_sorted"])
    people = max(len(np.unique(names[names >= 0])), 1)
    if key == "address":
        value = _code(frame["addr_door"] + "#" + frame["addr_skeleton"], frame["addr_door"] != "")
        return np.maximum(_spellings_as_people(value, frame["name_sorted"], frame["name"]) - 1, 0) / people
    return np.maximum(_distinct_per_key(_code(frame[key]), names) - 1, 0) / people


def _name_frequency(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """How common each record's name key is, counted in *people* (distinct phones, else e-mails, else addresses).

    A seller with fifty spellings of one name is one person; "Mohammed Ali" held by forty phones is forty.
    Returns whether the name is common and its share of all people: the u of "same name" for that name
    (term-frequency adjustment, as in Splink), so a shared common name is weak evidence.
    """
    people = frame["phone"].where(frame["phone"] != "", frame["email"])
    people = people.where(people != "", frame["addr_words"])
    people = people.where(people != "", pd.Series(np.arange(len(frame)).astype(str), index=frame.index))
    held = _distinct_per_key(_code(frame["name_sorted"]), pd.factorize(people)[0])
    return held >= COMMON_NAME_PEOPLE, np.maximum(held - 1, 0) / max(people.nunique(), 1)  # others holding it


def _equal(values: pd.Series, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: both values present, and equal."""
    codes = pd.factorize(values.where(values != "", None), use_na_sentinel=True)[0]
    a, b = codes[left], codes[right]
    present = (a >= 0) & (b >= 0)
    return present, present & (a == b)


def _fuzzy(values: pd.Series, left: np.ndarray, right: np.ndarray, scorer) -> np.ndarray:
    """Similarity 0..1 of each pair's two values (rapidfuzz, in C, on two threads).

    Each distinct pair of values is scored once: candidate pairs repeat the same two spellings often
    (a household's address, a depot's, a common name).
    """
    if len(left) == 0:
        return np.zeros(0)
    codes, uniques = pd.factorize(values)
    pair = codes[left].astype(np.int64) * len(uniques) + codes[right]
    inverse, distinct = pd.factorize(pair)
    array = uniques.to_numpy(dtype=object) if hasattr(uniques, "to_numpy") else np.asarray(uniques, dtype=object)
    a, b = array[distinct // len(uniques)], array[distinct % len(uniques)]
    scores = process.cpdist(a, b, scorer=scorer, workers=WORKERS, dtype=np.float32)
    return np.asarray(scores, dtype=np.float64)[inverse] / 100


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


def _number_sets(numbers: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per record a code of its number set, and per set its numbers as a padded matrix of number codes (-1)."""
    codes, uniques = pd.factorize(numbers)
    split = pd.Series(uniques, dtype=object).str.split()
    sizes = split.str.len().fillna(0).astype(int).to_numpy()
    flat = pd.factorize(split.explode().dropna())[0] if sizes.sum() else np.zeros(0, dtype=np.int64)
    matrix = np.full((len(uniques), max(int(sizes.max(initial=0)), 1)), -1, dtype=np.int64)
    rows = np.repeat(np.arange(len(uniques)), sizes)
    columns = np.arange(len(rows)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    matrix[rows, columns] = flat
    return codes, matrix


def _subset(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per row: every number of ``a`` (padded with -1) is among those of ``b``."""
    found = (a[:, :, None] == b[:, None, :]).any(axis=2) | (a < 0)
    return found.all(axis=1)


def _door_conflict(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per pair: the numbers cannot be one door (see ``numbers_conflict``), or a door part both give differs.

    Number sets are compared once per distinct pair of sets, vectorised (padded matrices of number codes).
    """
    conflict = np.zeros(len(left), dtype=bool)
    for part in DOOR_PARTS:
        if f"addr_{part}" in f:
            present, same = _equal(f[f"addr_{part}"], left, right)
            conflict |= present & ~same
    if len(left):
        codes, matrix = _number_sets(f["addr_numbers"])
        pair = codes[left].astype(np.int64) * len(matrix) + codes[right]
        inverse, distinct = pd.factorize(pair)
        verdict = np.zeros(len(distinct), dtype=bool)
        for start in range(0, len(distinct), CHUNK):  # the padded comparison is rows x k x k booleans
            part = distinct[start : start + CHUNK]
            a, b = matrix[part // len(matrix)], matrix[part % len(matrix)]
            verdict[start : start + CHUNK] = (a[:, 0] >= 0) & (b[:, 0] >= 0) & ~_subset(a, b) & ~_subset(b, a)
        conflict |= verdict[inverse]
    return conflict


def _unit_missing(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """:func:`.address.unit_missing` per pair, once per distinct pair of (unit, numbers)."""
    if len(left) == 0:
        return np.zeros(0, dtype=bool)
    key = f["addr_unit"] + "|" + f["addr_numbers"]
    codes, uniques = pd.factorize(key)
    has_unit = (f["addr_unit"] != "").to_numpy()
    pair = codes[left].astype(np.int64) * len(uniques) + codes[right]
    maybe = has_unit[left] != has_unit[right]
    verdict = np.zeros(len(left), dtype=bool)
    if maybe.any():
        inverse, distinct = pd.factorize(pair[maybe])
        values = [v.split("|") for v in uniques.tolist()]
        rule = [unit_missing(Address(unit=values[p // len(uniques)][0], numbers=values[p // len(uniques)][1]),
                             Address(unit=values[p % len(uniques)][0], numbers=values[p % len(uniques)][1]))
                for p in distinct.tolist()]
        verdict[maybe] = np.array(rule, dtype=bool)[inverse]
    return verdict


def door_levels(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """:func:`.address.door_level` per pair, vectorised: 0 other door (or a PO box against a street door),
    1 a flat against its building, 2 nothing to compare, 3 one side's number among the other's, 4 the
    same numbers, two or more among the other's, or the same PO box."""
    numbers = f["addr_numbers"].to_numpy()
    level = np.where((numbers[left] == "") | (numbers[right] == ""), 2, 3).astype(np.int8)
    level[(numbers[left] != "") & (numbers[left] == numbers[right])] = 4
    count = f["addr_numbers"].str.count(" ").to_numpy() + 1  # (conflicts, not subsets, are set to 0 below)
    level[(level == 3) & (np.minimum(count[left], count[right]) >= SHARED_NUMBERS)] = 4
    level[_unit_missing(f, left, right)] = 1
    _, same_box = _equal(f["addr_pobox"], left, right)
    level[same_box] = 4
    box = (f["addr_pobox"] != "").to_numpy()
    box_only = box & (numbers == "")
    level[(box_only[left] & ~box[right]) | (box_only[right] & ~box[left])] = 0
    level[_door_conflict(f, left, right)] = 0
    if "addr_joined" in f:  # a number split by a space, a code's digit dropped: the rule, on the pairs it may change
        joined = (f["addr_joined"] != "").to_numpy()
        idx = np.flatnonzero(((joined[left] | joined[right]) | _codes_typo(f, left, right)) & (level == 0))
        d = doors_of(f, left[idx], right[idx])
        level[idx] = [door_level(d[a], d[b]) for a, b in zip(left[idx].tolist(), right[idx].tolist(), strict=True)]
    return level


def _codes_typo(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per pair: the same door numbers, given, and a PO box or postcode one digit longer on one side than on
    the other (:func:`.address.code_typo` may hold)."""
    numbers = f["addr_numbers"].to_numpy()
    longer = np.zeros(len(left), dtype=bool)
    for part in CODES:
        length = f[f"addr_{part}"].str.len().to_numpy()
        longer |= (np.minimum(length[left], length[right]) >= 3) & (np.abs(length[left] - length[right]) == 1)
    return longer & (numbers[left] != "") & (numbers[left] == numbers[right])


def code_typos(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per pair: :func:`.address.code_typo`, the doors the same but for a code's digit dropped."""
    idx = np.flatnonzero(_codes_typo(f, left, right))
    typo = np.zeros(len(left), dtype=bool)
    d = doors_of(f, left[idx], right[idx])
    typo[idx] = [code_typo(d[a], d[b]) for a, b in zip(left[idx].tolist(), right[idx].tolist(), strict=True)]
    return typo


def doors_of(f: pd.DataFrame, *rows: np.ndarray) -> dict[int, Address]:
    """The door parts of the records ``rows`` of the features, as :class:`.address.Address` objects by record,
    each built once (a depot's record meets thousands of pairs): read from whole columns, not cell by cell."""
    parts = (*DOOR_PARTS, "numbers", "joined")
    unique = np.unique(np.concatenate(rows))
    columns = [f[f"addr_{part}"].to_numpy(dtype=object)[unique] for part in parts]
    rows_parts = zip(unique.tolist(), *columns, strict=True)
    return {i: Address(**dict(zip(parts, values, strict=True))) for i, *values in rows_parts}


def address_similarity(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Similarity 0..1 of the address words: the better of Latin words and sorted skeletons."""
    words = 0.5 * (_fuzzy(f["addr_words"], left, right, fuzz.token_set_ratio)
                   + _fuzzy(f["addr_words"], left, right, fuzz.token_sort_ratio))
    return np.maximum(words, _fuzzy(f["addr_skeleton"], left, right, fuzz.ratio))


def _word_table(words: pd.Series) -> tuple[np.ndarray, np.ndarray, pd.Index, np.ndarray, np.ndarray]:
    """Address words as codes: per record its words' row, per row a padded matrix of word codes (-1), the
    distinct words, each word's inverse document frequency (log of records over records holding it) and
    the number of distinct spellings (rows) holding it."""
    codes, uniques = pd.factorize(words)
    split = pd.Series(uniques, dtype=object).str.split().map(lambda w: list(dict.fromkeys(w))[:MAX_WORDS])
    sizes = split.str.len().fillna(0).astype(int).to_numpy()
    flat, vocabulary = pd.factorize(split.explode().dropna()) if sizes.sum() else (np.zeros(0, int), pd.Index([]))
    matrix = np.full((len(uniques), max(int(sizes.max(initial=0)), 1)), -1, dtype=np.int64)
    rows = np.repeat(np.arange(len(uniques)), sizes)
    matrix[rows, np.arange(len(rows)) - np.repeat(np.cumsum(sizes) - sizes, sizes)] = flat
    records = np.bincount(codes[codes >= 0], minlength=len(uniques))
    holding = np.bincount(flat, weights=records[rows], minlength=len(vocabulary))
    idf = np.log((1 + len(words)) / (1 + holding))
    return codes, matrix, vocabulary, idf, np.bincount(flat, minlength=len(vocabulary))


def _typo_allowed(length: np.ndarray) -> np.ndarray:
    """Edits tolerated in a word of ``length`` letters: none under 4, one up to 7, two from 8."""
    return np.where(length >= 8, 2, np.where(length >= 4, 1, 0))


def _abbreviates(a: str, b: str) -> bool:
    """One word is the other cut short: four letters or more, and two fewer than the full word at least."""
    short, full = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 4 and len(full) >= len(short) + 2 and full.startswith(short)


def _contracts(a: str, b: str) -> bool:
    """One word is the other contracted: its first and last letters and some between, in order, at most one
    vowel after the first letter, four letters or more and three fewer than the full word at least ("Mohd" /
    "Mohammed", "Govt" / "Government"; not "Nasr" / "Naseer" nor "Sara" / "Sahara")."""
    short, full = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 4 or len(full) < len(short) + 3 or short[0] != full[0] or short[-1] != full[-1]:
        return False
    if sum(ch in "aeiou" for ch in short[1:]) > 1:
        return False
    letters = iter(full)
    return all(ch in letters for ch in short)


def _article_joined(a: str, b: str) -> bool:
    """One word is the other with the Arabic article written onto it: "Alain" / "Ain" (Al Ain), "Elmaadi" /
    "Maadi"; the rest three letters or more. (Joined words of six letters or more lose it in parsing.)"""
    short, full = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 3 and full[:2] in ("al", "el") and full[2:] == short


def _glides(word: str) -> str:
    """The glides a word writes after its first letter: "w" for w or u, "y" for y or i (either, both or none)."""
    rest = word[1:]
    return ("w" if "w" in rest or "u" in rest else "") + ("y" if "y" in rest or "i" in rest else "")


def _glides_agree(a: str, b: str) -> bool:
    """Not one word gliding on w and the other on y alone: "Riyadh" / "Rawdah" are two words, whose two
    consonants (r, d) agree; "Hawalli" / "hwly" or "Dubai" / "Dubayy" write both and may be one."""
    ga, gb = _glides(a), _glides(b)
    return not (len(ga) == 1 and len(gb) == 1 and ga != gb)


def _word_matches(vocabulary: pd.Index, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair of word codes: one word, typos and transliteration allowed ("cargo" ~ "carg0" ~ "krgo").

    Equal words, equal consonant keys (:func:`.keys.consonants`, or :func:`.keys.skeleton` when it has three
    letters or both keys agree: "Dubai" and "Dhabi" share the skeleton "db"), words within
    :func:`_typo_allowed` edits of the longer (adjacent letters swapped count as one), skeletons of three
    letters or more within one edit (words of like length), or an abbreviation: a word of four letters or
    more that begins a word two letters longer at least ("Alex" / "Alexandria"), or a contraction
    (:func:`_contracts`: "Mohd" / "Mohammed"), or the word with the article joined ("Alain" / "Ain"). Only
    words of three letters or more are met so.
    """
    words = vocabulary.to_numpy(dtype=object)
    # Short glossary tokens ("rd", "st", "ave") are met only as written: "rd" is the skeleton of "Riyadh" too.
    fuzzy = np.array([len(w) >= 3 and w not in SHORT_TOKENS for w in words] + [False], dtype=bool)
    skeletons = np.array([skeleton(w) for w in words] + [""], dtype=object)
    plain = np.array([consonants(w) for w in words] + [""], dtype=object)
    pair = a.astype(np.int64) * len(words) + b
    inverse, distinct = pd.factorize(pair)
    x, y = distinct // len(words), distinct % len(words)
    wx, wy, sx, sy = words[x], words[y], skeletons[x], skeletons[y]
    edits = np.asarray(process.cpdist(wx, wy, scorer=OSA.distance, workers=WORKERS), dtype=np.int64)
    long_skeleton = np.char.str_len(sx.astype(str)) >= 3
    same_plain = plain[x] == plain[y]
    # Two consonants are too few to tell words apart: the glides must not differ (:func:`_glides_agree`).
    short_plain = np.flatnonzero(same_plain & (np.char.str_len(plain[x].astype(str)) == 2))
    same_plain[short_plain] = [_glides_agree(p, q) for p, q in zip(wx[short_plain], wy[short_plain], strict=True)]
    same = (sx == sy) & (sx != "") & (long_skeleton | same_plain | (edits <= 1))  # "db": Dubai, not Dhabi
    same |= same_plain & (np.char.str_len(plain[x].astype(str)) >= 2)
    same |= np.array([_abbreviates(p, q) or _contracts(p, q) or _article_joined(p, q)
                      for p, q in zip(wx.tolist(), wy.tolist(), strict=True)], dtype=bool)
    lengths = np.char.str_len(wx.astype(str)), np.char.str_len(wy.astype(str))
    same |= edits <= _typo_allowed(np.maximum(*lengths))
    skeleton_edits = np.asarray(process.cpdist(sx, sy, scorer=OSA.distance, workers=WORKERS), dtype=np.int64)
    short_skeleton = np.minimum(np.char.str_len(sx.astype(str)), np.char.str_len(sy.astype(str)))
    alike = np.abs(lengths[0] - lengths[1]) <= 3  # not Sultan / Sulaimaniyah
    # One edit in a skeleton of three consonants is a letter dropped or added (an article's l: "ljbl" / "jbl"),
    # not another letter: "Khalifa" hlf is not "Khaleej" hlj, nor "Tahlia" thl "Tahrir" thr.
    indel = np.char.str_len(sx.astype(str)) != np.char.str_len(sy.astype(str))
    same |= (skeleton_edits <= 1) & ((short_skeleton >= 4) | ((short_skeleton == 3) & indel)) & alike
    same = (x == y) | (same & fuzzy[x] & fuzzy[y])  # "ark" / "park": a letter dropped from a short word
    return same[inverse]


def word_shares(words: pd.Series, left: np.ndarray, right: np.ndarray, known: bool = False) -> tuple[np.ndarray, ...]:
    """Per pair, the share of each side's word weight (IDF) found among the other side's words, 0..1, and
    each side's weight left unfound, kind words aside (:data:`.address_words.KIND_WORDS`: "complex" and
    "park" both say مجمع, "street" and "road" are written for one another; names tell places apart). With
    ``known``, words that a single spelling of an address writes are set aside too.

    Rare words (a street's or building's name) carry the weight; words many addresses hold ("road",
    "dubai") little. Each word may be found with a typo or in another transliteration. Two shares, not
    one: a side whose words are all found is a shorter spelling of the other (a district or forwarder's
    name left out); two sides that each hold rare words the other lacks name two places.
    """
    if len(left) == 0:
        return np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0)
    codes, matrix, vocabulary, idf, spellings = _word_table(words)
    pair = codes[left].astype(np.int64) * len(matrix) + codes[right]
    inverse, distinct = pd.factorize(pair)
    a, b = matrix[distinct // len(matrix)], matrix[distinct % len(matrix)]
    both = (a[:, :, None] >= 0) & (b[:, None, :] >= 0)
    match = np.zeros(both.shape, dtype=bool)
    ia, ib = np.broadcast_to(a[:, :, None], both.shape)[both], np.broadcast_to(b[:, None, :], both.shape)[both]
    match[both] = _word_matches(vocabulary, ia, ib) if both.any() else np.zeros(0, dtype=bool)
    found_a, found_b = match.any(axis=2) | (a < 0), match.any(axis=1) | (b < 0)
    _explain_runs(vocabulary, a, b, found_a, found_b)
    weight_a, weight_b = np.where(a >= 0, idf[a], 0.0), np.where(b >= 0, idf[b], 0.0)
    total_a, total_b = weight_a.sum(axis=1), weight_b.sum(axis=1)
    share_a = np.where(total_a > 0, (weight_a * found_a).sum(axis=1) / np.maximum(total_a, 1e-12), 0.0)
    share_b = np.where(total_b > 0, (weight_b * found_b).sum(axis=1) / np.maximum(total_b, 1e-12), 0.0)
    generic = np.array([w in glossary.KIND_WORDS for w in vocabulary.to_numpy(dtype=object)] + [True], dtype=bool)
    if known:  # a word no other spelling of an address writes is likelier a misspelling than a place ("Duayy")
        generic[:-1] |= spellings < 2
    named_a, named_b = weight_a * ~generic[a], weight_b * ~generic[b]  # code -1 (padding) takes the last
    unfound_a, unfound_b = (named_a * ~found_a).sum(axis=1), (named_b * ~found_b).sum(axis=1)
    return share_a[inverse], share_b[inverse], unfound_a[inverse], unfound_b[inverse]


def _explain_runs(vocabulary: pd.Index, a: np.ndarray, b: np.ndarray, found_a: np.ndarray, found_b: np.ndarray):
    """Words still unfound that spell a run of the other side's words (joined, or an acronym), in place:
    :func:`.address.explain_runs` on the pairs (rows) where a word is unfound."""
    open_rows = np.flatnonzero(~found_a.all(axis=1) | ~found_b.all(axis=1))
    text = vocabulary.to_numpy(dtype=object)
    for row in open_rows.tolist():
        wa, wb = [text[c] for c in a[row] if c >= 0], [text[c] for c in b[row] if c >= 0]
        fa, fb = found_a[row, : len(wa)].tolist(), found_b[row, : len(wb)].tolist()
        explain_runs(wa, fa, wb, fb)
        explain_runs(wb, fb, wa, fa)
        found_a[row, : len(wa)], found_b[row, : len(wb)] = fa, fb


def idf_word_agreement(words: pd.Series, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per pair, the share of the two addresses' word weight (IDF) found on the other side, 0..1."""
    if len(left) == 0:
        return np.zeros(0)
    codes, matrix, _, idf, _ = _word_table(words)
    weight = np.where(matrix >= 0, idf[matrix], 0.0).sum(axis=1)[codes]
    share_a, share_b, _, _ = word_shares(words, left, right)
    wa, wb = weight[left], weight[right]
    return np.where(wa + wb > 0, (share_a * wa + share_b * wb) / np.maximum(wa + wb, 1e-12), 0.0)


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


def other_given_names(a: str, b: str) -> bool:
    """Two sorted skeleton keys each holding a word the other lacks, not one edit apart: other people.

    >>> other_given_names("brhm ysf", "hmd ysf"), other_given_names("mhmd ysf", "mhmmd ysf")
    (True, False)
    """
    only_a, only_b = set(a.split()) - set(b.split()), set(b.split()) - set(a.split())
    if not only_a or not only_b:
        return False
    return not any(OSA.distance(x, y, score_cutoff=1) <= 1 for x in only_a for y in only_b)


def _other_given_names(keys: pd.Series, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """:func:`other_given_names` per pair, once per distinct pair of keys."""
    if len(left) == 0:
        return np.zeros(0, dtype=bool)
    codes, uniques = pd.factorize(keys)
    inverse, distinct = pd.factorize(codes[left].astype(np.int64) * len(uniques) + codes[right])
    values = uniques.to_numpy(dtype=object)
    verdict = [other_given_names(values[p // len(uniques)], values[p % len(uniques)]) for p in distinct.tolist()]
    return np.array(verdict, dtype=bool)[inverse]


def _other_places(f: pd.DataFrame, left: np.ndarray, right: np.ndarray, address: np.ndarray) -> np.ndarray:
    """Pairs whose address would count for them, but whose two spellings each hold a place name the other
    lacks (:func:`word_levels` 1 or 0), a name other addresses write too: "60 Prince Mohammed Street, Al
    Khobar" and "V60, Prince Mohammed Street, Jeddah" are alike strings and two cities, while a word no
    other address writes ("Duayy") is a typo more likely than a place. Their address then counts for
    nothing (a translation the glossary lacks looks the same). Checked only where the address counts and
    the words differ."""
    words = f["addr_words"].to_numpy()
    idx = np.flatnonzero((address >= 2) & (words[left] != words[right]))
    if len(idx) == 0:
        return idx
    return idx[word_levels(*word_shares(f["addr_words"], left[idx], right[idx], known=True)) <= 1]


def party_levels(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> pd.DataFrame:
    """The comparison vector of each party pair (one int8 column per field of :data:`PARTY_FIELDS`).

    An address agreeing between two *different* names says nothing about the person: households and
    depots share addresses. So address agreement counts only between compatible names (level 2 or more)
    that do not differ by a whole word (another given name, "Priya Yadav" / "Pooja Yadav"), and not at an
    address many other names write (a depot), nor between spellings that each name a place the other lacks
    (another city or district: :func:`_other_places`); another door still counts against.
    """
    name = name_levels(f, left, right)
    address = address_levels(f, left, right)
    address[(name <= 1) & (address >= 2)] = -1
    shared = f["address_shared"].to_numpy() if "address_shared" in f else np.zeros(len(f), dtype=bool)
    address[(shared[left] | shared[right]) & (address >= 2)] = -1  # namesakes meet at a depot
    fuzzy = np.flatnonzero((name == 2) & (address >= 2))  # alike names at one address: a household?
    address[fuzzy[_other_given_names(f["name_sorted"], left[fuzzy], right[fuzzy])]] = -1
    address[_other_places(f, left, right, address)] = -1
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


def word_levels(share_a: np.ndarray, share_b: np.ndarray, unfound_a: np.ndarray, unfound_b: np.ndarray) -> np.ndarray:
    """Address word agreement from each side's share of its word weight found on the other side, and the
    weight each leaves unfound.

    1 when *each* side holds a word the other lacks that many addresses do not write (weight over
    :data:`OWN_WORD`): another street, district or city on each side, or typos the matching could not
    pair; 0 when, besides, little of either is found. Otherwise one side is all found in the other (a
    shorter spelling: a district, a building's or forwarder's name left out), graded by how much of the
    other side it covers: 4 nearly all (the same words), 3 most, 2 little (a PO box and a city).
    """
    low = np.minimum(share_a, share_b)
    level = np.where(low >= WORD_SHARES[2], 4, np.where(low >= WORD_SHARES[1], 3, 2))
    own = np.minimum(unfound_a, unfound_b) >= OWN_WORD
    level = np.where(own, np.where(low >= WORD_SHARES[0], 1, 0), level)
    return level.astype(np.int8)


def address_pair_levels(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> pd.DataFrame:
    """The comparison vector of each address pair (:data:`ADDRESS_FIELDS`)."""
    present, _ = _equal(f["addr_door"], left, right)
    door = np.where(present, door_levels(f, left, right), -1).astype(np.int8)
    words = np.full(len(left), -1, dtype=np.int8)
    # Words are compared where the doors may be one (another door is another address, whatever the words)
    has_words = (door > 0) & (f["addr_words"].to_numpy()[left] != "") & (f["addr_words"].to_numpy()[right] != "")
    idx = np.flatnonzero(has_words)
    share_a, share_b, unfound_a, unfound_b = word_shares(f["addr_words"], left[idx], right[idx])
    # A PO box one side alone gives is a name the other lacks, as a district is: "Villa 20, Palestine St, Al
    # Malaz, Riyadh" / "Villa 20, Palestine St, Riyadh, PO Box 74929" each say what the other does not.
    box = (f["addr_pobox"] != "").to_numpy()
    only_a, only_b = box[left[idx]] & ~box[right[idx]], box[right[idx]] & ~box[left[idx]]
    unfound_a[only_a] = np.maximum(unfound_a[only_a], OWN_WORD)
    unfound_b[only_b] = np.maximum(unfound_b[only_b], OWN_WORD)
    words[idx] = word_levels(share_a, share_b, unfound_a, unfound_b)
    door[code_typos(f, left, right) & (words < 4)] = 0  # a code's typo only where the street and city agree
    return pd.DataFrame({"words": words, "door": door, "country": _exact_levels(f, "country", left, right)})


def evidence(levels: pd.DataFrame) -> list[str]:
    """A short JSON per pair naming each compared field's agreement, e.g. ``{"name":"translit"}``.

    Written once per distinct comparison vector (a few hundred), not once per pair.
    """
    if len(levels) == 0:
        return []
    from graphintel.entities.fellegi_sunter import distinct_patterns

    names = list(levels.columns)
    values = levels.to_numpy(dtype=np.int64)
    patterns, _ = distinct_patterns(values)
    texts = [
        json.dumps({n: _LABELS[n][v] for n, v in zip(names, row, strict=True) if v >= 0}, separators=(",", ":"))
        for row in patterns.tolist()
    ]
    code = np.zeros(len(values), dtype=np.int64)
    pattern_code = np.zeros(len(patterns), dtype=np.int64)
    for k in range(values.shape[1]):
        code |= (values[:, k] + 1) << (4 * k)
        pattern_code |= (patterns[:, k] + 1) << (4 * k)
    return np.array(texts, dtype=object)[np.searchsorted(pattern_code, code)].tolist()
