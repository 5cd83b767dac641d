"""A small glossary of address words: the generic words of an address, in the scripts and languages of the
region, read as one canonical English token, as libpostal's dictionaries do (its ``street_types``,
``unit_types``, ``building_types``, ``level_types``, ``post_office``, ``directionals``, ``stopwords`` and
``place_names`` lists per language).

Why: a street's *name* is transliterated from script to script ("التحلية" / "Tahlia"), but the generic
words around it are translated ("شارع" / "Street", "طريق" / "Road", "شقة" / "Flat", "الملك" / "King",
"Rue" / "Street"). Transliterating a translated word gives nothing the other spelling shares, so those
words are read through this glossary first; names are left to transliteration.

Only generic address vocabulary is listed: street and road types, unit, building, floor and PO-box
words, titles that name streets after people (King, Prince, Sheikh), common place nouns (airport, free
zone, port, market, university, hospital), directions, articles and connectors. No street, district or
city names: those come from the data, not from a list.
"""

from __future__ import annotations

import re

# Arabic and Persian script -> canonical English. Keys are written without the article ال, with bare
# alef (ا for أ إ آ), ي for ى/ی, ك for ک and ة for a final ه: the input is folded the same way before
# matching, and the article and a one-letter proclitic (و and, ب at, ل for) may precede any key.
SCRIPT: dict[str, str] = {
    # street types
    "شارع": "street", "طريق": "road", "زنقة": "street", "درب": "lane", "جادة": "avenue", "ممر": "lane",
    "خيابان": "street", "كوچة": "lane", "كوچه": "lane", "بلوار": "boulevard", "ميدان": "square",
    "دوار": "roundabout", "ساحة": "square", "تقاطع": "junction",
    # units, buildings, floors
    "شقة": "flat", "وحدة": "unit", "واحد": "unit", "مكتب": "office", "محل": "shop", "مستودع": "warehouse",
    "غرفة": "room", "مبنى": "building", "بناية": "building", "عمارة": "building", "ساختمان": "building",
    "فيلا": "villa", "منزل": "house", "بيت": "house", "پلاك": "no", "برج": "tower", "مجمع": "complex",
    "طابق": "floor", "دور": "floor", "طبقة": "floor", "قطعة": "block", "قسيمة": "plot",
    # post: PO box and postcode (the number that follows is read by the parser)
    "صندوق بريد": "po box", "صندوق پستي": "po box", "ص.ب": "po box", "ص. ب": "po box", "ص ب": "po box",
    "رمز بريدي": "pc", "الرمز البريدي": "pc", "كد پستي": "pc",
    # areas: generic words for a district or zone say nothing about which
    "حي": "", "منطقة": "zone", "محلة": "", "قرية": "village", "شهرك": "town",
    # titles that streets are named after
    "ملك": "king", "امير": "prince", "شيخ": "sheikh", "امام": "imam",
    # common place nouns
    "مطار": "airport", "ميناء": "port", "حرة": "free", "شحن": "cargo", "لوجستي": "logistics",
    "لوجستية": "logistics", "صناعية": "industrial", "تجاري": "commercial", "سوق": "market", "مركز": "center",
    "جامعة": "university", "مستشفى": "hospital", "مسجد": "mosque", "مدرسة": "school", "حديقة": "park",
    "محطة": "station", "جسر": "bridge", "قصر": "palace", "ملعب": "stadium", "فندق": "hotel",
    "دولي": "international", "جديد": "new", "قديم": "old",
    # directions
    "شمال": "north", "جنوب": "south", "شرق": "east", "غرب": "west", "شمالي": "north", "جنوبي": "south",
    "شرقي": "east", "غربي": "west",
    # connectors in street names ("Othman bin Affan")
    "بن": "bin", "ابن": "bin",
}

