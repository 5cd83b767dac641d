"""Synthetic cross-border e-commerce consignments with planted schemes and ground truth.

The generator builds a population (sellers mostly abroad, consumer buyers in
the destination, platforms, carriers, declarants), draws ordinary parcels with
chapter-specific unit values, adds legitimate heavy hitters (a marketplace
seller, a forwarder's depot address, a corporate buyer) and plants rings of
each scheme in ``schema.SCHEMES``. Names, addresses, phones and e-mails come in
case, punctuation, spacing and spelling variants. Output is deterministic for a
given configuration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from graphintel.errors import InputError
from graphintel.schema import CANONICAL_COLUMNS, GROUND_TRUTH_COLUMNS, LEGITIMATE, LONE_FRAUD


@dataclass(frozen=True)
class GeneratorConfig:
    """What to generate."""

    consignments: int = 20_000
    seed: int = 7
    days: int = 90
    start_date: dt.date = dt.date(2026, 6, 1)
    destination_country: str = "GB"
    de_minimis_threshold: float | None = None  # None: the destination's own, from the shipped table
    currency: str = "GBP"
    rings_per_scheme: int = 3
    labelled_days: int = 0  # parcels declared in the first N days carry inspection outcomes
    inspection_rate: float = 0.05  # share of labelled parcels inspected
    detection_rate: float = 0.9  # share of inspected frauds an inspection finds
    lone_fraud_rate: float = 0.01  # ordinary parcels undervalued by a one-off fraudster

    @property
    def threshold(self) -> float:
        """The de minimis threshold the parcels are planted against, in ``currency``."""
        if self.de_minimis_threshold is not None:
            return self.de_minimis_threshold
        from graphintel import reference

        when = pd.Series([pd.Timestamp(self.start_date)])
        limits = reference.thresholds(pd.Series([self.destination_country]), pd.Series([self.currency]), when)
        duty, vat = float(limits["duty"].iloc[0]), float(limits["vat"].iloc[0])
        positive = [v for v in (duty, vat) if v == v and v > 0]
        return min(positive) if positive else 150.0


# HS code, description, median value per kg, log-spread.
HS_CODES = [
    ("610910", "cotton t-shirts", 28, 0.5),
    ("611020", "cotton jerseys", 32, 0.5),
    ("620342", "cotton trousers", 30, 0.5),
    ("620462", "women's trousers", 34, 0.5),
    ("640399", "leather footwear", 45, 0.5),
    ("640299", "rubber footwear", 22, 0.5),
    ("420221", "leather handbags", 90, 0.6),
    ("420292", "travel bags", 35, 0.5),
    ("851762", "network devices", 260, 0.6),
    ("851830", "headphones", 180, 0.6),
    ("850760", "lithium batteries", 70, 0.5),
    ("852352", "smart cards", 400, 0.7),
    ("847130", "laptops", 320, 0.5),
    ("854239", "integrated circuits", 900, 0.8),
    ("950300", "toys", 20, 0.5),
    ("950450", "video game consoles", 150, 0.5),
    ("330499", "cosmetics", 60, 0.6),
    ("330300", "perfumes", 110, 0.6),
    ("711719", "imitation jewellery", 120, 0.7),
    ("711319", "gold jewellery", 2500, 0.6),
    ("910219", "wrist watches", 350, 0.7),
    ("300490", "medicaments", 140, 0.7),
    ("392690", "plastic articles", 12, 0.5),
    ("490199", "printed books", 18, 0.4),
    ("847989", "machines", 60, 0.6),
    ("940540", "electric lamps", 25, 0.5),
    ("630790", "made-up textiles", 15, 0.5),
    ("621710", "clothing accessories", 40, 0.6),
    ("392410", "tableware of plastics", 10, 0.4),
    ("732393", "steel kitchenware", 14, 0.4),
]
SELLER_COUNTRIES = {
    "CN": 0.52,
    "HK": 0.08,
    "US": 0.08,
    "DE": 0.05,
    "TR": 0.04,
    "IN": 0.04,
    "VN": 0.04,
    "KR": 0.03,
    "JP": 0.03,
    "SG": 0.03,
    "FR": 0.03,
    "IT": 0.03,
}
CALLING = {
    "CN": "86",
    "HK": "852",
    "US": "1",
    "DE": "49",
    "TR": "90",
    "IN": "91",
    "VN": "84",
    "KR": "82",
    "JP": "81",
    "SG": "65",
    "FR": "33",
    "IT": "39",
    "GB": "44",
    "MY": "60",
    "TH": "66",
    "AE": "971",
}
CITIES = {
    "CN": ["Shenzhen", "Guangzhou", "Yiwu", "Shanghai", "Ningbo"],
    "HK": ["Kowloon", "Kwun Tong"],
    "US": ["Los Angeles", "New York", "Miami"],
    "DE": ["Berlin", "Hamburg"],
    "TR": ["Istanbul", "Izmir"],
    "IN": ["Mumbai", "Delhi"],
    "VN": ["Hanoi", "Ho Chi Minh City"],
    "KR": ["Seoul", "Busan"],
    "JP": ["Tokyo", "Osaka"],
    "SG": ["Singapore"],
    "FR": ["Paris", "Lyon"],
    "IT": ["Milan", "Prato"],
    "GB": ["London", "Manchester", "Leeds", "Birmingham", "Glasgow", "Bristol", "Liverpool", "Sheffield"],
    "MY": ["Kuala Lumpur", "Penang"],
    "TH": ["Bangkok"],
    "AE": ["Dubai"],
}
STREETS = [
    "High",
    "Station",
    "Church",
    "Park",
    "Victoria",
    "Green",
    "Manor",
    "Mill",
    "Kings",
    "Queens",
    "Baker",
    "Elm",
    "Oak",
    "Market",
    "North",
    "South",
    "West",
    "Bridge",
    "Chapel",
    "Castle",
    "Windsor",
    "Albert",
    "Grove",
    "New",
]
STREET_TYPES = ["Street", "Road", "Lane", "Avenue", "Close", "Drive"]
FIRST = [
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Susan",
    "Richard",
    "Jessica",
    "Joseph",
    "Sarah",
    "Thomas",
    "Karen",
    "Chris",
    "Lisa",
    "Daniel",
    "Nancy",
    "Matthew",
    "Amir",
    "Priya",
    "Wei",
    "Olu",
    "Fatima",
    "Sean",
    "Aisha",
    "Tom",
    "Emma",
    "Oliver",
    "Sophie",
    "Harry",
    "Chloe",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Khan",
    "Lewis",
    "Hughes",
    "Edwards",
    "Turner",
    "Hill",
    "Moore",
    "Ali",
    "Chen",
    "Singh",
    "Murphy",
    "Kelly",
    "Scott",
    "Young",
]
TRADE_WORDS = [
    "Bright",
    "Golden",
    "Star",
    "Happy",
    "Global",
    "Sun",
    "Dragon",
    "Lucky",
    "Ocean",
    "Smart",
    "Prime",
    "Royal",
    "Blue",
    "Top",
    "Fast",
    "Eagle",
    "Jade",
    "Pearl",
    "Rising",
    "Unity",
    "Harmony",
    "Silver",
    "Metro",
    "Vista",
]
TRADE_KINDS = [
    "Trading",
    "Technology",
    "E-Commerce",
    "Import Export",
    "Garments",
    "Electronics",
    "Supply",
    "Industrial",
]
COMPANY_FORMS = ["Co., Ltd.", "Limited", "LLC", "GmbH", "Inc.", "Co Ltd"]
PLATFORMS = {
    "ShopNow": 0.25,
    "MegaMart": 0.2,
    "BazaarOnline": 0.15,
    "QuickBuy": 0.12,
    "TrendBox": 0.1,
    "Craftly": 0.08,
    "": 0.1,
}
CARRIERS = [
    ("ROYALMAIL", "postal"),
    ("CHINAPOST", "postal"),
    ("USPS", "postal"),
    ("DEUTSCHEPOST", "postal"),
    ("DHL", "express"),
    ("FEDEX", "express"),
    ("UPS", "express"),
    ("SFEXPRESS", "express"),
    ("CAINIAO", "postal"),
    ("MAERSKCARGO", "cargo"),
]
CARRIER_WEIGHTS = [0.16, 0.22, 0.05, 0.04, 0.14, 0.08, 0.08, 0.1, 0.1, 0.03]


class _Builder:
    """Accumulates parties and parcels; draws are from one seeded generator."""

    def __init__(self, cfg: GeneratorConfig) -> None:
        self.cfg = cfg
        self.rng = np.random.default_rng(cfg.seed)
        self.sellers: list[dict] = []
        self.buyers: list[dict] = []
        self.parcels: list[pd.DataFrame] = []
        self.truth: list[dict] = []
        self.declarants = [f"BRK{n:03d}" for n in range(40)]
        self.declarant_weights = _zipf(len(self.declarants), 1.0, self.rng)

    # -- parties ------------------------------------------------------------
    def company_name(self) -> str:
        r = self.rng
        city = r.choice(sum(CITIES.values(), []))
        return f"{city} {r.choice(TRADE_WORDS)} {r.choice(TRADE_KINDS)} {r.choice(COMPANY_FORMS)}"

    def person_name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def address(self, country: str) -> str:
        r = self.rng
        city = r.choice(CITIES[country])
        prefix = f"Flat {r.integers(1, 40)}, " if r.random() < 0.25 else ""
        return f"{prefix}{r.integers(1, 300)} {r.choice(STREETS)} {r.choice(STREET_TYPES)}, {city}"

    def phone(self, country: str) -> str:
        digits = "".join(str(d) for d in self.rng.integers(0, 10, 9))
        lead = "7" if country == "GB" else "1"
        return f"+{CALLING[country]} {lead}{digits[:3]} {digits[3:]}"

    def email(self, name: str) -> str:
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:14]
        domain = self.rng.choice(["mail.com", "post.net", "inbox.org", "webmail.co", "fastmail.io"])
        return f"{slug}{self.rng.integers(1, 999)}@{domain}"

    def add_seller(self, country: str | None = None, **overrides) -> dict:
        r = self.rng
        country = country or r.choice(list(SELLER_COUNTRIES), p=list(SELLER_COUNTRIES.values()))
        name = self.company_name()
        seller = {
            "seller_id": f"S{len(self.sellers) + 1:06d}",
            "seller_name": name,
            "seller_country": country,
            "seller_address": self.address(country),
            "seller_phone": self.phone(country),
            "seller_email": self.email(name),
            "hs": list(r.choice(len(HS_CODES), size=r.integers(1, 4), replace=False)),
            "platform": r.choice(list(PLATFORMS), p=list(PLATFORMS.values())),
        }
        seller.update(overrides)
        self.sellers.append(seller)
        return seller

    def add_buyer(self, **overrides) -> dict:
        country = self.cfg.destination_country if self.cfg.destination_country in CITIES else "GB"
        name = self.person_name()
        buyer = {
            "buyer_id": f"B{len(self.buyers) + 1:06d}",
            "buyer_name": name,
            "buyer_country": self.cfg.destination_country,
            "buyer_address": self.address(country),
            "buyer_phone": self.phone(country),
            "buyer_email": self.email(name),
        }
        buyer.update(overrides)
        self.buyers.append(buyer)
        return buyer

    # -- parcels --------------------------------------------------------------
    def parcels_for(
        self,
        sellers: list[dict],
        buyers: list[dict],
        n: int,
        *,
        seller_p=None,
        buyer_p=None,
        value: np.ndarray | None = None,
        unit_value_factor: np.ndarray | float | None = None,
        day_range: tuple[int, int] | None = None,
        hs: list[int] | None = None,
        **fixed,
    ) -> pd.DataFrame:
        """n parcels from the given sellers to the given buyers (row-wise party fields, goods, route)."""
        r = self.rng
        cfg = self.cfg
        si = r.choice(len(sellers), size=n, p=seller_p)
        bi = r.choice(len(buyers), size=n, p=buyer_p)
        frame = pd.DataFrame([sellers[i] for i in si]).drop(columns=["hs", "platform"]).reset_index(drop=True)
        frame = frame.join(pd.DataFrame([buyers[i] for i in bi]).reset_index(drop=True))
        hs_index = np.array(
            [(hs[r.integers(len(hs))] if hs else sellers[i]["hs"][r.integers(len(sellers[i]["hs"]))]) for i in si]
        )
        code = np.array([HS_CODES[h][0] for h in hs_index])
        frame["hs_code"] = code
        frame["description"] = [HS_CODES[h][1] for h in hs_index]
        weight = np.round(np.clip(r.lognormal(np.log(0.6), 0.7, n), 0.05, 30), 3)
        median = np.array([HS_CODES[h][2] for h in hs_index], dtype=float)
        spread = np.array([HS_CODES[h][3] for h in hs_index])
        unit = median * np.exp(r.normal(0, spread))
        if unit_value_factor is not None:
            unit = unit * unit_value_factor
        declared = np.round(np.clip(unit * weight, 1.0, 5000.0), 2)
        if value is not None:
            declared = np.round(value, 2)
            weight = np.round(np.clip(declared / unit, 0.05, 30), 3)
        frame["declared_value"] = declared
        frame["gross_weight_kg"] = weight
        frame["quantity"] = 1 + r.poisson(0.8, n)
        lo, hi = day_range or (0, cfg.days)
        days = r.integers(lo, hi, n)
        frame["declaration_date"] = [str(cfg.start_date + dt.timedelta(days=int(d))) for d in days]
        carrier = r.choice(len(CARRIERS), size=n, p=CARRIER_WEIGHTS)
        frame["carrier_id"] = [CARRIERS[c][0] for c in carrier]
        frame["channel"] = [CARRIERS[c][1] for c in carrier]
        is_postal = frame["channel"].to_numpy() == "postal"
        declarant = r.choice(self.declarants, size=n, p=self.declarant_weights)
        frame["declarant_id"] = np.where(is_postal & (r.random(n) < 0.7), "", declarant)
        frame["platform"] = [sellers[i]["platform"] for i in si]
        country = frame["seller_country"].to_numpy()
        reexport = np.isin(country, ["HK", "SG"]) & (r.random(n) < 0.6)
        frame["origin_country"] = np.where(reexport, "CN", country)
        frame["departure_country"] = country
        frame["destination_country"] = cfg.destination_country
        eu = np.isin(country, ["DE", "FR", "IT"])
        frame["transport_mode"] = np.where(eu & (r.random(n) < 0.6), "road", np.where(r.random(n) < 0.04, "sea", "air"))
        frame["currency"] = cfg.currency
        for key, val in fixed.items():
            frame[key] = val
        self.parcels.append(frame)
        return frame


def _zipf(n: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    rng.shuffle(weights)
    return weights / weights.sum()


def _ring(builder: _Builder, ring_id: str, typology: str, parties: list[str], frames: list[pd.DataFrame]) -> None:
    start = sum(len(p) for p in builder.parcels) - sum(len(f) for f in frames)
    builder.truth.append(
        {"ring_id": ring_id, "typology": typology, "members": parties, "frames": frames, "start": start}
    )


@dataclass
class _World:
    """The ordinary population every scheme draws from, and what the generation is planted against."""

    b: _Builder
    threshold: float
    scale: float
    sellers: list[dict]
    buyers: list[dict]
    seller_p: np.ndarray
    buyer_p: np.ndarray


# A planted ring: (ring id, typology, member party ids, the parcel frames that are its fraud).
Ring = tuple[str, str, list[str], list[pd.DataFrame]]


def generate(cfg: GeneratorConfig) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return ``(consignments, ground_truth, outcomes)`` for the configuration; ``outcomes`` is what an
    inspection of every consignment would find."""
    b = _Builder(cfg)
    w = _population(b, cfg)
    legit = _heavy_hitters(w)
    ring_frames = _rings(w, cfg)
    _look_alikes(w)
    ring_frames += _ordinary_parcels(w, cfg)

    data, frame_ids = _consignments(b)
    frame_index = {id(p): i for i, p in enumerate(b.parcels)}
    fraud_frames = [frame_index[id(f)] for _, _, _, frames in ring_frames for f in frames]
    fraud = np.isin(frame_ids, fraud_frames)
    outcomes = _outcomes(data, fraud, cfg)
    if cfg.labelled_days > 0:
        _label(data, fraud, outcomes, cfg)
    data = data[list(CANONICAL_COLUMNS)]
    rings = ring_frames + [(a, LEGITIMATE, m, f) for a, m, f in legit]
    return data, _ground_truth(data, frame_ids, frame_index, rings), outcomes


