"""Address features and comparison levels: parsed words, door numbers and codes, and how closely two
spellings of an address agree (words weighted by rarity, doors by role).

Why: an address is one door of one street in one place, written many ways (abbreviations, scripts,
unit and floor formats, typos). Two spellings are compared on the door first (another flat or PO box is
another address, however alike the words) and then on the words, each weighted by how few addresses
write it. Used for delivery addresses (:func:`address_pair_levels`) and for the address field of party
pairs (:func:`address_levels`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

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
from graphintel.entities.keys import consonants, skeleton
from graphintel.entities.pairwise import WORKERS, apply_each, equal_values, exact_levels, fuzzy_similarity, to_levels
from graphintel.frames import distinct_integers

SHORT_TOKENS = frozenset(t for t in set(glossary.LATIN.values()) | set(glossary.SCRIPT.values()) if len(t) <= 3)
WORD_SHARES = (0.3, 0.5, 0.9)  # shares of word weight found on the other side (see word_levels)
OWN_WORD = np.log(1 / 0.3)  # the weight of a word a third of the addresses write ("road" and "street" less)
MAX_WORDS = 12  # address words compared (the rest of a long address adds little)
CHUNK = 500_000  # pairs per vectorised block where a block's temporaries grow with its width
# the addr_ columns
ADDRESS_PARTS = "words skeleton number unit floor pobox postcode numbers premise label joined held".split()
ADDRESS_FIELDS = [
    Field("words", m=(0.02, 0.08, 0.15, 0.25, 0.5), u=(0.8, 0.15, 0.04, 0.008, 0.002)),
    Field("door", m=(0.05, 0.05, 0.1, 0.2, 0.6), u=(0.6, 0.01, 0.37, 0.01, 0.01)),
    Field("country", m=(0.05, 0.95), u=(0.7, 0.3)),
]


def _parts(raw: str) -> tuple[str, ...]:
    """The :data:`ADDRESS_PARTS` of one parsed address: a tuple crosses from a worker process three times
    cheaper than the :class:`Address` itself."""
    parsed = parse_address(raw)
    return tuple(getattr(parsed, part) for part in ADDRESS_PARTS)


def address_features(address: pd.Series, country: pd.Series) -> pd.DataFrame:
    """Parsed addresses: words, skeleton and door numbers, one column each."""
    codes, uniques = pd.factorize(address)
    parsed = apply_each(_parts, uniques.tolist(), parallel=True)
    frame = pd.DataFrame(index=address.index)
    columns = zip(*parsed, strict=True) if parsed else [()] * len(ADDRESS_PARTS)
    for part, parts in zip(ADDRESS_PARTS, columns, strict=True):
        values = np.array([*parts, ""], dtype=object)
        frame[f"addr_{part}"] = values[codes]  # code -1 (none) takes the trailing ""
    door = frame["addr_numbers"] + "|" + frame["addr_pobox"] + "|" + frame["addr_postcode"]
    frame["addr_door"] = door.where((frame["addr_words"] != "") | (door != "||"), "")
    frame["country"] = country.str.upper()
    return frame.reset_index(drop=True)


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
            present, same = equal_values(f, f"addr_{part}", left, right)
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
    _, same_box = equal_values(f, "addr_pobox", left, right)
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
    unique = distinct_integers(np.concatenate(rows))
    columns = [f[f"addr_{part}"].to_numpy(dtype=object)[unique] for part in parts]
    rows_parts = zip(unique.tolist(), *columns, strict=True)
    return {i: Address(**dict(zip(parts, values, strict=True))) for i, *values in rows_parts}


def address_similarity(f: pd.DataFrame, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Similarity 0..1 of the address words: the better of Latin words and sorted skeletons."""
    words = 0.5 * (fuzzy_similarity(f["addr_words"], left, right, fuzz.token_set_ratio)
                   + fuzzy_similarity(f["addr_words"], left, right, fuzz.token_sort_ratio))
    return np.maximum(words, fuzzy_similarity(f["addr_skeleton"], left, right, fuzz.ratio))


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
    present, same_door = equal_values(f, "addr_door", left, right)
    level = np.full(len(left), -1, dtype=np.int8)
    idx = np.flatnonzero(present)
    similarity = address_similarity(f, left[idx], right[idx])
    graded = to_levels(similarity, (0.7, 0.9)) + 1
    graded[(graded == 3) & same_door[idx] & (f["addr_door"].to_numpy()[left[idx]] != "||")] = 4
    graded[_door_conflict(f, left[idx], right[idx])] = 0
    level[idx] = graded
    return level


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
    present, _ = equal_values(f, "addr_door", left, right)
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
    return pd.DataFrame({"words": words, "door": door, "country": exact_levels(f, "country", left, right)})
