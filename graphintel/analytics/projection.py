"""The party projection: sellers and buyers linked by trade and shared identifiers.

A shared identifier links parties with a weight that falls with the number of
parties sharing it: two parties on one phone are strongly linked, the thousands
of buyers of a forwarder's depot address are not linked at all (followthemoney's
idea of value specificity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphintel import schema
from graphintel.analytics.partygraph import PartyGraph
from graphintel.frames import distinct_integers, isin, positions, replace_values
from graphintel.store.base import GraphStore

DEFAULT_HUB_LIMIT = 50
CONTACT_KINDS = tuple(kind.column for kind in schema.IDENTIFIERS)  # identifiers parties hold and share


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
    frame = links[["party", "identifier"]].dropna()
    ident, identifiers = pd.factorize(frame["identifier"])
    party, parties = pd.factorize(frame["party"])
    _, _, counts = _held(ident, party, len(identifiers), len(parties))
    sharers = pd.Series(counts, index=pd.Index(identifiers, name="identifier"))
    weight = pd.Series(_specificity(sharers.to_numpy(), hub_limit), index=sharers.index)
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
    sharers = identifier_specificity(links, hub_limit).attrs["sharers"]
    hub_ids = sharers.index[sharers.to_numpy() > hub_limit]
    if not len(hub_ids):
        return links
    values = links.drop_duplicates("identifier").set_index("identifier")[["kind", "value"]]
    hubs = values[isin(values.index, hub_ids)]
    near = sharers.index[(sharers.to_numpy() >= min_sharers) & (sharers.to_numpy() <= hub_limit)]
    candidates = values[isin(values.index, near)]
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
    merged = links.assign(identifier=replace_values(links["identifier"], replace))
    merged.attrs["replaced"] = replace
    return merged


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text or "")


def party_graph(
    data: ProjectionData,
    hub_limit: int = DEFAULT_HUB_LIMIT,
    trade_weight: float = 0.5,
    hubs: pd.Index | None = None,
) -> PartyGraph:
    """Weighted, undirected party graph.

    Edges carry ``weight`` (trade plus identifier links), ``parcels`` (consignments
    between a seller and a buyer), ``shared`` (addresses, phones and e-mails in
    common) and ``co_declared`` (declarants in common, a weaker tie). Nodes are
    numbered in key order and edges sorted, whatever order the store returned rows in,
    so every weight is the same to the last bit on either store.

    Parameters
    ----------
    data: the consignments, parties and identifier links.
    hub_limit: identifiers shared by more parties than this add no edge.
    trade_weight: weight of a seller-buyer edge per log-parcel, damped by the
        seller's number of buyers so a marketplace seller does not glue the graph.
    hubs: when given, the contact identifiers known to be hubs (``model.indicators.find_hubs``, which
        looks at who supplies them, not only how many share them): these add no edge, and any other
        address, phone or e-mail links its sharers up to four times ``hub_limit`` (a ring of 80 on one
        address stays one ring). Declarants keep the plain ``hub_limit``.
    """
    parties = data.parties.sort_values("key", kind="stable").drop_duplicates("key", keep="last")
    trade = data.consignments[["seller_key", "buyer_key"]].dropna()
    trade = trade[(trade["seller_key"] != "") & (trade["buyer_key"] != "")]
    links = data.links[["party", "identifier", "kind"]].dropna(subset=["party", "identifier"])
    names = pd.Index(parties["key"].to_numpy(dtype=object), dtype=object)  # Python strings look up fastest
    endpoints = [trade["seller_key"], trade["buyer_key"], links["party"]]
    found = [positions(e, names) for e in endpoints]
    known_only = True  # every node is a party row (then row i of ``parties`` is node i)
    if any((p < 0).any() for p in found):  # a party only the edges name: a node all the same
        known_only = False
        missing = pd.unique(
            np.concatenate([e.to_numpy(dtype=object)[p < 0] for e, p in zip(endpoints, found, strict=True)])
        )
        names = pd.Index(np.sort(np.concatenate([names.to_numpy(), missing]).astype(object)), dtype=object)
        found = [positions(e, names) for e in endpoints]
    n = max(len(names), 1)
    seller, buyer, party = found
    ps, pb, parcels, trade_w = _trade_edges(seller, buyer, n, trade_weight)
    a, b, contact, tie_w = _tie_edges(links, party, n, hub_limit, hubs)
    # A seller-buyer pair that also shares an identifier is one edge with both.
    u = np.concatenate([np.minimum(ps, pb), a])
    v = np.concatenate([np.maximum(ps, pb), b])
    columns = {
        "weight": np.concatenate([trade_w, tie_w]),
        "parcels": np.concatenate([parcels, np.zeros(len(a), dtype=np.int64)]),
        "shared": np.concatenate([np.zeros(len(ps), dtype=np.int64), contact.astype(np.int64)]),
        "co_declared": np.concatenate([np.zeros(len(ps), dtype=np.int64), (~contact).astype(np.int64)]),
    }
    order = np.lexsort((v, u))  # stable: trade before ties, ties in their fixed order
    edge = u[order] * n + v[order]
    starts = np.flatnonzero(np.r_[True, edge[1:] != edge[:-1]]) if len(edge) else np.zeros(0, dtype=np.int64)
    sums = {name: np.add.reduceat(col[order], starts) if len(edge) else col[:0] for name, col in columns.items()}
    rows = np.arange(len(names)) if known_only else names.get_indexer(parties["key"].to_numpy(dtype=object))
    node_data = {}
    for column in ("label", "party_id"):
        values = np.full(len(names), None, dtype=object)
        if column in parties:
            values[rows] = parties[column].to_numpy(dtype=object)
        node_data[column] = values
    graph = PartyGraph(names.to_numpy(), edge[starts] // n, edge[starts] % n, sums, node_data)
    graph.basis = {
        "hub_limit": hub_limit,
        "contact_limit": 4 * hub_limit if hubs is not None else hub_limit,
        "trade_weight": trade_weight,
        "hubs": [] if hubs is None else [str(h) for h in hubs],
        "replaced": dict(data.links.attrs.get("replaced", {})),
    }
    return graph


def _trade_edges(seller: np.ndarray, buyer: np.ndarray, n: int, trade_weight: float):
    """Seller-buyer trade: one edge per pair, heavier with more parcels, damped by the seller's buyers."""
    pair, parcels = np.unique(seller * n + buyer, return_counts=True)
    ps, pb = pair // n, pair % n
    buyers_per_seller = np.bincount(ps, minlength=n)
    damp = 1.0 / np.log2(1 + buyers_per_seller[ps].astype(float))
    return ps, pb, parcels, trade_weight * (1 + np.log2(parcels.astype(float))) * damp


