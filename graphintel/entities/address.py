"""Address structure: building number, unit/floor, PO box and postcode apart from the words.

Why: two spellings of one depot differ in their *words* ("Heathrow Cargo Centre" / "ehathrow cargo
center") but agree on their *numbers*; two flats of one building agree on their words and differ in
one number. So an address is split into the numbers that identify a door (compared exactly: a different
flat or PO box is a different address) and the words that locate it (compared fuzzily, across scripts).
Keywords are recognised with one typo allowed ("unti 4" is unit 4).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from graphintel.entities.keys import latin, skeleton
from graphintel.ingest.normalise import CACHE_SIZE, normalise_address

# Words introducing a unit, and their spellings in other scripts once transliterated
# ("кв." is a Russian flat, "shqh" is Arabic شقة, "wohnung" German).
_UNIT_WORDS = frozenset("unit apt ste suite room rm office shop door kv shqh wohnung whg appt app flt".split())
_FLOOR_WORDS = frozenset("fl flr floor level lvl etage etazh".split())
_BUILDING_WORDS = frozenset("bldg block blk tower house dom d bina".split())
_POBOX = re.compile(r"\b(?:p\s?o\s?box|p\s?o\s?b|pobox|box|postfach|s\s?b|apartado|caixa postal|bp|cp)\s*(\d{1,7})\b")
_HASH_UNIT = re.compile(r"#\s*(\w+)")
_ORDINAL_FLOOR = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)?\s+(?:fl|flr|floor)\b")
_UK_POSTCODE = re.compile(r"\b([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})\b")
_NUMBER = re.compile(r"^\d+[a-z]?$")
_STOP = frozenset("the of and no nr".split())
_DIGITS = re.compile(r"\d+")
# Address words in Arabic script, read as their English counterparts before transliteration, so that
# "شارع التحلية" meets "Tahlia Street" and "ص.ب" is a PO box (as the company forms of names, in keys.py).
_ARABIC_WORDS = {
    "شارع": "street", "طريق": "road", "مبنى": "building", "بناية": "building", "عمارة": "building",
    "شقة": "flat", "شقه": "flat", "فيلا": "villa", "منزل": "house", "بيت": "house", "حي": "", "منطقة": "",
    "صندوق بريد": "po box", "ص.ب": "po box", "ص. ب": "po box", "ص ب": "po box", "الرمز البريدي": "",
    "الطابق": "floor", "طابق": "floor", "مكتب": "office", "محل": "shop", "قطعة": "block", "برج": "tower",
    "مجمع": "complex", "ميدان": "square", "دوار": "roundabout", "مدينة": "city",
}
_ARABIC_WORD = re.compile(
    r"(?<![\u0600-\u06ff])(?:" + "|".join(re.escape(w) for w in sorted(_ARABIC_WORDS, key=len, reverse=True))
    + r")(?![\u0600-\u06ff])"
)


@dataclass(frozen=True)
class Address:
    """One address, parsed: the door (numbers, compared exactly) and the words (compared fuzzily)."""

    number: str = ""  # building number, "12" or "12a"
    unit: str = ""  # flat, unit, suite or room
    floor: str = ""
    pobox: str = ""
    postcode: str = ""
    words: str = ""  # street, area and city words in their written order, Latin
    skeleton: str = ""  # the words' consonant skeletons, sorted: order- and transliteration-free
    numbers: str = ""  # every short number of the address (building, flat, floor, street, zone), sorted

    @property
    def door(self) -> str:
        """The numbers that tell doors apart, as one comparable key."""
        return f"{self.number}|{self.unit}|{self.floor}|{self.pobox}|{self.postcode}"


@functools.lru_cache(maxsize=CACHE_SIZE)
def _keyword(word: str, vocabulary: frozenset[str]) -> bool:
    """``word`` is in ``vocabulary``, allowing one typo for words of four letters or more ("unti")."""
    if word in vocabulary:
        return True
    return len(word) >= 4 and any(len(v) >= 4 and OSA.distance(word, v, score_cutoff=1) <= 1 for v in vocabulary)


def _take(words: list[str], i: int) -> str:
    """The identifier after a keyword at ``i`` (number or single letter), or ``""``."""
    if i + 1 < len(words) and (_NUMBER.match(words[i + 1]) or len(words[i + 1]) == 1):
        return words[i + 1]
    return ""


def _doors(words: list[str]) -> tuple[dict[str, str], list[str]]:
    """Unit, floor and building numbers found after their keywords, and the words left over."""
    found: dict[str, str] = {}
    rest: list[str] = []
    skip = -1
    for i, word in enumerate(words):
        if i == skip:
            continue
        for field, vocabulary in (("unit", _UNIT_WORDS), ("floor", _FLOOR_WORDS), ("number", _BUILDING_WORDS)):
            if field not in found and _keyword(word, vocabulary) and _take(words, i):
                found[field] = _take(words, i)
                skip = i + 1
                break
        else:
            rest.append(word)
    return found, rest


@functools.lru_cache(maxsize=CACHE_SIZE)
def parse_address(raw: str) -> Address:
    """Split an address in any script into its door numbers and its words.

    >>> a = parse_address("Unit 4, Heathrow Cargo Centre, Hounslow TW6 2JS")
    >>> (a.unit, a.postcode, a.words)
    ('4', 'tw62js', 'heathrow cargo centre hounslow')
    >>> parse_address("unti 4 ehathrow cargo center").unit
    '4'
    >>> (lambda a: (a.number, a.unit))(parse_address("Flat 3, 12 Baker Street, London"))
    ('12', '3')
    >>> parse_address("P.O. Box 5521, Dubai").pobox
    '5521'
    """
    if not raw.isascii():
        raw = _ARABIC_WORD.sub(lambda m: f" {_ARABIC_WORDS[m.group(0)]} ", raw)
    text = latin(raw)
    if not text:
        return Address()
    text = _HASH_UNIT.sub(r" unit \1 ", text)
    pobox = _POBOX.search(text)
    text = _POBOX.sub(" ", text) if pobox else text
    postcode = _UK_POSTCODE.search(text)
    text = _UK_POSTCODE.sub(" ", text) if postcode else text
    floor = _ORDINAL_FLOOR.search(text)
    text = _ORDINAL_FLOOR.sub(" ", text) if floor else text
    digits = {d.lstrip("0") or "0" for d in _DIGITS.findall(text) if len(d) <= 4}
    words = [w for w in normalise_address(text).split() if w not in _STOP]
    found, rest = _doors(words)
    numbers = [w for w in rest if _NUMBER.match(w)]
    plain = [w for w in rest if not _NUMBER.match(w)]
    long_numbers = [n for n in numbers if len(n) >= 5 and n.isdigit()]
    short = [n for n in numbers if n not in long_numbers]
    number = found.get("number") or (short[0] if short else "")
    unit = found.get("unit") or (short[1] if len(short) > 1 and not found.get("number") else "")
    return Address(
        number=number,
        unit=unit,
        floor=found.get("floor") or (floor.group(1) if floor else ""),
        pobox=pobox.group(1) if pobox else "",
        postcode=(postcode.group(1) + postcode.group(2)) if postcode else (long_numbers[0] if long_numbers else ""),
        words=" ".join(plain),
        skeleton=" ".join(sorted(s for s in map(skeleton, plain) if s)),
        numbers=" ".join(sorted(digits)),
    )


def numbers_conflict(left: str, right: str) -> bool:
    """Two sets of address numbers that cannot be one door: neither holds all the numbers of the other.

    Where a number stands (building, flat, street, zone) is written in too many ways to trust ("33/9",
    "Bldg 33 Flat 9", "Unit-4" / "U4"), so the numbers are compared as a set. One side lacking a number
    (the flat dropped) is no conflict; flat 3 against flat 4 of one building is.
    """
    a, b = set(left.split()), set(right.split())
    return bool(a and b and not (a <= b or b <= a))


def door_conflict(a: Address, b: Address) -> bool:
    """Two addresses name different doors: their numbers conflict, or both give a PO box or postcode that differ.

    A number present on one side only is no conflict: "Unit 4, Heathrow Cargo Centre" may omit its postcode.
    """
    if numbers_conflict(a.numbers, b.numbers):
        return True
    if a.pobox and b.pobox and a.pobox != b.pobox:
        return True
    return bool(a.postcode and b.postcode and a.postcode != b.postcode)


def door_level(a: Address, b: Address) -> int:
    """How far the door numbers agree: 0 conflict, 1 compatible (one side lacks some), 2 identical and present."""
    if door_conflict(a, b):
        return 0
    if a.door == b.door and a.door != "||||":
        return 2
    return 1
