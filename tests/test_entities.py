"""Entity resolution (graphintel.entities): scripts, false friends, addresses, decisions, stable ids."""

from __future__ import annotations

import pandas as pd
import pytest

from graphintel.entities import resolve, search_keys
from graphintel.entities.address import door_conflict, parse_address

PARTY_COLUMNS = ["record_id", "source_id", "name", "address", "country", "phone", "email"]


def parties(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=PARTY_COLUMNS)


def entity_of(resolution, record_id: str) -> str:
    entities = resolution.entities.set_index("record_id")
    return entities.loc[record_id, "entity_id"]


def together(resolution, *record_ids: str) -> bool:
    return len({entity_of(resolution, r) for r in record_ids}) == 1


BUYERS = parties(
    [
        ("a1", "", "محمد عبد الرحمن", "12 Baker St London", "GB", "+447700900123", ""),
        ("a2", "", "Mohammed Abdulrahman", "12 Baker Street, London", "GB", "07700 900123", ""),
        ("a3", "", "Muhammad Abd al-Rahman", "12 Baker St", "GB", "", ""),
        ("f1", "", "Mohammed Ali", "5 Rue de Rivoli, Paris", "FR", "+33612345678", ""),
        ("f2", "", "Mohammed Ali", "Sheikh Zayed Road, Dubai", "AE", "+971501234567", ""),
        ("c1", "", "Иван Петров", "ул. Ленина д. 5, Москва", "RU", "+79161234567", ""),
        ("c2", "", "Ivan Petrov", "ul Lenina d 5 Moskva", "RU", "89161234567", ""),
        ("x1", "", "Olga Smirnova", "Nevsky 10, St Petersburg", "RU", "+79219876543", ""),
    ]
)


def test_arabic_and_latin_spellings_are_one_buyer():
    resolution = resolve(BUYERS, "buyer")
    assert together(resolution, "a1", "a2", "a3")
    assert resolution.entities.set_index("record_id").loc["a1", "variants"] == 3


def test_cyrillic_and_latin_spellings_are_one_buyer():
    resolution = resolve(BUYERS, "buyer")
    assert together(resolution, "c1", "c2")
    assert not together(resolution, "c1", "x1")


def test_false_friends_stay_apart():
    """Two "Mohammed Ali" with different phones in different cities are two people."""
    resolution = resolve(BUYERS, "buyer")
    assert not together(resolution, "f1", "f2")
    assert not together(resolution, "f1", "a2")


def test_a_common_name_does_not_chain_strangers():
    """Ten "Mohammed Ali" with ten phones, and name-only records between them, never become one entity."""
    rows = [
        (f"p{i}", "", "Mohammed Ali", f"{i} Main Road, City{i}", "AE", f"+9715012345{i:02d}", "") for i in range(10)
    ]
    rows += [(f"q{i}", "", "Muhammad Ali", "", "AE", "", "") for i in range(5)]
    resolution = resolve(parties(rows), "buyer")
    members = resolution.entities[resolution.entities["record_id"].str.startswith("p")]
    assert members["entity_id"].nunique() == 10


def test_chinese_company_name_meets_its_pinyin():
    sellers = parties(
        [
            ("s1", "", "深圳市百货有限公司", "", "CN", "+8613800138000", ""),
            ("s2", "", "Shenzhen Baihuo Co., Ltd.", "", "CN", "+86 138 0013 8000", ""),
            ("s3", "", "Guangzhou Lighting Trading Co", "", "CN", "+8613900000000", ""),
        ]
    )
    resolution = resolve(sellers, "seller")
    assert together(resolution, "s1", "s2")
    assert not together(resolution, "s1", "s3")


def test_company_suffix_forms_meet():
    sellers = parties(
        [
            ("s1", "", "ACME Trading LLC", "Unit 2, 8 Dock Road, Jebel Ali", "AE", "", "sales@acme.ae"),
            ("s2", "", "Acme Trading L.L.C.", "8 Dock Rd Jebel Ali", "AE", "", "sales@acme.ae"),
            ("s3", "", "Apex Trading LLC", "9 Dock Road, Jebel Ali", "AE", "", "info@apex.ae"),
        ]
    )
    resolution = resolve(sellers, "seller")
    assert together(resolution, "s1", "s2")
    assert not together(resolution, "s1", "s3")


DEPOT = [
    "Unit 4, Heathrow Cargo Centre, Hounslow TW6 2JS",
    "UNIT 4 HEATHROW CARGO CENTRE",
    "unti 4 heathrow cargo center",
    "Unit 4 ehathrow cargo centre hounslow",
    "Unit 4, Heathrow Cargo Ctr, TW6 2JS",
]
FLATS = ["Flat 3, 12 Baker Street, London", "Flat 4, 12 Baker Street, London", "flat 3 12 baker st london"]
BOXES = ["P.O. Box 5521, Dubai", "PO Box 5522, Dubai", "ص.ب 5521 دبي"]


