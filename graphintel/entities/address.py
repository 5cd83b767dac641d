"""Address structure: building number, unit/floor, PO box and postcode apart from the words.

Why: two spellings of one depot differ in their *words* ("Heathrow Cargo Centre" / "ehathrow cargo
center") but agree on their *numbers*; two flats of one building agree on their words and differ in
one number. So an address is split into the numbers that identify a door (compared exactly: a different
flat or PO box is a different address) and the words that locate it (compared fuzzily, across scripts).
Keywords are recognised with one typo allowed ("unti 4" is unit 4).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, replace
from importlib import resources

import numpy as np
import pandas as pd
from rapidfuzz.distance import OSA

from graphintel.entities import address_words as glossary
from graphintel.entities.keys import latin, skeleton
from graphintel.ingest.normalise import CACHE_SIZE
from graphintel.reference import carriers_table

_POBOX = re.compile(
    r"\b(?:p\s?o\s?box|p\s?o\s?b|pobox|box|postfach|s\s?b|apartado|caixa postal|bp|boite postale|cp)\s*(\d{1,7})\b"
)
_POSTCODE_WORD = re.compile(r"\b(?:pc|p c|postal code|post code|postcode|zip|zip code)\s*(\d{3,6})\b")  # Oman: "PC 122"
# "3rd Floor", "5 Flr"; after an ordinal, a misspelt floor too ("3rd Flor", "4th FFloor")
_ORDINAL_FLOOR = re.compile(r"\b(\d{1,3})(?:(?:st|nd|rd|th)?\s+(?:fl|flr|floor)|(?:st|nd|rd|th)\s+f+l+o*r*)\b")
_UK_POSTCODE = re.compile(r"\b([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})\b")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"^\d+[a-z]?$")
_DIGITS = re.compile(r"\d+")
_PADDING = re.compile(r"^0+(?=\d)")
_WAYS = frozenset("st rd ave blvd ln sq dr".split())  # street, road, avenue, boulevard, lane, square, drive
_WAYS_INITIALS = frozenset("srabld")
_SEPARATOR = re.compile(r"[,;\n\u060c\u061b]|\s[-\u2013]\s")  # components: commas (Arabic too), " - "
_GLUED = re.compile(r"(?<=\d)(?=[a-z]{3})|(?<=[a-z]{3})(?=\d)")  # "60Hamdan", "Bldg8": words run into numbers
_COMPACT = re.compile(r"^([a-z]{1,4})(\d{1,5}[a-z]?)$")  # "U4", "V34", "WH7": a keyword glued to its number
_COMPACT_WORDS = glossary.UNIT | glossary.FLOOR | glossary.BUILDING | glossary.BLOCK | {"u", "v", "h"}
_SLASHED_DOOR = re.compile(r"(?<![\d/])(\d{1,5}[a-zA-Z]?)\s*/\s*(\d{1,5}[a-zA-Z]?)(?![\d/])")  # "33/9": building / flat
_SPLIT_NUMBER = re.compile(r"\b(\d{1,4}) (\d{1,3})\b")  # "103 0", "Villa 3 932": one number, split
_DIGIT_FORMS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")  # Arabic-Indic, Persian digits
_COMPACT_ROLE = {"u": "unit", "v": "villa", "h": "house"}
_ADDRESS_TOKENS = frozenset(glossary.LATIN.values())  # "st" is a street here, not São Tomé


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[tuple[str, ...]]:
    """Country names as word tuples (ISO names of graphintel/reference, their short forms, the aliases)."""
    with resources.files("graphintel.reference").joinpath("country_centroids.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    names = [r["name"] for r in rows] + [r["name"].split(",")[0] for r in rows] + list(glossary.COUNTRY_ALIASES)
    phrases = {tuple(_words(latin(glossary.script_words(n)))) for n in names}
    return frozenset(p for p in phrases if p) | frozenset((r["country"].lower(),) for r in rows)


def _words(text: str) -> list[str]:
    """Latin address words, glossary applied: canonical tokens, stop words and joined articles dropped."""
    out = []
    for raw in (_GLUED.sub(" ", text) if _DIGIT.search(text) else text).split():
        compact = _COMPACT.match(raw)
        if compact and compact.group(1) in _COMPACT_WORDS:
            out += [_COMPACT_ROLE.get(compact.group(1), compact.group(1)), compact.group(2)]
            continue
        if len(raw) >= 6 and raw[:2] in ("al", "el") and raw[2] not in "aeioul" and not raw.isdigit():
            raw = raw[2:]  # the article written joined: "Alsulay" = "Al Sulay"
        out += glossary.latin_word(raw).split()
    return out


@functools.lru_cache(maxsize=1)
def _carriers() -> frozenset[str]:
    """The names of carriers and forwarders (graphintel/reference/carriers.csv), as letter keys."""
    names = carriers_table()
    aliases = ";".join(names["name"].tolist() + names["aliases"].fillna("").tolist()).split(";")
    keys = {_letters(a) for a in aliases if a and not a.startswith("=")}
    return frozenset(k for k in keys | {k.replace("and", "") for k in keys} if len(k) >= 3)


def _letters(text: str) -> str:
    """The letters and digits of ``text``, Latin, "&" read as "and": a key that ignores spacing."""
    return re.sub(r"[^a-z0-9]", "", latin(text.replace("&", " and ")))


@functools.lru_cache(maxsize=1)
def _exonyms() -> dict[tuple[str, ...], list[str]]:
    """Each spelling of a city with an exonym (:data:`.address_words.EXONYMS`), as words -> its English name."""
    table = {}
    for english, variants in glossary.EXONYMS.items():
        for variant in variants:
            table[tuple(_words(latin(glossary.script_words(variant))))] = english.split()
    return table


@functools.lru_cache(maxsize=1)
def _EXONYM_FIRST() -> frozenset[str]:  # noqa: N802 - a constant, computed once
    """The first word of every spelling in :func:`_exonyms`."""
    return frozenset(variant[0] for variant in _exonyms())


@functools.lru_cache(maxsize=CACHE_SIZE)
def _exonym_typo(word: str) -> tuple[str, ...]:
    """The one-word spelling of a city with an exonym that ``word`` misspells by one letter (six letters or
    more: "Qshirah" for Qahirah), or ``()``."""
    if len(word) < 6:
        return ()
    near = [v for v in _exonyms() if len(v) == 1 and len(v[0]) >= 6 and OSA.distance(word, v[0], score_cutoff=1) <= 1]
    return near[0] if len({tuple(_exonyms()[v]) for v in near}) == 1 else ()


def _exonym(words: list[str]) -> list[str]:
    """``words`` with every spelling of a city that has an exonym replaced by that name, longest first (a
    one-word spelling with one letter wrong too: :func:`_exonym_typo`)."""
    table, first, out, i = _exonyms(), _EXONYM_FIRST(), [], 0
    while i < len(words):
        if words[i] not in first:
            typo = _exonym_typo(words[i])
            out += table[typo] if typo else [words[i]]
            i += 1
            continue
        for size in (4, 3, 2, 1):
            if tuple(words[i : i + size]) in table:
                out += table[tuple(words[i : i + size])]
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


@functools.lru_cache(maxsize=CACHE_SIZE)
def _component(part: str) -> tuple[tuple[str, ...], bool]:
    """One comma part's glossary words, and whether it names a carrier (parts recur: cached)."""
    text = latin(part)
    return tuple(_exonym(_words(text))), text.replace(" ", "") in _carriers()