def _tie_edges(links: pd.DataFrame, party: np.ndarray, n: int, hub_limit: int, hubs: pd.Index | None):
    """Parties sharing an identifier, all pairs at once (identifiers above the hub limit weigh nothing):
    the pairs' two ends, whether the identifier is a contact, and each tie's weight."""
    # Identifiers numbered by first appearance: the links come sorted by party and identifier from any store.
    ident, identifiers = pd.factorize(links["identifier"])
    contact_of = np.zeros(len(identifiers), dtype=bool)
    first = np.unique(ident, return_index=True)[1]
    contact_of[ident[first]] = np.isin(links["kind"].iloc[first].to_numpy(dtype=object).astype(str), CONTACT_KINDS)
    held_ident, held_party, sharers = _held(ident, party, len(identifiers), n)
    useful = _specificity(sharers, hub_limit)
    if hubs is not None:  # contacts judged by who supplies them; a shared broker still by its count alone
        wide = np.where(contact_of, _specificity(sharers, 4 * hub_limit), useful)
        useful = np.where(isin(pd.Series(identifiers, dtype=object), hubs), 0.0, wide)
    keep = useful[held_ident] > 0
    members = pd.DataFrame({"i": held_ident[keep], "p": held_party[keep]})
    both = members.merge(members, on="i", suffixes=("_a", "_b"))
    both = both[both["p_a"].to_numpy() < both["p_b"].to_numpy()]
    i, a, b = both["i"].to_numpy(), both["p_a"].to_numpy(), both["p_b"].to_numpy()
    order = np.lexsort((i, b, a))  # sums in a fixed order: party a, party b, identifier
    i, a, b = i[order], a[order], b[order]
    contact = contact_of[i]
    # A shared broker is a weaker tie than a shared phone, e-mail or address.
    return a, b, contact, useful[i] * np.where(contact, 1.0, 0.3)


