"""The GraphIntel domain, declared once.

Canonical input columns, node labels, relationship types and their properties
live here and nowhere else: the loader, both stores, the generator and the
exports read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["string", "date", "float", "int", "country", "flag"]


@dataclass(frozen=True)
class Column:
    """One canonical input column."""

    name: str
    group: str
    type: ColumnType = "string"
    required: bool = False
    description: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("consignment_id", "identity", required=True, description="unique id of the parcel or declaration line"),
    Column("declaration_date", "identity", "date", required=True, description="ISO date of the declaration"),
    Column("transport_doc", "identity", description="air waybill or postal item id"),
    Column("seller_id", "seller"),
    Column("seller_name", "seller"),
    Column("seller_address", "seller"),
    Column("seller_country", "seller", "country"),
    Column("seller_email", "seller"),
    Column("seller_phone", "seller"),
    Column("buyer_id", "buyer"),
    Column("buyer_name", "buyer"),
    Column("buyer_address", "buyer"),
    Column("buyer_country", "buyer", "country"),
    Column("buyer_email", "buyer"),
    Column("buyer_phone", "buyer"),
    Column("declarant_id", "actors", description="customs broker"),
    Column("carrier_id", "actors", description="postal operator or courier"),
    Column("platform", "actors", description="marketplace"),
    Column("hs_code", "goods"),
    Column("description", "goods"),
    Column("quantity", "goods", "float"),
    Column("gross_weight_kg", "goods", "float"),
    Column("declared_value", "goods", "float"),
    Column("currency", "goods"),
    Column("origin_country", "route", "country"),
    Column("departure_country", "route", "country"),
    Column("destination_country", "route", "country"),
    Column("transport_mode", "route"),
    Column("channel", "route", description="postal, express or cargo"),
    Column("inspected", "outcome", "flag"),
    Column("fraud", "outcome", "flag"),
    Column("revenue_recovered", "outcome", "float"),
)

COLUMN_BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
CANONICAL_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
NON_NEGATIVE_COLUMNS: tuple[str, ...] = ("quantity", "gross_weight_kg", "declared_value", "revenue_recovered")

# Node labels.
CONSIGNMENT = "Consignment"
SELLER = "Seller"
BUYER = "Buyer"
ADDRESS = "Address"
PHONE = "Phone"
EMAIL = "Email"
DECLARANT = "Declarant"
CARRIER = "Carrier"
PLATFORM = "Platform"
LEAD = "Lead"
RUN = "Run"
DECISION = "Decision"  # an analyst's decision on a lead: who, when, which status, why
ENTITY_DECISION = "EntityDecision"  # an analyst's merge or split of two spellings: who, when, why
CASE_NOTE = "CaseNote"  # a note in a lead's case notebook: who, when, what

PARTY_LABELS: tuple[str, ...] = (SELLER, BUYER)
IDENTIFIER_LABELS: tuple[str, ...] = (ADDRESS, PHONE, EMAIL)
ACTOR_LABELS: tuple[str, ...] = (DECLARANT, CARRIER, PLATFORM)


@dataclass(frozen=True)
class Display:
    """How drawings show a node label or a relationship: the dashboard's interactive graph and the pictures of
    reports. ``name`` is the kind the drawing writes on a node or link and keys its style on; ``legend`` the
    word a reader sees; ``colour`` and ``icon`` (a Material icon name) its style; ``caption`` the data field
    written on it."""

    name: str
    legend: str
    colour: str
    icon: str = ""
    caption: str = ""


@dataclass(frozen=True)
class NodeType:
    """A node label, its key property, its other properties (name -> type) and how drawings show it."""

    label: str
    properties: dict[str, str] = field(default_factory=dict)
    key: str = "key"
    display: Display | None = None  # None: not drawn


# Property types use the embedded store's names (STRING, DOUBLE, INT64, DATE);
# the Neo4j store is schemaless and needs only the key.
_CONSIGNMENT_PROPS = {
    "consignment_id": "STRING",
    "declaration_date": "DATE",
    "transport_doc": "STRING",
    "seller_key": "STRING",
    "buyer_key": "STRING",
    "delivery_address_key": "STRING",
    "declarant_id": "STRING",
    "carrier_id": "STRING",
    "platform": "STRING",
    "hs_code": "STRING",
    "hs_chapter": "STRING",
    "description": "STRING",
    "quantity": "DOUBLE",
    "gross_weight_kg": "DOUBLE",
    "declared_value": "DOUBLE",
    "currency": "STRING",
    "origin_country": "STRING",
    "departure_country": "STRING",
    "destination_country": "STRING",
    "seller_country": "STRING",
    "buyer_country": "STRING",
    "transport_mode": "STRING",
    "channel": "STRING",
    "inspected": "INT64",
    "fraud": "INT64",
    "revenue_recovered": "DOUBLE",
    "extra": "STRING",  # JSON object of the source's non-canonical columns
    "quality": "STRING",  # data-quality flags: values kept as unknown (e.g. "origin_country 'ZZ' unknown")
    "source_file": "STRING",
    "source_line": "INT64",
    "content_hash": "STRING",  # digest of the row's content: a later row with the same id must match it
    "score": "DOUBLE",
    "reasons": "STRING",
    "run_id": "STRING",  # no longer written (the latest Run scored every node); kept so older stores load
}
_ENTITY_PROPS = {
    "entity_id": "STRING",  # the entity this node's spelling belongs to (graphintel.entities)
    "entity_score": "DOUBLE",  # how sure its membership is (0 to 1)
    "entity_variants": "INT64",  # spellings in the entity
    "entity_name": "STRING",  # the entity's canonical form
}
_PARTY_PROPS = {
    "party_id": "STRING",  # the id the source gave, or a derived one
    "name": "STRING",
    "name_norm": "STRING",
    "country": "STRING",
    "score": "DOUBLE",
    "reasons": "STRING",
    "cluster_id": "STRING",
    "run_id": "STRING",  # no longer written (the latest Run scored every node); kept so older stores load
    **_ENTITY_PROPS,
}
_IDENTIFIER_PROPS = {
    "value": "STRING",  # the normalised value (what identifiers meet on)
    # as written in the source, for people to read (addresses: "150 S Ln, Manchester" for "150 s ln manchester"):
    # the most common spelling in the load that first held the node; none for phones and e-mails
    "display": "STRING",
    "country": "STRING",
    **_ENTITY_PROPS,
}
_ACTOR_PROPS = {"name": "STRING"}
_LEAD_PROPS = {
    "lead_id": "STRING",
    "run_id": "STRING",
    "rank": "INT64",
    "score": "DOUBLE",
    "scheme": "STRING",
    "reasons": "STRING",  # the reasons as shown, one line after another
    "reason_lines": "STRING",  # the same reasons as a JSON list of lines (what exports and pages read)
    "members": "STRING",  # JSON list of party ids
    "consignments": "INT64",
    "total_value": "DOUBLE",
    "countries": "STRING",
    "status": "STRING",
    "note": "STRING",
    "decided_by": "STRING",
    "decided_at": "STRING",
}
_RUN_PROPS = {
    "run_id": "STRING",
    "started_at": "STRING",
    "finished_at": "STRING",
    "model": "STRING",
    "parameters": "STRING",
    "summary": "STRING",
    "folder": "STRING",
}

_DECISION_PROPS = {
    "lead_id": "STRING",
    "run_id": "STRING",
    "status": "STRING",
    "note": "STRING",
    "analyst": "STRING",
    "decided_at": "STRING",  # ISO 8601, UTC
    "members": "STRING",  # JSON list of the lead's party keys when decided
}

_CASE_NOTE_PROPS = {
    "lead_id": "STRING",  # the lead the note was written on
    "run_id": "STRING",
    "analyst": "STRING",  # the logged-in user who wrote it
    "written_at": "STRING",  # ISO 8601, UTC
    "text": "STRING",
    "members": "STRING",  # JSON list of the lead's party keys when written (carries the note to later runs)
}

NODE_TYPES: dict[str, NodeType] = {
    CONSIGNMENT: NodeType(CONSIGNMENT, _CONSIGNMENT_PROPS),
    SELLER: NodeType(SELLER, _PARTY_PROPS, display=Display("SELLER", "seller", "#d9534f", "store", "name")),
    BUYER: NodeType(BUYER, _PARTY_PROPS, display=Display("BUYER", "buyer", "#2a6fdb", "person", "name")),
    ADDRESS: NodeType(ADDRESS, _IDENTIFIER_PROPS, display=Display("ADDRESS", "address", "#6c757d", "home", "name")),
    PHONE: NodeType(PHONE, _IDENTIFIER_PROPS, display=Display("PHONE", "phone", "#f0ad4e", "phone", "name")),
    EMAIL: NodeType(EMAIL, _IDENTIFIER_PROPS, display=Display("EMAIL", "e-mail", "#5cb85c", "email", "name")),
    DECLARANT: NodeType(DECLARANT, _ACTOR_PROPS),
    CARRIER: NodeType(CARRIER, _ACTOR_PROPS),
    PLATFORM: NodeType(PLATFORM, _ACTOR_PROPS),
    LEAD: NodeType(LEAD, _LEAD_PROPS),
    RUN: NodeType(RUN, _RUN_PROPS),
    DECISION: NodeType(DECISION, _DECISION_PROPS),
    ENTITY_DECISION: NodeType(
        ENTITY_DECISION,
        {"kind": "STRING", "label": "STRING", "left": "STRING", "right": "STRING", "analyst": "STRING",
         "note": "STRING", "decided_at": "STRING"},
    ),  # fmt: skip
    CASE_NOTE: NodeType(CASE_NOTE, _CASE_NOTE_PROPS),
}


@dataclass(frozen=True)
class RelType:
    """A relationship type, the (from, to) label pairs it joins and how drawings show it."""

    type: str
    pairs: tuple[tuple[str, str], ...]
    display: Display | None = None  # None: not drawn
    properties: tuple[tuple[str, str], ...] = ()  # (name, type) of the edge's own properties


SHIPPED = "SHIPPED"
CONSIGNED_TO = "CONSIGNED_TO"
LOCATED_AT = "LOCATED_AT"
DELIVERED_TO = "DELIVERED_TO"
HAS_PHONE = "HAS_PHONE"
HAS_EMAIL = "HAS_EMAIL"
DECLARED_BY = "DECLARED_BY"
CARRIED_BY = "CARRIED_BY"
LISTED_ON = "LISTED_ON"
INVOLVES = "INVOLVES"  # (Lead)-[:INVOLVES]->(Seller|Buyer)
PRODUCED = "PRODUCED"  # (Run)-[:PRODUCED]->(Lead)
EVIDENCED_BY = "EVIDENCED_BY"  # (Lead)-[:EVIDENCED_BY]->(Consignment): the parcels a lead rests on
SAME_AS = "SAME_AS"  # two spellings of one entity, with the match score and the evidence that agreed
ENTITY_LABELS: tuple[str, ...] = (SELLER, BUYER, ADDRESS)  # what entity resolution groups

REL_TYPES: dict[str, RelType] = {
    # Drawings leave consignments out: a seller's SHIPPED and the consignments' CONSIGNED_TO to one buyer are
    # drawn as one seller -> buyer link, its width growing with the parcels.
    SHIPPED: RelType(SHIPPED, ((SELLER, CONSIGNMENT),), Display("SHIPPED_TO", "parcels", "#8a6d3b", caption="parcels")),
    CONSIGNED_TO: RelType(CONSIGNED_TO, ((CONSIGNMENT, BUYER),)),
    LOCATED_AT: RelType(
        LOCATED_AT, ((SELLER, ADDRESS), (BUYER, ADDRESS)), Display("HAS_ADDRESS", "shares address", "#adb5bd")
    ),
    DELIVERED_TO: RelType(DELIVERED_TO, ((CONSIGNMENT, ADDRESS),)),
    HAS_PHONE: RelType(HAS_PHONE, ((SELLER, PHONE), (BUYER, PHONE)), Display("HAS_PHONE", "shares phone", "#f0c27b")),
    HAS_EMAIL: RelType(HAS_EMAIL, ((SELLER, EMAIL), (BUYER, EMAIL)), Display("HAS_EMAIL", "shares email", "#9fd49f")),
    DECLARED_BY: RelType(DECLARED_BY, ((CONSIGNMENT, DECLARANT),)),
    CARRIED_BY: RelType(CARRIED_BY, ((CONSIGNMENT, CARRIER),)),
    LISTED_ON: RelType(LISTED_ON, ((CONSIGNMENT, PLATFORM),)),
    INVOLVES: RelType(INVOLVES, ((LEAD, SELLER), (LEAD, BUYER))),
    PRODUCED: RelType(PRODUCED, ((RUN, LEAD),)),
    EVIDENCED_BY: RelType(EVIDENCED_BY, ((LEAD, CONSIGNMENT),)),
    SAME_AS: RelType(
        SAME_AS,
        tuple((label, label) for label in ENTITY_LABELS),
        properties=(("score", "DOUBLE"), ("evidence", "STRING")),
    ),
}


@dataclass(frozen=True)
class IdentifierKind:
    """A kind of identifier that parties hold and that can tie them, declared once for every layer: ingest
    reads the party columns ``seller_<column>`` and ``buyer_<column>``, normalises them with the
    normaliser of that name (``ingest.normalise.IDENTIFIER_NORMALISERS``), keys the node ``<prefix><value>``
    and links it with ``relationship``; projection, search, neighbourhoods and pictures walk this table."""

    column: str  # the input columns' suffix, and the kind's name in projections ("address")
    label: str  # node label
    relationship: str  # (party)-[relationship]->(identifier)
    prefix: str  # node key prefix
    display: str  # how analysts read it


IDENTIFIERS: tuple[IdentifierKind, ...] = (
    IdentifierKind("address", ADDRESS, LOCATED_AT, "addr:", "address"),
    IdentifierKind("phone", PHONE, HAS_PHONE, "phone:", "phone"),
    IdentifierKind("email", EMAIL, HAS_EMAIL, "email:", "e-mail"),
)


def add_identifier(kind: IdentifierKind, display: Display | None = None) -> None:
    """Declare a new kind of identifier parties hold (a bank account, a device id): its input columns
    ``seller_<column>`` and ``buyer_<column>``, its node label and its relationship. Call it before the rest
    of GraphIntel is imported (modules take the vocabulary when they load), and register the kind's
    normaliser in ``ingest.normalise.IDENTIFIER_NORMALISERS``. Ingest, the stores' schemas, the projection,
    the indicators' contact ties, the neighbour index and search then carry the new kind."""
    global COLUMNS, COLUMN_BY_NAME, CANONICAL_COLUMNS, IDENTIFIERS, IDENTIFIER_LABELS, DATA_REL_TYPES, DATA_NODE_LABELS
    COLUMNS = (*COLUMNS, Column(f"seller_{kind.column}", "seller"), Column(f"buyer_{kind.column}", "buyer"))
    COLUMN_BY_NAME = {c.name: c for c in COLUMNS}
    CANONICAL_COLUMNS = tuple(c.name for c in COLUMNS)
    IDENTIFIERS = (*IDENTIFIERS, kind)
    IDENTIFIER_LABELS = (*IDENTIFIER_LABELS, kind.label)
    NODE_TYPES[kind.label] = NodeType(kind.label, dict(_IDENTIFIER_PROPS), display=display)
    REL_TYPES[kind.relationship] = RelType(kind.relationship, tuple((party, kind.label) for party in PARTY_LABELS))
    DATA_REL_TYPES = (*DATA_REL_TYPES, kind.relationship)
    DATA_NODE_LABELS = (*DATA_NODE_LABELS, kind.label)