def _population(b: _Builder, cfg: GeneratorConfig) -> _World:
    """Ordinary sellers and buyers (some buyers share a household address) and how often each trades."""
    r = b.rng
    n_total = cfg.consignments
    threshold = cfg.threshold
    n_sellers = max(60, int(n_total / 8))
    n_buyers = max(200, int(n_total * 0.6))
    sellers = [b.add_seller() for _ in range(n_sellers)]
    buyers = [b.add_buyer() for _ in range(n_buyers)]
    for i in range(0, n_buyers - 3, 40):  # households: two or three people at one address
        for j in range(1, int(r.integers(2, 4))):
            buyers[i + j]["buyer_address"] = buyers[i]["buyer_address"]
    seller_p = _zipf(n_sellers, 0.9, r)
    buyer_p = r.lognormal(0, 0.6, n_buyers)
    buyer_p /= buyer_p.sum()
    return _World(b, threshold, n_total / 20_000, sellers, buyers, seller_p, buyer_p)


def _heavy_hitters(w: _World) -> list[tuple[str, list[str], list[pd.DataFrame]]]:
    """Legitimate heavy hitters: a marketplace seller, a forwarder's depot address, a corporate buyer."""
    b, r = w.b, w.b.rng
    market = b.add_seller("CN", seller_name="MegaMart Global Fulfilment Co., Ltd.", platform="MegaMart")
    market_frames = [b.parcels_for([market], w.buyers, int(0.04 * b.cfg.consignments))]
    depot_address = "Unit 4, Parcel Depot, Skyport Way, Heathrow"
    depot_buyers = [b.add_buyer(buyer_address=depot_address) for _ in range(max(120, int(1500 * w.scale)))]
    depot_frames = [
        b.parcels_for(w.sellers, depot_buyers, len(depot_buyers) + int(0.2 * len(depot_buyers)), seller_p=w.seller_p)
    ]
    corporate = b.add_buyer(buyer_name="Northwind Office Supplies Ltd", buyer_email="purchasing@northwind.co.uk")
    corp_n = int(r.integers(100, 301) * max(w.scale, 0.3))
    corp_values = w.threshold * r.uniform(1.3, 10, corp_n)
    corp_frames = [b.parcels_for(w.sellers, [corporate], corp_n, seller_p=w.seller_p, value=corp_values)]
    return [
        ("L01-marketplace", [market["seller_id"]], market_frames),
        ("L02-forwarder-depot", [x["buyer_id"] for x in depot_buyers], depot_frames),
        ("L03-corporate-buyer", [corporate["buyer_id"]], corp_frames),
    ]


