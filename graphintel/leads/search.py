"""Entity search: one box for a name, id, phone, e-mail or address, tolerant of spelling and spacing.

The index holds every party (by id and by name) and every address, phone and
e-mail, each reduced to case-folded letters and digits of any script (NFKC), so
"Shenzhen  Sun-Tec" finds "SHENZHEN SUNTEC", "ромашка" finds "ООО «Ромашка»"
and "太阳科技" finds "深圳市太阳科技有限公司". Exact and prefix matches rank first,
then fuzzy ones (rapidfuzz's WRatio), ties broken by risk.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from graphintel import schema
from graphintel.leads.explore import run_named
from graphintel.store.base import GraphStore

MIN_SCORE = 72
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
    """Searchable text of a store's parties and identifiers."""

    def __init__(self, entries: pd.DataFrame) -> None:
        # columns: label, key, name, score, text
        self.entries = entries[entries["text"] != ""].reset_index(drop=True)
        self._texts = self.entries["text"].tolist()

    @classmethod
    def build(cls, store: GraphStore) -> SearchIndex:
        """Read the parties and identifiers (the reads the neighbour index makes) and index them."""
        nodes = pd.concat(
            [store.named("index_parties", bulk=True), store.named("index_identifiers", bulk=True)], ignore_index=True
        )
        return cls.from_nodes(nodes)

    @classmethod
    def from_nodes(cls, nodes: pd.DataFrame) -> SearchIndex:
        """An index over nodes as the neighbour index holds them (``label, key, party_id, name, value, score``):
        one read of the graph per data version feeds both."""
        nodes = nodes.reset_index(drop=True)
        is_party = nodes["label"].isin(schema.PARTY_LABELS)
        frames = []
        parties = nodes[is_party]
        for label in schema.PARTY_LABELS:
            frame = parties[parties["label"] == label]
            display = (frame["party_id"].fillna("") + " " + frame["name"].fillna("")).str.strip()
            for field in ("party_id", "name"):
                frames.append(
                    pd.DataFrame(
                        {
                            "label": frame["label"],
                            "key": frame["key"],
                            "name": display,
                            "score": pd.to_numeric(frame["score"], errors="coerce"),
                            "text": frame[field].map(compact),
                        }
                    )
                )
        identifiers = nodes[~is_party]
        for kind in schema.IDENTIFIERS:
            ids = identifiers.loc[identifiers["label"] == kind.label, ["label", "key", "value"]]
            ids = ids.rename(columns={"value": "name"})
            frames.append(ids.assign(score=np.nan, text=ids["name"].map(compact)))
        return cls(pd.concat(frames, ignore_index=True))

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, limit: int = 20) -> pd.DataFrame:
        """Best matches: label, key, name, risk score and match quality (0 to 100)."""
        q = compact(query)
        columns = ["label", "key", "name", "score", "match"]
        if len(q) < 2 or not self._texts:
            return pd.DataFrame(columns=columns)
        texts = self.entries["text"]
        exact = texts.to_numpy() == q
        prefix = texts.str.startswith(q).to_numpy() & ~exact
        hits = [self.entries[exact].assign(match=100.0), self.entries[prefix].head(limit * 5).assign(match=99.0)]
        # Every entry scored on all cores at once (half the time of a one-core scan on two cores).
        scores = process.cdist([q], self._texts, scorer=fuzz.WRatio, score_cutoff=MIN_SCORE, workers=-1)[0]
        best = np.flatnonzero(scores)
        best = best[np.argsort(-scores[best], kind="stable")[: limit * 5]]
        if len(best):
            hits.append(self.entries.iloc[best].assign(match=np.round(scores[best].astype(float), 1)))
        result = pd.concat(hits, ignore_index=True)
        result = result.sort_values(["match", "score"], ascending=False, na_position="last")
        return result.drop_duplicates("key").head(limit)[columns].reset_index(drop=True)


def identifier_risk(store: GraphStore, keys: list[str]) -> pd.DataFrame:
    """For identifiers: how many parties use each and the highest risk among them."""
    if not keys:
        return pd.DataFrame(columns=["key", "parties", "score"])
    rows = run_named(store, "identifier_parties", {"identifier_keys": keys})
    if rows.empty:
        return pd.DataFrame(columns=["key", "parties", "score"])
    rows["score"] = pd.to_numeric(rows["score"], errors="coerce")
    out = rows.groupby("identifier").agg(parties=("key", "nunique"), score=("score", "max"))
    return out.reset_index().rename(columns={"identifier": "key"})
