"""Score parties and consignments: indicators + network features + anomaly model.

``score_parties`` is the whole unsupervised path: it runs every typology
detector, the network algorithms over the party projection and an
IsolationForest over party features, and returns per-party and per-consignment
scores with their reasons.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from graphintel import reference
from graphintel.analytics import algorithms
from graphintel.analytics.partygraph import PartyGraph
from graphintel.analytics.projection import ProjectionData, merge_hub_variants, party_graph
from graphintel.frames import positions, replace_values
from graphintel.model import circles, origin
from graphintel.model import indicators as ind
from graphintel.model import typology_reasons as rs
from graphintel.model.anomaly import anomaly_scores
from graphintel.model.evidence import add_evidence, column
from graphintel.schema import SCHEME_BY_ID, SCHEME_LABELS

__all__ = ["SCHEME_LABELS", "PartyScores", "ScoringParams", "prepare", "score_parties"]


@dataclass(frozen=True)
class ScoringParams:
    """Parameters of a scoring run (recorded with the run)."""

    de_minimis_threshold: float | None = None  # None: each destination's own, from the shipped table
    hub_limit: int = 50
    resolution: float = 1.0
    seed: int = 7
    anomaly_weight: float = 0.2
    lead_threshold: float = 0.25
    algorithms: str = "auto"  # auto (GDS when the store has it), python (igraph), networkx (reference), gds
    entities: str = "auto"  # resolve spellings into entities first: auto (when a party has no source id), on, off

    def indicator_params(self) -> ind.IndicatorParams:
        return ind.IndicatorParams(hub_limit=self.hub_limit)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class PartyScores:
    """The outputs of scoring: parties, consignments, the graph and its communities."""

    parties: pd.DataFrame
    consignments: pd.DataFrame
    graph: PartyGraph
    strengths: pd.DataFrame
    reasons: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict)
    evidence: pd.DataFrame | None = None  # per party and indicator: the values record behind the reason
    signatures: pd.Series | None = None  # per party: how it offends (``indicators.modus_operandi``), or ""
    observed_thresholds: list[dict] = field(default_factory=list)  # ``bunching``: destination, currency, threshold


def python_network(
    graph: PartyGraph, params: ScoringParams, engine: str = algorithms.DEFAULT_ENGINE, timings: dict | None = None
):
    """Components, Louvain communities and centrality in this process (igraph; networkx as the reference).

    With ``timings``, records the seconds of each algorithm in it.
    """
    timings = {} if timings is None else timings
    t = time.perf_counter()
    components = algorithms.connected_components(graph, min_weight=0.0, engine=engine)
    timings["components"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    community = algorithms.communities(graph, resolution=params.resolution, seed=params.seed, engine=engine)
    timings["communities"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    central = algorithms.centrality(graph, engine=engine)
    timings["centrality"] = round(time.perf_counter() - t, 3)
    return components, community, central


def networkx_network(graph: PartyGraph, params: ScoringParams, timings: dict | None = None):
    """The pure-networkx reference path (``--algorithms networkx``)."""
    return python_network(graph, params, engine="networkx", timings=timings)


def prepare(data: ProjectionData, params: ScoringParams) -> ProjectionData:
    """The projection with hub variants folded and each consignment's evidence columns added (once).

    Adds ``graphintel.model.evidence.EVIDENCE_COLUMNS`` and ``de_minimis`` (the parcel's lowest positive
    threshold in its own currency), which the indicators and the learning model read.
    """
    if "threshold_duty" in data.consignments.columns:
        return data
    links = merge_hub_variants(data.links, params.hub_limit)
    consignments = data.consignments
    if links.attrs.get("replaced"):
        replaced = links.attrs["replaced"]
        consignments = consignments.assign(
            delivery_address_key=replace_values(consignments["delivery_address_key"], replaced)
        )
    consignments = add_evidence(consignments, links, params.de_minimis_threshold)
    limits = consignments[["threshold_duty", "threshold_vat"]].where(lambda f: f > 0)
    consignments["de_minimis"] = limits.min(axis=1)
    return ProjectionData(consignments, data.parties, links)


def score_parties(data: ProjectionData, params: ScoringParams, progress=None, network=None) -> PartyScores:
    """Run detectors, network algorithms and the anomaly model; combine into scores with reasons.

    ``network(graph, params, timings=dict)`` computes components, communities and centrality
    (default: ``python_network``; ``analytics.gds`` runs them inside Neo4j).
    """
    timings: dict[str, float] = {}

    def step(name: str, started: float) -> None:
        timings[name] = round(time.perf_counter() - started, 3)
        if progress:
            progress(name)

    t = time.perf_counter()
    data = prepare(data, params)
    found = _run_indicators(data, params)
    step("indicators", t)

    keys = pd.Index(data.parties["key"])
    strengths, evidence = _aligned(found.results, keys)
    reasons = pd.DataFrame(
        {name: evidence[name].dropna().map(lambda v, n=name: rs.words(n, v)) for name in evidence}, index=keys
    ).fillna("")  # worded only where an indicator has evidence

    t = time.perf_counter()
    graph = party_graph(data, hub_limit=params.hub_limit, hubs=found.hubs)
    step("graph", t)
    t = time.perf_counter()
    algorithm_seconds: dict[str, float] = {}
    components, community, central = (network or python_network)(graph, params, timings=algorithm_seconds)
    step("network", t)
    timings.update({f"network: {k}": v for k, v in algorithm_seconds.items()})

    t = time.perf_counter()
    features, facts = _party_features(found.consignments, keys, graph, central, community, strengths)
    anomaly = anomaly_scores(features, random_state=params.seed)
    step("anomaly model", t)
    t = time.perf_counter()
    parties = _party_table(data.parties, params, strengths, reasons, evidence, anomaly, facts, components, graph)
    consignments = _consignment_table(found, keys, parties, strengths, params.indicator_params())
    step("combine", t)
    scores = PartyScores(parties, consignments, graph, strengths, reasons, timings, evidence)
    scores.signatures = ind.modus_operandi(strengths, evidence, params.lead_threshold)
    scores.observed_thresholds = _observed_thresholds(found.consignments)
    return scores


@dataclass
class _Found:
    """What the indicators found: per party (``results``) and per consignment (flags, mismatch, own evidence)."""

    consignments: pd.DataFrame  # the projection's consignments, with a fresh 0..n-1 index
    flags: pd.DataFrame
    hubs: object
    mismatch: pd.DataFrame
    results: dict[str, pd.DataFrame]  # indicator -> per-party ``strength`` and ``values``
    split_evidence: pd.Series
    burst_evidence: pd.Series
    in_circle: np.ndarray  # parcels from a closed circle's seller to one of its buyers (``model.circles``)


def _run_indicators(data: ProjectionData, params: ScoringParams) -> _Found:
    """Every typology detector over the prepared projection."""
    c = data.consignments.reset_index(drop=True)
    p = params.indicator_params()
    flags = ind.consignment_flags(c, p)
    contacts = ind.contact_links(data.links, data.parties)
    hubs = ind.find_hubs(contacts, c, p)
    split, split_evidence = ind.splitting(c, flags, contacts, hubs, p)
    circle, in_circle = circles.shared_customers(c, _names(data.parties))
    mismatch = origin.origin_mismatch(c, p)
    destination, hs_code = column(c, "destination_country"), column(c, "hs_code")
    defended = reference.under_trade_defence(destination, mismatch["points_to"], hs_code, c["declaration_date"])
    declared = reference.under_trade_defence(destination, column(c, "origin_country"), hs_code, c["declaration_date"])
    results = {
        "splitting": split,
        "undervaluation": ind.undervaluation(c, flags, p),
        "shell_sellers": _stronger(ind.shared_identifiers(contacts, c, hubs, "Seller", p), circle),
        "mule_buyers": ind.shared_identifiers(contacts, c, hubs, "Buyer", p),
        "origin_laundering": origin.origin_laundering(c, mismatch, defended, p, against_interest=declared),
    }
    results["burst"], burst_evidence = ind.burst(c, p)
    results["shell_sellers"] = _circle_beyond_parcels(results)
    return _Found(c, flags, hubs, mismatch, results, split_evidence, burst_evidence, in_circle)


def _circle_beyond_parcels(results: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A circle's strength, for what it adds to its sellers' own parcel evidence (``1 - max`` of it).

    A ring that splits, undervalues, launders or bursts also trades among its own members; the circle then
    shows the same ring again, not new evidence, and would lift the ring sellers' ordinary parcels.
    """
    shell = results["shell_sellers"].copy()
    by_circle = circles.by_circle(shell["values"])
    if not by_circle.any():
        return shell
    parcel_schemes = [n for n in PARCEL_EVIDENCE if n in results and n != "shell_sellers"]
    shown = pd.concat([results[n]["strength"] for n in parcel_schemes], axis=1).max(axis=1)
    shown = shown.groupby(level=0).max().reindex(shell.index).fillna(0.0).to_numpy()
    shell.loc[by_circle, "strength"] = shell["strength"].to_numpy()[by_circle] * (1 - shown[by_circle])
    return shell