def _rings(w: _World, cfg: GeneratorConfig) -> list[Ring]:
    """``rings_per_scheme`` rounds of one ring of each scheme, numbered ``R01-<typology>`` on in order."""
    schemes = (
        ("splitting", _splitting),
        ("undervaluation", _undervaluation),
        ("shell_sellers", _shell_sellers),
        ("mule_buyers", _mule_buyers),
        ("origin_laundering", _origin_laundering),
        ("burst", _burst),
    )
    rings: list[Ring] = []
    for _ in range(cfg.rings_per_scheme):
        for typology, plant in schemes:
            members, frames = plant(w)
            rings.append((f"R{len(rings) + 1:02d}-{typology}", typology, members, frames))
    return rings


def _ids(sellers: list[dict], buyers: list[dict] = ()) -> list[str]:
    return [s["seller_id"] for s in sellers] + [x["buyer_id"] for x in buyers]


def _splitting(w: _World) -> tuple[list[str], list[pd.DataFrame]]:
    """One buyer, or 2-4 buyers at one address, many parcels just under the threshold."""
    b, r = w.b, w.b.rng
    ring_sellers = [b.add_seller("CN") for _ in range(int(r.integers(1, 5)))]
    address = b.address("GB")
    ring_buyers = [b.add_buyer(buyer_address=address) for _ in range(int(r.choice([1, 1, 2, 3, 4])))]
    n = int(r.integers(20, 61))
    values = w.threshold * (1 - r.uniform(0.02, 0.08, n))
    above = r.random(n) < 0.15  # not every parcel of a ring is split
    values[above] = w.threshold * r.uniform(1.05, 2.5, int(above.sum()))
    frames = [b.parcels_for(ring_sellers, ring_buyers, n, value=values)]
    frames.append(b.parcels_for(ring_sellers, w.buyers, int(r.integers(2, 10)), buyer_p=w.buyer_p))
    return _ids(ring_sellers, ring_buyers), frames[:1]  # the sellers' other, ordinary parcels are no fraud


