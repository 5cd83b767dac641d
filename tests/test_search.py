"""Entity search finds names in every script: exact, spaced differently, and with a letter wrong."""

from __future__ import annotations

import pytest

from graphintel.cli import main
from graphintel.leads.search import SearchIndex, compact
from graphintel.store import open_store
from tests.conftest import parcel, write_csv

NAMES = {
    "S1": "شركة النور للتجارة",  # Arabic
    "S2": "ООО «Ромашка Трейд»",  # Cyrillic
    "S3": "深圳市太阳科技有限公司",  # Chinese
    "S4": "Shenzhen Suntec",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> SearchIndex:
    home = tmp_path_factory.mktemp("search")
    rows = [
        parcel(f"C{i}", seller=seller, buyer=f"B{i}", seller_name=name, buyer_name=f"Buyer {i}")
        for i, (seller, name) in enumerate(NAMES.items())
    ]
    rows.append(parcel("C9", seller="S5", buyer="B9", seller_name="Иван Петров", buyer_name="أحمد الرشيد"))
    assert main(["ingest", str(write_csv(home / "in.csv", rows)), "--home", str(home)]) == 0
    with open_store(str(home / "graph.lbug"), read_only=True) as store:
        return SearchIndex.build(store)


def first(index: SearchIndex, query: str) -> tuple[str, float]:
    hits = index.search(query)
    assert len(hits), f"nothing found for {query!r}"
    return hits.iloc[0]["key"], float(hits.iloc[0]["match"])


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("شركة النور للتجارة", "seller:S1"),  # exact
        ("ООО «Ромашка Трейд»", "seller:S2"),
        ("深圳市太阳科技有限公司", "seller:S3"),
        ("ооо ромашка трейд", "seller:S2"),  # case and spacing
        ("ИВАН ПЕТРОВ", "seller:S5"),
        ("أحمد الرشيد", "buyer:B9"),
        ("أَحْمَد الرَّشِيد", "buyer:B9"),  # with the optional vowel marks
    ],
)
def test_exact_matches_in_any_script(index, query, key):
    assert first(index, query) == (key, 100.0)


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("شركة النور للتجاره", "seller:S1"),  # a letter wrong (ta marbuta written as ha)
        ("Ромашка Трэйд", "seller:S2"),  # a letter wrong
        ("太阳科技有限公司", "seller:S3"),  # part of the name
        ("深圳市太阳科技有线公司", "seller:S3"),  # a character wrong
        ("Иван Петроф", "seller:S5"),
    ],
)
def test_fuzzy_matches_in_any_script(index, query, key):
    found, match = first(index, query)
    assert found == key and match < 100


def test_latin_search_still_ignores_accents_and_punctuation(index):
    assert first(index, "shenzhen  sun-tec")[0] == "seller:S4"
    assert compact("MÜLLER GmbH") == compact("muller gmbh") and compact("Straße") == "strasse"
    assert compact("ガソリン") == "ガソリン", "marks that change a letter (kana voicing) are kept"


def test_a_search_among_some_labels_scans_only_their_entries(index):
    """The Paths page's pickers search the parties only: an address or phone never takes a candidate's place."""
    parties = index.search("Buyer", limit=3, labels=("Seller", "Buyer"))
    assert len(parties) == 3 and set(parties["label"]) <= {"Seller", "Buyer"}
    assert index.only(("Buyer", "Seller")) is index.only(("Seller", "Buyer")), "made once per set of labels"
    assert first(index, "Shenzhen Suntec") == tuple(
        index.search("Shenzhen Suntec", labels=("Seller", "Buyer")).iloc[0][["key", "match"]]
    )