def _components(raw: str) -> tuple[list[list[str]], bool]:
    """The address's comma-separated parts as glossary words: any country name, and any part naming a
    carrier or forwarder (who holds the parcel for the buyer, not where: "Shop & Ship"), dropped. Also
    whether the address is held by an intermediary: written "c/o", "care of" or "attn" someone, or with
    a part naming a carrier or forwarder."""
    text = glossary.drop_care_of(raw)
    held = text != raw and glossary.care_of(raw)
    if not text.isascii():
        text = glossary.script_words(text.translate(_DIGIT_FORMS))
    text = _SLASHED_DOOR.sub(r" bldg \1 apt \2 ", text)
    split = [_component(part) for part in _SEPARATOR.split(text)]
    if len(split) > 1:
        held = held or any(carrier for _, carrier in split)
        split = [part for part in split if not part[1]]
    parts = [list(words) for words, _ in split if words]
    countries = _countries()
    parts = [p for p in parts if tuple(p) not in countries]
    if parts:  # no separators: the country is the last words ("... Abu Dhabi UAE")
        last = parts[-1]
        for size in (4, 3, 2, 1):
            tail = tuple(last[-size:])
            if len(last) > size and tail in countries and not (size == 1 and tail[0] in _ADDRESS_TOKENS):
                parts[-1] = last[:-size]
                break
    return parts, held


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
    premise: str = ""  # "villa" (a house, no flats in it) or "building" (flats), as its keyword says
    label: str = ""  # the word naming the building number: "building", "villa", "house", "plot", "" (none)
    joined: str = ""  # the door numbers read with a number split by a space joined (:attr:`door_numbers`)
    held: str = ""  # "1": held for the buyer by an intermediary (c/o, a forwarder's depot), which many people write

    @property
    def door(self) -> str:
        """The numbers that tell doors apart, as one comparable key."""
        return f"{self.number}|{self.unit}|{self.floor}|{self.pobox}|{self.postcode}"

    @property
    def door_numbers(self) -> str:
        """Every door part, as one string :func:`with_door` reads back."""
        return ";".join([self.numbers, *(getattr(self, part) for part in DOOR_PARTS)])


