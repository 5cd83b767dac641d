"""A small "public customs declarations extract", shaped like the import-declaration data the DATE
paper (KDD 2020) worked on: declaration rows with importer, declarant, seller and courier ids, an HS
code, origin and departure, a declared value in KRW millions, net mass (sometimes zero), text codes
(process type, import type, tax type, origin indicator), numeric extras (office id, tax rate), no
quantity and no address; every row inspected, about a fifth of them frauds with the revenue recovered.

The frauds follow the importer, declarant, HS6 code, origin, tax type and a low unit price, as real
profiles do: what a DATE-style model (profiles + trees) should find, and what a model that ignores
text columns or fraud-rate profiles misses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

MAPPING = """\
[columns]
"Declaration ID" = "consignment_id"
"Date" = "declaration_date"
"Importer ID" = "buyer_id"
"Declarant ID" = "declarant_id"
"Seller ID" = "seller_id"
"Courier ID" = "carrier_id"
"HS10 Code" = "hs_code"
"Country of Origin" = "origin_country"
"Country of Departure" = "departure_country"
"Mode of Transport" = "transport_mode"
"Net Mass" = "gross_weight_kg"
"Item Price" = "declared_value"
"Inspected" = "inspected"
"Fraud" = "fraud"
"Revenue Recovered" = "revenue_recovered"

