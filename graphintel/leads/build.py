"""From scored parties to ranked leads.

A lead is a connected group of suspicious parties: parties whose indicators
fire (seeds), joined by the projection's edges between them, plus the
non-hub parties tied to them strongly (several parcels or a shared specific
identifier). Each lead gets a score, a scheme, reasons with numbers, its
members and the consignments that are its evidence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphintel import schema
from graphintel.analytics.partygraph import PartyGraph
from graphintel.finite import LARGEST, clip_sums
from graphintel.frames import positions
from graphintel.model.anomaly import anomaly_scores
from graphintel.model.scoring import SCHEME_LABELS, PartyScores, ScoringParams

# Network-only schemes (shared identifiers) name a lead only when no typology of goods, value or route does.
SCHEME_PRIORITY = pd.Series({s.id: s.priority for s in schema.SCHEME_TABLE})


LEAD_COLUMNS = (
    "lead_id", "rank", "score", "scheme", "reasons", "members", "members_n", "sellers_n", "buyers_n",
    "consignments", "total_value", "countries", "first_date", "last_date", "anomaly", "status",
    "reason_lines",  # the reasons as a list of lines; ``reasons`` is them joined, as files and pages show them
)  # fmt: skip


@dataclass
class Leads:
    """Ranked leads, their members (lead_id, party key, label, party_id, role) and evidence consignments."""

    leads: pd.DataFrame
    members: pd.DataFrame
    evidence: pd.DataFrame


def build_leads(
    scored: PartyScores, consignments: pd.DataFrame, params: ScoringParams, hub_degree: int | None = None
) -> Leads:
    """Group seeds into leads and rank them.

    Parameters
    ----------
    scored: output of ``score_parties``.
    consignments: the projection's consignment frame (for values, countries, dates).
    params: scoring parameters (``lead_threshold`` picks the seeds).
    hub_degree: parties with more counterparts than this never join a lead as support
        (default: the hub limit).
    """
    hub_degree = hub_degree or params.hub_limit
    parties = scored.parties.set_index("key")
    seeds = parties.index[parties["indicator"] >= params.lead_threshold]
    groups = _member_groups(scored.graph, seeds, parties["community"], hub_degree, scored.signatures)
    c = consignments
    rows = _group_rows(groups, scored, parties, c, params)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return Leads(
            pd.DataFrame(columns=list(LEAD_COLUMNS)),
            pd.DataFrame(columns=["lead_id", "party_key", "label", "party_id", "name", "score", "reasons"]),
            pd.DataFrame(columns=["lead_id", "consignment_id"]),
        )
    frame["reasons"] = frame["reason_lines"].map(schema.join_reasons)
    features = frame[["max_score", "mean_top3", "members_n", "consignments", "total_value", "schemes_n"]].astype(float)
    features["members_n"] = np.log1p(features["members_n"])
    features["consignments"] = np.log1p(features["consignments"])
    features["total_value"] = np.log1p(features["total_value"])
    frame["anomaly"] = anomaly_scores(features, random_state=params.seed).values
    evidence_factor = np.clip(0.6 + 0.4 * np.log10(frame["consignments"].clip(lower=1)) / np.log10(30), 0.6, 1.0)
    frame["score"] = (
        (0.65 * frame["max_score"] + 0.2 * frame["mean_top3"] + 0.15 * frame["anomaly"]) * evidence_factor
    ).round(6)
    frame = frame.sort_values(["score", "consignments"], ascending=[False, False]).reset_index(drop=True)
    frame["rank"] = np.arange(1, len(frame) + 1)
    frame["lead_id"] = frame["rank"]  # provisional: ``name_leads`` gives the run's ids once the order is final
    frame["status"] = "new"
    id_of = parties["party_id"]
    frame["members"] = [json.dumps([str(id_of[k]) for k in keys]) for keys in frame["member_keys"]]
    keys = [k for ks in frame["member_keys"] for k in ks]
    facts = parties.reindex(keys)
    members = pd.DataFrame(
        {
            "lead_id": np.repeat(frame["lead_id"].to_numpy(), frame["member_keys"].map(len).to_numpy()),
            "party_key": keys,
            "label": facts["label"].to_numpy(),
            "party_id": facts["party_id"].to_numpy(),
            "name": facts["name"].to_numpy(),
            "score": facts["score"].to_numpy(),
            "reasons": facts["reasons"].to_numpy(),
        }
    )
    evidence = pd.DataFrame(
        {
            "lead_id": np.repeat(frame["lead_id"].to_numpy(), frame["evidence_ids"].map(len).to_numpy()),
            "consignment_id": [cid for ids in frame["evidence_ids"] for cid in ids],
        }
    )
    leads = frame[list(LEAD_COLUMNS)]
    return Leads(leads, members, evidence)


def _member_groups(
    graph: PartyGraph, seeds: pd.Index, community: pd.Series, hub_degree: int, signatures: pd.Series | None = None
) -> list[list[str]]:
    """The seeds grouped into leads, each group sorted, largest group first (then by its first key).

    Two seeds in one community that are linked belong together. A party that is not a seed joins
    through a strong tie to a seed (3 parcels or more, or a shared identifier) if it is no hub
    (``hub_degree`` counterparts at most); seeds tied to one such party (sellers feeding one buyer)
    end up together through it. A lead stays inside one community: rings that touch stay apart. Seeds
    with one modus operandi (``signatures``: the same laundered origin and carrier, the same undervalued
    goods and broker) belong together too, tied or not.
    """
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    n = graph.number_of_nodes()
    at = positions(seeds, graph.names)
    is_seed = np.zeros(n, dtype=bool)
    is_seed[at[at >= 0]] = True
    group_of, _ = pd.factorize(community.reindex(graph.names).to_numpy(dtype=object), use_na_sentinel=True)
    u, v = graph.u, graph.v
    same = (group_of[u] == group_of[v]) & (group_of[u] >= 0)
    strong = (graph.parcels >= 3) | (graph.shared > 0)
    degree = graph.node_sums()
    keep = same & (
        (is_seed[u] & is_seed[v])
        | (is_seed[u] & ~is_seed[v] & (degree[v] <= hub_degree) & strong)
        | (is_seed[v] & ~is_seed[u] & (degree[u] <= hub_degree) & strong)
    )
    member = is_seed.copy()
    member[u[keep]] = True
    member[v[keep]] = True
    nodes = np.flatnonzero(member)
    local = np.full(n, -1)
    local[nodes] = np.arange(len(nodes))
    lu, lv = local[u[keep]], local[v[keep]]
    if signatures is not None and len(nodes):
        same = signatures.reindex(graph.names[nodes]).fillna("").to_numpy(dtype=object)
        order = np.argsort(same, kind="stable")
        chained = (same[order][1:] == same[order][:-1]) & (same[order][1:] != "")
        lu = np.concatenate([lu, order[:-1][chained]])
        lv = np.concatenate([lv, order[1:][chained]])
    links = coo_array((np.ones(len(lu)), (lu, lv)), shape=(len(nodes), len(nodes)))
    _, label = connected_components(links, directed=False)
    names = graph.names[nodes]
    groups: dict[int, list[str]] = {}
    for name, number in zip(names.tolist(), label.tolist(), strict=True):
        groups.setdefault(number, []).append(name)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


def _group_rows(groups: list[list[str]], scored: PartyScores, parties: pd.DataFrame, c: pd.DataFrame, params) -> list:
    """One summary per group (members, scores, scheme, evidence, reasons), computed columnar for all groups.

    Evidence: the group's consignments between two members, or scoring above 0.25; all its consignments
    when none does.
    """
    if not groups:
        return []
    keys = [k for g in groups for k in g]
    number = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    m = pd.DataFrame({"group": number, "key": keys, "order": np.arange(len(keys))})
    m["score"] = parties["score"].reindex(keys).to_numpy()
    m["label"] = parties["label"].reindex(keys).to_numpy()
    by = m.groupby("group", sort=True)
    top3 = m.sort_values(["group", "score", "order"], ascending=[True, False, True]).groupby("group").head(3)
    strength = scored.strengths.reindex(keys).reset_index(drop=True)
    scheme, schemes_n = _group_schemes(strength, number, params.lead_threshold)
    evidence = _group_evidence(keys, number, c, scored.consignments["score"].to_numpy())
    reasons = _group_reasons(m, strength, scored.reasons, parties)

    max_score, mean_top3 = by["score"].max(), top3.groupby("group")["score"].mean()
    sellers_n = (m["label"] == "Seller").groupby(m["group"]).sum()
    buyers_n = (m["label"] == "Buyer").groupby(m["group"]).sum()
    return [
        {
            "group": g,
            "max_score": float(max_score[g]),
            "mean_top3": float(mean_top3[g]),
            "members_n": len(group),
            "sellers_n": int(sellers_n[g]),
            "buyers_n": int(buyers_n[g]),
            "consignments": int(evidence["consignments"].get(g, 0)),
            "total_value": float(evidence["total_value"].get(g, 0.0)),
            "countries": evidence["countries"].get(g, ""),
            "first_date": evidence["first_date"].get(g, np.nan),
            "last_date": evidence["last_date"].get(g, np.nan),
            "scheme": str(scheme[g]),
            "schemes_n": int(schemes_n[g]),
            "reason_lines": reasons[g],
            "member_keys": group,
            "evidence_ids": evidence["evidence_ids"].get(g, []),
        }
        for g, group in enumerate(groups)
    ]


def _group_schemes(strength: pd.DataFrame, number: np.ndarray, lead_threshold: float) -> tuple[pd.Series, pd.Series]:
    """Per group: the scheme with the highest priority-weighted total strength ("" when none), and how many
    schemes some member shows at ``lead_threshold`` or more."""
    sums = strength.groupby(number).sum()
    totals = sums * SCHEME_PRIORITY[sums.columns]
    scheme = totals.idxmax(axis=1).where(totals.max(axis=1) > 0, "")
    schemes_n = (strength.groupby(number).max() >= lead_threshold).sum(axis=1)
    return scheme, schemes_n


def _group_evidence(keys: list[str], number: np.ndarray, c: pd.DataFrame, own: np.ndarray) -> dict[str, pd.Series]:
    """Per group: its evidence consignments' count, total value, seller countries, first and last dates and ids.

    Evidence is every consignment a group's member sent or received (once per group), kept when it is between
    two members or scores (``own``) above 0.25, or all of them when none is.
    """
    group_of = dict(zip(keys, number, strict=True))
    sg = c["seller_key"].map(group_of)
    bg = c["buyer_key"].map(group_of)
    rows_s = np.flatnonzero(sg.notna().to_numpy())
    rows_b = np.flatnonzero((bg.notna() & (bg != sg)).to_numpy())
    long = pd.DataFrame(
        {
            "group": np.concatenate([sg.to_numpy()[rows_s], bg.to_numpy()[rows_b]]).astype(int),
            "row": np.concatenate([rows_s, rows_b]),
        }
    ).sort_values(["group", "row"], kind="stable")
    inside = (sg.to_numpy()[long["row"]] == long["group"].to_numpy()) & (
        bg.to_numpy()[long["row"]] == long["group"].to_numpy()
    )
    hot = inside | (own[long["row"]] > 0.25)
    has_hot = pd.Series(hot).groupby(long["group"].to_numpy()).any()
    keep = hot | ~long["group"].map(has_hot).fillna(False).to_numpy()
    ev = long[keep]
    facts = c.iloc[ev["row"].to_numpy()]
    ev = pd.DataFrame(
        {
            "group": ev["group"].to_numpy(),
            "value": np.nan_to_num(facts["declared_value"].astype(float).to_numpy(), nan=0.0, posinf=LARGEST),
            "country": facts["seller_country"].to_numpy(),
            "date": facts["declaration_date"].to_numpy(),
            "cid": facts["consignment_id"].to_numpy(),
        }
    )
    ev_by = ev.groupby("group", sort=True)
    with np.errstate(over="ignore"):
        values = clip_sums(ev_by["value"].sum())  # two parcels declared at 1e308 must not total infinity
    return {
        "consignments": ev_by.size(),
        "total_value": values,
        "countries": ev_by["country"].agg(lambda s: ",".join(sorted({x for x in s if isinstance(x, str) and x}))),
        "first_date": ev_by["date"].min(),
        "last_date": ev_by["date"].max(),
        "evidence_ids": ev_by["cid"].agg(list),
    }


def _group_reasons(m: pd.DataFrame, strength: pd.DataFrame, reasons: pd.DataFrame, parties: pd.DataFrame) -> list:
    """Per group: its three strongest schemes, how many members show each, and the strongest member's evidence."""
    long = strength.assign(group=m["group"].to_numpy(), key=m["key"].to_numpy(), order=m["order"].to_numpy())
    long = long.melt(id_vars=["group", "key", "order"], var_name="scheme", value_name="strength")
    scheme_order = {name: i for i, name in enumerate(strength.columns)}
    long["scheme_order"] = long["scheme"].map(scheme_order)
    long["positive"] = (long["strength"] > 0).astype(int)
    per = long.groupby(["group", "scheme"], sort=False).agg(
        total=("strength", "sum"), showing=("positive", "sum"), order=("scheme_order", "first")
    )
    best = (
        long[long["strength"] > 0]
        .sort_values(["group", "scheme", "strength", "order"], ascending=[True, True, False, True])
        .drop_duplicates(["group", "scheme"])
        .set_index(["group", "scheme"])["key"]
    )
    per = per.join(best.rename("best")).reset_index()
    per = per[per["total"] > 0].sort_values(["group", "total", "order"], ascending=[True, False, True])
    sizes = m.groupby("group").size()
    out = [[] for _ in range(len(sizes))]
    for row in per.groupby("group").head(3).itertuples(index=False):
        text = reasons.at[row.best, row.scheme]
        if not text:
            continue
        size = int(sizes[row.group])
        count = f"{row.showing} of {size} members" if size > 1 else "the party"
        who = parties.at[row.best, "party_id"]
        out[row.group].append(f"{SCHEME_LABELS[row.scheme]} ({count}): {text} [e.g. {who}]")
    return out  # lines per group, joined only where shown


def name_leads(leads: Leads, run_id: str) -> None:
    """Give the leads, in their final order, their ranks and the run's lead ids (``<run_id>-L0001``, ...), in
    the leads, members and evidence alike: the one place lead ids are made."""
    frame = leads.leads.reset_index(drop=True)
    frame["rank"] = np.arange(1, len(frame) + 1)
    ids = pd.Series([f"{run_id}-L{r:04d}" for r in frame["rank"]], index=frame["lead_id"].to_numpy(), dtype=object)
    frame["lead_id"] = ids.to_numpy()
    leads.members["lead_id"] = leads.members["lead_id"].map(ids).astype(object)
    leads.evidence["lead_id"] = leads.evidence["lead_id"].map(ids).astype(object)
    leads.leads = frame