def _held(ident: np.ndarray, party: np.ndarray, identifiers: int, parties: int):
    """Each (identifier, party) pair once, sorted (as two code arrays), and each identifier's number of parties."""
    n = max(parties, 1)
    held = distinct_integers(ident.astype(np.int64) * n + party)
    held_ident = held // n
    return held_ident, held % n, np.bincount(held_ident, minlength=identifiers)


def _specificity(sharers: np.ndarray, hub_limit: int) -> np.ndarray:
    """1 for two parties, 1/log2(k) for k, 0 for one party or more than ``hub_limit``."""
    out = np.zeros(len(sharers))
    ok = (sharers >= 2) & (sharers <= hub_limit)
    out[ok] = 1.0 / np.log2(sharers[ok].astype(float))
    return out


def read_projection(store: GraphStore) -> ProjectionData:
    """Read the consignments, parties and identifier links the projection needs from any GraphStore."""
    consignments = store.named("projection_consignments", bulk=True)
    for column in ("quantity", "gross_weight_kg", "declared_value", "revenue_recovered"):
        consignments[column] = pd.to_numeric(consignments[column], errors="coerce")
    consignments["declaration_date"] = pd.to_datetime(consignments["declaration_date"], errors="coerce")
    for column in ("seller_key", "buyer_key"):
        consignments[column] = consignments[column].where(consignments[column].astype(str) != "", None)
    party_frame = store.named("projection_parties", bulk=True)
    rank = party_frame["label"].map({label: i for i, label in enumerate(schema.PARTY_LABELS)})
    party_frame = party_frame.assign(_rank=rank).sort_values(["_rank", "key"], ignore_index=True)
    party_frame = party_frame.drop(columns="_rank")[["key", "party_id", "name", "name_norm", "country", "label"]]
    links = [store.named("projection_links", bulk=True)[["party", "identifier", "value", "kind"]]]
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


def fold_entities(data: ProjectionData, entities: pd.DataFrame) -> tuple[ProjectionData, dict[str, str]]:
    """Each resolved entity's spellings as one node (``graphintel.entities``): a shell seller's variants count
    as one seller, a mule address's and a depot's as one address.

    ``entities`` holds ``key`` and ``entity_id`` per node (``entity_ids`` query). Every spelling is replaced
    by its entity's representative (its smallest key) in the consignments, the parties and the links; the
    parties gain ``spellings`` (how many nodes the entity has). Returns the folded data and the mapping of
    each folded spelling to its representative (the scores are written back to every spelling)."""
    held = entities.dropna(subset=["entity_id"])
    held = held[held["key"].isin(data.parties["key"]) | held["key"].str.startswith(_ADDRESS_PREFIX)]
    if held.empty:
        return data, {}
    representative = held.groupby("entity_id")["key"].transform("min")
    folded = {k: r for k, r in zip(held["key"], representative, strict=True) if k != r}
    spellings = representative.value_counts()
    if not folded:
        return data, {}
    c = data.consignments.copy()
    for column in ("seller_key", "buyer_key", "delivery_address_key"):
        c[column] = replace_values(c[column], folded).where(c[column].notna(), None)
    links = data.links.assign(
        party=replace_values(data.links["party"], folded), identifier=replace_values(data.links["identifier"], folded)
    )
    links = links.drop_duplicates(["party", "identifier"]).sort_values(["party", "identifier"], ignore_index=True)
    parties = data.parties[~data.parties["key"].isin(list(folded))].reset_index(drop=True)
    parties = parties.assign(spellings=parties["key"].map(spellings).fillna(1).astype(int).to_numpy())
    return ProjectionData(c, parties, links), folded


_ADDRESS_PREFIX = next(kind.prefix for kind in schema.IDENTIFIERS if kind.label == schema.ADDRESS)