[defaults]
currency = "KRW"
destination_country = "KR"
"""
ORIGINS = ["CN", "US", "VN", "JP", "DE", "TH", "ID", "IN", "MY", "TW"]
TAX_TYPES = ["A", "B", "C", "FEU1", "FCN1", "D"]


def public_extract(
    rows: int = 2000, seed: int = 0, days: int = 120, unlabelled_days: int = 0, with_risk: bool = False
) -> pd.DataFrame:
    """The extract as a frame, in its own column names (see ``MAPPING``). The last ``unlabelled_days``
    days carry no outcome (declarations not yet inspected); ``with_risk`` adds each row's true fraud
    probability (``risk``: what no model can beat)."""
    rng = np.random.default_rng(seed)
    importers = [f"IMP{i:05d}" for i in range(max(20, rows // 8))]
    declarants = [f"DEC{i:03d}" for i in range(40)]
    sellers = [f"SEL{i:05d}" for i in range(max(20, rows // 5))]
    hs6 = [f"{rng.integers(100000, 970000):06d}" for _ in range(60)]
    importer = rng.choice(importers, rows, p=_zipf(len(importers), rng))
    declarant = rng.choice(declarants, rows, p=_zipf(len(declarants), rng))
    code = rng.choice(hs6, rows, p=_zipf(len(hs6), rng))
    origin = rng.choice(ORIGINS, rows, p=_zipf(len(ORIGINS), rng))
    tax = rng.choice(TAX_TYPES, rows)
    mass = np.round(rng.lognormal(2.0, 1.2, rows), 1)
    mass[rng.random(rows) < 0.05] = 0.0  # declared weights may be zero
    price = np.round(mass * rng.lognormal(-2.5, 0.6, rows) + rng.random(rows) * 0.05, 3)  # KRW millions
    risk = _risk(rng, rows, importer, importers, declarant, declarants, code, hs6, origin, tax, price, mass)
    fraud = (rng.random(rows) < risk).astype(int)
    start = dt.date(2025, 1, 1)
    day = np.sort(rng.integers(0, days, rows))
    frame = pd.DataFrame(
        {
            "Declaration ID": [f"{97000000 + i}" for i in range(rows)],
            "Date": [str(start + dt.timedelta(days=int(d))) for d in day],
            "Office ID": rng.choice([10, 20, 30, 40, 50], rows),
            "Process Type": rng.choice(["B", "C", "D"], rows),
            "Import Type": rng.choice(["11", "21", "29", "31"], rows).astype(str) + "X",
            "Import Use": rng.choice(["A", "B"], rows),
            "Payment Type": rng.choice(["11", "13", "43"], rows).astype(str) + "P",
            "Mode of Transport": rng.choice(["10", "40"], rows).astype(str) + "M",
            "Declarant ID": declarant,
            "Importer ID": importer,
            "Seller ID": rng.choice(sellers, rows),
            "Courier ID": rng.choice(["", "CR01", "CR02", "CR03"], rows),
            "HS10 Code": [f"{c}{rng.integers(0, 9999):04d}" for c in code],
            "Country of Departure": np.where(rng.random(rows) < 0.8, origin, "HK"),
            "Country of Origin": origin,
            "Tax Rate": rng.choice([0.0, 8.0, 13.0], rows),
            "Tax Type": tax,
            "Country of Origin Indicator": rng.choice(["G", "B", "E", "Y"], rows),
            "Net Mass": mass,
            "Item Price": price,
            "Inspected": 1,
            "Fraud": fraud,
            "Revenue Recovered": np.where(fraud == 1, np.round(price * rng.uniform(0.1, 0.6, rows), 4), 0.0),
        }
    )
    if with_risk:
        frame["risk"] = risk
    if unlabelled_days:
        later = day >= days - unlabelled_days
        frame["Inspected"] = frame["Inspected"].astype(object).where(~later, "")
        frame["Fraud"] = frame["Fraud"].astype(object).where(~later, "")
        frame["Revenue Recovered"] = frame["Revenue Recovered"].astype(object).where(~later, "")
    return frame


def write_extract(folder: Path, rows: int = 2000, seed: int = 0, unlabelled_days: int = 0) -> tuple[Path, Path]:
    """``declarations.csv`` and its ``mapping.toml`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    data, mapping = folder / "declarations.csv", folder / "mapping.toml"
    public_extract(rows, seed, unlabelled_days=unlabelled_days).to_csv(data, index=False)
    mapping.write_text(MAPPING, encoding="utf-8")
    return data, mapping


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """The extract as the store gives it to the model: canonical columns (ids as keys), the rest in
    ``extra`` as JSON, no quantity and no delivery address."""
    import json

    names = {line.split(" = ")[0].strip('"'): line.split(" = ")[1].strip('"') for line in MAPPING.splitlines()
             if " = " in line and not line.startswith(("currency", "destination"))}  # fmt: skip
    c = frame.rename(columns=names)
    extras = [column for column in frame.columns if column not in names]
    c["extra"] = [json.dumps({k: str(v) for k, v in row.items()}) for row in frame[extras].to_dict("records")]
    c = c.drop(columns=extras)
    c["key"] = "c:" + c["consignment_id"].astype(str)
    c["seller_key"] = "s:" + c["seller_id"].astype(str)
    c["buyer_key"] = "b:" + c["buyer_id"].astype(str)
    c["currency"], c["destination_country"] = "KRW", "KR"
    for column in ("quantity", "delivery_address_key", "channel", "platform", "seller_country"):
        c[column] = None
    return c


def _zipf(n: int, rng: np.random.Generator) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** 0.9
    rng.shuffle(weights)
    return weights / weights.sum()


def _risk(rng, rows, importer, importers, declarant, declarants, code, hs6, origin, tax, price, mass) -> np.ndarray:
    """Each row's fraud probability: risky importers, declarants, HS6 codes and origins, one tax type, and
    a low unit price; calibrated to about one fraud in five."""
    risky = {
        "importer": set(rng.choice(importers, len(importers) // 10, replace=False)),
        "declarant": set(rng.choice(declarants, 6, replace=False)),
        "hs6": set(rng.choice(hs6, 8, replace=False)),
    }
    logit = -2.4 + 3.2 * np.isin(importer, list(risky["importer"]))
    logit += 1.2 * np.isin(declarant, list(risky["declarant"]))
    logit += 1.0 * np.isin(code, list(risky["hs6"]))
    logit += 0.8 * np.isin(origin, ["VN", "TH"]) + 1.0 * (tax == "FEU1")
    unit = price / np.where(mass > 0, mass, np.nan)
    logit += np.where(np.nan_to_num(unit, nan=1.0) < 0.03, 0.8, 0.0)
    return 1 / (1 + np.exp(-logit))