def addresses(values: list[str], country: str = "GB") -> pd.DataFrame:
    return pd.DataFrame({"record_id": [f"d{i}" for i in range(len(values))], "address": values, "country": country})


def test_depot_typo_variants_fold_into_one_address():
    resolution = resolve(addresses(DEPOT + FLATS), "address")
    depot = resolution.entities.iloc[: len(DEPOT)]
    assert depot["entity_id"].nunique() == 1
    assert depot["variants"].iloc[0] == len(DEPOT)


def test_flats_and_po_boxes_stay_apart():
    resolution = resolve(addresses(DEPOT + FLATS + BOXES), "address")
    ids = resolution.entities["entity_id"].tolist()
    flat3, flat4, flat3b = ids[len(DEPOT) : len(DEPOT) + 3]
    box1, box2, box1_arabic = ids[len(DEPOT) + 3 :]
    assert flat3 != flat4 and flat3 == flat3b
    assert box1 != box2 and box1 == box1_arabic
    assert door_conflict(parse_address(FLATS[0]), parse_address(FLATS[1]))


def test_merge_and_split_decisions_are_respected():
    base = resolve(BUYERS, "buyer")
    assert together(base, "a1", "a2") and not together(base, "x1", "f1")
    decisions = pd.DataFrame({"kind": ["split", "merge"], "left": ["a1", "x1"], "right": ["a2", "f1"]})
    decided = resolve(BUYERS, "buyer", decisions=decisions)
    assert not together(decided, "a1", "a2")
    assert together(decided, "x1", "f1")
    again = resolve(BUYERS.iloc[::-1], "buyer", decisions=decisions)
    assert not together(again, "a1", "a2") and together(again, "x1", "f1")


def test_entity_ids_are_stable_and_order_free():
    first = resolve(BUYERS, "buyer").entities.set_index("record_id")["entity_id"]
    second = resolve(BUYERS.sample(frac=1, random_state=3), "buyer").entities.set_index("record_id")["entity_id"]
    assert first.sort_index().equals(second.sort_index())
    assert first["a1"].startswith("E-buyer-")


def test_source_ids_join_accounts_and_resist_weak_names():
    rows = [
        ("i1", "ACC-1", "Ali Hassan", "", "AE", "+971501111111", ""),
        ("i2", "acc-1", "A. Hassan Trading", "", "AE", "", ""),
        ("i3", "ACC-2", "Ali Hasan", "", "AE", "+971502222222", ""),
        ("i4", "ACC-3", "Ali Hassan", "", "AE", "+971 50 111 1111", ""),
    ]
    resolution = resolve(parties(rows), "seller")
    assert together(resolution, "i1", "i2")  # one account, whatever its names
    assert not together(resolution, "i1", "i3")  # another account and phone: a like name is not enough
    assert together(resolution, "i1", "i4")  # a second account of the same person (same name and phone)
    without = resolve(parties(rows), "seller", use_ids=False)
    assert not together(without, "i1", "i3")


def test_phones_and_emails_resolve_on_their_normal_forms():
    phones = pd.DataFrame(
        {
            "record_id": ["p1", "p2", "p3"],
            "phone": ["+44 7700 900123", "07700-900123", "+447700900124"],
            "country": "GB",
        }
    )
    resolution = resolve(phones, "phone")
    assert together(resolution, "p1", "p2") and not together(resolution, "p1", "p3")
    emails = pd.DataFrame(
        {"record_id": ["e1", "e2", "e3"], "email": ["J.Doe+shop@Gmail.com", "jdoe@gmail.com", "x@y.z"]}
    )
    resolution = resolve(emails, "email")
    assert together(resolution, "e1", "e2") and not together(resolution, "e1", "e3")


@pytest.mark.parametrize("text", ["محمد عبد الرحمن", "Мухаммед Абдурахман", "Muhammad Abd al-Rahman", "محمّد عبدالرحمن"])
def test_search_keys_cross_scripts(text):
    assert set(search_keys(text)) & set(search_keys("Mohammed Abdulrahman"))


def test_search_keys_chinese_meets_pinyin():
    assert set(search_keys("义乌小商品贸易有限公司")) & set(search_keys("Yiwu Xiaoshangpin Trading Co., Ltd."))
    assert not set(search_keys("Olga Smirnova")) & set(search_keys("Mohammed Abdulrahman"))


def test_empty_and_identifier_only_input():
    assert search_keys("") == [] and search_keys("!!!") == []
    empty = resolve(parties([]), "buyer")
    assert empty.entities.empty and empty.links.empty
    ids_only = parties(
        [("r1", "X1", "", "", "", "", ""), ("r2", "X1", "", "", "", "", ""), ("r3", "", "", "", "", "", "")]
    )
    resolution = resolve(ids_only, "seller")
    assert together(resolution, "r1", "r2") and not together(resolution, "r1", "r3")
    assert len(resolve(addresses([""]), "address").entities) == 1
    with pytest.raises(ValueError):
        resolve(ids_only, "vessel")
