"""The learning path on real extracts: absent, empty, constant and text columns, identifiers only, any
scale, zero weights, one outcome, too few labels, infinite revenue. Small frames, no store."""

from __future__ import annotations

import json
import pickle

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.model_selection import cross_val_score

from benchmarks.worlds.declarations import canonical, public_extract
from graphintel.model import features as ft
from graphintel.model import registry
from graphintel.model import supervised as sv
from graphintel.model.backtest import backtest, table
from graphintel.model.estimators import DateBaseline, NetworkModel, TabularPrep
from graphintel.model.scoring import SCHEME_LABELS, PartyScores


def stub_scores(c: pd.DataFrame) -> PartyScores:
    """Neutral unsupervised scores for a frame's parties, and a trade graph: the learning path's input
    without running the indicators."""
    keys = pd.unique(pd.concat([c["seller_key"], c["buyer_key"]]).dropna())
    parties = pd.DataFrame(
        {
            "key": keys,
            "label": ["Seller" if str(k).startswith("s:") else "Buyer" for k in keys],
            "score": 0.1,
            "anomaly": 0.5,
            "pagerank": 1.0 / max(len(keys), 1),
            "parcels": 1,
            "community": [str(i % 7) for i in range(len(keys))],
            "reasons": "",
        }
    )
    graph = nx.Graph()
    graph.add_nodes_from(keys)
    trade = c.dropna(subset=["seller_key", "buyer_key"])
    graph.add_weighted_edges_from((s, b, 1.0) for s, b in zip(trade["seller_key"], trade["buyer_key"], strict=True))
    consignments = pd.DataFrame({"key": c["key"], "consignment_id": c["consignment_id"], "score": 0.1, "reasons": ""})
    strengths = pd.DataFrame(0.0, index=pd.Index(keys), columns=list(SCHEME_LABELS))
    return PartyScores(parties, consignments, graph, strengths, strengths.astype(str))


def extract(rows: int = 200, seed: int = 0, **changes) -> pd.DataFrame:
    """The public-extract shape as the model reads it (canonical columns, extras as JSON)."""
    c = canonical(public_extract(rows, seed))
    return c.assign(**changes)


def frame_and_labels(c: pd.DataFrame, threshold: float = 150.0):
    scored = stub_scores(c)
    X = ft.model_frame(c, scored, pd.DataFrame(columns=["party", "identifier", "kind"]), threshold)
    labels = sv.read_labels(c)
    return X, labels, scored


def test_empty_columns_are_dropped_listed_and_never_crash_the_trees(tmp_path):
    """The issue's extract: no quantity, no delivery address (their history is empty in every row)."""
    c = extract(200)
    X, labels, scored = frame_and_labels(c)
    model = NetworkModel(graph=scored.graph, seed=1).fit(X[labels.usable], labels.fraud[labels.usable])
    dropped = model.dropped_features_
    for name in ("quantity", "address_inspections", "address_frauds", "address_fraud_rate"):
        assert dropped[name] == "empty", name
    assert not any(name in model.feature_names_ for name in dropped)
    assert sv.holdout_auc(model, X, labels, ft.dates(c)) is not None  # no "window shape" error
    model_id = registry.save(tmp_path, model, list(X.columns), {"labelled": labels.n}, {})
    record = json.loads((tmp_path / model_id / "model.json").read_text())
    assert {"feature": "quantity", "reason": "empty"} in record["dropped_features"]
    assert {"feature": "currency", "reason": "constant"} in record["dropped_features"]
    assert "quantity" not in record["features"] and "quantity" in record["input_columns"]