def with_door(address: Address, door_numbers: str) -> Address:
    """``address`` with the door parts of ``door_numbers`` (:attr:`Address.door_numbers`)."""
    numbers, *parts = door_numbers.split(";")
    return replace(address, numbers=numbers, **dict(zip(DOOR_PARTS, parts, strict=True)))


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


def _leading_number(parts: list[list[str]]) -> str:
    """A building number written before its street's name ("12 Baker Street"), or ``""``."""
    for part in parts:
        if len(part) > 1 and _NUMBER.match(part[0]) and len(part[0].rstrip('abcdefghijklmnopqrstuvwxyz')) <= 4 \
                and part[1].isalpha():
            if not any(_keyword(part[1], vocabulary) for _, vocabulary in _ROLES):
                return part[0]
    return ""


_DOOR_ROLES = ("unit", "number", "block")  # the roles whose numbers say which door (not the floor)
_PREMISES = {word: kind for kind, words in glossary.PREMISES.items() for word in words}
_LABELS = {
    word: kind
    for kind, words in {**glossary.PREMISES, "house": ("house", "dom", "d", "manzil"), "plot": ("plot", "lot")}.items()
    for word in words
}
_ROLES = (("unit", glossary.UNIT), ("floor", glossary.FLOOR), ("number", glossary.BUILDING),
          ("block", glossary.BLOCK))


@functools.lru_cache(maxsize=CACHE_SIZE)
def _roles_of(word: str) -> tuple[str, ...]:
    """The door roles whose keyword ``word`` is (one typo allowed), in the order they are tried."""
    return tuple(field for field, vocabulary in _ROLES if _keyword(word, vocabulary))


def _doors(words: list[str]) -> tuple[dict[str, str], list[str]]:
    """Unit, floor, building and block numbers found after their keywords, the kind of premises the
    building keyword names, and the words left over."""
    found: dict[str, str] = {}
    rest: list[str] = []
    skip = -1
    for i, word in enumerate(words):
        if i == skip:
            continue
        for field in _roles_of(word):
            if field not in found and _take(words, i):
                found[field] = _take(words, i)
                if field == "number":
                    found["premise"] = _PREMISES.get(word, "")
                    found["label"] = _LABELS.get(word, "other")
                skip = i + 1
                break
        else:
            rest.append(word)
    return found, rest