def _undervaluation(w: _World) -> tuple[list[str], list[pd.DataFrame]]:
    """Sellers sharing a small declarant and consignees, at 5-20% of peer unit values."""
    b, r = w.b, w.b.rng
    broker = f"DCL{r.integers(100, 999)}"
    ring_sellers = [b.add_seller("CN") for _ in range(int(r.integers(3, 7)))]
    consignees = [b.add_buyer() for _ in range(int(r.integers(6, 15)))]
    hs = [int(h) for h in r.choice([8, 9, 12, 19, 20], size=2, replace=False)]
    n = int(r.integers(12, 26)) * len(ring_sellers)
    factor = np.where(r.random(n) < 0.2, r.uniform(0.6, 1.2, n), r.uniform(0.05, 0.2, n))
    frame = b.parcels_for(
        ring_sellers, consignees, n, unit_value_factor=factor, hs=hs, declarant_id=broker, channel="express",
        carrier_id="DHL",
    )  # fmt: skip
    return _ids(ring_sellers, consignees), [frame]


def _shell_sellers(w: _World) -> tuple[list[str], list[pd.DataFrame]]:
    """Different names, one phone, one e-mail domain box, one warehouse address."""
    b, r = w.b, w.b.rng
    base = b.add_seller("CN")
    k = int(r.integers(3, 9))
    ring_sellers = [base] + [
        b.add_seller(
            "CN",
            seller_phone=_phone_variant(base["seller_phone"], i),
            seller_address=_address_variant(base["seller_address"], i) if i % 2 else b.address("CN"),
            seller_email=base["seller_email"].upper() if i % 3 == 0 else b.email("x" + str(i)),
        )
        for i in range(1, k)
    ]
    n = int(r.integers(6, 16)) * k
    return _ids(ring_sellers), [b.parcels_for(ring_sellers, w.buyers, n, buyer_p=w.buyer_p)]