def test_absent_columns_and_identifiers_only():
    """A frame of ids, dates and outcomes only: every declared feature is absent or empty; the profiles
    and the history of the ids still learn."""
    rng = np.random.default_rng(3)
    n = 150
    buyer = rng.choice([f"b:{i}" for i in range(12)], n)
    c = pd.DataFrame(
        {
            "key": [f"c:{i}" for i in range(n)],
            "consignment_id": [str(i) for i in range(n)],
            "declaration_date": pd.Timestamp("2026-01-01") + pd.to_timedelta(np.arange(n) // 5, unit="D"),
            "seller_key": rng.choice([f"s:{i}" for i in range(5)], n),
            "buyer_key": buyer,
            "inspected": 1,
            "fraud": (np.isin(buyer, ["b:1", "b:2", "b:3"]) | (rng.random(n) < 0.1)).astype(int),
        }
    )
    X, labels, scored = frame_and_labels(c)
    model = NetworkModel(graph=scored.graph).fit(X, labels.fraud)
    assert "importer_profile" in model.feature_names_ and "log_value" not in model.feature_names_
    assert model.dropped_features_["log_value"] == "empty"
    p = model.predict_proba(X)[:, 1]
    assert p[np.isin(buyer, ["b:1", "b:2", "b:3"])].mean() > p[~np.isin(buyer, ["b:1", "b:2", "b:3"])].mean()


def test_text_columns_become_categories_or_fraud_rates_and_numeric_extras_stay_numbers():
    c = extract(200, seed=2)
    rng = np.random.default_rng(0)
    extra = [json.loads(e) for e in c["extra"]]
    for row in extra:
        row["Broker Reference"] = f"R{rng.integers(0, 120)}"  # more values than the cap: a fraud rate
    c["extra"] = [json.dumps(e) for e in extra]
    X, labels, scored = frame_and_labels(c)
    assert pd.api.types.is_float_dtype(X["extra_office_id"]) and pd.api.types.is_float_dtype(X["extra_tax_rate"])
    assert not pd.api.types.is_numeric_dtype(X["extra_tax_type"])
    model = DateBaseline(seed=1, max_categories=50).fit(X, labels.fraud)
    prep = model.prep_
    assert "extra_tax_type" in prep.categories_ and "extra_process_type" in prep.categories_
    assert "transport_mode" in prep.categories_ and "carrier" in prep.categories_
    assert "extra_broker_reference" in prep.encoded_ and "importer_profile" in prep.encoded_
    assert "extra_office_id" in prep.numeric_
    features = model.features(X)
    assert isinstance(features["extra_tax_type"].dtype, pd.CategoricalDtype)
    assert len(features["extra_tax_type"].cat.categories) <= 50
    assert features["extra_broker_reference"].between(0, 1).all()


def test_frequency_cap_folds_rare_values_into_other():
    values = pd.Series([f"v{i}" for i in range(20)] * 9 + ["rare1", "rare2"])
    X = pd.DataFrame({"kind": values, "n": np.arange(len(values), dtype=float)})
    y = np.arange(len(values)) % 2
    prep = TabularPrep().fit(X, y)
    assert len(prep.categories_["kind"]) == 21 and prep.categories_["kind"][-1] == "other"
    out = prep.transform(pd.DataFrame({"kind": ["rare1", "v0", "never seen"], "n": [1.0, 2.0, 3.0]}))
    assert out["kind"].tolist() == ["other", "v0", "other"]
    assert TabularPrep(max_categories=15).fit(X, y).encoded_ == ["kind"]  # more values than the cap: a fraud rate


def test_an_unknown_declared_origin_is_a_feature():
    c = extract(200, seed=4)
    c.loc[c.index % 5 == 0, "origin_country"] = ""  # "ZZ" and "XX" load as empty
    f = ft.declared_features(c, 150.0)
    assert (f.loc[c.index % 5 == 0, "origin_unknown"] == 1).all() and f["origin_unknown"].sum() == 40
    X, labels, scored = frame_and_labels(c)
    model = DateBaseline().fit(X, labels.fraud)
    assert "origin_unknown" in model.feature_names_


def test_zero_weights_and_any_scale_give_missing_ratios_not_infinities():
    c = extract(40, declared_value=[2.5e6] * 20 + [0.004] * 20, gross_weight_kg=[0.0] * 10 + [1.5] * 30)
    f = ft.declared_features(c, 150.0)
    assert f["log_value_per_kg"].iloc[:10].isna().all() and f["log_value_per_kg"].iloc[10:].notna().all()
    numbers = f.select_dtypes("number").to_numpy()
    assert not np.isinf(numbers).any()


def test_per_parcel_de_minimis_threshold_when_the_frame_has_one():
    c = extract(20, declared_value=100.0)
    assert ft.declared_features(c, 150.0)["value_vs_threshold"].round(3).eq(0.667).all()
    c["de_minimis"] = [120.0] * 10 + [1000.0] * 9 + [np.nan]
    f = ft.declared_features(c, 150.0)
    assert f["value_vs_threshold"].tolist() == [100 / 120] * 10 + [0.1] * 9 + [100 / 150]
    assert f["near_threshold"].tolist() == [1.0] * 10 + [0.0] * 9 + [0.0]


def test_one_outcome_or_too_few_labels_fall_back_to_unsupervised_in_one_line():
    c = extract(120, seed=5)
    scored = stub_scores(c)
    links = pd.DataFrame(columns=["party", "identifier", "kind"])
    for fraud, words in ((0, "all 120 labelled consignments are clean"), (1, "are fraud")):
        result = sv.learn(c.assign(fraud=fraud), scored, links, sv.LearningParams())
        assert result.mode == "unsupervised" and words in result.why and "\n" not in result.why
        assert result.model is None and result.consignments["rank"].isna().all()  # everything is inspected
    few = c.assign(fraud=[1] * 3 + [0] * 117)
    assert "3 frauds and 117 clean" in sv.learn(few, scored, links, sv.LearningParams()).why
    with pytest.raises(ValueError, match="needs both outcomes"):
        DateBaseline().fit(*frame_and_labels(c.assign(fraud=0))[:1], np.zeros(len(c)))


def test_holdout_auc_on_a_single_class_part_is_none_not_an_error():
    c = extract(200, seed=6)
    c["fraud"] = [1] * 20 + [0] * 180  # every fraud early: the latest fifth has none
    X, labels, scored = frame_and_labels(c)
    assert sv.holdout_auc(NetworkModel(graph=scored.graph), X, labels, ft.dates(c)) is None


def test_backtest_with_a_single_class_training_window_reports_instead_of_crashing():
    c = extract(200, seed=7)
    dates = ft.dates(c)
    split = dates.iloc[120]
    c.loc[dates < split, "fraud"] = 0
    result = backtest(c, stub_scores(c), pd.DataFrame(columns=["party", "identifier", "kind"]), split,
                      sv.LearningParams())  # fmt: skip
    assert result["mode"].startswith("unsupervised: all")
    assert any("baselines not trained" in note for note in result["notes"])
    assert result["beats_baseline"] == {}
    assert {row["role"] for row in result["models"]} == {"network", "unsupervised", "random"}
    assert "note: baselines not trained" in table(result)


def test_infinite_or_missing_revenue_is_ignored_never_propagated():
    c = extract(200, seed=8)
    frauds = np.flatnonzero(c["fraud"].to_numpy() == 1)
    c["revenue_recovered"] = c["revenue_recovered"].astype(object)
    c.loc[frauds[:3], "revenue_recovered"] = [np.inf, "inf", np.nan]
    labels = sv.read_labels(c)
    assert np.isnan(labels.revenue[frauds[:3]]).all()
    X, labels, scored = frame_and_labels(c)
    model = DateBaseline().fit(X, labels.fraud, revenue=labels.revenue)
    assert model.revenue_rows_ == len(frauds) - 3
    expected = model.expected_revenue(X)
    assert np.isfinite(expected).all() and (expected >= 0).all()
    split = ft.dates(c).iloc[140]
    result = backtest(c, scored, pd.DataFrame(columns=["party", "identifier", "kind"]), split, sv.LearningParams())
    text = json.dumps(result)
    assert "Infinity" not in text and "NaN" not in text
    assert np.isfinite(result["test"]["revenue"])


def test_models_are_scikit_learn_estimators():
    c = extract(200, seed=9)
    X, labels, scored = frame_and_labels(c)
    baseline = DateBaseline(max_iter=50)
    assert clone(baseline).get_params()["max_iter"] == 50
    scores = cross_val_score(baseline, X, labels.fraud, cv=3, scoring="roc_auc")
    assert len(scores) == 3 and np.isfinite(scores).all()
    network = NetworkModel(graph=scored.graph).fit(X, labels.fraud)
    restored = pickle.loads(pickle.dumps(network))
    assert restored.graph is None and restored.history_.graph is None  # the graph is context, not saved
    with pytest.raises(ValueError, match="needs the party graph"):
        restored.predict_proba(X)
    restored.set_params(graph=scored.graph)
    assert np.allclose(restored.predict_proba(X), network.predict_proba(X))


def test_reason_records_are_structured_and_the_words_come_from_them():
    c = extract(200, seed=10)
    later = ft.dates(c) >= ft.dates(c).iloc[150]
    c.loc[later, ["inspected", "fraud", "revenue_recovered"]] = np.nan
    result = sv.learn(c, stub_scores(c), pd.DataFrame(columns=["party", "identifier", "kind"]),
                      sv.LearningParams(mode="supervised", explore_share=0))  # fmt: skip
    ranked = result.consignments.dropna(subset=["rank"]).sort_values("rank")
    assert len(ranked) == later.sum()
    explained = 0
    for records_json, words in zip(ranked["reason_records"], ranked["reasons"], strict=True):
        records = json.loads(records_json)
        for record in records:
            assert set(record) == {"group", "values", "contribution"} and record["contribution"] >= 0.01
        assert words == sv.reason_words(records)
        explained += bool(records)
    assert explained >= 0.5 * len(ranked)
    assert result.consignments.loc[~later.to_numpy(), "reason_records"].eq("[]").all()


def test_revenue_objective_ranks_by_expected_revenue():
    c = extract(200, seed=11)
    later = ft.dates(c) >= ft.dates(c).iloc[150]
    c.loc[later, ["inspected", "fraud", "revenue_recovered"]] = np.nan
    scored, links = stub_scores(c), pd.DataFrame(columns=["party", "identifier", "kind"])
    params = sv.LearningParams(mode="supervised", explore_share=0, objective="revenue")
    result = sv.learn(c, scored, links, params)
    assert "ranked by expected revenue" in result.why
    ranked = result.consignments.dropna(subset=["rank"]).sort_values("rank")
    assert ranked["expected_revenue"].is_monotonic_decreasing
    fraud_first = sv.learn(c, scored, links, sv.LearningParams(mode="supervised", explore_share=0))
    assert fraud_first.consignments.dropna(subset=["rank"]).sort_values("rank")["score"].is_monotonic_decreasing


def test_rows_marked_fraud_but_not_inspected_are_said_not_silently_dropped():
    """fraud = 1 with inspected = 0 contradicts itself: no outcome is learnt from it, and the mode line says
    how many such rows there were (they used to vanish without a word)."""
    c = extract(120, seed=5)
    c.loc[:4, ["inspected", "fraud"]] = [0, 1]
    labels = sv.read_labels(c)
    assert labels.contradicted == 5 and not labels.usable[:5].any()
    result = sv.learn(c, stub_scores(c), pd.DataFrame(columns=["party", "identifier", "kind"]), sv.LearningParams())
    assert "5 consignments marked fraud but not inspected were not learnt from" in result.why
    assert sv.read_labels(extract(120, seed=5)).contradicted == 0


def test_a_model_saved_before_members_existed_still_takes_its_graph():
    """A network model pickled by an earlier version has no ``members`` attribute; scoring with it sets its
    graph through ``set_params``, which reads every parameter: the class default (one ensemble) answers."""
    c = extract(200, seed=12)
    X, labels, scored = frame_and_labels(c)
    model = NetworkModel(graph=scored.graph, members=1).fit(X[labels.usable], labels.fraud[labels.usable])
    old = pickle.loads(pickle.dumps(model))
    del old.__dict__["members"]
    old.set_params(graph=scored.graph)
    assert old.get_params()["members"] == 1
    assert np.allclose(old.predict_proba(X)[:, 1], model.predict_proba(X)[:, 1])


def test_relation_profiles_find_the_fraudulent_pairs_a_partys_own_rate_averages_away():
    """Frauds come from some importer-declarant pairs, not from either party alone: each importer and each
    declarant is in about as many risky pairs as the next, so their own fraud rates say little. The network
    model's relation profile (this importer with this declarant) finds them; the DATE baseline cannot."""
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(5)
    c = extract(3000, seed=11)
    importers, declarants = [f"IMP{i}" for i in range(12)], [f"DEC{i}" for i in range(6)]
    c["buyer_key"] = "b:" + pd.Series(rng.choice(importers, len(c)))
    c["declarant_id"] = rng.choice(declarants, len(c))
    risky = {(i, d) for k, i in enumerate(importers) for d in (declarants[k % 6], declarants[(k + 2) % 6])}
    pair = list(zip(c["buyer_key"].str[2:], c["declarant_id"], strict=True))
    c["fraud"] = (np.array([p in risky for p in pair]) & (rng.random(len(c)) < 0.8)).astype(int)
    X, labels, scored = frame_and_labels(c)
    train, test = np.arange(len(c)) < 2000, np.arange(len(c)) >= 2000
    network = NetworkModel(graph=scored.graph, members=1).fit(X[train], labels.fraud[train])
    baseline = DateBaseline().fit(X[train], labels.fraud[train])
    assert "importer_declarant_profile" in network.feature_names_
    assert not any(name in baseline.feature_names_ for name in ft.RELATIONS)
    auc = {name: roc_auc_score(labels.fraud[test], model.predict_proba(X[test])[:, 1])
           for name, model in (("network", network), ("baseline", baseline))}  # fmt: skip
    assert auc["network"] > 0.85 and auc["network"] > auc["baseline"] + 0.05, auc
    from graphintel.model import reasons as rs

    words = rs._words("relation history", {"importer_declarant_profile": 0.62, "importer_hs6_profile": 0.1}, {})
    assert words == "importer with this declarant fraud rate 62%, importer with this HS6 code fraud rate 10%"
