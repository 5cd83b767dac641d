"""Fast checks of the entity-resolution world generator (benchmarks/worlds/entities.py)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from benchmarks.worlds.entities import CANONICAL_COLUMNS, TRUTH_COLUMNS, generate, main

ROWS = 5000
ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def world():
    return generate(ROWS, seed=3)


def _by_role(truth: pd.DataFrame, role: str) -> pd.Series:
    t = truth[truth["role"] == role]
    return pd.Series(t["entity_id"].to_numpy(), index=t["consignment_id"].to_numpy())


def test_canonical_columns(world):
    df, truth = world
    assert list(df.columns) == CANONICAL_COLUMNS
    assert list(truth.columns) == TRUTH_COLUMNS
    assert len(df) == ROWS
    assert df["consignment_id"].is_unique
    assert (df["buyer_address"] != "").all()
    assert pd.to_datetime(df["declaration_date"], format="%Y-%m-%d").notna().all()


def test_truth_has_three_roles_per_consignment(world):
    df, truth = world
    assert len(truth) == 3 * len(df)
    per = truth.groupby("consignment_id")["role"].apply(lambda s: tuple(sorted(s)))
    assert set(per) == {("buyer", "delivery_address", "seller")}
    assert set(per.index) == set(df["consignment_id"])
    prefix = {"seller": "S", "buyer": "B", "delivery_address": "A"}
    assert all(e.startswith(prefix[r]) for r, e in zip(truth["role"], truth["entity_id"], strict=True))


def test_same_seed_same_data(world):
    df, truth = world
    again, truth_again = generate(ROWS, seed=3)
    pd.testing.assert_frame_equal(df, again)
    pd.testing.assert_frame_equal(truth, truth_again)
    other, _ = generate(ROWS, seed=4)
    assert not other["buyer_name"].equals(df["buyer_name"])


def test_ids_false_empties_id_columns():
    df, _ = generate(500, seed=3, ids=False)
    assert (df["seller_id"] == "").all() and (df["buyer_id"] == "").all()
    df, _ = generate(500, seed=3, ids=True)
    assert (df["seller_id"] != "").all() and (df["buyer_id"] != "").all()


def test_ids_are_imperfect(world):
    df, truth = world
    sellers = _by_role(truth, "seller").reindex(df["consignment_id"]).to_numpy()
    ids_per_seller = pd.Series(df["seller_id"].to_numpy()).groupby(sellers).nunique()
    assert (ids_per_seller > 1).any()  # another platform account
    assert (ids_per_seller == 1).mean() > 0.5  # mostly stable


def test_false_friends_share_a_full_name(world):
    df, truth = world
    buyers = _by_role(truth, "buyer").reindex(df["consignment_id"]).to_numpy()
    pairs = pd.DataFrame({"name": df["buyer_name"].to_numpy(), "buyer": buyers}).drop_duplicates()
    people_per_name = pairs.groupby("name")["buyer"].nunique()
    shared = people_per_name[people_per_name > 1]
    assert len(shared) > 0
    sharing_buyers = pairs[pairs["name"].isin(shared.index)]["buyer"].nunique()
    assert sharing_buyers >= 0.05 * pairs["buyer"].nunique()


def test_an_entity_in_arabic_and_latin_script(world):
    df, truth = world
    buyers = _by_role(truth, "buyer").reindex(df["consignment_id"]).to_numpy()
    names = pd.DataFrame({"name": df["buyer_name"].to_numpy(), "buyer": buyers})
    names["arabic"] = names["name"].str.contains(ARABIC)
    names["latin"] = names["name"].str.contains(LATIN) & ~names["arabic"]
    both = names.groupby("buyer")[["arabic", "latin"]].any()
    assert (both["arabic"] & both["latin"]).any()


def test_depot_has_many_spellings(world):
    df, truth = world
    addresses = _by_role(truth, "delivery_address").reindex(df["consignment_id"]).to_numpy()
    buyers = _by_role(truth, "buyer").reindex(df["consignment_id"]).to_numpy()
    frame = pd.DataFrame({"address": addresses, "text": df["buyer_address"].to_numpy(), "buyer": buyers})
    stats = frame.groupby("address").agg(spellings=("text", "nunique"), buyers=("buyer", "nunique"))
    depots = stats[stats["buyers"] >= 10]
    assert len(depots) >= 1
    assert (depots["spellings"] >= 5).any()


def test_family_shares_an_address_not_a_buyer(world):
    df, truth = world
    buyers = _by_role(truth, "buyer").reindex(df["consignment_id"]).to_numpy()
    addresses = _by_role(truth, "delivery_address").reindex(df["consignment_id"]).to_numpy()
    frame = pd.DataFrame({"address": addresses, "buyer": buyers}).drop_duplicates()
    per_address = frame.groupby("address")["buyer"].nunique()
    assert ((per_address >= 2) & (per_address <= 4)).any()


def test_cli_writes_both_files(tmp_path):
    assert main(["--out", str(tmp_path), "--consignments", "300", "--seed", "2", "--no-ids"]) == 0
    df = pd.read_csv(tmp_path / "consignments.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(tmp_path / "truth.csv", dtype=str, keep_default_na=False)
    assert list(df.columns) == CANONICAL_COLUMNS and len(df) == 300
    assert len(truth) == 900 and (df["seller_id"] == "").all()