def _mule_buyers(w: _World) -> tuple[list[str], list[pd.DataFrame]]:
    """Many names, one address (spelled many ways) or one phone, a few sellers."""
    b, r = w.b, w.b.rng
    ring_sellers = [b.add_seller("CN") for _ in range(int(r.integers(1, 4)))]
    address, phone = b.address("GB"), b.phone("GB")
    shared = "address" if r.random() < 0.6 else "phone"
    mules = [
        b.add_buyer(
            **(
                {"buyer_address": _address_variant(address, i)}
                if shared == "address"
                else {"buyer_phone": _phone_variant(phone, i)}
            )
        )
        for i in range(int(r.integers(6, 21)))
    ]
    n = int(r.integers(2, 6)) * len(mules)
    return _ids(ring_sellers, mules), [b.parcels_for(ring_sellers, mules, n)]


def _origin_laundering(w: _World) -> tuple[list[str], list[pd.DataFrame]]:
    """CN sellers routing through a third country, declaring its origin."""
    b, r = w.b, w.b.rng
    transit = str(r.choice(["MY", "VN", "TH"]))
    warehouse = b.address(transit if transit in CITIES else "MY")
    ring_sellers = [
        b.add_seller("CN", seller_address=_address_variant(warehouse, i)) for i in range(int(r.integers(2, 6)))
    ]
    n = int(r.integers(10, 31)) * len(ring_sellers)
    frame = b.parcels_for(
        ring_sellers,
        w.buyers,
        n,
        buyer_p=w.buyer_p,
        hs=[4, 5, 6, 0, 1],
        origin_country=np.where(r.random(n) < 0.2, "CN", transit),
        departure_country=transit,
        declarant_id=f"DCL{r.integers(100, 999)}",
    )
    return _ids(ring_sellers), [frame]