# Party keys: ``seller:<id>`` / ``buyer:<id>`` from a source id, ``seller~<name>~<country>`` without one.
PARTY_KEY_PREFIXES: dict[str, str] = {"seller": SELLER, "buyer": BUYER}


def label_of_key(key: str) -> str | None:
    """The node label a key names by its prefix (``"seller:S1"`` -> Seller, ``"addr:…"`` -> Address), or None."""
    for role, label in PARTY_KEY_PREFIXES.items():
        if key.startswith(role):
            return label
    return next((kind.label for kind in IDENTIFIERS if key.startswith(kind.prefix)), None)


# What drawings call nodes and links, derived from the displays above.
NODE_DISPLAYS: dict[str, Display] = {t.display.name: t.display for t in NODE_TYPES.values() if t.display}
LINK_DISPLAYS: dict[str, Display] = {r.display.name: r.display for r in REL_TYPES.values() if r.display}
PARTY_KINDS: tuple[str, ...] = tuple(NODE_TYPES[label].display.name for label in PARTY_LABELS)
IDENTIFIER_KINDS: tuple[str, ...] = tuple(NODE_TYPES[label].display.name for label in IDENTIFIER_LABELS)
SELLER_KIND: str = NODE_TYPES[SELLER].display.name
BUYER_KIND: str = NODE_TYPES[BUYER].display.name
TRADE_LINK: str = REL_TYPES[SHIPPED].display.name
# identifier kind -> the link that ties a party to it ("ADDRESS" -> "HAS_ADDRESS")
TIE_LINKS: dict[str, str] = {
    NODE_TYPES[r.pairs[0][1]].display.name: r.display.name
    for r in REL_TYPES.values()
    if r.display and r.pairs[0][1] in IDENTIFIER_LABELS
}