# Latin-script words (lower case, punctuation removed) -> canonical token; "" drops the word. English
# abbreviations, French, Turkish and Russian address words, and Latin transliterations of the generic
# Arabic words above.
LATIN: dict[str, str] = {
    # street types
    "street": "st", "str": "st", "st": "st", "rue": "st", "sokak": "st", "sok": "st", "sokagi": "st",
    "sk": "st", "ulitsa": "st", "ul": "st", "shari": "st", "sharia": "st", "zanqa": "st", "zenqa": "st",
    "zankat": "st", "strasse": "st", "road": "rd", "rd": "rd", "tariq": "rd", "tareeq": "rd", "yolu": "rd",
    "avenue": "ave", "av": "ave", "ave": "ave", "cadde": "ave", "caddesi": "ave", "cad": "ave", "cd": "ave",
    "prospekt": "ave", "boulevard": "blvd", "blvd": "blvd", "bd": "blvd", "bulvar": "blvd", "bulvari": "blvd",
    "lane": "ln", "ln": "ln", "pereulok": "ln", "kuche": "ln", "kucheh": "ln", "square": "sq", "sq": "sq",
    "midan": "sq", "maydan": "sq", "meydan": "sq", "meydani": "sq",
    # areas
    "district": "", "dist": "", "hay": "", "hayy": "", "quartier": "", "qtr": "", "mahalle": "",
    "mahallesi": "", "mah": "", "mh": "", "mahalla": "", "mantiqa": "", "mintaqa": "", "area": "",
    # titles
    "malik": "king", "amir": "prince", "emir": "prince", "pr": "prince", "shaikh": "sheikh", "shaykh": "sheikh",
    "sheikh": "sheikh", "shk": "sheikh", "sh": "sheikh", "imam": "imam",
    # place nouns and their abbreviations
    "ctr": "center", "cntr": "center", "centre": "center", "markaz": "center", "intl": "international",
    "vlg": "village", "vill": "village", "qaryat": "village", "cplx": "complex", "cmplx": "complex",
    "twr": "tower", "burj": "tower", "mkt": "market", "souq": "market", "souk": "market", "suq": "market",
    "matar": "airport", "arpt": "airport", "apt": "apt", "masjid": "mosque", "log": "logistics",
    "logistic": "logistics", "pk": "park", "res": "residence", "hts": "heights", "fz": "free zone",
    "freezone": "free zone", "ind": "industrial", "industrial": "industrial", "jamia": "university",
    "jamiaa": "university", "jamiat": "university", "gamaa": "university", "gameat": "university",
    # directions
    "n": "north", "s": "south", "e": "east", "w": "west", "nord": "north", "sud": "south", "ouest": "west",
    "shamal": "north", "janub": "south", "sharq": "east", "gharb": "west",
    # the English street and building words graphintel.ingest abbreviates (normalise_address)
    "drive": "dr", "court": "ct", "place": "pl", "close": "cl", "crescent": "cres", "terrace": "terr",
    "gardens": "gdns", "estate": "est", "building": "bldg", "apartment": "apt", "flat": "apt",
    "suite": "ste", "floor": "fl",
}
# Words that say nothing about where: articles (the Arabic article in each of its assimilated forms),
# connectors ("Othman bin Affan" = "Uthman ibn Affan") and the number sign.
STOP = frozenset(
    "the of and a an de du des la le les l di del van der al el ul ar as ad at ath ash an az ad ez "
    "bin ibn ben bint bn no nr ndeg numero num nos near opp opposite next to behind beside".split()
)

# The kind of a way or a place: written or translated one for another ("Logistics Park" / "مجمع", a
# complex; "King Fahd Road" / "King Fahd Street"), so a kind word one side lacks is no sign of another place.
KIND_WORDS = frozenset(
    "st rd ave blvd ln sq dr ct pl cl cres terr gdns roundabout junction complex compound park center "
    "tower residence heights plaza city town".split()
)

# Cities whose English name is no transliteration of their own (exonyms), and their common other spellings,
# in Latin and Arabic script: canonical name -> variants.
EXONYMS = {
    "cairo": ("al qahirah", "al qahira", "qahira", "qahirah", "el qahera", "القاهرة"),
    "alexandria": ("al iskandariyah", "al iskandariya", "iskandariyah", "iskandariya", "الإسكندرية"),
    "mecca": ("makkah", "makka", "makkah al mukarramah", "مكة", "مكة المكرمة"),
    "medina": ("madinah al munawwarah", "al madinah al munawwarah", "المدينة المنورة"),
    "casablanca": ("dar el beida", "dar al baida", "ad dar al bayda", "dar el bayda", "الدار البيضاء"),
    "tangier": ("tanger", "tanja", "tangiers", "طنجة"), "fez": ("fes", "fas", "فاس"),
    "marrakesh": ("marrakech", "murrakush", "مراكش"), "muscat": ("masqat", "مسقط"),
    "abu dhabi": ("abu zabi", "abu dabi", "abudhabi", "أبوظبي", "ابو ظبي"), "sharjah": ("ash shariqah", "الشارقة"),
    "doha": ("ad dawhah", "الدوحة"), "jerusalem": ("al quds", "القدس"), "damascus": ("dimashq", "دمشق"),
    "aleppo": ("halab", "حلب"), "beirut": ("bayrut", "بيروت"), "tripoli": ("tarabulus", "طرابلس"),
    "algiers": ("al jazair", "الجزائر"), "sanaa": ("sana a", "صنعاء"), "khartoum": ("al khartum", "الخرطوم"),
}

# Keywords that introduce a door number, by role. A unit is one door inside a building; a building (or
# villa, house) one door on a street; a block, plot, zone or numbered street a part of the grid.
UNIT = frozenset(
    "unit apt ste suite room rm office ofc shop door kv kvartira shqh shaqqa wohnung whg appt app flt flat "
    "appartement apartment daire warehouse wh whse whs wrhs".split()
)
FLOOR = frozenset("fl flr floor level lvl etage etazh kat tabiq".split())
BUILDING = frozenset("bldg bld building immeuble imm tower house villa vila dom d bina binasi manzil plot lot".split())
BLOCK = frozenset("block blk sector zone".split())
# The kind of premises a building keyword names: a villa is one house, a building holds flats. A house
# number, a plot or a lot may be either (in Kuwait or Bahrain a "house" holds flats).
PREMISES = {"villa": ("villa", "vila"), "building": ("bldg", "bld", "building", "immeuble", "imm", "tower", "binasi")}

