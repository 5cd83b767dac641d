"""Lead packages: everything about a run's top leads, read from the store and the run folder."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from graphintel.errors import GraphIntelError
from graphintel.leads.explore import run_named
from graphintel.leads.runs import latest_run, read_leads, read_run

CONSIGNMENT_FIELDS = (
    "consignment_id",
    "declaration_date",
    "hs_code",
    "description",
    "declared_value",
    "currency",
    "gross_weight_kg",
    "origin_country",
    "departure_country",
    "destination_country",
    "channel",
    "score",
    "reasons",
)


@dataclass
class LeadPackage:
    """One run's selected leads with members and evidence consignments, ready for any exporter."""

    run: dict
    leads: pd.DataFrame
    members: pd.DataFrame
    consignments: pd.DataFrame  # lead_id + CONSIGNMENT_FIELDS + seller_id + buyer_id
    source: dict = field(default_factory=dict)


def load_package(
    store, run_id: str | None = None, top: int | None = None, lead_ids: list[str] | None = None
) -> LeadPackage:
    """Collect leads (the top N, or the named ones) of a run (default: the latest)."""
    run = latest_run(store) if run_id is None else read_run(store, run_id)
    if run is None:
        raise GraphIntelError(f"the store {store.uri} holds no scoring run; run `graphintel score` first")
    leads = read_leads(store, run["run_id"])
    if lead_ids:
        unknown = sorted(set(lead_ids) - set(leads["lead_id"]))
        if unknown:
            raise GraphIntelError(f"no lead '{unknown[0]}' in run {run['run_id']}")
        leads = leads[leads["lead_id"].isin(lead_ids)]
    if top is not None:
        leads = leads.head(top)
    members = run_named(store, "leads_members", {"lead_ids": list(leads["lead_id"])})
    evidence_path = Path(run["folder"]) / "lead_evidence.csv"
    if evidence_path.exists():
        evidence = pd.read_csv(evidence_path, dtype=str)
        evidence = evidence[evidence["lead_id"].isin(set(leads["lead_id"]))]
    else:
        evidence = pd.DataFrame(columns=["lead_id", "consignment_id"])
    returns = ", ".join(f"c.{f} AS {f}" for f in CONSIGNMENT_FIELDS)
    details = store.query(
        f"UNWIND $ids AS id MATCH (c:Consignment {{key: id}}) "
        f"OPTIONAL MATCH (s:Seller)-[:SHIPPED]->(c) OPTIONAL MATCH (c)-[:CONSIGNED_TO]->(b:Buyer) "
        f"RETURN {returns}, s.party_id AS seller_id, b.party_id AS buyer_id",
        {"ids": sorted(set(evidence["consignment_id"]))},
    )
    consignments = evidence.merge(details, on="consignment_id", how="left")
    if len(consignments):
        consignments["declaration_date"] = pd.to_datetime(consignments["declaration_date"]).dt.date.astype(str)
        consignments = consignments.sort_values(["lead_id", "declaration_date", "consignment_id"])
    return LeadPackage(
        run=run,
        leads=leads.reset_index(drop=True),
        members=members,
        consignments=consignments,
        source={"store": store.uri},
    )


def lead_members_list(package: LeadPackage, lead_id: str) -> list[dict]:
    part = package.members[package.members["lead_id"] == lead_id]
    return json.loads(part.drop(columns=["lead_id"]).to_json(orient="records"))