# Edges loaded from consignment data (the rest are written by scoring).
DATA_REL_TYPES: tuple[str, ...] = (
    SHIPPED,
    CONSIGNED_TO,
    LOCATED_AT,
    DELIVERED_TO,
    HAS_PHONE,
    HAS_EMAIL,
    DECLARED_BY,
    CARRIED_BY,
    LISTED_ON,
)
DATA_NODE_LABELS: tuple[str, ...] = (
    CONSIGNMENT,
    SELLER,
    BUYER,
    ADDRESS,
    PHONE,
    EMAIL,
    DECLARANT,
    CARRIER,
    PLATFORM,
)

LEAD_STATUSES: tuple[str, ...] = ("new", "in_review", "confirmed", "dismissed")
DECISION_STATUSES: tuple[str, ...] = ("in_review", "confirmed", "dismissed")  # what an analyst can set

# Ground truth file written by the generator and read by `evaluate`.
GROUND_TRUTH_COLUMNS: tuple[str, ...] = ("ring_id", "typology", "member_party_ids", "consignment_ids")


@dataclass(frozen=True)
class Scheme:
    """A typology GraphIntel detects (``docs/typologies.md``), declared once: the indicators, the lead
    builder, the reasons, the features and the evaluation read this table."""

    id: str  # the name in ground truth, features (``ind_<id>``), reason records and lead files
    label: str  # how analysts read it
    priority: float  # weight when a lead is named after its strongest scheme
    # A flagged consignment's reason; fields: declared, currency, limit, ratio, points, and origin (the claim
    # checked: "origin AE", or "departure KH, no origin" where no origin is declared).
    parcel_reason: str


