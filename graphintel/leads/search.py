"""Entity search: one box for a name, id, phone, e-mail or address, tolerant of spelling and spacing.

The index holds every party (by id and by name) and every address, phone and
e-mail, each reduced to case-folded letters and digits of any script (NFKC), so
"Shenzhen  Sun-Tec" finds "SHENZHEN SUNTEC", "ромашка" finds "ООО «Ромашка»"
and "太阳科技" finds "深圳市太阳科技有限公司". Exact and prefix matches rank first,
then fuzzy ones (rapidfuzz's WRatio), ties broken by risk.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from graphintel import schema
from graphintel.entities.keys import latin, sorted_key
from graphintel.leads.neighbours import read_nodes
from graphintel.store.base import GraphStore

MIN_SCORE = 72
REMEMBERED = 256  # queries whose matches an index keeps
# Scripts whose diacritics searchers commonly leave out (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic):
# a combining mark on a letter below this code point is dropped, so "Müller" finds "Muller" and "أحمد" finds
# "احمد". Marks of other scripts (Devanagari vowel signs, Japanese voicing marks) change the letter: kept.
_DROP_MARKS_BELOW = 0x0800
_NOT_ASCII_ALNUM = re.compile(r"[^0-9a-z]+")


def compact(text) -> str:
    """Letters and digits of every script, case-folded, in NFKC form; optional diacritics removed.

    >>> compact("Shenzhen  Sun-Tec"), compact("MÜLLER GmbH"), compact("ООО «Ромашка»"), compact("深圳 太阳")
    ('shenzhensuntec', 'mullergmbh', 'оооромашка', '深圳太阳')
    """
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    text = str(text)
    if text.isascii():  # most identifiers: the fast path gives the same result
        return _NOT_ASCII_ALNUM.sub("", text.lower())
    out = []
    base = ""
    for ch in unicodedata.normalize("NFKD", text):
        category = unicodedata.category(ch)
        if category.startswith("M"):
            if base and ord(base) >= _DROP_MARKS_BELOW:
                out.append(ch)
            continue
        base = ch
        if category[0] in "LN":
            out.append(ch)
    return unicodedata.normalize("NFKC", "".join(out)).casefold()


class SearchIndex:
    """Searchable text of a store's parties and identifiers, in any script.

    Each entry keeps its text folded as written (``text``), its Latin transliteration (``latin``, for entries
    in another script) and, for names, a transliteration-proof key (``skeleton``: consonants of the words,
    sorted, from ``graphintel.entities``), so "محمد عبد الرحمن" finds "Mohammed Abdulrahman" and the other way.
    """

    def __init__(self, entries: pd.DataFrame) -> None:
        # columns: label, key, name, score, text (+ latin, skeleton, entity_id, entity_name, variants)
        entries = entries[entries["text"] != ""].reset_index(drop=True)
        for column, default in (("latin", ""), ("skeleton", ""), ("entity_id", None), ("entity_name", None)):
            if column not in entries:
                entries[column] = default
        if "variants" not in entries:
            entries["variants"] = 1
        self.entries = entries
        self._texts = self.entries["text"].tolist()
        self._text_array = pa.array(self._texts, type=pa.string())
        other = self.entries["latin"] != ""
        self._foreign = np.flatnonzero(other.to_numpy())
        self._latin = self.entries["latin"].to_numpy(dtype=object)[self._foreign].tolist()
        resolved = self.entries.dropna(subset=["entity_id"]).drop_duplicates("key")
        self._by_entity = resolved.groupby("entity_id")["key"].agg(list).to_dict() if len(resolved) else {}
        self._rows_of: dict[str, list[int]] | None = None  # key -> its entries' positions (built on first use)
        self._names: list = []  # each entry's name, by position (with ``_rows_of``)
        self._found: OrderedDict[tuple[str, int], pd.DataFrame] = OrderedDict()  # recent matches, newest last
        self._lock = threading.Lock()
        self._subsets: dict[tuple[str, ...], SearchIndex] = {}  # labels -> the index of their entries (``only``)

    @classmethod
    def build(cls, store: GraphStore) -> SearchIndex:
        """Read the parties and identifiers (``neighbours.read_nodes``, the neighbour index's read) and index them."""
        return cls.from_nodes(read_nodes(store))

    @classmethod
    def from_nodes(cls, nodes: pd.DataFrame) -> SearchIndex:
        """An index over nodes as the neighbour index holds them (``label, key, party_id, name, value, score``,
        and the entity columns when resolved): one read of the graph per data version feeds both."""
        nodes = nodes.reset_index(drop=True)
        for column in ("entity_id", "entity_name", "entity_variants"):
            if column not in nodes:
                nodes[column] = None
        is_party = nodes["label"].isin(schema.PARTY_LABELS)
        frames = []
        parties = nodes[is_party]
        for label in schema.PARTY_LABELS:
            frame = parties[parties["label"] == label]
            display = (frame["party_id"].fillna("") + " " + frame["name"].fillna("")).str.strip()
            for field in ("party_id", "name"):
                frames.append(_entries(frame, display, frame[field], names=field == "name"))
        identifiers = nodes[~is_party]
        for kind in schema.IDENTIFIERS:
            ids = identifiers[identifiers["label"] == kind.label]
            # shown as written (addresses; ``display``), found by the normalised value
            written = ids["display"].fillna("").astype(str) if "display" in ids else pd.Series("", index=ids.index)
            shown = written.where(written != "", ids["value"])
            frames.append(_entries(ids, shown, ids["value"], names=kind.column == "address", score=False))
        return cls(pd.concat(frames, ignore_index=True))

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, limit: int = 20, labels: tuple[str, ...] | None = None) -> pd.DataFrame:
        """Best matches: label, key, name, risk score and match quality (0 to 100); with ``labels``, the best
        among the entries of those labels only (``only``)."""
        index = self if labels is None else self.only(labels)
        return index._matches(query, limit)[["label", "key", "name", "score", "match"]].reset_index(drop=True)

    def only(self, labels: tuple[str, ...]) -> SearchIndex:
        """The index of the entries of some labels (the Paths page's pickers: parties), made once: a search scans
        only them (a fuzzy scan of every entry costs 0.2 s at 100,000 consignments, of the parties 0.1 s), and
        finds as many of them as asked, where the whole index's best might have been addresses or phones."""
        wanted = tuple(sorted(set(labels)))
        held = self._subsets.get(wanted)
        if held is None:
            held = SearchIndex(self.entries[self.entries["label"].isin(wanted)].reset_index(drop=True))
            with self._lock:
                held = self._subsets.setdefault(wanted, held)
        return held

    def search_entities(self, query: str, limit: int = 20, labels: tuple[str, ...] | None = None) -> pd.DataFrame:
        """Best matches grouped by entity: one row per entity (its best-matching spelling, its canonical form
        as ``name``, its number of ``variants``), best match first; among equal matches the entity with more
        spellings (a depot before its one-off typos)."""
        found = self._matches(query, limit * 10)
        if labels:
            found = found[found["label"].isin(labels)]
        columns = ["label", "key", "name", "entity_id", "variants", "score", "match"]
        if found.empty:
            return pd.DataFrame(columns=columns)
        found = found.assign(
            entity_id=found["entity_id"].where(found["entity_id"].notna(), found["key"]),
            name=found["entity_name"].where(found["entity_name"].notna(), found["name"]),
            variants=pd.to_numeric(found["variants"], errors="coerce").fillna(1).astype(int),
        )
        found = found.sort_values(["match", "variants", "score"], ascending=False, na_position="last", kind="stable")
        return found.drop_duplicates("entity_id").head(limit)[columns].reset_index(drop=True)

    def spellings(self, entity_id, key: str) -> list[str]:
        """The node keys an entity groups (``key`` alone when it is not resolved)."""
        if entity_id is None or entity_id == key or pd.isna(entity_id):
            return [key]
        keys = self._by_entity.get(entity_id)
        return sorted(keys) if keys else [key]

    def canonical_key(self, entity_id, key: str) -> str:
        """The entity's canonical spelling's key (the one written as ``entity_name``), else ``key``."""
        keys = self.spellings(entity_id, key)
        if len(keys) == 1:
            return keys[0]
        rows = self.rows(*keys)
        canonical = rows[rows["text"] == rows["entity_name"].fillna("").map(compact)]
        return str(canonical["key"].iloc[0]) if len(canonical) else key

    def display(self, key: str) -> str:
        """How a node is shown: its name or value (its first entry's)."""
        positions = self._positions().get(key)
        return str(self._names[positions[0]]) if positions else key

    def rows(self, *keys: str) -> pd.DataFrame:
        """The entries of some node keys, in index order (found through a lookup built once, not a scan)."""
        rows_of = self._positions()
        return self.entries.iloc[sorted(p for k in dict.fromkeys(keys) for p in rows_of.get(k, []))]

    def _positions(self) -> dict[str, list[int]]:
        """Each key's entry positions, built on first use (with the names, for ``display``)."""
        if self._rows_of is None:
            with self._lock:
                if self._rows_of is None:
                    rows_of: dict[str, list[int]] = {}
                    for position, k in enumerate(self.entries["key"].tolist()):
                        rows_of.setdefault(k, []).append(position)
                    self._names = self.entries["name"].tolist()
                    self._rows_of = rows_of
        return self._rows_of

    def _matches(self, query: str, limit: int) -> pd.DataFrame:
        """``_scan``'s answer, remembered for the last ``REMEMBERED`` queries: the dashboard asks again for the
        same text on every rerun of a page (a fuzzy scan of every entry costs 0.2 s at 100,000 consignments)."""
        asked = (query, limit)
        with self._lock:
            found = self._found.get(asked)
            if found is not None:
                self._found.move_to_end(asked)
                return found.copy()
        found = self._scan(query, limit)
        with self._lock:
            self._found[asked] = found
            while len(self._found) > REMEMBERED:
                self._found.popitem(last=False)
        return found.copy()

    def _scan(self, query: str, limit: int) -> pd.DataFrame:
        q = compact(query)
        if len(q) < 2 or not self._texts:
            return self.entries.iloc[:0].assign(match=pd.Series(dtype=float))
        exact = pc.equal(self._text_array, q).to_numpy(zero_copy_only=False)
        # in Arrow's C, not a Python call per entry (0.1 s at 100,000 consignments)
        prefix = pc.starts_with(self._text_array, q).to_numpy(zero_copy_only=False) & ~exact
        hits = [self.entries[exact].assign(match=100.0), self.entries[prefix].head(limit * 5).assign(match=99.0)]
        skeleton = sorted_key(query)
        if skeleton:  # the same name in another script or transliteration
            same = self.entries["skeleton"].to_numpy() == skeleton
            hits.append(self.entries[same & ~exact].head(limit * 5).assign(match=97.0))
        # Every entry scored on all cores at once (half the time of a one-core scan on two cores).
        hits.append(self._fuzzy(q, self._texts, None, limit))
        if self._latin:  # entries written in another script, against the query in Latin letters
            hits.append(self._fuzzy(compact(latin(query)), self._latin, self._foreign, limit))
        result = pd.concat([h for h in hits if len(h)], ignore_index=True) if any(len(h) for h in hits) else hits[0]
        result = result.sort_values(["match", "score"], ascending=False, na_position="last", kind="stable")
        return result.drop_duplicates("key").head(limit)

    def _fuzzy(self, q: str, texts: list, positions: np.ndarray | None, limit: int) -> pd.DataFrame:
        if len(q) < 2 or not texts:
            return self.entries.iloc[:0].assign(match=pd.Series(dtype=float))
        scores = process.cdist([q], texts, scorer=fuzz.WRatio, score_cutoff=MIN_SCORE, workers=-1)[0]
        best = np.flatnonzero(scores)
        best = best[np.argsort(-scores[best], kind="stable")[: limit * 5]]
        rows = best if positions is None else positions[best]
        return self.entries.iloc[rows].assign(match=np.round(scores[best].astype(float), 1))


def _each_distinct(values: pd.Series, func) -> pd.Series:
    """``func`` of each value, computed once per distinct value."""
    codes, uniques = pd.factorize(values)
    mapped = np.array([func(u) for u in uniques.tolist()] + [""], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def _entries(nodes: pd.DataFrame, display: pd.Series, field: pd.Series, names: bool, score: bool = True):
    """Search entries for one field of some nodes: its folded text, its Latin form when written in another
    script, and for names and addresses the transliteration-proof key."""
    values = field.fillna("").astype(str)
    text = _each_distinct(values, compact)
    latin_text = _each_distinct(values, lambda v: "" if v.isascii() else compact(latin(v)))
    skeleton = _each_distinct(values, sorted_key) if names else pd.Series("", index=values.index, dtype=object)
    return pd.DataFrame(
        {
            "label": nodes["label"],
            "key": nodes["key"],
            "name": display,
            "score": pd.to_numeric(nodes["score"], errors="coerce") if score else np.nan,
            "text": text,
            "latin": latin_text,
            "skeleton": skeleton,
            "entity_id": nodes["entity_id"],
            "entity_name": nodes["entity_name"],
            "variants": nodes["entity_variants"],
        }
    )
