"""Lead packages: everything about a run's top leads, read from the store and the run folder.

A package names the run, the model and the data it was built from (the store
and the source files of its evidence), carries each lead's network for
pictures and link-chart tools, and can be masked: buyer names, phones,
e-mails and street addresses replaced by stable tokens (the same value gets
the same token within one installation, so shared identifiers still show).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from graphintel import __version__
from graphintel.errors import GraphIntelError
from graphintel.leads.explore import lead_network, run_named
from graphintel.leads.records import latest_run, read_leads, read_run
from graphintel.private import create_secret

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
    "source_file",
    "source_line",
)


@dataclass
class LeadPackage:
    """One run's selected leads with members and evidence consignments, ready for any exporter."""

    run: dict
    leads: pd.DataFrame
    members: pd.DataFrame
    consignments: pd.DataFrame  # lead_id + CONSIGNMENT_FIELDS + seller_id + buyer_id
    source: dict = field(default_factory=dict)  # store, source files of the evidence
    networks: dict[str, dict] = field(default_factory=dict)  # lead_id -> {"nodes": [...], "edges": [...]}
    marking: str = ""  # handling marking printed on every page
    masked: bool = False
    created_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    generator: str = f"graphintel {__version__}"


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
    consignments = store.named("lead_evidence", {"lead_ids": list(leads["lead_id"])})
    if len(consignments):
        consignments["declaration_date"] = pd.to_datetime(consignments["declaration_date"]).dt.date.astype(str)
        consignments = consignments.sort_values(["lead_id", "declaration_date", "consignment_id"])
    networks = {}
    for lead_id in leads["lead_id"]:
        net = lead_network(store, lead_id)
        networks[lead_id] = {"nodes": list(net.nodes.values()), "edges": list(net.edges.values())}
    files = sorted({str(f) for f in consignments.get("source_file", pd.Series(dtype=str)).dropna()})
    return LeadPackage(
        run=run,
        leads=leads.reset_index(drop=True),
        members=members,
        consignments=consignments,
        source={"store": store.uri, "files": files},
        networks=networks,
    )


MASKED_IDENTIFIERS = ("PHONE", "EMAIL", "ADDRESS")


def masking_key(home: Path) -> bytes:
    """This installation's secret for mask tokens (created on first use, kept in HOME/mask.key)."""
    path = Path(home) / "mask.key"
    create_secret(path, secrets.token_hex(16))  # 0600 from the start; keeps a key that exists
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < 16:
        raise GraphIntelError(f"{path}: the masking key is empty or damaged; restore it from a backup")
    return key.encode()


def mask_package(package: LeadPackage, key: bytes) -> LeadPackage:
    """A copy without buyer names, phones, e-mails and street addresses (stable tokens instead)."""

    def token(kind: str, value) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)) or str(value) == "":
            return ""
        digest = hashlib.blake2s(str(value).encode(), key=key[:32], digest_size=4).hexdigest()
        return f"[{kind} masked {digest}]"

    members = package.members.copy()
    buyers = members["label"] == "Buyer"
    members.loc[buyers, "name"] = [token("name", v) for v in members.loc[buyers, "name"]]
    networks = {}
    for lead_id, net in package.networks.items():
        nodes, ids = [], {}
        for node in net["nodes"]:
            node = dict(node)
            if node["label"] == "BUYER":
                node["name"] = node.get("party_id") or token("name", node["name"])
            elif node["label"] in MASKED_IDENTIFIERS:
                kind = node["label"].lower()
                node["name"] = token(kind, node["name"])
                ids[node["id"]] = f"{kind}:{token(kind, node['id'])[1:-1].split()[-1]}"  # ids hold the value too
                node["id"] = ids[node["id"]]
            nodes.append(node)
        edges = []
        for edge in net["edges"]:
            edge = dict(edge)
            edge["source"], edge["target"] = (
                ids.get(edge["source"], edge["source"]),
                ids.get(edge["target"], edge["target"]),
            )
            edge["id"] = f"{edge['label']}|{edge['source']}|{edge['target']}"
            edges.append(edge)
        networks[lead_id] = {"nodes": nodes, "edges": edges}
    return replace(package, members=members, networks=networks, masked=True)


def lead_members_list(package: LeadPackage, lead_id: str) -> list[dict]:
    part = package.members[package.members["lead_id"] == lead_id]
    return json.loads(part.drop(columns=["lead_id"]).to_json(orient="records"))
