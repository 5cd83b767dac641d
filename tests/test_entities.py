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


# --- issue 17, second round: scale, address word weights, false friends ---------------------------------


def test_email_local_part_spelling_the_name_is_no_evidence():
    """Namesakes write their name as their e-mail at other providers: that is not one person."""
    from graphintel.entities.compare import local_from_name

    assert local_from_name("maria_salazar\x1fmaria salazar")
    assert local_from_name("yadavp\x1fpriya yadav")  # surname and initial
    assert local_from_name("olga.popov\x1folga popova")  # a stem of the name
    assert not local_from_name("sunflower77\x1fmaria salazar")
    rows = [
        ("m1", "", "Maria Salazar", "50 Hamdan Street, Dubai", "AE", "+971561145677", "maria_salazar@outlook.com"),
        ("m2", "", "Maria Salazar", "v3, Al Ittihad Road, Barsha, Dubai", "AE", "+971583588543",
         "maria_salazar@hotmail.com"),
    ]
    assert not together(resolve(parties(rows), "buyer"), "m1", "m2")


def test_a_distinctive_email_local_part_still_joins():
    rows = [
        ("k1", "", "Karim Haddad", "12 Baker St London", "GB", "", "sunflower1977@gmail.com"),
        ("k2", "", "Kareem Hadad", "", "GB", "", "sunflower1977@yahoo.com"),
    ]
    assert together(resolve(parties(rows), "buyer"), "k1", "k2")


def test_household_members_with_other_given_names_stay_apart():
    """One address and one surname, but another given name: a household, not one person."""
    from graphintel.entities.compare import other_given_names

    assert other_given_names("brhm ysf", "hmd ysf")
    assert not other_given_names("mhmd ysf", "mhmmd ysf")  # a typo, not another name
    rows = [
        ("h1", "", "Priya Yadav", "Villa 31, Madinah Road, Al Olaya, Riyadh", "SA", "", ""),
        ("h2", "", "Pooja Yadav", "Villa 31, Madinah Road, Al Olaya, Riyadh", "SA", "", ""),
    ]
    assert not together(resolve(parties(rows), "buyer"), "h1", "h2")


def test_namesakes_at_a_depot_stay_apart():
    """A warehouse written by many buyers is a drop point: two namesakes there with other phones are two."""
    depot = "Warehouse 12, Jebel Ali FZ South, Plot S3061, Dubai"
    rows = [(f"d{i}", "", name, depot, "AE", f"+9715{i:08d}", "") for i, name in enumerate(
        ["Ali Khan", "Sara Lopez", "Omar Farouk", "Ken Tanaka", "Ivan Petrov", "Maya Cohen", "Joao Silva"])]
    rows += [("n1", "", "Mark Soriano", depot, "AE", "+971522423063", ""),
             ("n2", "", "Mark Soriano", depot, "AE", "+97148812345", "")]
    assert not together(resolve(parties(rows), "buyer"), "n1", "n2")


def test_address_words_weighted_by_rarity_and_tolerant_of_typos():
    """Rare words carry the agreement; a typo or another transliteration still agrees; another street does not."""
    import numpy as np

    from graphintel.entities.compare import idf_word_agreement

    words = pd.Series(["heathrow cargo centre hounslow", "ehathrow carg centr hounslow", "king st dubai",
                       "queen st dubai", "al wasl rd dubai", "villa al wsl rd dubai"] + ["st dubai", "rd dubai"] * 5)
    agreement = idf_word_agreement(words, np.array([0, 2, 4]), np.array([1, 3, 5]))
    assert agreement[0] >= 0.9  # every word with a typo
    assert agreement[1] < 0.5  # "dubai" and "st" are common: king is not queen
    assert agreement[2] >= 0.75  # transliteration (wasl / wsl) and a common extra word


def test_arabic_address_words_read_as_english():
    a = parse_address("شقة ١٨، مبنى ٧، شارع التحلية، صندوق بريد ٨٤٥٣٦، الدمام")
    b = parse_address("Flat 18, Bldg 7, Al Tahlia St, Dammam, P.O. Box 84536")
    assert (a.pobox, a.numbers) == (b.pobox, b.numbers) == ("84536", "18 7")
    assert "st" in a.words.split() and not door_conflict(a, b)


def test_door_numbers_vectorised_match_the_rule():
    """The vectorised door comparison agrees with ``numbers_conflict`` on every pair of number sets."""
    import numpy as np

    from graphintel.entities.address import numbers_conflict
    from graphintel.entities.compare import _door_conflict

    sets = ["", "3", "12 3", "12", "12 4", "5 6 7", "6 7", "1 2 3 4 5 6 7 8 9", "8"]
    frame = pd.DataFrame({"addr_numbers": sets, "addr_pobox": "", "addr_postcode": ""})
    left, right = np.repeat(np.arange(len(sets)), len(sets)), np.tile(np.arange(len(sets)), len(sets))
    expected = [numbers_conflict(sets[a], sets[b]) for a, b in zip(left, right, strict=True)]
    assert _door_conflict(frame, left, right).tolist() == expected


def test_em_patterns_pack_into_one_code():
    import numpy as np

    from graphintel.entities.fellegi_sunter import distinct_patterns

    levels = np.array([[-1, 0, 4], [2, 1, -1], [-1, 0, 4], [14, -1, 0]])
    patterns, counts = distinct_patterns(levels)
    expected, expected_counts = np.unique(levels, axis=0, return_counts=True)
    order = np.lexsort(patterns.T[::-1])
    assert patterns[order].tolist() == expected.tolist() and counts[order].tolist() == expected_counts.tolist()