def _burst(w: _World) -> tuple[list[str], list[pd.DataFrame]]:
    """New sellers, last 15 days, high volume into a few buyers."""
    b, r = w.b, w.b.rng
    ring_sellers = [b.add_seller("CN") for _ in range(int(r.integers(2, 6)))]
    targets = [b.add_buyer() for _ in range(int(r.integers(3, 11)))]
    n = int(r.integers(30, 81)) * len(ring_sellers)
    days = b.cfg.days
    return _ids(ring_sellers, targets), [b.parcels_for(ring_sellers, targets, n, day_range=(days - 15, days))]


def _look_alikes(w: _World) -> None:
    """Honest look-alikes: clearance sellers with cheap goods, new sellers with ordinary spread,
    buyers who often shop just under the threshold."""
    b, r, days = w.b, w.b.rng, w.b.cfg.days
    for _ in range(max(3, int(10 * w.scale))):
        seller = b.add_seller()
        n = int(r.integers(8, 25))
        b.parcels_for([seller], w.buyers, n, buyer_p=w.buyer_p, unit_value_factor=r.uniform(0.25, 0.6, n))
    for _ in range(max(3, int(10 * w.scale))):
        seller = b.add_seller()
        b.parcels_for([seller], w.buyers, int(r.integers(15, 40)), buyer_p=w.buyer_p, day_range=(days - 15, days))
    for _ in range(max(5, int(40 * w.scale))):
        shopper = w.buyers[int(r.integers(len(w.buyers)))]
        n = int(r.integers(3, 6))
        b.parcels_for(w.sellers, [shopper], n, seller_p=w.seller_p, value=w.threshold * r.uniform(0.9, 0.99, n))


def _ordinary_parcels(w: _World, cfg: GeneratorConfig) -> list[Ring]:
    """Ordinary parcels up to the requested total, some of them one-off frauds (returned as a ring)."""
    b, r, n_total = w.b, w.b.rng, cfg.consignments
    planted = sum(len(p) for p in b.parcels)
    if planted >= n_total:
        raise InputError(
            f"--consignments {n_total:,} is too small for {cfg.rings_per_scheme} rings per scheme and the "
            f"legitimate heavy hitters ({planted:,} parcels on their own); use at least {int(planted * 1.5):,} "
            f"consignments or fewer rings (--rings-per-scheme)"
        )
    ordinary = n_total - planted
    near = r.random(ordinary) < 0.06  # honest consumers also buy just under the threshold
    frame = b.parcels_for(w.sellers, w.buyers, ordinary, seller_p=w.seller_p, buyer_p=w.buyer_p)
    frame.loc[near, "declared_value"] = np.round(w.threshold * r.uniform(0.8, 0.999, int(near.sum())), 2)
    # One-off frauds: ordinary parcels declared at a fraction of their value (their own stream of draws,
    # so the rest of the data does not depend on the rate).
    lr = np.random.default_rng([cfg.seed, 2])
    lone = lr.random(len(frame)) < cfg.lone_fraud_rate
    if not lone.any():
        return []
    lone_frame = frame[lone].copy()
    lone_frame["declared_value"] = np.round(
        np.clip(lone_frame["declared_value"] * lr.uniform(0.08, 0.3, int(lone.sum())), 1.0, None), 2
    )
    b.parcels[-1] = frame[~lone]
    b.parcels.append(lone_frame)
    return [("F01-lone", LONE_FRAUD, sorted(set(lone_frame["seller_id"])), [lone_frame])]


