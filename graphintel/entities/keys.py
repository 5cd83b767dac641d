"""Latin keys of names in any script: transliteration, name canonicalisation and a consonant skeleton.

Why: the same party is written "محمد عبد الرحمن", "Mohammed Abdulrahman", "Muhammad Abd al-Rahman" and
"Мухаммед Абдурахман". Arabic script carries no short vowels and Latin transliterations disagree on
exactly those vowels, on doubled letters and on digraphs (kh / h, q / k). So every name is

1. transliterated to ASCII with ``anyascii`` (a well-kept, pure-Python table for every script, no system
   library; Chinese comes out as pinyin syllables);
2. split into tokens, with company-form words ("Co., Ltd", "LLC", "شركة", "有限公司") removed and the
   Arabic article (Al-, El-, ال) and "Abd al-X" compounds canonicalised;
3. reduced to a *skeleton* per token: consonants only, digraphs folded, doubles collapsed. "Mohammed",
   "Muhammad", "Mohamed", "محمد" and "Мухаммед" all give ``mhmd``.

The skeleton is a phonetic key in the spirit of Soundex/Metaphone, but built for the consonantal
writing of Arabic and Persian, which those English-tuned keys do not model.
"""

from __future__ import annotations

import functools
import re

import jellyfish
from anyascii import anyascii

from graphintel.ingest.normalise import CACHE_SIZE

_ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # harakat, superscript alif, tatweel
_ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06ff])ال(?=[\u0600-\u06ff]{2})")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.\s?){2,}")  # "L.L.C.", "S. A." : initials written with dots are one word

# Company-form words in the scripts parties write them in, replaced before transliteration so that
# "深圳百货有限公司" and "Shenzhen Baihuo Co., Ltd." meet. Generic legal-form words, not names.
_SCRIPT_WORDS = {
    "股份有限公司": " co ltd ",
    "有限责任公司": " co ltd ",
    "有限公司": " co ltd ",
    "公司": " co ",
    "集团": " group ",
    "贸易": " trading ",
    "商贸": " trading ",
    "科技": " technology ",
    "电子": " electronics ",
    "国际": " international ",
    "进出口": " import export ",
    "市": " ",
    "省": " ",
    "شركة": " co ",
    "مؤسسة": " est ",
    "للتجارة": " trading ",
    "التجارية": " trading ",
    "ذ.م.م": " llc ",
    "ООО": " llc ",
    "ОАО": " ojsc ",
    "ЗАО": " cjsc ",
    "ИП": " ie ",
}
_SCRIPT_WORD = re.compile("|".join(re.escape(w) for w in sorted(_SCRIPT_WORDS, key=len, reverse=True)))

# Legal forms and generic trade words, dropped from a name's tokens: "ACME Trading LLC" ~ "Acme".
COMPANY_WORDS = frozenset(
    "co company corp corporation inc incorporated ltd limited llc plc gmbh ag sa sarl srl spa bv nv oy ab as "
    "pte pvt private pty fze fzco fzc fzllc est establishment trading trade group holding holdings intl "
    "international import export imp exp ie ojsc cjsc ooo zao oao kg ug lp llp jsc tic sti".split()
)
_ARTICLES = frozenset({"al", "el", "ul", "ar", "ash", "ad"})  # "Al-", "El-", and assimilated "ar-Rahman"
# Titles and genealogical connectors: not part of who a person is ("Dr. X" = "X"; "X bin Y" = "X Y").
_TITLES = frozenset("mr mrs ms miss mx dr prof eng sheikh shaikh sh hajj haji hajji sayyid sir madam mme mlle "
                    "herr frau sr sra srta gospodin g".split())
_CONNECTORS = frozenset("bin ibn bint ben ould bnt".split())
_ABD = frozenset({"abd", "abdu", "abdul", "abdel", "abdal", "abdol", "abdur", "abdoul"})
_SKELETON_FOLD = [("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("ph", "f"),
                  ("zh", "j"), ("dj", "j"), ("ck", "k"), ("q", "k"), ("c", "k"), ("z", "s"), ("x", "ks"),
                  ("v", "w"), ("p", "b"), ("ee", "i"), ("oo", "u"), ("ou", "u")]
_VOWELS = re.compile(r"[aeiouy]")
_SEMIVOWEL = re.compile(r"(?<=.)[wy]")
_DOUBLE = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=CACHE_SIZE)
def latin(text: str) -> str:
    """``text`` in lower-case ASCII words, any script: ``"محمد العلي"`` -> ``"mhmd al ly"``.

    Arabic harakat are dropped and the article ال is split off as ``al``, so the key does not depend on
    whether the writer joined it; Chinese syllables are spaced, and company-form words are translated.

    >>> latin("Jérôme  Müller-Lüdenscheidt")
    'jerome muller ludenscheidt'
    >>> latin("深圳市百货有限公司")
    'shen zhen bai huo co ltd'
    """
    if not text:
        return ""
    if not text.isascii():
        text = _SCRIPT_WORD.sub(lambda m: _SCRIPT_WORDS[m.group(0)], text)
        if _ARABIC_LETTERS.search(text):
            text = _ARABIC_ARTICLE.sub("ال ", _ARABIC_MARKS.sub("", text)).replace("ال ", " al ")
            text = anyascii(text).replace("`", "a").replace("'", "a")  # 'ayn and hamza: written as vowels
        if _HAN.search(text):
            text = "".join(f" {anyascii(ch)} " if _HAN.match(ch) else ch for ch in text)
        text = anyascii(text)
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", "").replace(" ", "") + " ", text)
    text = _CAMEL.sub(" ", text)  # "NavidMalik": words run together, capitals still mark them
    return _NOT_WORD.sub(" ", text.lower()).strip()