def _strip(text: str, pattern: re.Pattern) -> tuple[str, re.Match | None]:
    """``text`` without the first match of ``pattern`` (and every other), and that match."""
    match = pattern.search(text)
    return (pattern.sub(" ", text), match) if match else (text, None)


@functools.lru_cache(maxsize=CACHE_SIZE)
def parse_address(raw: str) -> Address:
    """Split an address in any script into its door numbers and its words.

    Generic words are read through the glossary (:mod:`.address_words`: "شارع" is a street, "Rue" too),
    an intermediary ("c/o ...") and the country name are dropped, and numbers are read with the keyword
    before them (flat, floor, building, block), so that a flat can be told from its building.

    >>> a = parse_address("Unit 4, Heathrow Cargo Centre, Hounslow TW6 2JS")
    >>> (a.unit, a.postcode, a.words)
    ('4', 'tw62js', 'heathrow cargo center hounslow')
    >>> parse_address("unti 4 ehathrow cargo center").unit
    '4'
    >>> (lambda a: (a.number, a.unit))(parse_address("Flat 3, 12 Baker Street, London"))
    ('12', '3')
    >>> parse_address("P.O. Box 5521, Dubai").pobox
    '5521'
    >>> parse_address("طريق الملك فهد، الرياض").words, parse_address("King Fahd Road, Riyadh, KSA").words
    ('rd king fhd ryd', 'king fahd rd riyadh')
    >>> held = ("C/O ARAMEX SHOP & SHIP, WAREHOSE 12, JEBELALI", "Shop and Ship, WH 12", "12 King Fahd Rd")
    >>> [parse_address(a).held for a in held]
    ['1', '1', '']
    """
    parts, held = _components(raw)
    address = _parsed(parts)
    if held:
        address = replace(address, held="1")
    joined = [_SPLIT_NUMBER.sub(r"\1\2", " ".join(part)).split() for part in parts]
    if joined != parts:  # a number split by a space ("103 0"): its door read joined too
        return replace(address, joined=_parsed(joined).door_numbers)
    return address


def _parsed(parts: list[list[str]]) -> Address:
    """The door numbers and words of an address's parts (:func:`_components`)."""
    text = " ".join(" ".join(part) for part in parts)
    if not text:
        return Address()
    text, pobox = _strip(text, _POBOX)
    text, postcode = _strip(text, _UK_POSTCODE)
    text, written_postcode = _strip(text, _POSTCODE_WORD)
    text, floor = _strip(text, _ORDINAL_FLOOR)
    found, rest = _doors(text.split())
    # The numbers, but a floor's: "Fl 5, Flat 20" is flat 20 ("1st Floor" is out already)
    digits = {d.lstrip("0") or "0" for d in _DIGITS.findall(" ".join(rest + [found.get(k, "") for k in _DOOR_ROLES]))
              if len(d) <= 4}
    numbers = [w for w in rest if _NUMBER.match(w)]
    # Words: not "Z97" or "S30612" (codes whose digits the numbers hold), nor one or two letters left over
    # from a typo ("DubaiA rpt", "oLg.") or an initial: they say nothing about the place.
    plain = [w for w in rest if w.isalpha() and (len(w) > 2 or w in _ADDRESS_TOKENS)]
    long_numbers = [n for n in numbers if len(n) >= 5 and n.isdigit()]
    return Address(
        number=_unpadded(found.get("number") or _leading_number(parts)),
        unit=_unpadded(found.get("unit", "")),
        premise=found.get("premise", ""),
        label=found.get("label", ""),
        floor=_unpadded(found.get("floor") or (floor.group(1) if floor else "")),
        pobox=pobox.group(1) if pobox else "",
        postcode=(postcode.group(1) + postcode.group(2)) if postcode else
        (written_postcode.group(1) if written_postcode else (long_numbers[0] if long_numbers else "")),
        words=" ".join(plain),
        skeleton=" ".join(sorted(s for s in map(skeleton, plain) if s)),
        numbers=" ".join(sorted(digits)),
    )