def _consignments(b: _Builder) -> tuple[pd.DataFrame, np.ndarray]:
    """All parcels in declaration order with ids, transport documents and noise; and each row's frame."""
    r = b.rng
    data = pd.concat(b.parcels, ignore_index=True)
    frame_ids = np.concatenate([np.full(len(p), i) for i, p in enumerate(b.parcels)])
    order = np.lexsort((r.random(len(data)), data["declaration_date"].to_numpy()))
    data = data.iloc[order].reset_index(drop=True)
    frame_ids = frame_ids[order]
    data["consignment_id"] = [f"C{n:08d}" for n in range(1, len(data) + 1)]
    data["transport_doc"] = [
        f"{c[:2]}{n:09d}GB" for c, n in zip(data["carrier_id"], r.integers(1e8, 1e9, len(data)), strict=True)
    ]
    data = _add_noise(data, r)
    for column in ("inspected", "fraud", "revenue_recovered"):
        data[column] = ""
    return data, frame_ids


def _label(data: pd.DataFrame, fraud: np.ndarray, outcomes: pd.DataFrame, cfg: GeneratorConfig) -> None:
    """Inspection outcomes on the parcels of the first ``labelled_days`` days (in place)."""
    labelled = pd.to_datetime(data["declaration_date"]) < pd.Timestamp(
        cfg.start_date + dt.timedelta(days=cfg.labelled_days)
    )
    inspected = _inspections(data, labelled.to_numpy(), cfg)
    found = inspected & fraud & (np.random.default_rng([cfg.seed, 4]).random(len(data)) < cfg.detection_rate)
    data["inspected"] = np.where(labelled, inspected.astype(int).astype(str), "")
    data["fraud"] = np.where(inspected, found.astype(int).astype(str), "")
    data["revenue_recovered"] = np.where(
        inspected, np.where(found, outcomes["revenue_recovered"].map("{:.2f}".format), "0"), ""
    )


def _ground_truth(data: pd.DataFrame, frame_ids: np.ndarray, frame_index: dict, rings: list[Ring]) -> pd.DataFrame:
    """One row per ring (planted or legitimate): its members and its consignments."""
    truth = []
    for ring_id, typology, members, frames in rings:
        wanted = {frame_index[id(f)] for f in frames}
        ids = data.loc[np.isin(frame_ids, list(wanted)), "consignment_id"]
        truth.append(
            {
                "ring_id": ring_id,
                "typology": typology,
                "member_party_ids": ";".join(members),
                "consignment_ids": ";".join(ids),
            }
        )
    return pd.DataFrame(truth, columns=list(GROUND_TRUTH_COLUMNS))


def _outcomes(data: pd.DataFrame, fraud: np.ndarray, cfg: GeneratorConfig) -> pd.DataFrame:
    """What an inspection of each parcel would find: fraud or not, and the revenue it would recover
    (duty, VAT and penalty on a fraudulent parcel: 30-150% of its declared value, at least 10)."""
    r = np.random.default_rng([cfg.seed, 3])
    value = pd.to_numeric(data["declared_value"], errors="coerce").fillna(0).to_numpy()
    revenue = np.where(fraud, np.round(np.maximum(value * r.uniform(0.3, 1.5, len(data)), 10.0), 2), 0.0)
    return pd.DataFrame(
        {"consignment_id": data["consignment_id"].to_numpy(), "fraud": fraud.astype(int), "revenue_recovered": revenue}
    )