_FOLD_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ی": "ي", "ک": "ك"})
_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"  # Arabic and Persian letters (not their commas or digits)
_FINAL_HEH = re.compile(f"ه(?![{_LETTER}])")


def _fold(text: str) -> str:
    """Arabic spelling variants folded: hamza seats, alef maqsura, Persian yeh and kaf, a final heh."""
    return _FINAL_HEH.sub("ة", text.translate(_FOLD_ARABIC))


_SCRIPT = {_fold(word): english for word, english in SCRIPT.items()}
_SCRIPT_WORD = re.compile(
    f"(?<![{_LETTER}])[وبلف]?(?:ال)?("
    + "|".join(re.escape(w) for w in sorted(_SCRIPT, key=len, reverse=True))
    + f")(?![{_LETTER}])"
)
_DOOR_WORDS = "|".join(sorted(UNIT | BUILDING, key=len, reverse=True))
# The intermediary's name runs to a comma, or, on one line without commas, to the door it holds the
# parcel at ("C/O ARAMEX SHOP & SHIP WAREHOUSE 12 JEBEL ALI ..."): a door keyword and its number.
_CARE_OF = re.compile(
    rf"(?i)\b(?:c\s*/\s*o|(?:care\s+of|attn|attention)\b)[^,;\n]*?(?:[,;]|(?=\b(?:{_DOOR_WORDS})\W{{0,3}}\d)|(?=\n)|$)"
)
_CARE_WORDS = frozenset({"care", "attn", "attn:", "attention", "attention:"})
_SLASHED = re.compile(r"(?i)\bw\s*/\s*h\b")


def script_words(text: str) -> str:
    """Arabic and Persian address words replaced by their English tokens; other text unchanged.

    >>> script_words("شقة 4، طريق الملك فهد").split()
    ['flat', '4،', 'road', 'king', 'فهد']
    """
    return _SCRIPT_WORD.sub(lambda m: f" {_SCRIPT[m.group(1)]} ", _fold(text))


def drop_care_of(text: str) -> str:
    """An address without its "c/o ..." or "care of ..." part: an intermediary, not a place.

    >>> drop_care_of("c/o Aramex Shop & Ship, Warehouse 7, Riyadh")
    ' Warehouse 7, Riyadh'
    >>> drop_care_of("C/O ARAMEX SHOP & SHIP WAREHOUSE 12 JEBEL ALI FREE ZONE SOUTH DUBAI")
    'WAREHOUSE 12 JEBEL ALI FREE ZONE SOUTH DUBAI'
    """
    if "/" not in text and not _CARE_WORDS.intersection(text.lower().split()):
        return text  # the common case, without a regular expression
    return _CARE_OF.sub("", _SLASHED.sub("warehouse", text))


def care_of(text: str) -> bool:
    """Whether the address is written "c/o", "care of" or "attn" someone: held by an intermediary.

    >>> care_of("c/o Aramex Shop & Ship, Warehouse 7, Riyadh"), care_of("Warehouse w/h 7, Riyadh")
    (True, False)
    """
    if "/" not in text and not _CARE_WORDS.intersection(text.lower().split()):
        return False
    return _CARE_OF.search(text) is not None


def latin_word(word: str) -> str:
    """The canonical form of one Latin address word ("" for a word that says nothing about where)."""
    if word in STOP:
        return ""
    return LATIN.get(word, word)


# Countries as written at the end of an address, beyond the ISO names of graphintel/reference: short
# forms, official long forms and the Arabic names of the region's countries. An address's country is
# its own field: written or not, in whichever form, it must not count as a word that differs.
COUNTRY_ALIASES = (
    "ksa", "k.s.a", "kingdom of saudi arabia", "uae", "u.a.e", "u.a.e.", "emirates", "u a e",
    "arab republic of egypt", "misr",
    "state of qatar", "state of kuwait", "kingdom of bahrain", "sultanate of oman",
    "hashemite kingdom of jordan", "kingdom of morocco", "maroc", "al maghrib", "turkiye", "turkey", "iran",
    "russia", "uk", "great britain", "england", "usa", "united states of america", "prc",
    "people s republic of china", "syria", "south korea", "korea", "vietnam", "laos",
    "السعودية", "المملكة العربية السعودية", "الامارات", "الامارات العربية المتحدة", "دولة الامارات العربية المتحدة",
    "مصر", "جمهورية مصر العربية", "قطر", "دولة قطر", "الكويت", "دولة الكويت", "البحرين", "مملكة البحرين",
    "سلطنة عمان", "الاردن", "المملكة الاردنية الهاشمية", "المغرب", "المملكة المغربية", "العراق", "لبنان",
    "سوريا", "اليمن", "تركيا", "الصين", "الهند", "باكستان", "ايران", "روسيا",
)