def _unpadded(number: str) -> str:
    """A door number without the zeros that pad it: "Unit 04" is unit 4, "Villa 007" villa 7 (as in
    :attr:`Address.numbers`). PO boxes and postcodes keep theirs: there a zero may be a digit of the code."""
    return _PADDING.sub("", number)


def numbers_conflict(left: str, right: str) -> bool:
    """Two sets of address numbers that cannot be one door: neither holds all the numbers of the other.

    Where a number stands (building, flat, street, zone) is written in too many ways to trust ("33/9",
    "Bldg 33 Flat 9", "Unit-4" / "U4"), so the numbers are compared as a set. One side lacking a number
    (the flat dropped) is no conflict; flat 3 against flat 4 of one building is.
    """
    a, b = set(left.split()), set(right.split())
    return bool(a and b and not (a <= b or b <= a))


SHARED_NUMBERS = 2  # numbers that, all among the other side's, name its door: "Flat 7 Bldg 47 Rd 4423" + "Blk 132"
DOOR_PARTS = ("pobox", "postcode", "unit", "number", "floor", "premise")  # written on both sides, they must agree


def door_conflict(a: Address, b: Address) -> bool:
    """Two addresses name different doors: their numbers conflict, or a door part both give differs.

    A part present on one side only is no conflict: "Unit 4, Heathrow Cargo Centre" may omit its postcode.
    But flat 3 is not flat 4, building 12 not building 14, PO box 5521 not 5522, villa 9 not building 9
    (a villa holds no flats), whatever else agrees.
    """
    if numbers_conflict(a.numbers, b.numbers):
        return True
    return any(getattr(a, p) and getattr(b, p) and getattr(a, p) != getattr(b, p) for p in DOOR_PARTS)


def unit_missing(a: Address, b: Address) -> bool:
    """One side gives a flat or unit whose number the other does not write at all: a building against one
    of its flats ("Bldg 23, Road 2374" / "Flat 1602, Bldg 23, Road 2374"). Compatible numbers, and yet
    perhaps another door: the building may hold other flats.
    """
    return any(x.unit and not y.unit and x.unit.lstrip("0") not in y.numbers.split() for x, y in ((a, b), (b, a)))


def building_numbers(numbers_unit: str) -> str:
    """The numbers of an address but its flat's (``"numbers|unit"``): the building's door.

    >>> building_numbers("12 3|3"), building_numbers("12|")
    ('12', '12')
    """
    numbers, _, unit = numbers_unit.partition("|")
    return " ".join(n for n in numbers.split() if n != unit.lstrip("0"))


