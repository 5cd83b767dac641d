"""The party projection: sellers and buyers linked by trade and shared identifiers.

A shared identifier links parties with a weight that falls with the number of
parties sharing it: two parties on one phone are strongly linked, the thousands
of buyers of a forwarder's depot address are not linked at all (followthemoney's
idea of value specificity).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

DEFAULT_HUB_LIMIT = 50
CONTACT_KINDS = ("address", "phone", "email")


@dataclass
class ProjectionData:
    """What the projection is built from, read from any store.

    consignments: one row per consignment with at least ``key``, ``seller_key``,
        ``buyer_key`` (and the goods, value and route columns the model uses).
    parties: ``key``, ``label`` (Seller/Buyer), ``party_id``, ``name``, ``country``.
    links: ``party`` (party key), ``kind`` (address/phone/email/declarant), ``identifier``.
    """

    consignments: pd.DataFrame
    parties: pd.DataFrame
    links: pd.DataFrame


def identifier_specificity(links: pd.DataFrame, hub_limit: int = DEFAULT_HUB_LIMIT) -> pd.Series:
    """Weight of each identifier as a link: 1 for two parties, falling as 1/log2(k), 0 above ``hub_limit``.

    Parameters
    ----------
    links: frame with columns ``party`` and ``identifier``.
    hub_limit: identifiers shared by more parties than this link nothing.

    Returns
    -------
    Series indexed by identifier: the weight, and ``attrs["sharers"]`` the party counts.

    Examples
    --------
    >>> links = pd.DataFrame({"party": ["a", "b", "c", "a"], "identifier": ["x", "x", "x", "y"]})
    >>> identifier_specificity(links, hub_limit=2).to_dict()
    {'x': 0.0, 'y': 0.0}
    >>> identifier_specificity(links, hub_limit=5)["x"].round(3)
    np.float64(0.631)
    """
    sharers = links.drop_duplicates(["party", "identifier"]).groupby("identifier")["party"].nunique()
    weight = sharers.map(lambda k: 0.0 if k < 2 or k > hub_limit else 1.0 / math.log2(k))
    weight.attrs["sharers"] = sharers
    return weight


def merge_hub_variants(
    links: pd.DataFrame, hub_limit: int = DEFAULT_HUB_LIMIT, min_similarity: float = 90.0, min_sharers: int = 3
) -> pd.DataFrame:
    """Fold spelling variants of a hub identifier into the hub itself.

    A forwarder's depot address is shared by thousands; its typo variants are
    each shared by a handful and would look like mule addresses. An identifier
    shared by at least ``min_sharers`` parties whose value is at least
    ``min_similarity`` (rapidfuzz ratio, 0-100) like a hub's value, with the same
    numbers in it, is treated as that hub.

    Parameters
    ----------
    links: ``party``, ``identifier``, ``kind`` and ``value`` columns.

    Returns
    -------
    The links with variant identifiers replaced by their hub's; ``attrs["replaced"]``
    maps each variant to its hub.

    Examples
    --------
    >>> links = pd.DataFrame({"party": [f"b{i}" for i in range(7)], "kind": "address",
    ...     "identifier": ["hub"] * 4 + ["typo"] * 3,
    ...     "value": ["unit 4 depot heathrow"] * 4 + ["unit 4 depto heathrow"] * 3})
    >>> sorted(set(merge_hub_variants(links, hub_limit=3)["identifier"]))
    ['hub']
    """
    from rapidfuzz import fuzz, process

    if links.empty or "value" not in links:
        return links
    sharers = links.groupby("identifier")["party"].nunique()
    values = links.drop_duplicates("identifier").set_index("identifier")[["kind", "value"]]
    hubs = values[values.index.isin(sharers[sharers > hub_limit].index)]
    if hubs.empty:
        return links
    candidates = values[values.index.isin(sharers[(sharers >= min_sharers) & (sharers <= hub_limit)].index)]
    replace: dict[str, str] = {}
    for kind, hub_group in hubs.groupby("kind"):
        hub_values = hub_group["value"].fillna("").tolist()
        hub_ids = hub_group.index.tolist()
        for identifier, value in candidates[candidates["kind"] == kind]["value"].fillna("").items():
            match = process.extractOne(value, hub_values, scorer=fuzz.ratio, score_cutoff=min_similarity)
            if match and _digits(value) == _digits(match[0]):
                replace[identifier] = hub_ids[match[2]]
    if not replace:
        return links
    merged = links.assign(identifier=links["identifier"].map(lambda i: replace.get(i, i)))
    merged.attrs["replaced"] = replace
    return merged


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text or "")


def party_graph(
    data: ProjectionData,
    hub_limit: int = DEFAULT_HUB_LIMIT,
    trade_weight: float = 0.5,
) -> nx.Graph:
    """Weighted, undirected party graph.

    Edges carry ``weight`` (trade plus identifier links), ``parcels`` (consignments
    between a seller and a buyer), ``shared`` (addresses, phones and e-mails in
    common) and ``co_declared`` (declarants in common, a weaker tie).

    Parameters
    ----------
    data: the consignments, parties and identifier links.
    hub_limit: identifiers shared by more parties than this add no edge.
    trade_weight: weight of a seller-buyer edge per log-parcel, damped by the
        seller's number of buyers so a marketplace seller does not glue the graph.
    """
    graph = nx.Graph()
    parties = data.parties.sort_values("key", kind="stable")  # node order fixed, whatever the store's row order
    graph.add_nodes_from(
        (key, {"label": label, "party_id": pid})
        for key, label, pid in zip(parties["key"], parties["label"], parties["party_id"], strict=True)
    )

    trade = data.consignments[(data.consignments["seller_key"].notna()) & (data.consignments["buyer_key"].notna())]
    trade = trade[(trade["seller_key"] != "") & (trade["buyer_key"] != "")]
    pairs = trade.groupby(["seller_key", "buyer_key"]).size().rename("parcels").reset_index()
    buyers_per_seller = pairs.groupby("seller_key")["buyer_key"].nunique()
    damp = 1.0 / np.log2(1 + pairs["seller_key"].map(buyers_per_seller).to_numpy(dtype=float))
    pairs["weight"] = trade_weight * (1 + np.log2(pairs["parcels"].to_numpy(dtype=float))) * damp
    pairs["shared"] = 0
    pairs["co_declared"] = 0
    pairs = pairs.rename(columns={"seller_key": "a", "buyer_key": "b"})

    # Parties sharing an identifier, all pairs at once (identifiers above the hub limit weigh nothing).
    links = data.links.drop_duplicates(["party", "identifier"])
    weights = identifier_specificity(links, hub_limit)
    useful = weights[weights > 0]
    kinds = links.drop_duplicates("identifier").set_index("identifier")["kind"]
    members = links.loc[links["identifier"].isin(useful.index), ["identifier", "party"]]
    both = members.merge(members, on="identifier", suffixes=("_a", "_b"))
    both = both[both["party_a"] < both["party_b"]]
    # Sums in a fixed order, whatever order the store returned rows in: the same weights to the last bit.
    both = both.sort_values(["party_a", "party_b", "identifier"], kind="stable")
    contact = both["identifier"].map(kinds).isin(CONTACT_KINDS).to_numpy()
    # A shared broker is a weaker tie than a shared phone, e-mail or address.
    both = pd.DataFrame(
        {
            "a": both["party_a"].to_numpy(),
            "b": both["party_b"].to_numpy(),
            "weight": both["identifier"].map(useful).to_numpy(dtype=float) * np.where(contact, 1.0, 0.3),
            "shared": contact.astype(int),
            "co_declared": (~contact).astype(int),
        }
    )
    ties = both.groupby(["a", "b"], sort=True, as_index=False).sum()
    # A seller-buyer pair that also shares an identifier is one edge with both.
    edges = pd.concat([pairs.assign(parcels=pairs["parcels"].astype(int)), ties.assign(parcels=0)], ignore_index=True)
    u = np.where(edges["a"] < edges["b"], edges["a"], edges["b"])
    v = np.where(edges["a"] < edges["b"], edges["b"], edges["a"])
    edges = (
        edges.assign(u=u, v=v)
        .groupby(["u", "v"], sort=True, as_index=False)[["weight", "parcels", "shared", "co_declared"]]
        .sum()
    )
    graph.add_edges_from(
        (u, v, {"weight": float(w), "parcels": int(n), "shared": int(sh), "co_declared": int(co)})
        for u, v, w, n, sh, co in zip(
            edges["u"],
            edges["v"],
            edges["weight"],
            edges["parcels"],
            edges["shared"],
            edges["co_declared"],
            strict=True,
        )
    )
    return graph


def read_projection(store) -> ProjectionData:
    """Read the consignments, parties and identifier links the projection needs from any GraphStore."""
    from graphintel import schema

    columns = [
        "key",
        "consignment_id",
        "declaration_date",
        "seller_key",
        "buyer_key",
        "delivery_address_key",
        "declarant_id",
        "carrier_id",
        "platform",
        "hs_code",
        "hs_chapter",
        "quantity",
        "gross_weight_kg",
        "declared_value",
        "currency",
        "origin_country",
        "departure_country",
        "destination_country",
        "seller_country",
        "buyer_country",
        "channel",
        "transport_mode",
        "inspected",
        "fraud",
        "revenue_recovered",
        "extra",
    ]
    returns = ", ".join(f"c.{c} AS {c}" for c in columns)
    consignments = store.query(f"MATCH (c:{schema.CONSIGNMENT}) RETURN {returns} ORDER BY c.key")
    if consignments.empty:
        consignments = pd.DataFrame(columns=columns)
    for column in ("quantity", "gross_weight_kg", "declared_value", "revenue_recovered"):
        consignments[column] = pd.to_numeric(consignments[column], errors="coerce")
    consignments["declaration_date"] = pd.to_datetime(consignments["declaration_date"], errors="coerce")
    for column in ("seller_key", "buyer_key"):
        consignments[column] = consignments[column].where(consignments[column].astype(str) != "", None)
    parties = []
    for label in schema.PARTY_LABELS:
        frame = store.query(
            f"MATCH (p:{label}) RETURN p.key AS key, p.party_id AS party_id, p.name AS name, "
            f"p.name_norm AS name_norm, p.country AS country ORDER BY p.key"
        )
        frame["label"] = label
        parties.append(frame)
    party_frame = pd.concat(parties, ignore_index=True)
    links = []
    for rel, kind, target in (
        (schema.LOCATED_AT, "address", schema.ADDRESS),
        (schema.HAS_PHONE, "phone", schema.PHONE),
        (schema.HAS_EMAIL, "email", schema.EMAIL),
    ):
        for label in schema.PARTY_LABELS:
            frame = store.query(
                f"MATCH (p:{label})-[:{rel}]->(i:{target}) RETURN p.key AS party, i.key AS identifier, i.value AS value"
            )
            frame["kind"] = kind
            links.append(frame)
    declarants = consignments[["seller_key", "declarant_id"]].dropna()
    declarants = declarants[(declarants["declarant_id"] != "")].drop_duplicates()
    links.append(
        pd.DataFrame(
            {
                "party": declarants["seller_key"].values,
                "identifier": "declarant:" + declarants["declarant_id"].values,
                "kind": "declarant",
                "value": declarants["declarant_id"].values,
            }
        )
    )
    link_frame = pd.concat(links, ignore_index=True).sort_values(["party", "identifier"], ignore_index=True)
    return ProjectionData(consignments=consignments, parties=party_frame, links=link_frame)