def _inspections(data: pd.DataFrame, labelled: np.ndarray, cfg: GeneratorConfig) -> np.ndarray:
    """Which labelled parcels officers inspected: about ``inspection_rate`` of them, two fifths at random
    and three fifths by simple rules (high value, sensitive goods, express), as selection is in practice."""
    r = np.random.default_rng([cfg.seed, 5])
    value = pd.to_numeric(data["declared_value"], errors="coerce").fillna(0).to_numpy()
    chapter = data["hs_code"].astype(str).str[:2].to_numpy()
    rule = (
        1.0
        + 3.0 * (value > 2 * cfg.threshold)
        + 2.0 * np.isin(chapter, ["33", "42", "64", "71", "91", "30"])
        + 1.0 * (data["channel"].to_numpy() == "express")
    )
    if not labelled.any():
        return labelled
    chance = cfg.inspection_rate * (0.4 + 0.6 * rule / rule[labelled].mean())
    return labelled & (r.random(len(data)) < np.clip(chance, 0, 1))


def _address_variant(address: str, i: int) -> str:
    variants = [
        address,
        address.upper(),
        address.replace(",", "").replace("Street", "St.").replace("Road", "Rd"),
        address.lower().replace(", ", ",  "),
        address.replace("Lane", "Ln").replace("Avenue", "Ave") + " ",
    ]
    return variants[i % len(variants)]


def _phone_variant(phone: str, i: int) -> str:
    digits = phone.replace(" ", "")
    variants = [phone, digits, phone.replace(" ", "-"), "00" + digits[1:], f"({digits[:4]}) {digits[4:]}"]
    return variants[i % len(variants)]


def _add_noise(data: pd.DataFrame, r: np.random.Generator) -> pd.DataFrame:
    """Case, punctuation, spacing and spelling variants; a few blanks in optional fields."""
    n = len(data)
    for column in ("seller_name", "buyer_name", "seller_address", "buyer_address"):
        values = data[column].to_numpy(dtype=object).copy()
        kind = r.random(n)
        upper, lower, spaced, typo = (
            kind < 0.08,
            (kind >= 0.08) & (kind < 0.14),
            (kind >= 0.14) & (kind < 0.2),
            (kind >= 0.2) & (kind < 0.215),
        )
        values[upper] = [v.upper() for v in values[upper]]
        values[lower] = [v.lower() for v in values[lower]]
        values[spaced] = [v.replace(" ", "  ", 1).replace(",", " ,") for v in values[spaced]]
        values[typo] = [_typo(v, int(p)) for v, p in zip(values[typo], r.integers(1, 50, int(typo.sum())), strict=True)]
        data[column] = values
    for column in ("seller_email", "buyer_email"):
        values = data[column].to_numpy(dtype=object).copy()
        mask = r.random(n) < 0.1
        values[mask] = [v.upper() for v in values[mask]]
        data[column] = values
    optional = [
        "seller_address",
        "seller_email",
        "seller_phone",
        "buyer_phone",
        "buyer_email",
        "description",
        "quantity",
        "transport_doc",
    ]
    for column in optional:
        mask = r.random(n) < 0.03
        data[column] = data[column].astype(object)
        data.loc[mask, column] = ""
    return data


def _typo(text: str, position: int) -> str:
    if len(text) < 4:
        return text
    i = 1 + position % (len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def write(cfg: GeneratorConfig, out_dir: Path) -> dict:
    """Write ``consignments.csv`` and ``ground_truth.csv``; return a summary."""
    consignments, truth, outcomes = generate(cfg)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    consignments.to_csv(out_dir / "consignments.csv", index=False)
    truth.to_csv(out_dir / "ground_truth.csv", index=False)
    outcomes.to_csv(out_dir / "outcomes.csv", index=False)
    per_type = truth["typology"].value_counts().to_dict()
    return {
        "consignments": len(consignments),
        "sellers": consignments["seller_id"].nunique(),
        "buyers": consignments["buyer_id"].nunique(),
        "rings": ", ".join(f"{k} {v}" for k, v in sorted(per_type.items()) if k != LEGITIMATE),
        "legitimate heavy hitters": per_type.get(LEGITIMATE, 0),
        "de minimis threshold": f"{cfg.threshold:g} {cfg.currency}",
        "labelled history": _labelled_summary(consignments),
        "files": ", ".join(str(out_dir / name) for name in ("consignments.csv", "ground_truth.csv", "outcomes.csv")),
    }


def _labelled_summary(consignments: pd.DataFrame) -> str:
    labelled = consignments["inspected"] != ""
    if not labelled.any():
        return "none (no inspection outcomes)"
    inspected = consignments["inspected"] == "1"
    frauds = consignments["fraud"] == "1"
    last = consignments.loc[labelled, "declaration_date"].max()
    return (
        f"{int(labelled.sum()):,} parcels to {last}: {int(inspected.sum()):,} inspected, "
        f"{int(frauds.sum()):,} frauds found"
    )