def sole_flats(building: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """Per pair of a building written without its flat (``building``: that record) and a spelling that gives
    a flat there (``unit``: its flat): the building met no other flat. An address the writer left incomplete
    that one known door completes is that door ("Bldg 23, Corniche Road" / "Flat 20, Bldg 23, Corniche
    Road", and no other flat of building 23 written); met with flats 20 and 21, it may be either.

    >>> sole_flats(np.array([7, 7, 9, 9]), np.array(["20", "20", "20", "21"])).tolist()
    [True, True, False, False]
    """
    if len(building) == 0:
        return np.zeros(0, dtype=bool)
    frame = pd.DataFrame({"building": building, "unit": unit})
    return (frame.groupby("building")["unit"].transform("nunique") == 1).to_numpy()


def number_typo(a: Address, b: Address) -> bool:
    """Two doors alike but for one number typed one key off on one side: a digit dropped or added, or two
    swapped ("Warehouse 12" / "Warehouse 112", "Bldg 95" / "Bldg 9", "87" / "78"); every
    other number and door part the same or given on one side only. Whether it is a typo or the next
    door the rest of the evidence must say (a busy door and a door written once: see ``resolve``).

    >>> number_typo(parse_address("Warehouse 12, Jebel Ali"), parse_address("Warehouse 112, Jebel Ali"))
    True
    >>> number_typo(parse_address("Flat 7, Bldg 12"), parse_address("Flat 8, Bldg 13"))
    False
    """
    x, y = set(a.numbers.split()), set(b.numbers.split())
    only_x, only_y = x - y, y - x
    if len(x) != len(y) or len(only_x) != 1 or len(only_y) != 1:
        return False
    p, q = only_x.pop(), only_y.pop()
    # A digit dropped, added or two swapped: a digit changed is as likely the flat next door ("10" / "17")
    if OSA.distance(p, q, score_cutoff=1) > 1 or (len(p) == len(q) and sorted(p) != sorted(q)):
        return False
    differ = [(getattr(a, part), getattr(b, part)) for part in DOOR_PARTS if getattr(a, part) and getattr(b, part)]
    return all(u == v or {u.lstrip("0"), v.lstrip("0")} == {p, q} for u, v in differ)


def box_only(a: Address) -> bool:
    """A PO box with no door numbers: a box at a post office, not a door on a street."""
    return bool(a.pobox) and not a.numbers


def door_level(a: Address, b: Address) -> int:
    """How far the doors agree: 0 other door (or a PO box against a street door), 1 a flat against its
    building (:func:`unit_missing`), 2 nothing to compare (a side without door numbers), 3 one side's
    number among the other's (a floor or postcode more), 4 the same numbers, or :data:`SHARED_NUMBERS` or
    more all among the other's (a block or four-digit postcode more: "Flat 7, Bldg 47, Rd 4423" / "Apt 7
    Bldg 47 Rd 4423 Blk 132"), or the same PO box.
    A number split by a space ("103 0" / "1030") may be read joined (:attr:`Address.joined`); a PO box or
    postcode with a digit dropped at the same door is 4 (:func:`code_typo`; the words must agree too).
    """
    level = _door_level(a, b)
    for x, y in ((a, b), (b, a)):
        if x.joined and not level:  # read joined, the numbers must agree ("Flat 607 69" is not flat 60769)
            joined = _door_level(with_door(x, x.joined), y)
            level = joined if joined >= 3 else 0
    return 4 if not level and code_typo(a, b) else level


CODES = ("pobox", "postcode")  # long codes: a digit dropped or doubled is a typo more often than another code


def _digit_dropped(x: str, y: str) -> bool:
    """One code is the other with one digit more ("23768" / "223768", "743" / "1743"), three digits or more."""
    short, long = sorted((x, y), key=len)
    if len(short) < 3 or len(long) != len(short) + 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def code_typo(a: Address, b: Address) -> bool:
    """The same door but for a PO box or postcode with a digit dropped or added: the door numbers given on
    both sides and agreeing (none more on either), every other door part agreeing, and a code differing
    only so. (The words must agree too: :func:`.address_compare.address_pair_levels`.)

    >>> code_typo(parse_address("Villa 57, Palm St, PO Box 743"), parse_address("Villa 57, Palm St, PO Box 1743"))
    True
    >>> code_typo(parse_address("PO Box 743, Jeddah"), parse_address("PO Box 1743, Jeddah"))
    False
    """
    if not a.numbers or a.numbers != b.numbers:
        return False
    differ = [p for p in DOOR_PARTS if getattr(a, p) and getattr(b, p) and getattr(a, p) != getattr(b, p)]
    return bool(differ) and all(p in CODES and _digit_dropped(getattr(a, p), getattr(b, p)) for p in differ)


def _door_level(a: Address, b: Address) -> int:
    """:func:`door_level`, the numbers as written."""
    if door_conflict(a, b) or (box_only(a) and not b.pobox) or (box_only(b) and not a.pobox):
        return 0
    if a.pobox and a.pobox == b.pobox:
        return 4
    if unit_missing(a, b):
        return 1
    if not a.numbers or not b.numbers:
        return 2
    return 4 if a.numbers == b.numbers or min(len(a.numbers.split()), len(b.numbers.split())) >= SHARED_NUMBERS else 3


@functools.lru_cache(maxsize=1)
def _ABBREVIATED() -> dict[tuple[str, str], tuple[str, ...]]:  # noqa: N802 - a constant, computed once
    """Two-word glossary readings and the short forms written for them: ("free", "zone") -> ("fz", "freezone")."""
    table: dict[tuple[str, str], list[str]] = {}
    for short, full in glossary.LATIN.items():
        if len(full.split()) == 2 and short.isalpha():
            table.setdefault(tuple(full.split()), []).append(short)
    return {k: tuple(v) for k, v in table.items()}


def _joined_forms(run: list[str]) -> list[str]:
    """``run`` written as one word: in full, and with a two-word reading written by its short form
    ("Ali Free Zone" as "alifz": the writer abbreviated and dropped the space)."""
    forms = ["".join(run)]
    for i in range(len(run) - 1):
        for short in _ABBREVIATED().get((run[i], run[i + 1]), ()):
            forms.append("".join(run[:i]) + short + "".join(run[i + 2 :]))
    return forms


def run_spells(word: str, run: list[str]) -> bool:
    """``word`` is a run of two to four words written as one: joined ("Abudhabi", "SheikhZayed", "alifz" for Ali
    FZ: a two-word reading by its short form, :func:`_joined_forms`; one typo
    allowed from seven letters) or as an acronym of three words or more ("SZR" for Sheikh Zayed Road,
    "JAFZ" or "JAFZA" for Jebel Ali Free Zone (Authority): the initials, perhaps and one more letter).

    >>> run_spells("abudhabi", ["abu", "dhabi"]), run_spells("szr", ["sheikh", "zayed", "rd"])
    (True, True)
    >>> run_spells("jafza", ["jebel", "ali", "free", "zone"]), run_spells("sar", ["saudi", "arabia"])
    (True, False)
    >>> run_spells("szr", ["st", "sheikh", "zayed"]), run_spells("szr", ["sheikh", "zayed", "tower"])
    (True, False)
    >>> run_spells("alifz", ["ali", "free", "zone"]), run_spells("fzsouth", ["free", "zone", "south"])
    (True, True)
    """
    for joined in _joined_forms(run):
        if word == joined or (len(word) >= 7 and OSA.distance(word, joined, score_cutoff=1) <= 1):
            return True
    if len(run) < 3 or len(word) not in (len(run), len(run) + 1):
        return False
    # A way's initial may be another way's: the acronym keeps the road its writer named ("SZR"), the other
    # spelling may say street (شارع translated), and Arabic writes it first (شارع الشيخ زايد).
    orders = [run, run[1:] + run[:1]] if run[0] in _WAYS else [run]
    return any(all(letter == w[0] or (w in _WAYS and letter in _WAYS_INITIALS)
                   for letter, w in zip(word, order, strict=False)) for order in orders)


@functools.lru_cache(maxsize=1 << 16)
def _run_spells(word: str, run: tuple[str, ...]) -> bool:
    """:func:`run_spells`, remembered: a depot's spellings meet the same words in thousands of pairs."""
    return run_spells(word, list(run))


def explain_runs(words: list[str], found: list[bool], other: list[str], other_found: list[bool]) -> None:
    """Mark, in place, the words of one side that spell a run of the other side's words (:func:`run_spells`),
    and that run's words."""
    for i, word in enumerate(words):
        if found[i] or len(word) < 3:
            continue
        for start in range(len(other)):
            for end in range(start + 2, min(start + 4, len(other)) + 1):
                if _run_spells(word, tuple(other[start:end])):
                    found[i] = True
                    other_found[start:end] = [True] * (end - start)
                    break
            if found[i]:
                break
