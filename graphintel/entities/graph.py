"""Entity resolution over a store: read the spellings, resolve them, write the entities back.

Sellers, buyers and addresses are read as the store holds them (one node per spelling: a source id, or a
name with its contacts), resolved with ``graphintel.entities.resolve`` and written back: every node gets
``entity_id``, ``entity_score``, ``entity_variants`` and ``entity_name``, and each pair the resolution
linked becomes a ``SAME_AS`` edge with its score and the evidence that agreed. Analysts' merge and split
decisions (``EntityDecision`` nodes) are passed to every resolution, so later runs respect them.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from graphintel import schema
from graphintel.entities import Resolution, resolve
from graphintel.errors import InputError
from graphintel.store.base import GraphStore

# Which resolution kind each label is resolved as.
KIND_OF = {schema.SELLER: "seller", schema.BUYER: "buyer", schema.ADDRESS: "address"}
PLURAL = {schema.SELLER: "sellers", schema.BUYER: "buyers", schema.ADDRESS: "addresses"}
ROLES = {"seller": "seller_key", "buyer": "buyer_key", "delivery_address": "delivery_address_key"}


@dataclass
class StoreEntities:
    """What one resolution of a store found, per label."""

    resolutions: dict[str, Resolution] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> dict[str, dict[str, int]]:
        """Per label: spellings (nodes), entities, spellings folded into another, links."""
        out = {}
        for label, found in self.resolutions.items():
            entities = found.entities
            out[label] = {
                "spellings": int(len(entities)),
                "entities": int(entities["entity_id"].nunique()) if len(entities) else 0,
                "folded": int(len(entities) - entities["entity_id"].nunique()) if len(entities) else 0,
                "links": int(len(found.links)),
            }
        return out


@dataclass
class _Reads:
    """The store's parties, identifiers and ties, read once for every kind resolved."""

    parties: pd.DataFrame
    identifiers: pd.DataFrame
    ties: pd.DataFrame

    @classmethod
    def of(cls, store: GraphStore) -> _Reads:
        return cls(
            store.named("index_parties", bulk=True),
            store.named("index_identifiers", bulk=True),
            store.named("index_ties", bulk=True),
        )


def party_records(store: GraphStore, reads: _Reads | None = None) -> dict[str, pd.DataFrame]:
    """Sellers' and buyers' spellings as resolution records: ``record_id`` (node key), ``source_id`` (the
    source's id when the node is keyed by one), ``name``, ``country`` and the first address, phone and e-mail
    each holds; ``weight``, the parcels it sent or received, chooses an entity's canonical spelling."""
    reads = reads or _Reads.of(store)
    parties, ties = reads.parties, reads.ties
    values = reads.identifiers.set_index("key")["value"]
    ties = ties.assign(value=values.reindex(ties["key"]).to_numpy())
    first = ties.sort_values(["party", "kind", "key"]).drop_duplicates(["party", "kind"])
    contact = first.pivot(index="party", columns="kind", values="value")
    weight = store.named("entity_weights", bulk=True).set_index("key")["parcels"]
    out = {}
    for label in (schema.SELLER, schema.BUYER):
        part = parties[parties["label"] == label].reset_index(drop=True)
        keys = part["key"].astype(str)
        by_id = keys.str.startswith(tuple(f"{role}:" for role in schema.PARTY_KEY_PREFIXES))
        records = pd.DataFrame(
            {
                "record_id": keys,
                "source_id": part["party_id"].where(by_id, "").fillna("").astype(str),
                "name": part["name"].fillna("").astype(str),
                "country": part["country"].fillna("").astype(str),
            }
        )
        for kind in schema.IDENTIFIERS[:3]:  # address, phone, e-mail: what resolution compares
            column = contact[kind.label] if kind.label in contact else pd.Series(dtype=object)
            records[kind.column] = column.reindex(keys).fillna("").astype(str).to_numpy()
        records["weight"] = weight.reindex(keys).fillna(0).to_numpy()
        out[label] = records.sort_values("record_id", ignore_index=True)  # any store, any order: one answer
    return out


def address_records(store: GraphStore, reads: _Reads | None = None) -> pd.DataFrame:
    """Addresses as resolution records: ``record_id`` (node key), ``address`` (as normalised), ``country``,
    and ``weight`` (the parties holding it)."""
    reads = reads or _Reads.of(store)
    nodes = reads.identifiers
    nodes = nodes[nodes["label"] == schema.ADDRESS].reset_index(drop=True)
    ties = reads.ties
    holders = ties[ties["kind"] == schema.ADDRESS].groupby("key").size()
    keys = nodes["key"].astype(str)
    records = pd.DataFrame(
        {
            "record_id": keys,
            "address": nodes["value"].fillna("").astype(str),
            "country": nodes["country"].fillna("").astype(str),
            "weight": holders.reindex(keys).fillna(0).to_numpy(),
        }
    )
    return records.sort_values("record_id", ignore_index=True)


