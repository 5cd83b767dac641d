"""Party records (sellers, buyers) and their comparison vectors: how closely two records agree, field by field.

Why: the scorer (Fellegi–Sunter) needs, per candidate pair, a small agreement level per field: names
equal, equal once transliterated, fuzzily close or different; phones equal in E.164 or by their last
digits; e-mails and ids equal; addresses at the same or a different door (:mod:`.address_compare`).
Features are computed once per distinct value and comparisons are vectorised (:mod:`.pairwise`), so
millions of pairs cost seconds. The term frequencies here (how many people hold a name, a phone, an
address) make a value many people share weak evidence.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from graphintel.entities.address_compare import (
    address_features,
    address_levels,
    word_levels,
    word_shares,
)
from graphintel.entities.fellegi_sunter import Field
from graphintel.entities.keys import joined_key, name_tokens, skeleton, sorted_key
from graphintel.entities.pairwise import column, distinct_map, equal_values, exact_levels, fuzzy_similarity, to_levels
from graphintel.frames import distinct_integers
from graphintel.ingest import normalise as norm

DROP_POINT_NAMES = 5  # an address written with this many other names is a depot or drop point, not a home
SPELLING_ALIKE = 0.85  # two names this alike, letters without spaces (rapidfuzz ratio), are one misspelt
SPELLINGS_COMPARED = 30  # names of one address compared pair by pair (more: a crowd, counted as written)
COMMON_NAME_PEOPLE = 3  # a name key held by this many distinct phones (or addresses) is a common name
PARTY_FIELDS = [
    Field("name", m=(0.02, 0.05, 0.18, 0.35, 0.40), u=(0.97, 0.025, 0.004, 0.0009, 0.0001)),
    Field("phone", m=(0.1, 0.05, 0.85), u=(0.9998, 0.0001, 0.0001)),
    Field("email", m=(0.2, 0.1, 0.7), u=(0.9998, 0.0001, 0.0001)),
    Field("address", m=(0.05, 0.1, 0.15, 0.3, 0.4), u=(0.3, 0.69, 0.009, 0.0009, 0.0001)),
    Field("id", m=(0.05, 0.95), u=(0.99999, 0.00001)),
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


def _digits_tail(phones: pd.Series) -> pd.Series:
    """The last eight digits of each phone: they agree across country-code and trunk-prefix variants
    (``""`` for fewer than eight digits). Vectorised: a million phones in a fraction of a second."""
    digits = phones.astype(str).str.replace(r"\D+", "", regex=True)
    return digits.str[-8:].where(digits.str.len() >= 8, "")


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
    frame["phone_tail"] = _digits_tail(phone).to_numpy()
    email = distinct_map(column(records, "email"), fold_email)
    frame["email"] = email.to_numpy()
    frame["email_local"] = email.str.split("@").str[0].where(email.str.len() > 0, "").fillna("").to_numpy()
    # A local part that only spells the name ("maria_salazar", "yadavp") says no more than the name does:
    # namesakes write the same one at other providers. Its agreement is then no evidence (level missing).
    # Names written in another script are compared by consonant skeletons too ("mrym krymy" / "maryam_karimi").
    skeletons = frame["name_sorted"].where(~name.map(str.isascii).to_numpy(dtype=bool), "")
    written = (frame["email_local"] != "").to_numpy()
    keys = (frame["email_local"] + "\x1f" + frame["name"] + "\x1f" + skeletons)[written]
    named = np.zeros(len(frame), dtype=bool)
    named[written] = distinct_map(keys, local_from_name, parallel=True).to_numpy(dtype=bool)
    frame["email_local"] = frame["email_local"].where(~named, "")
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
    pairs = distinct_integers(key[present].astype(np.int64) * (value.max(initial=0) + 1) + value[present])
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
    alike = fuzzy_similarity(letters, left_a, right_a, fuzz.ratio) >= SPELLING_ALIKE
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
    people = max(len(distinct_integers(names[names >= 0])), 1)
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


def name_levels(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Name agreement: 4 same key (rare name), 3 same key (common name), 2 / 1 fuzzy, 0 differs, -1 missing."""
    present, same_sorted = equal_values(f, "name_sorted", left, right)
    _, same_joined = equal_values(f, "name_joined", left, right)
    _, same_name = equal_values(f, "name", left, right)
    same = same_sorted | same_joined | same_name
    level = np.full(len(left), -1, dtype=np.int8)
    fuzzy = present & ~same
    idx = np.flatnonzero(fuzzy)
    similarity = np.maximum(
        fuzzy_similarity(f["name"], left[idx], right[idx], fuzz.token_sort_ratio),
        fuzzy_similarity(f["name_sorted"], left[idx], right[idx], fuzz.ratio),
    )
    level[idx] = to_levels(similarity, (0.7, 0.88))
    # One name inside the other, two words or more: a father's or middle name dropped ("Mona Mahmoud" /
    # "Mona Yusuf Mahmoud"), as strong as the same key.
    words = f["name_sorted"].str.count(" ").to_numpy()
    shorter = np.minimum(words[left[idx]], words[right[idx]]) >= 1
    subset = fuzzy_similarity(f["name_sorted"], left[idx], right[idx], fuzz.token_set_ratio) >= 1.0
    same[idx[shorter & subset]] = True
    common = f["name_common"].to_numpy()
    level[same] = np.where(common[left[same]] | common[right[same]], 3, 4)
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
            "phone": exact_levels(f, "phone", left, right, "phone_tail"),
            "email": exact_levels(f, "email", left, right, "email_local"),
            "address": address,
            "id": exact_levels(f, "id", left, right),
            "country": exact_levels(f, "country", left, right),
        }
    )


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
