"""Fast checks of the blind world generator (benchmarks/worlds/blind.py)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from benchmarks.worlds.blind import CANONICAL_COLUMNS, CONTACT_COLUMNS, SCHEMES, generate

ROWS = 5000


@pytest.fixture(scope="module")
def world():
    return generate(7, ROWS)


def test_deterministic_per_seed(world):
    again = generate(7, ROWS)
    pd.testing.assert_frame_equal(world.consignments, again.consignments)
    pd.testing.assert_frame_equal(world.truth, again.truth)
    pd.testing.assert_frame_equal(world.outcomes, again.outcomes)
    a = {k: v for k, v in world.info.items() if k != "generation_seconds"}
    b = {k: v for k, v in again.info.items() if k != "generation_seconds"}
    assert a == b


def test_shape_and_columns(world):
    c = world.consignments
    assert len(c) == ROWS
    assert c["consignment_id"].is_unique
    assert set(c.columns) <= set(CANONICAL_COLUMNS)
    assert {"consignment_id", "declaration_date", "seller_id", "buyer_id"} <= set(c.columns)
    assert c["declaration_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert c["seller_id"].notna().all() and (c["seller_id"] != "").all()
    assert c["buyer_id"].notna().all() and (c["buyer_id"] != "").all()
    o = world.outcomes
    assert list(o.columns) == ["consignment_id", "fraud", "revenue_recovered"]
    assert set(o["consignment_id"]) == set(c["consignment_id"])
    assert (o.loc[o["fraud"] == 1, "revenue_recovered"] > 0).all()
    assert (o.loc[o["fraud"] == 0, "revenue_recovered"] == 0).all()


def test_every_scheme_planted_with_members_present(world):
    t = world.truth
    assert list(t.columns) == ["ring_id", "typology", "member_party_ids", "consignment_ids"]
    counts = t["typology"].value_counts()
    for scheme in SCHEMES:
        assert 2 <= counts.get(scheme, 0) <= 4, scheme
    assert counts.get("legitimate", 0) >= 5
    c = world.consignments
    parties = set(c["seller_id"]) | set(c["buyer_id"])
    ids = set(c["consignment_id"])
    fraud = world.outcomes.set_index("consignment_id")["fraud"]
    for row in t.itertuples():
        members = row.member_party_ids.split(";")
        assert members and set(members) <= parties, row.ring_id
        if row.typology == "legitimate":
            assert row.ring_id.startswith("L")
            continue
        assert row.ring_id.startswith("R") and row.ring_id.endswith(row.typology)
        planted = row.consignment_ids.split(";")
        assert planted and set(planted) <= ids, row.ring_id
        assert (fraud[planted] == 1).all(), row.ring_id
        assert 2 <= len(members) <= 90, row.ring_id


def test_labels(world):
    info, c = world.info, world.consignments
    assert 0.01 <= info["label_rate"] <= 0.25
    labelled_end = pd.Timestamp(info["start_date"]) + pd.Timedelta(days=info["label_days"])
    inspected = c["inspected"].notna()
    assert (pd.to_datetime(c.loc[inspected, "declaration_date"]) < labelled_end).all()
    in_period = pd.to_datetime(c["declaration_date"]) < labelled_end
    share = inspected[in_period].mean()
    assert abs(share - info["label_rate"]) < 0.01 + 0.2 * info["label_rate"]
    found = c["fraud"] == 1
    assert (c.loc[found, "revenue_recovered"] > 0).all()
    assert c.loc[~inspected, "fraud"].isna().all()
    assert 0.6 <= info["label_days"] / info["days"] <= 0.8


def test_seeds_vary_destination_and_schema():
    infos = [generate(s, 2000).info for s in range(6)]
    assert len({i["destination"] for i in infos}) >= 2
    assert any(i["identifiers_only"] for i in infos)
    assert any(i["dropped_columns"] and not i["identifiers_only"] for i in infos)
    assert any(i["empty_columns"] for i in infos)
    for i in infos:
        assert i["de_minimis"]["value"] > 0 and i["de_minimis"]["currency"] == i["currency"]


def test_identifiers_only_world_has_no_contact_columns(tmp_path):
    w = generate(3, 2000, identifiers_only=True, out=tmp_path)
    assert w.info["identifiers_only"] is True
    assert not set(CONTACT_COLUMNS) & set(w.consignments.columns)
    assert {"seller_id", "buyer_id"} <= set(w.consignments.columns)
    for name in ("consignments.csv", "ground_truth.csv", "outcomes.csv", "world.json"):
        assert (tmp_path / name).exists()
    back = pd.read_csv(tmp_path / "consignments.csv", dtype=str, keep_default_na=False)
    assert len(back) == 2000 and list(back.columns) == list(w.consignments.columns)
    assert json.loads((tmp_path / "world.json").read_text())["seed"] == 3


def test_currency_scale_and_threshold():
    kr = generate(1, 2000, destination="KR", currency="KRW")
    assert kr.info["de_minimis"]["currency"] == "KRW" and kr.info["de_minimis"]["value"] > 100000
    assert kr.consignments["declared_value"].median() > 5000
    sa = generate(1, 2000, destination="SA", currency="SAR")
    assert sa.info["de_minimis"]["value"] == 1000.0
    split = sa.truth[sa.truth["typology"] == "splitting"]
    ids = {x for s in split["consignment_ids"] for x in s.split(";")}
    vals = sa.consignments.set_index("consignment_id").loc[sorted(ids), "declared_value"]
    assert (vals < 1000).all() and (vals >= 700).all()