def read_decisions(store: GraphStore) -> pd.DataFrame:
    """Analysts' merge and split decisions, oldest first: ``kind, label, left, right, analyst, decided_at``.
    A later decision on the same pair replaces an earlier one."""
    frame = store.named("entity_decisions")
    if frame.empty:
        return pd.DataFrame(columns=["kind", "label", "left", "right", "analyst", "decided_at", "note"])
    frame = frame.sort_values("decided_at", kind="stable")
    pair = [tuple(sorted((a, b))) for a, b in zip(frame["left"], frame["right"], strict=True)]
    return frame.assign(_pair=pair).drop_duplicates(["label", "_pair"], keep="last").drop(columns="_pair")


def resolve_store(store: GraphStore, use_ids: bool = True, progress=None) -> StoreEntities:
    """Resolve the store's sellers, buyers and addresses (respecting analysts' decisions); nothing written."""
    started = time.perf_counter()
    decisions = read_decisions(store)
    reads = _Reads.of(store)
    records = {**party_records(store, reads), schema.ADDRESS: address_records(store, reads)}
    found = StoreEntities()
    for label, frame in records.items():
        if progress:
            progress(PLURAL[label])
        mine = decisions[decisions["label"] == label][["kind", "left", "right"]]
        found.resolutions[label] = resolve(frame, KIND_OF[label], use_ids=use_ids, decisions=mine)
    found.seconds = round(time.perf_counter() - started, 3)
    return found


def write_entities(store: GraphStore, found: StoreEntities) -> None:
    """Each node's entity and each label's ``SAME_AS`` edges, as ``resolve_store`` found them."""
    for label, resolution in found.resolutions.items():
        entities = resolution.entities.rename(
            columns={
                "record_id": "key",
                "score": "entity_score",
                "variants": "entity_variants",
                "canonical": "entity_name",
            }
        )[["key", "entity_id", "entity_score", "entity_variants", "entity_name"]]
        entities = entities.assign(entity_variants=entities["entity_variants"].astype("int64"))
        store.replace_entities(label, entities, resolution.links[["left", "right", "score", "evidence"]])


def consignment_entities(store: GraphStore) -> pd.DataFrame:
    """One row per consignment and role (``seller``, ``buyer``, ``delivery_address``): ``consignment_id, role,
    entity_id, score``. A party or address not resolved yet stands for itself (its key, score 1)."""
    consignments = store.named("projection_consignments", bulk=True)
    entity = store.named("entity_ids", bulk=True).set_index("key")
    parts = []
    for role, column in ROLES.items():
        keys = consignments[column].fillna("").astype(str)
        held = keys != ""
        keys = keys[held]
        ids = entity["entity_id"].reindex(keys).to_numpy(dtype=object)
        scores = entity["entity_score"].reindex(keys).to_numpy(dtype=float)
        missing = pd.isna(ids)
        ids[missing] = keys.to_numpy(dtype=object)[missing]
        scores = np.where(np.isnan(scores), 1.0, scores)
        parts.append(
            pd.DataFrame(
                {
                    "consignment_id": consignments.loc[held, "consignment_id"].to_numpy(),
                    "role": role,
                    "entity_id": ids,
                    "score": np.round(scores, 4),
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    order = {role: i for i, role in enumerate(ROLES)}
    return frame.sort_values(["consignment_id", "role"], key=lambda s: s.map(order) if s.name == "role" else s)


def record_decision(
    store: GraphStore, kind: str, left: str, right: str, analyst: str, note: str = "", now: dt.datetime | None = None
) -> dict:
    """An analyst's decision that two spellings are one entity (``merge``) or two (``split``); later
    resolutions respect it. Both must be nodes of one resolved label."""
    if kind not in ("merge", "split"):
        raise InputError(f"an entity decision is 'merge' or 'split', not '{kind}'")
    if not (analyst or "").strip():
        raise InputError("an entity decision needs the name of who takes it")
    labels = {key: schema.label_of_key(key) for key in (left, right)}
    for key, label in labels.items():
        if label not in KIND_OF:
            raise InputError(f"'{key}' is not a seller, buyer or address key")
    if labels[left] != labels[right]:
        raise InputError(f"'{left}' is a {labels[left]} and '{right}' a {labels[right]}: only alike can be one entity")
    if left == right:
        raise InputError("a decision needs two different keys")
    held = set(store.named("entity_nodes", {"keys": [left, right]})["key"])
    unknown = [k for k in (left, right) if k not in held]
    if unknown:
        raise InputError(f"no node '{unknown[0]}' in the store {store.uri}")
    decision = {
        "key": f"entity-decision:{uuid.uuid4().hex}",
        "kind": kind,
        "label": labels[left],
        "left": left,
        "right": right,
        "analyst": analyst.strip(),
        "note": (note or "").strip(),
        "decided_at": (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
    }
    store.write_named("entity_decision_create", decision)
    return decision
