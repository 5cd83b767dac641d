"""Lead packages built in memory (no store) around values a hostile trader could declare."""

from __future__ import annotations

import pandas as pd

from graphintel.leads.package import LeadPackage

FORMULAS = [
    '=HYPERLINK("http://x","click")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "=cmd|' /C calc'!A0",
]
HTML = 'S000648 "><img src=x onerror=alert(1)>'
MARKDOWN = "![x](http://host/pixel.png) [open](javascript:alert(1))"


def package(
    name: str = "Eagle Trading",
    address: str = "295 Park Rd",
    description: str = "cotton t-shirts",
    value: float = 120.0,
    total_value: float | None = None,
    lead_id: str = "R1-L0001",
) -> LeadPackage:
    """One lead with a seller, a buyer (named ``name``), a shared address and two consignments."""
    leads = pd.DataFrame(
        {
            "lead_id": [lead_id],
            "rank": [1],
            "score": [0.91],
            "scheme": ["splitting"],
            "reasons": [f"split below de minimis by {name} | shares {address}"],
            "members": ["seller:S1,buyer:B1"],
            "consignments": [2],
            "total_value": [2 * value if total_value is None else total_value],
            "countries": ["CN"],
            "status": ["new"],
            "note": [None],
            "decided_by": [None],
            "decided_at": [None],
        }
    )
    members = pd.DataFrame(
        {
            "lead_id": [lead_id, lead_id],
            "label": ["Seller", "Buyer"],
            "party_id": ["S1", "B1"],
            "name": [f"Seller {name}", name],
            "country": ["CN", "GB"],
            "score": [0.9, 0.8],
            "reasons": [f"ships to {name}", "receives"],
        }
    )
    consignments = pd.DataFrame(
        {
            "lead_id": [lead_id, lead_id],
            "consignment_id": ["C1", "C2"],
            "declaration_date": ["2026-06-01", "2026-06-02"],
            "hs_code": ["610910", "610910"],
            "description": [description, description],
            "declared_value": [value, value],
            "currency": ["GBP", "GBP"],
            "gross_weight_kg": [0.5, 0.5],
            "origin_country": ["CN", "CN"],
            "departure_country": ["CN", "CN"],
            "destination_country": ["GB", "GB"],
            "channel": ["post", "post"],
            "score": [0.7, 0.6],
            "reasons": ["near the threshold", ""],
            "source_file": ["/data/day1.csv", "/data/day1.csv"],
            "source_line": [2, 3],
            "seller_id": ["S1", "S1"],
            "buyer_id": ["B1", "B1"],
        }
    )
    nodes = [
        {"id": "seller:S1", "label": "SELLER", "name": f"S1 Seller {name}", "party_id": "S1", "score": 0.9},
        {"id": "buyer:B1", "label": "BUYER", "name": f"B1 {name}", "party_id": "B1", "score": 0.8},
        {"id": f"addr:{address}", "label": "ADDRESS", "name": address},
    ]
    edges = [
        {"id": "t|seller:S1|buyer:B1", "source": "seller:S1", "target": "buyer:B1", "label": "SHIPPED_TO",
         "parcels": 2, "value": 2 * value, "width": 2.0},
        {"id": f"i|buyer:B1|addr:{address}", "source": "buyer:B1", "target": f"addr:{address}",
         "label": "HAS_ADDRESS"},
    ]  # fmt: skip
    return LeadPackage(
        run={"run_id": "R1", "started_at": "2026-06-03T00:00:00", "finished_at": "2026-06-03T00:01:00",
             "model": "test-model", "folder": ""},
        leads=leads,
        members=members,
        consignments=consignments,
        source={"store": "memory", "files": ["/data/day1.csv"]},
        networks={lead_id: {"nodes": nodes, "edges": edges}},
    )  # fmt: skip
