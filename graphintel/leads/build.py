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

import networkx as nx
import numpy as np
import pandas as pd

from graphintel.model.anomaly import anomaly_scores
from graphintel.model.scoring import SCHEME_LABELS, PartyScores, ScoringParams

# Network-only schemes (shared identifiers) name a lead only when no typology of goods, value or route does.
SCHEME_PRIORITY = pd.Series(
    {
        "splitting": 1.0,
        "undervaluation": 1.0,
        "origin_laundering": 1.0,
        "burst": 1.0,
        "shell_sellers": 0.8,
        "mule_buyers": 0.9,
    }
)


LEAD_COLUMNS = (
    "lead_id", "rank", "score", "scheme", "reasons", "members", "members_n", "sellers_n", "buyers_n",
    "consignments", "total_value", "countries", "first_date", "last_date", "anomaly", "status",
)  # fmt: skip


@dataclass
class Leads:
    """Ranked leads, their members (lead_id, party key, label, party_id, role) and evidence consignments."""

    leads: pd.DataFrame
    members: pd.DataFrame
    evidence: pd.DataFrame


def build_leads(
    scored: PartyScores, consignments: pd.DataFrame, params: ScoringParams, run_id: str, hub_degree: int | None = None
) -> Leads:
    """Group seeds into leads and rank them.

    Parameters
    ----------
    scored: output of ``score_parties``.
    consignments: the projection's consignment frame (for values, countries, dates).
    params: scoring parameters (``lead_threshold`` picks the seeds).
    run_id: prefix of the lead ids.
    hub_degree: parties with more counterparts than this never join a lead as support
        (default: the hub limit).
    """
    hub_degree = hub_degree or params.hub_limit
    graph = scored.graph
    parties = scored.parties.set_index("key")
    seeds = set(parties.index[parties["indicator"] >= params.lead_threshold])
    community = parties["community"]
    members_graph = nx.Graph()
    members_graph.add_nodes_from(seeds)
    for seed in seeds:
        for other, edge in graph[seed].items():
            if community.get(other) != community.get(seed):
                continue  # a lead stays inside one community: rings that touch stay apart
            if other in seeds:
                members_graph.add_edge(seed, other)
            elif graph.degree(other) <= hub_degree and (edge.get("parcels", 0) >= 3 or edge.get("shared", 0) > 0):
                members_graph.add_edge(seed, other)
    # Seeds that trade with one common counterpart belong together (e.g. sellers feeding one buyer).
    for node in list(members_graph.nodes):
        if node in seeds:
            continue
        tied = [n for n in members_graph[node] if n in seeds]
        for a, b in zip(tied, tied[1:], strict=False):
            members_graph.add_edge(a, b)

    c = consignments
    groups = sorted((sorted(g) for g in nx.connected_components(members_graph)), key=lambda g: (-len(g), g[0]))
    rows, member_rows, evidence_rows = [], [], []
    strengths = scored.strengths
    group_of = {key: number for number, group in enumerate(groups) for key in group}
    seller_group = c["seller_key"].map(group_of)
    buyer_group = c["buyer_key"].map(group_of)
    own = scored.consignments["score"].to_numpy()
    touched = c.index[seller_group.notna() | buyer_group.notna()]
    by_group: dict[int, list[int]] = {}
    for index, sg, bg in zip(touched, seller_group[touched], buyer_group[touched], strict=True):
        for g in {sg, bg}:
            if g == g and g is not None:  # not NaN
                by_group.setdefault(int(g), []).append(index)
    for number, group in enumerate(groups):
        rows_in = np.array(by_group.get(number, []), dtype=int)
        in_lead = c.loc[rows_in]
        both = (seller_group[rows_in] == number).to_numpy() & (buyer_group[rows_in] == number).to_numpy()
        evidence = in_lead[both | (own[rows_in] > 0.25)]
        if evidence.empty:
            evidence = in_lead
        member_strength = strengths.loc[group]
        scheme_totals = member_strength.sum() * SCHEME_PRIORITY
        scheme = str(scheme_totals.idxmax()) if scheme_totals.max() > 0 else ""
        member_scores = parties.loc[group, "score"].sort_values(ascending=False)
        top3 = member_scores.iloc[:3]
        rows.append(
            {
                "group": number,
                "max_score": float(member_scores.iloc[0]),
                "mean_top3": float(top3.mean()),
                "members_n": len(group),
                "sellers_n": int((parties.loc[group, "label"] == "Seller").sum()),
                "buyers_n": int((parties.loc[group, "label"] == "Buyer").sum()),
                "consignments": len(evidence),
                "total_value": float(evidence["declared_value"].fillna(0).sum()),
                "countries": ",".join(sorted(set(evidence["seller_country"].dropna()) - {""})),
                "first_date": evidence["declaration_date"].min(),
                "last_date": evidence["declaration_date"].max(),
                "scheme": scheme,
                "schemes_n": int((member_strength.max() >= params.lead_threshold).sum()),
                "reasons": _lead_reasons(group, member_strength, scored.reasons, parties),
                "member_keys": group,
                "evidence_ids": list(evidence["consignment_id"]),
            }
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        return Leads(
            pd.DataFrame(columns=list(LEAD_COLUMNS)),
            pd.DataFrame(columns=["lead_id", "party_key", "label", "party_id", "name", "score", "reasons"]),
            pd.DataFrame(columns=["lead_id", "consignment_id"]),
        )
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
    frame["lead_id"] = [f"{run_id}-L{r:04d}" for r in frame["rank"]]
    frame["status"] = "new"
    id_of = parties["party_id"]
    frame["members"] = [json.dumps([str(id_of[k]) for k in keys]) for keys in frame["member_keys"]]
    for row in frame.itertuples(index=False):
        for key in row.member_keys:
            member_rows.append(
                {
                    "lead_id": row.lead_id,
                    "party_key": key,
                    "label": parties.at[key, "label"],
                    "party_id": id_of[key],
                    "name": parties.at[key, "name"],
                    "score": parties.at[key, "score"],
                    "reasons": parties.at[key, "reasons"],
                }
            )
        evidence_rows.extend({"lead_id": row.lead_id, "consignment_id": cid} for cid in row.evidence_ids)
    leads = frame[list(LEAD_COLUMNS)]
    return Leads(leads, pd.DataFrame(member_rows), pd.DataFrame(evidence_rows))


def _lead_reasons(group: list[str], strength: pd.DataFrame, reasons: pd.DataFrame, parties: pd.DataFrame) -> str:
    """The lead's strongest reasons: per scheme, how many members show it and the strongest member's evidence."""
    lines = []
    totals = strength.sum().sort_values(ascending=False)
    for scheme in totals.index[:3]:
        if totals[scheme] <= 0:
            continue
        showing = strength[scheme][strength[scheme] > 0]
        best = showing.idxmax()
        text = reasons.at[best, scheme]
        if not text:
            continue
        who = parties.at[best, "party_id"]
        count = f"{len(showing)} of {len(group)} members" if len(group) > 1 else "the party"
        lines.append(f"{SCHEME_LABELS[scheme]} ({count}): {text} [e.g. {who}]")
    return " | ".join(lines)