@functools.lru_cache(maxsize=CACHE_SIZE)
def skeleton(token: str) -> str:
    """The consonant skeleton of one ASCII token: ``"mohammed"`` -> ``"mhmd"``, ``"yousef"`` -> ``"ysf"``.

    Digraphs are folded (kh -> h, q -> k, ...), vowels dropped, w and y kept only as a first letter (they
    stand for vowels inside Arabic transliterations: Husayn / Hussein), and doubled letters collapsed.

    >>> [skeleton(t) for t in ("muhammad", "mukhammed", "mhmd", "husayn", "hussein", "hsyn")]
    ['mhmd', 'mhmd', 'mhmd', 'hsn', 'hsn', 'hsn']
    """
    if token.isdigit():
        return token
    for old, new in _SKELETON_FOLD:
        token = token.replace(old, new)
    first, rest = token[:1], token[1:]
    rest = _VOWELS.sub("", _SEMIVOWEL.sub("", rest)) if first not in "aeiou" else _VOWELS.sub("", rest)
    if first in "aeiou":
        first = ""
    key = _DOUBLE.sub(r"\1", first + rest.replace("w", ""))
    if len(key) >= 3 and key.endswith("h"):  # ta marbuta, written or not: Fatimah / Fatima / فاطمة
        key = key[:-1]
    if key.startswith("bdl") and len(key) > 5:  # "Abdul-Rahman" = "Abd ar-Rahman": the article is not the name
        key = "bd" + key[3:]
    return key


_VELARS = str.maketrans("qgcj", "kkkk")


@functools.lru_cache(maxsize=CACHE_SIZE)
def consonants(token: str) -> str:
    """A plainer key than :func:`skeleton`: the consonants as written, with no digraph folded, and q, g,
    k, c and j as one. It meets Arabic letters written one for one, where a digraph is two letters
    ("التحلية" is t-h-l-y-h, "Tahlia"), the Gulf's g for qaf ("الرقة" / "Rigga") and Egypt's g for jim
    ("الجيزة" / "Giza").

    >>> consonants("tahlia"), consonants("thlyh"), consonants("rigga"), consonants("rqh"), consonants("jyzh")
    ('thl', 'thl', 'rk', 'rk', 'kz')
    """
    if token.isdigit():
        return token
    token = token.translate(_VELARS)
    first, rest = token[:1], token[1:]
    first = "" if first in "aeiou" else first
    key = _DOUBLE.sub(r"\1", first + _VOWELS.sub("", _SEMIVOWEL.sub("", rest)).replace("w", ""))
    return key[:-1] if len(key) >= 3 and key.endswith("h") else key


def _canonical_tokens(words: list[str]) -> list[str]:
    """Tokens with Arabic articles dropped and a lone "Abd"/"Abdul" joined to the next word.

    "abd al rahman", "abdul rahman" and "abdulrahman" all become one token; the skeleton then drops the
    article's "l" that the joined forms keep (see :func:`skeleton`).
    """
    out: list[str] = []
    pending = ""
    for word in words:
        if word in _ARTICLES or word in _TITLES or word in _CONNECTORS:
            continue
        if len(word) >= 6 and word[:2] in ("al", "el") and word[2] not in "aeioul":
            word = word[2:]  # the article written joined: "Alshammari" = "Al-Shammari"
        if word in _ABD:
            pending = "abd"
            continue
        out.append(pending + word)
        pending = ""
    if pending:
        out.append(pending)
    return out


@functools.lru_cache(maxsize=CACHE_SIZE)
def name_tokens(name: str) -> tuple[str, ...]:
    """The canonical Latin tokens of a party name, company forms removed (kept when nothing else is left).

    >>> name_tokens("Abd al-Rahman AL-QASIM Trading LLC")
    ('abdrahman', 'qasim')
    >>> name_tokens("عبد الرحمن القاسم")
    ('abdrhmn', 'qsm')
    """
    words = latin(name).split()
    kept = [w for w in words if w not in COMPANY_WORDS]
    return tuple(_canonical_tokens(kept or words))


@functools.lru_cache(maxsize=CACHE_SIZE)
def name_skeletons(name: str) -> tuple[str, ...]:
    """The skeleton of every canonical token of ``name`` (empty skeletons dropped)."""
    return tuple(s for s in (skeleton(t) for t in name_tokens(name)) if s)


def sorted_key(name: str) -> str:
    """Word-order-free phonetic key: the sorted token skeletons. "Ali Mohammed" == "Mohammed Ali"."""
    return " ".join(sorted(name_skeletons(name)))


def joined_key(name: str) -> str:
    """Spacing-free phonetic key: the skeleton of the tokens written together ("Shen Zhen" == "Shenzhen")."""
    return skeleton("".join(name_tokens(name)))


def search_keys(text: str) -> list[str]:
    """The keys under which ``text`` should be found, in any script: Latin form, and phonetic keys.

    An index stores the keys of every name; a query matches when it shares a key. The Latin form serves
    prefix and fuzzy search, the skeleton keys cross scripts and transliterations, and a Metaphone key
    (jellyfish) catches English-style misspellings the skeleton keeps apart.

    >>> search_keys("محمد عبد الرحمن")[1] == search_keys("Mohammed Abdul-Rahman")[1] == 'bdrhmn mhmd'
    True
    """
    tokens = name_tokens(text)
    if not tokens:
        return []
    keys = [" ".join(tokens), sorted_key(text), joined_key(text)]
    metaphone = " ".join(sorted(jellyfish.metaphone(t) for t in tokens if t.isalpha()))
    if metaphone:
        keys.append("mp:" + metaphone)
    return list(dict.fromkeys(k for k in keys if k))