def _names(parties: pd.DataFrame) -> pd.Series | None:
    """Each party key's normalised name ("" where the source gives none)."""
    if "name_norm" not in parties:
        return None
    return parties.drop_duplicates("key").set_index("key")["name_norm"]


def _stronger(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Two forms of one indicator's evidence: per party, the stronger (``first`` on a tie).

    >>> a = pd.DataFrame({"strength": [0.5, 0.0], "values": [{"x": 1}, None]}, index=["p", "q"])
    >>> b = pd.DataFrame({"strength": [0.9, 0.2], "values": [{"y": 2}, {"y": 3}]}, index=["q", "r"])
    >>> _stronger(a, b)["values"].to_dict()
    {'p': {'x': 1}, 'q': {'y': 2}, 'r': {'y': 3}}
    """
    keys = first.index.union(second.index, sort=False)
    a = first.reindex(keys)
    b = second.reindex(keys)
    take = b["strength"].fillna(0.0).to_numpy() > a["strength"].fillna(0.0).to_numpy()
    out = a.copy()
    out.loc[take, ["strength", "values"]] = b.loc[take, ["strength", "values"]]
    out["strength"] = out["strength"].fillna(0.0).astype(float)
    return out


def _observed_thresholds(c: pd.DataFrame) -> list[dict]:
    """The thresholds found in the data (``model.bunching``), one per destination and currency, for ``run.json``."""
    if "threshold_observed" not in c or c["threshold_observed"].isna().all():
        return []
    found = pd.DataFrame(
        {
            "destination": column(c, "destination_country"),
            "currency": column(c, "currency"),
            "threshold": c["threshold_observed"],
        }
    ).dropna(subset=["threshold"])
    return found.drop_duplicates(["destination", "currency"]).to_dict("records")


class _PartyFacts(NamedTuple):
    """Per party (in ``keys`` order): its graph node, parcels, PageRank and community."""

    node: np.ndarray
    parcels: pd.Series
    pagerank: np.ndarray
    community: pd.Series


def _party_features(
    c: pd.DataFrame, keys: pd.Index, graph: PartyGraph, central: dict, community: dict, strengths: pd.DataFrame
) -> tuple[pd.DataFrame, _PartyFacts]:
    """The anomaly model's features per party (volume, counterparts, network, indicators) and the facts shown."""
    counts_sold = c.groupby("seller_key").size()
    counts_bought = c.groupby("buyer_key").size()
    counterparts = pd.concat(
        [c.groupby("seller_key")["buyer_key"].nunique(), c.groupby("buyer_key")["seller_key"].nunique()]
    )
    counterparts = counterparts[~counterparts.index.duplicated()]
    parcels = counts_sold.reindex(keys).fillna(0) + counts_bought.reindex(keys).fillna(0)
    features = pd.DataFrame(index=keys)
    features["log_parcels"] = np.log1p(parcels)
    features["parcels_per_counterpart"] = parcels / counterparts.reindex(keys).fillna(1).clip(lower=1)
    # The graph's arrays and the algorithms' results are by node; each party's node is found once.
    node = positions(keys, graph.names)
    features["shared_links"] = _take(graph.node_sums("shared"), node)
    pagerank = _by_party(central["pagerank"], graph.names, node)
    features["pagerank"] = np.nan_to_num(pagerank, nan=0.0) * len(keys)
    comm = pd.Series(_by_party(community, graph.names, node), index=keys)
    features["community_size"] = np.log1p(comm.map(comm.value_counts()).fillna(1))
    for name in strengths:
        features[f"ind_{name}"] = strengths[name]
    return features, _PartyFacts(node, parcels, pagerank, comm)


def _party_table(
    party_frame: pd.DataFrame,
    params: ScoringParams,
    strengths: pd.DataFrame,
    reasons: pd.DataFrame,
    evidence: pd.DataFrame,
    anomaly: pd.Series,
    facts: _PartyFacts,
    components: dict,
    graph: PartyGraph,
) -> pd.DataFrame:
    """Each party's score (indicators combined, sharpened by the anomaly model), scheme, network and reasons."""
    keys = strengths.index
    parties = party_frame.set_index("key").reindex(keys)
    combined = 1 - (1 - strengths.clip(0, 0.999)).prod(axis=1)
    top_scheme = strengths.idxmax(axis=1).where(strengths.max(axis=1) > 0, "")
    score = (1 - params.anomaly_weight) * combined + params.anomaly_weight * anomaly * combined.clip(upper=1) ** 0.5
    parties = parties.assign(
        score=score.round(6),
        indicator=combined.round(6),
        anomaly=anomaly.round(6),
        scheme=top_scheme,
        community=facts.community.astype("Int64").astype(str),
        component=pd.Series(_by_party(components, graph.names, facts.node), index=keys).astype("Int64").astype(str),
        pagerank=facts.pagerank,
        parcels=facts.parcels.astype(int),
    )
    parties["reasons"] = _all_party_reasons(strengths, reasons, anomaly)
    parties["reason_records"] = _party_records(strengths, evidence)
    return parties.reset_index()


def _consignment_table(
    found: _Found, keys: pd.Index, parties: pd.DataFrame, strengths: pd.DataFrame, p: ind.IndicatorParams
) -> pd.DataFrame:
    """Consignments: the parties' scores, sharpened by the parcel's own evidence.

    Each parcel's seller and buyer are found once among the parties (positions), not once per column looked up.
    """
    c, flags, mismatch = found.consignments, found.flags, found.mismatch
    seller_at = positions(c["seller_key"], keys)
    buyer_at = positions(c["buyer_key"], keys)

    def of_party(values, at: np.ndarray) -> np.ndarray:
        return _take(np.asarray(values, dtype=float), at)

    own = pd.DataFrame(
        {
            "splitting": found.split_evidence.to_numpy(dtype=float),
            "undervaluation": np.maximum(
                flags["low_value"].to_numpy(dtype=float) * of_party(strengths["undervaluation"], seller_at),
                ind.parcel_undervaluation(flags, p),
            ),
            "origin_laundering": np.sqrt(
                mismatch["strength"].to_numpy(dtype=float) * of_party(strengths["origin_laundering"], seller_at)
            ),
            "burst": found.burst_evidence.to_numpy(dtype=float),
            "shell_sellers": of_party(strengths["shell_sellers"], seller_at) * _on_circle_trade(found, seller_at),
            "mule_buyers": of_party(strengths["mule_buyers"], buyer_at),
        },
        index=c.index,
    )
    party_score = parties["score"].to_numpy(dtype=float)  # in ``keys`` order
    seller_score = _on_this_parcel(party_score, strengths, seller_at, own)
    buyer_score = _on_this_parcel(party_score, strengths, buyer_at, own)
    consignment_score = pd.Series(0.5 * np.maximum(seller_score, buyer_score) + 0.5 * own.max(axis=1).to_numpy())
    return pd.DataFrame(
        {
            "key": c["key"],
            "consignment_id": c["consignment_id"],
            "score": consignment_score.round(6),
            "reasons": _consignment_reasons(own, c, flags, mismatch),
            "seller_key": c["seller_key"],
            "buyer_key": c["buyer_key"],
        }
    )


PARCEL_EVIDENCE = ("splitting", "undervaluation", "origin_laundering", "burst", "shell_sellers")  # parcel by parcel
OFF_PARCEL_SHARE = 0.5  # a party's parcel-by-parcel evidence on its parcels that do not carry it


def _on_circle_trade(found: _Found, seller_at: np.ndarray) -> np.ndarray:
    """Per parcel, 1 where its seller's shell evidence is a shared contact or the parcel is its circle's own trade
    (to one of the circle's buyers), 0 on a circle seller's other parcels."""
    evidence = found.results["shell_sellers"]["values"]
    by_circle = np.append(circles.by_circle(evidence), False)  # -1 (no evidence) reads the last
    order = positions(found.consignments["seller_key"], evidence.index)
    return np.where(by_circle[order] & ~found.in_circle, 0.0, 1.0)


def _on_this_parcel(score: np.ndarray, strengths: pd.DataFrame, at: np.ndarray, own: pd.DataFrame) -> np.ndarray:
    """Each parcel's share of its party's score: the party's evidence that concerns this parcel.

    Splitting, undervaluation, origin laundering and bursts are shown parcel by parcel (a band parcel, a low
    unit value, a contradicted origin, a parcel of the burst): a party's strength on one of them counts in
    full on the parcels that carry that evidence and at ``OFF_PARCEL_SHARE`` on its others (a shop that fed
    one splitting consignee a few band parcels is not suspect on its other sales). Shell sellers sharing a
    contact and mule consignees are about who the party is, and count on every parcel; a circle of sellers
    sharing their customers counts in full on its own trade (``_on_circle_trade``).
    """
    party = _take(np.asarray(score, dtype=float), at)
    names = list(strengths.columns)
    s = np.column_stack([_take(strengths[n].to_numpy(dtype=float), at) for n in names]).clip(0, 0.999)
    applies = np.column_stack(
        [(own[n].to_numpy() > 0) if n in PARCEL_EVIDENCE and n in own else np.ones(len(at), bool) for n in names]
    )
    whole = 1 - np.prod(1 - s, axis=1)
    here = 1 - np.prod(1 - s * np.where(applies, 1.0, OFF_PARCEL_SHARE), axis=1)
    return party * np.divide(here, whole, out=np.ones_like(whole), where=whole > 0)


def _by_party(values: dict, names: np.ndarray, node: np.ndarray) -> np.ndarray:
    """A node-keyed result (``values``) per party, given each party's node (``node``; NaN where none).

    ``names`` are the graph's own key objects, whose hashes Python has already computed.
    """
    return _take(np.array([values.get(name, np.nan) for name in names.tolist()], dtype=float), node, np.nan)


def _take(values: np.ndarray, at: np.ndarray, missing=0.0) -> np.ndarray:
    """``values[at]``, with ``missing`` where ``at`` is -1 (not found); strings stay objects, the rest floats."""
    out = np.full(len(at), missing, dtype=object if values.dtype == object else float)
    found = at >= 0
    out[found] = values[at[found]]
    return out


def _aligned(results: dict[str, pd.DataFrame], keys: pd.Index) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each indicator's ``strength`` (0 when absent) and ``values`` record (None) for every party in ``keys``.

    One Arrow hash lookup per indicator finds its rows (two pandas reindexes took 2.6 s at 1M; this 1.0 s).
    """
    strengths, values = {}, {}
    for name, result in results.items():
        result = result[~result.index.duplicated(keep="first")]
        at = positions(keys, result.index)
        strengths[name] = np.nan_to_num(_take(result["strength"].to_numpy(dtype=float), at), nan=0.0)
        values[name] = _take(result["values"].to_numpy(dtype=object), at, None)
    return pd.DataFrame(strengths, index=keys), pd.DataFrame(values, index=keys, dtype=object)


def _party_records(strengths: pd.DataFrame, evidence: pd.DataFrame) -> list[str]:
    """Each party's structured reasons (JSON), strongest first; "" when no indicator fires."""
    names = list(strengths.columns)
    values = strengths.to_numpy()
    records = evidence[names].to_numpy()
    out = [""] * len(values)
    for i in np.flatnonzero(values.max(axis=1) > 0):
        order = [j for j in np.argsort(-values[i], kind="stable") if values[i, j] > 0]
        out[i] = rs.to_json([rs.record(names[j], records[i, j], values[i, j]) for j in order])
    return out


def _all_party_reasons(strengths: pd.DataFrame, reasons: pd.DataFrame, anomaly: pd.Series, top: int = 3) -> list[str]:
    """Each party's strongest indicator reasons, strongest first ("" when none fires)."""
    names = list(strengths.columns)
    values = strengths.to_numpy()
    texts = reasons[names].to_numpy()
    unusual = anomaly.reindex(strengths.index).fillna(0.0).to_numpy()
    out = [""] * len(values)
    for i in np.flatnonzero(values.max(axis=1) > 0):
        order = [j for j in np.argsort(-values[i], kind="stable")[:top] if values[i, j] > 0 and texts[i, j]]
        parts = [f"{SCHEME_LABELS[names[j]]}: {texts[i, j]}" for j in order]
        if unusual[i] >= 0.99 and parts:
            parts.append(f"unusual profile among all parties (anomaly percentile {unusual[i]:.0%})")
        out[i] = " | ".join(parts)
    return out


def _consignment_reasons(own: pd.DataFrame, c: pd.DataFrame, flags: pd.DataFrame, mismatch: pd.DataFrame) -> list:
    """The two strongest pieces of each parcel's own evidence, in words with the parcel's numbers."""
    out = [""] * len(own)
    names = list(own.columns)
    values = own.to_numpy()
    rows = np.flatnonzero(values.max(axis=1) > 0.05)
    if not len(rows):
        return out
    top = np.argsort(-values[rows], axis=1, kind="stable")[:, :2]
    second_too = values[rows, top[:, 1]] > 0.05
    declared = c["declared_value"].to_numpy()
    currency = column(c, "currency").to_numpy()
    limit = flags["band_threshold"].to_numpy()
    ratio = flags["unit_value_ratio"].to_numpy()
    declared_from, claim = mismatch["declared"].to_numpy(), mismatch["claim"].to_numpy()
    points = mismatch["points_to"].to_numpy()

    def claimed(i: int) -> str:  # no origin declared: the departure is the claim checked
        if claim[i] == "origin":
            return f"origin {declared_from[i] or '?'}"
        return f"departure {declared_from[i]}, no origin"

    def text(name: str, i: int) -> str:
        values = {"declared": declared[i], "currency": currency[i], "limit": limit[i], "ratio": ratio[i]}
        values.update(origin=claimed(i), points=points[i] or "elsewhere")
        return SCHEME_BY_ID[name].parcel_reason.format(**values).replace("  ", " ")

    for i, first, second, both in zip(
        rows.tolist(), top[:, 0].tolist(), top[:, 1].tolist(), second_too.tolist(), strict=True
    ):
        parts = [first, second] if both else [first]
        out[i] = "; ".join(text(names[j], i) for j in parts)
    return out