SCHEME_TABLE: tuple[Scheme, ...] = (
    Scheme(
        "splitting",
        "splitting below de minimis",
        1.0,
        "value {declared:,.2f} {currency} just under the {limit:,.0f} {currency} de minimis threshold, "
        "to a splitting consignee",
    ),
    Scheme(
        "undervaluation",
        "undervaluation",
        1.0,
        "unit value {ratio:.0%} of the HS peer median, from an undervaluing seller",
    ),
    # Network-only schemes (shared identifiers) name a lead only when no typology of goods, value or route does.
    Scheme("shell_sellers", "shell sellers", 0.8, "seller shares identifiers with other sellers"),
    Scheme("mule_buyers", "mule consignees", 0.9, "buyer shares an address or phone with many other buyers"),
    Scheme(
        "origin_laundering",
        "origin laundering",
        1.0,
        "declared {origin}, but the seller's evidence points to {points}",
    ),
    Scheme("burst", "burst of new sellers", 1.0, "from a newly appeared high-volume seller"),
)
SCHEMES: tuple[str, ...] = tuple(s.id for s in SCHEME_TABLE)
SCHEME_LABELS: dict[str, str] = {s.id: s.label for s in SCHEME_TABLE}
SCHEME_BY_ID: dict[str, Scheme] = {s.id: s for s in SCHEME_TABLE}
LEGITIMATE = "legitimate"
LONE_FRAUD = "lone_fraud"  # one-off frauds of the generator: in the truth, not a ring to find


REASON_SEPARATOR = " | "  # between the lines of a reason text written as one cell


def join_reasons(lines: list[str]) -> str:
    """Reason lines as one text (a CSV cell, a node property shown as is)."""
    return REASON_SEPARATOR.join(line for line in lines if line)


def split_reasons(text: object) -> list[str]:
    """A reason text back into lines: for stores written before leads kept their lines (``reason_lines``)."""
    if not isinstance(text, str):
        return []
    return [line.strip() for line in text.split(REASON_SEPARATOR) if line.strip()]
