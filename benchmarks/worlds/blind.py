"""Blind world generator: parcel data with planted illicit-trade rings, written without the detector.

How the separation was kept
---------------------------
This module was written from three documents only, handed over in isolation:

* ``docs/typologies.md`` -- the schemes (splitting, undervaluation, shell sellers, mule consignees,
  origin laundering, bursts) defined by the *evidence* an officer would cite, and their honest
  look-alikes;
* the canonical input columns (``graphintel columns``);
* the ground-truth file format (``ground_truth.csv`` / ``outcomes.csv``).

Nothing under ``graphintel/`` (model, analytics, leads, synth, reference tables), the rest of
``docs/`` or the tests was opened, and ``graphintel`` is not imported. Every table here -- de minimis
thresholds, exchange rates, carriers, e-mail providers, phone numbering, HS unit values,
trade-defence codes, names and addresses -- is the author's own approximation of public knowledge,
so a detector tuned on its own tables meets data it did not shape. Where the typologies give
parameter ranges, the rings are planted *around* them (some weaker, some stronger), as real
schemes are.

Each world is drawn from one seed (``numpy.random.Generator``): destination and currency, de minimis,
schema variations (identifiers-only, dropped / empty / constant columns, unknown country codes,
country-code format), label rate and inspection policy, ring sizes, traps and noise.

Usage::

    from benchmarks.worlds.blind import generate
    world = generate(seed=7, consignments=20000, out=Path("/tmp/w7"))

    python -m benchmarks.worlds.blind --seed 7 --consignments 20000 --out /tmp/w7
"""

from __future__ import annotations

import argparse
import json
import math
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["CANONICAL_COLUMNS", "SCHEMES", "World", "generate", "write_world"]

CANONICAL_COLUMNS = [
    "consignment_id", "declaration_date", "transport_doc",
    "seller_id", "seller_name", "seller_address", "seller_country", "seller_email", "seller_phone",
    "buyer_id", "buyer_name", "buyer_address", "buyer_country", "buyer_email", "buyer_phone",
    "declarant_id", "carrier_id", "platform",
    "hs_code", "description", "quantity", "gross_weight_kg", "declared_value", "currency",
    "origin_country", "departure_country", "destination_country", "transport_mode", "channel",
    "inspected", "fraud", "revenue_recovered",
]
SCHEMES = ("splitting", "undervaluation", "shell_sellers", "mule_buyers", "origin_laundering", "burst")
CONTACT_COLUMNS = [
    "seller_name", "seller_address", "seller_email", "seller_phone",
    "buyer_name", "buyer_address", "buyer_email", "buyer_phone",
]

# ---------------------------------------------------------------------------------------------
# Reference data (own approximations)
# ---------------------------------------------------------------------------------------------

# Units of currency per USD, rough 2023-2024 levels.
RATES = {"USD": 1.0, "SAR": 3.75, "AED": 3.6725, "EGP": 48.5, "KRW": 1350.0, "EUR": 0.92}
DECIMALS = {"USD": 2, "SAR": 2, "AED": 2, "EGP": 2, "KRW": 0, "EUR": 2}

DESTINATIONS: dict[str, dict[str, Any]] = {
    "SA": dict(currency="SAR", dm=1000.0, dm_cur="SAR", vat=0.15, weekend=(4, 5),
               basis="Saudi customs de minimis SAR 1,000 for duty-free low-value consignments"),
    "AE": dict(currency="AED", dm=1000.0, dm_cur="AED", vat=0.05, weekend=(5, 6),
               basis="GCC common customs law de minimis AED 1,000"),
    "EG": dict(currency="EGP", dm=2000.0, dm_cur="EGP", vat=0.14, weekend=(4, 5),
               basis="assumption: Egypt has no meaningful commercial de minimis; EGP 2,000 personal-parcel "
                     "exemption used as the threshold"),
    "KR": dict(currency="KRW", dm=150.0, dm_cur="USD", vat=0.10, weekend=(5, 6),
               basis="Korea list-clearance limit USD 150 for general goods, in KRW at the world's rate"),
    "NL": dict(currency="EUR", dm=150.0, dm_cur="EUR", vat=0.21, weekend=(5, 6),
               basis="EU customs duty relief EUR 150 (VAT due from the first euro since July 2021)"),
    "DE": dict(currency="EUR", dm=150.0, dm_cur="EUR", vat=0.19, weekend=(5, 6),
               basis="EU customs duty relief EUR 150 (VAT due from the first euro since July 2021)"),
    "FR": dict(currency="EUR", dm=150.0, dm_cur="EUR", vat=0.20, weekend=(5, 6),
               basis="EU customs duty relief EUR 150 (VAT due from the first euro since July 2021)"),
    "US": dict(currency="USD", dm=800.0, dm_cur="USD", vat=0.0, weekend=(5, 6),
               basis="Section 321 USD 800, valid before its 2025 suspension; world dated before 2025"),
}
EU = {"NL", "DE", "FR"}

COUNTRY_NAMES = {
    "CN": "China", "HK": "Hong Kong", "TR": "Turkey", "US": "USA", "GB": "United Kingdom", "DE": "Germany",
    "FR": "France", "NL": "Netherlands", "IN": "India", "VN": "Vietnam", "MY": "Malaysia", "TH": "Thailand",
    "KR": "Korea", "JP": "Japan", "AE": "UAE", "SG": "Singapore", "SA": "Saudi Arabia", "EG": "Egypt",
    "MX": "Mexico", "ID": "Indonesia", "KH": "Cambodia", "RU": "Russia", "CH": "Switzerland",
}

# Seller country mix for honest trade (CN dominant).
SELLER_COUNTRIES = {
    "CN": 52, "HK": 6, "TR": 5, "US": 6, "GB": 4, "DE": 3, "FR": 1.5, "NL": 1, "IN": 4, "VN": 3, "MY": 2,
    "TH": 2, "KR": 3, "JP": 2.5, "AE": 2, "SG": 1.2, "CH": 0.5, "ID": 0.8, "SA": 0.6, "EG": 0.3,
}

# Phone numbering: calling code, trunk prefix, mobile prefixes, national number length, grouping, separator.
PHONE: dict[str, tuple] = {
    "CN": ("86", "", ["138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "186", "187", "188",
                      "189", "180", "181", "182", "183", "185", "133", "153", "177", "199", "166"], 11, (3, 4, 4), " "),
    "HK": ("852", "", ["51", "54", "59", "61", "62", "63", "64", "65", "66", "67", "68", "69", "90", "91", "92", "93",
                       "94", "95", "96", "97", "98"], 8, (4, 4), " "),
    "TR": ("90", "0", ["530", "532", "533", "535", "536", "537", "538", "539", "541", "542", "543", "544", "545",
                       "505", "506", "507", "551", "552", "553"], 10, (3, 3, 2, 2), " "),
    "US": ("1", "1", [], 10, (3, 3, 4), "-"),
    "GB": ("44", "0", ["740", "741", "742", "743", "744", "745", "746", "747", "748", "749", "750", "751", "752",
                       "753", "754", "755", "756", "757", "758", "759", "770", "771", "772", "773", "774", "775", "776",
                       "777", "778", "779", "780", "781", "782", "783", "784", "785", "786", "787", "788", "789",
                       "790"],
           10, (4, 6), " "),
    "DE": ("49", "0", ["151", "152", "157", "159", "160", "162", "163", "170", "171", "172", "173", "174", "175",
                       "176", "177", "178", "179"], 11, (3, 8), " "),
    "FR": ("33", "0", ["61", "62", "63", "64", "65", "66", "67", "68", "69", "75", "76", "77", "78"], 9,
           (1, 2, 2, 2, 2), " "),
    "NL": ("31", "0", ["61", "62", "63", "64", "65"], 9, (1, 8), " "),
    "IN": ("91", "0", ["98", "99", "97", "96", "95", "94", "93", "91", "90", "89", "88", "87", "86", "85", "84",
                       "83", "82", "81", "80", "79", "78", "77", "76", "75", "74", "73", "72", "70"], 10, (5, 5), " "),
    "VN": ("84", "0", ["90", "91", "93", "94", "96", "97", "98", "32", "33", "34", "35", "36", "37", "38", "39",
                       "70", "76", "77", "78", "79", "81", "82", "83", "84", "85", "86", "88",
                       "89"], 9, (3, 3, 3), " "),
    "MY": ("60", "0", ["12", "13", "14", "16", "17", "19"], 9, (2, 3, 4), " "),
    "TH": ("66", "0", ["81", "82", "83", "84", "85", "86", "87", "88", "89", "61", "62", "63", "64", "65", "91", "92",
                       "93", "94", "95", "96", "97", "98", "99"], 9, (2, 3, 4), " "),
    "KR": ("82", "0", ["10"], 10, (2, 4, 4), "-"),
    "JP": ("81", "0", [p + str(k) for p in ("90", "80", "70") for k in range(1, 10)], 10, (2, 4, 4), "-"),
    "AE": ("971", "0", ["50", "52", "54", "55", "56", "58"], 9, (2, 3, 4), " "),
    "SA": ("966", "0", ["50", "53", "54", "55", "56", "59", "58"], 9, (2, 3, 4), " "),
    "EG": ("20", "0", ["10", "11", "12", "15"], 10, (2, 4, 4), " "),
    "SG": ("65", "", ["81", "82", "83", "84", "85", "86", "87", "88", "90", "91", "92", "93", "94", "96", "97", "98"],
           8, (4, 4), " "),
    "MX": ("52", "", ["55", "33", "81"], 10, (2, 4, 4), " "),
    "ID": ("62", "0", ["812", "813", "821", "822", "852", "853", "811", "815", "816", "817", "818", "819", "859",
                       "877", "878", "895", "896", "897", "898", "899"], 11, (3, 4, 4), "-"),
    "KH": ("855", "0", ["12", "11", "17", "61", "76", "77", "78", "85", "89", "92", "95", "99", "10", "15", "16",
                        "69", "70", "81", "86", "87", "93", "98", "96", "97", "88"], 8, (2, 3, 3), " "),
    "RU": ("7", "8", ["91", "92", "93", "95", "96", "98"], 10, (3, 3, 2, 2), " "),
    "CH": ("41", "0", ["75", "76", "77", "78", "79"], 9, (2, 3, 2, 2), " "),
}
US_AREAS = ["212", "310", "415", "646", "718", "305", "713", "206", "404", "312", "602", "303", "617", "469"]

FREE_MAIL = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "protonmail.com"]
NATIONAL_MAIL = {
    "CN": ["qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "aliyun.com", "yeah.net", "sohu.com"],
    "KR": ["naver.com", "daum.net", "hanmail.net", "nate.com"],
    "JP": ["yahoo.co.jp", "docomo.ne.jp"],
    "RU": ["mail.ru", "yandex.ru"],
    "DE": ["gmx.de", "web.de", "t-online.de"],
    "FR": ["orange.fr", "free.fr", "laposte.net"],
    "GB": ["btinternet.com", "yahoo.co.uk"],
    "IN": ["rediffmail.com"],
    "NL": ["ziggo.nl", "kpnmail.nl"],
}
COMPANY_TLD = {
    "CN": ["cn", "com.cn", "com"], "HK": ["hk", "com.hk", "com"], "TR": ["com.tr", "com"], "US": ["com", "us"],
    "GB": ["co.uk", "com"], "DE": ["de", "com"], "FR": ["fr"], "NL": ["nl"], "IN": ["in", "co.in", "com"],
    "VN": ["vn", "com.vn"], "MY": ["my", "com.my"], "TH": ["co.th", "com"], "KR": ["co.kr", "kr"],
    "JP": ["co.jp", "jp"], "AE": ["ae", "com"], "SG": ["sg", "com.sg"], "SA": ["com.sa", "sa"], "EG": ["com.eg"],
    "MX": ["com.mx", "mx"], "ID": ["co.id", "id"], "KH": ["com.kh"], "RU": ["ru"], "CH": ["ch"],
}
BUYER_MAIL = {
    "SA": (["gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "icloud.com", "outlook.sa"],
           [45, 20, 12, 8, 12, 3]),
    "AE": (["gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "icloud.com", "eim.ae"], [45, 18, 12, 8, 14, 3]),
    "EG": (["gmail.com", "yahoo.com", "hotmail.com", "outlook.com"], [60, 20, 15, 5]),
    "KR": (["naver.com", "gmail.com", "daum.net", "hanmail.net", "nate.com", "kakao.com"], [40, 28, 12, 10, 5, 5]),
    "NL": (["gmail.com", "hotmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com", "live.nl"], [40, 20, 12, 8, 12, 8]),
    "DE": (["gmx.de", "web.de", "gmail.com", "t-online.de", "outlook.de", "yahoo.de"], [25, 25, 25, 12, 8, 5]),
    "FR": (["gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net", "sfr.fr"], [40, 18, 12, 15, 8, 7]),
    "US": (["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "comcast.net"], [50, 15, 12, 15, 4, 4]),
}

# Carriers: name, country ("" = no clear home), kind (postal / consol / express), code.
CARRIERS: list[tuple[str, str, str, str]] = [
    ("China Post", "CN", "postal", "CN-POST"), ("China EMS", "CN", "postal", "CN-EMS"),
    ("Cainiao", "CN", "consol", "CAINIAO"), ("YunExpress", "CN", "consol", "YUNEXPRESS"),
    ("Yanwen", "CN", "consol", "YANWEN"), ("4PX", "CN", "consol", "4PX"), ("SF Express", "CN", "express", "SF-EXP"),
    ("Hongkong Post", "HK", "postal", "HK-POST"), ("PTT", "TR", "postal", "TR-PTT"),
    ("Aras Kargo", "TR", "express", "ARAS"), ("USPS", "US", "postal", "US-USPS"), ("UPS", "US", "express", "UPS"),
    ("FedEx", "US", "express", "FEDEX"), ("Royal Mail", "GB", "postal", "GB-RM"),
    ("Parcelforce Worldwide", "GB", "express", "PARCELFORCE"), ("Deutsche Post", "DE", "postal", "DE-POST"),
    ("DHL Express", "DE", "express", "DHL-EXPRESS"), ("La Poste", "FR", "postal", "FR-LAPOSTE"),
    ("Chronopost", "FR", "express", "CHRONOPOST"), ("PostNL", "NL", "postal", "NL-POSTNL"),
    ("India Post", "IN", "postal", "IN-POST"), ("Blue Dart", "IN", "express", "BLUEDART"),
    ("Vietnam Post", "VN", "postal", "VN-POST"), ("Viettel Post", "VN", "express", "VIETTEL"),
    ("Pos Malaysia", "MY", "postal", "POS-MY"), ("Thailand Post", "TH", "postal", "TH-POST"),
    ("Kerry Express", "TH", "express", "KERRY"), ("Korea Post", "KR", "postal", "KR-POST"),
    ("CJ Logistics", "KR", "express", "CJ-LOGISTICS"), ("Japan Post", "JP", "postal", "JP-POST"),
    ("Yamato Transport", "JP", "express", "YAMATO"), ("Emirates Post", "AE", "postal", "AE-EPG"),
    ("Aramex", "AE", "express", "ARAMEX"), ("SingPost", "SG", "postal", "SG-SINGPOST"),
    ("Ninja Van", "SG", "express", "NINJAVAN"), ("SPL Saudi Post", "SA", "postal", "SA-SPL"),
    ("SMSA Express", "SA", "express", "SMSA"), ("Egypt Post", "EG", "postal", "EG-POST"),
    ("Correos de Mexico", "MX", "postal", "MX-CORREOS"), ("Estafeta", "MX", "express", "ESTAFETA"),
    ("Pos Indonesia", "ID", "postal", "ID-POS"), ("J&T Express", "ID", "express", "JT-EXPRESS"),
    ("Cambodia Post", "KH", "postal", "KH-POST"), ("Russian Post", "RU", "postal", "RU-POST"),
    ("CDEK", "RU", "express", "CDEK"), ("Swiss Post", "CH", "postal", "CH-POST"),
    ("Asendia", "", "consol", "ASENDIA"), ("Landmark Global", "", "consol", "LANDMARK"),
]
CARRIER_IX = {c[0]: i for i, c in enumerate(CARRIERS)}
GLOBAL_EXPRESS = ["DHL Express", "FedEx", "UPS", "Aramex"]
S10_PREFIXES = ["LX", "LP", "LZ", "LA", "LB", "RB", "RR", "RS", "RP", "UA", "UB", "UM", "CP", "CY", "EE", "EA"]
AIRLINES = ["176", "157", "065", "180", "784", "999", "618", "160", "074", "020", "057", "235", "607", "112"]

# HS catalogue: code, group, descriptions, USD per kg, median kg, sigma, kg per unit, popularity, trade-defended, duty.
HS_TABLE: list[tuple] = [
    ("610910", "apparel", ["T-shirt", "cotton t-shirt", "tee shirts", "T shirts"], 22, 0.35, 0.6, 0.18, 10, False, .12),
    ("611030", "apparel", ["sweater", "pullover", "knitted jumper"], 28, 0.6, 0.5, 0.45, 5, False, .12),
    ("611020", "apparel", ["hoodie", "sweatshirt"], 25, 0.6, 0.5, 0.5, 5, False, .12),
    ("620462", "apparel", ["women's trousers", "jeans", "ladies pants"], 30, 0.6, 0.5, 0.5, 6, False, .12),
    ("620342", "apparel", ["men's trousers", "jeans", "cargo pants"], 28, 0.7, 0.5, 0.6, 5, False, .12),
    ("620442", "apparel", ["dress", "women's dress", "cotton dress"], 35, 0.4, 0.5, 0.35, 5, False, .12),
    ("640299", "footwear", ["shoes", "sneakers", "slippers", "sandals"], 18, 0.9, 0.5, 0.8, 8, True, .15),
    ("640399", "footwear", ["leather shoes", "boots", "leather boots"], 40, 1.2, 0.4, 1.0, 3, True, .12),
    ("640411", "footwear", ["sports shoes", "running shoes", "trainers"], 30, 0.9, 0.4, 0.8, 5, True, .15),
    ("851713", "electronics", ["smartphone", "mobile phone", "cell phone"], 650, 0.35, 0.3, 0.3, 3, False, 0.0),
    ("851830", "electronics", ["earphones", "headphones", "bluetooth headset", "earbuds"], 140, 0.2, 0.6, 0.1, 7,
     False, .02),
    ("850440", "electronics", ["charger", "power adapter", "power bank"], 45, 0.3, 0.6, 0.15, 6, False, .03),
    ("851762", "electronics", ["router", "wifi adapter", "smart watch"], 110, 0.4, 0.5, 0.3, 3, False, 0.0),
    ("847130", "electronics", ["laptop", "notebook computer", "tablet"], 300, 1.8, 0.3, 1.6, 1.5, False, 0.0),
    ("854231", "electronics", ["integrated circuits", "IC chips", "electronic components"], 2500, 0.05, 0.9, 0.005, 1,
     False, 0.0),
    ("852589", "electronics", ["camera", "action camera", "webcam"], 200, 0.3, 0.5, 0.2, 1.5, False, .02),
    ("950300", "toys", ["toy", "toys", "plush toy", "building blocks", "doll"], 14, 0.6, 0.7, 0.3, 7, False, .05),
    ("950490", "toys", ["game controller", "board game", "playing cards"], 30, 0.5, 0.6, 0.3, 2, False, .05),
    ("330499", "cosmetics", ["cosmetics", "face cream", "skin care set", "makeup"], 55, 0.35, 0.6, 0.1, 6, False, .06),
    ("330300", "cosmetics", ["perfume", "eau de parfum", "fragrance"], 110, 0.35, 0.4, 0.15, 3, False, .06),
    ("330510", "cosmetics", ["shampoo", "hair care"], 9, 0.6, 0.5, 0.3, 2, False, .06),
    ("420222", "bags", ["handbag", "tote bag", "shoulder bag"], 25, 0.6, 0.5, 0.5, 4, False, .10),
    ("420221", "bags", ["leather handbag", "leather bag"], 110, 0.8, 0.4, 0.7, 1.5, False, .06),
    ("420292", "bags", ["backpack", "travel bag", "pouch"], 18, 0.7, 0.5, 0.6, 3, False, .10),
    ("910211", "watches", ["wristwatch", "watch", "quartz watch"], 260, 0.15, 0.5, 0.1, 3, False, .05),
    ("911310", "watches", ["watch strap", "watch band"], 40, 0.08, 0.6, 0.03, 1.5, False, .05),
    ("870899", "auto_parts", ["auto parts", "car accessories", "car part"], 14, 2.0, 0.8, 1.0, 3, False, .05),
    ("870830", "auto_parts", ["brake pads", "brake disc"], 10, 3.0, 0.6, 1.5, 1, False, .05),
    ("851220", "auto_parts", ["car lights", "LED headlight", "lamp for vehicle"], 30, 0.8, 0.6, 0.4, 2, False, .05),
    ("711719", "jewellery", ["imitation jewellery", "fashion jewelry", "necklace", "earrings"], 70, 0.08, 0.7, 0.02,
     4, False, .10),
    ("900410", "accessories", ["sunglasses", "glasses"], 80, 0.12, 0.5, 0.05, 2, False, .05),
    ("392690", "household", ["plastic items", "phone case", "storage box"], 9, 0.4, 0.8, 0.1, 6, False, .06),
    ("732393", "household", ["kitchenware", "stainless steel cup", "cookware"], 11, 1.0, 0.6, 0.5, 2, False, .06),
    ("940540", "household", ["lamp", "LED light", "night light"], 18, 0.6, 0.7, 0.3, 3, False, .05),
    ("630790", "household", ["textile articles", "face masks", "cushion cover"], 12, 0.3, 0.7, 0.1, 3, False, .10),
    ("961900", "household", ["diapers", "sanitary pads"], 6, 1.5, 0.5, 0.5, 1, False, .10),
    ("210690", "food", ["food supplement", "vitamins", "protein powder"], 35, 0.6, 0.5, 0.3, 2, False, .10),
    ("300490", "pharma", ["medicine", "supplements", "tablets"], 180, 0.2, 0.7, 0.05, 1, False, 0.0),
    ("491199", "printed", ["printed matter", "stickers", "posters"], 12, 0.3, 0.7, 0.1, 1.5, False, 0.0),
    ("720851", "steel", ["steel plate", "hot rolled steel sheet"], 1.1, 18, 0.5, 6, 0.4, True, .05),
    ("721049", "steel", ["galvanized steel sheet", "coated steel coil"], 1.3, 15, 0.5, 5, 0.4, True, .05),
    ("730640", "steel", ["stainless steel tube", "steel pipe"], 2.6, 10, 0.6, 2, 0.5, True, .05),
    ("731815", "steel", ["screws", "bolts", "fasteners"], 3.5, 4, 0.8, 0.01, 0.8, True, .05),
    ("760421", "aluminium", ["aluminium profile", "aluminum extrusion"], 4.5, 8, 0.6, 2, 0.4, True, .06),
    ("760612", "aluminium", ["aluminium sheet", "aluminum plate"], 4.0, 10, 0.5, 3, 0.3, True, .06),
    ("871160", "ebikes", ["electric bicycle", "e-bike", "ebike"], 28, 24, 0.25, 22, 0.6, True, .06),
    ("691110", "ceramics", ["porcelain tableware", "porcelain dinner set"], 7, 4, 0.6, 0.4, 0.6, True, .10),
    ("691200", "ceramics", ["ceramic tableware", "ceramic mugs", "stoneware plates"], 5, 4, 0.6, 0.4, 0.8, True, .10),
    ("854143", "solar", ["solar panel", "photovoltaic module", "solar cells"], 9, 14, 0.5, 12, 0.5, True, 0.0),
    ("401110", "tyres", ["car tyre", "tyres", "tires"], 5.5, 10, 0.4, 9, 0.6, True, .10),
]
HS_CODE = np.array([h[0] for h in HS_TABLE], dtype=object)
HS_GROUP = [h[1] for h in HS_TABLE]
HS_UV = np.array([h[3] for h in HS_TABLE], dtype=float)
HS_W = np.array([h[4] for h in HS_TABLE], dtype=float)
HS_WS = np.array([h[5] for h in HS_TABLE], dtype=float)
HS_UNIT = np.array([h[6] for h in HS_TABLE], dtype=float)
HS_POP = np.array([h[7] for h in HS_TABLE], dtype=float)
HS_TD = np.array([h[8] for h in HS_TABLE], dtype=bool)
HS_DUTY = np.array([h[9] for h in HS_TABLE], dtype=float)
GROUPS: dict[str, list[int]] = {}
for _i, _g in enumerate(HS_GROUP):
    GROUPS.setdefault(_g, []).append(_i)
GROUP_WEIGHT = {
    "apparel": 18, "footwear": 8, "electronics": 16, "toys": 7, "cosmetics": 9, "bags": 6, "watches": 4,
    "auto_parts": 5, "jewellery": 4, "accessories": 2, "household": 12, "food": 2, "pharma": 1, "printed": 1,
    "steel": 0.7, "aluminium": 0.5, "ebikes": 0.8, "ceramics": 1.2, "solar": 0.6, "tyres": 0.8,
}
GROUP_BOOST = {
    "TR": {"apparel": 2, "footwear": 2, "ceramics": 2, "steel": 2}, "US": {"cosmetics": 2, "food": 4, "pharma": 3},
    "GB": {"cosmetics": 2, "printed": 3}, "DE": {"auto_parts": 2, "steel": 2, "household": 1.5},
    "KR": {"cosmetics": 5, "tyres": 2}, "JP": {"cosmetics": 2, "electronics": 1.5, "auto_parts": 1.5},
    "IN": {"apparel": 2, "jewellery": 3, "pharma": 3, "steel": 2}, "VN": {"apparel": 3, "footwear": 3},
    "TH": {"cosmetics": 1.5, "food": 2, "tyres": 2}, "MY": {"household": 1.5, "tyres": 3},
    "HK": {"electronics": 2, "watches": 3}, "AE": {"watches": 2, "cosmetics": 2}, "SG": {"electronics": 2},
    "CH": {"watches": 6},
}
TD_GROUPS = ["steel", "aluminium", "ebikes", "ceramics", "solar", "tyres", "footwear"]
RISKY_CHAPTERS = {"33", "42", "61", "62", "64", "85", "91", "95", "30", "71"}
VAGUE = ["gift", "sample", "goods", "accessories", "personal items", "parts"]

PLATFORMS = {
    "SA": ["AliExpress", "Temu", "Shein", "Amazon", "Noon", "eBay", "Namshi"],
    "AE": ["AliExpress", "Temu", "Shein", "Amazon", "Noon", "eBay", "Namshi"],
    "EG": ["AliExpress", "Temu", "Shein", "Amazon", "Jumia", "Noon"],
    "KR": ["AliExpress", "Temu", "Coupang", "Amazon", "iHerb", "eBay", "Gmarket"],
    "EU": ["AliExpress", "Temu", "Shein", "Amazon", "eBay", "Etsy", "Wish"],
    "US": ["Temu", "Shein", "AliExpress", "Amazon", "eBay", "Etsy", "Wish"],
}

# --- company names -------------------------------------------------------------------------------------------
PINYIN = ["hua", "xin", "jin", "da", "yu", "hong", "tian", "yi", "long", "sheng", "rui", "feng", "hao", "ming",
          "jia", "kai", "yuan", "yong", "bai", "tai", "wei", "chang", "fu", "guang", "hui", "li", "mei", "shun",
          "tong", "xing", "bo", "cheng", "de", "hai", "heng", "kang", "le", "run", "an", "bang"]
CN_CITIES = [
    ("Shenzhen", "Guangdong", ["Longhua", "Bao'an", "Futian", "Nanshan", "Longgang"]),
    ("Guangzhou", "Guangdong", ["Baiyun", "Panyu", "Tianhe", "Haizhu"]),
    ("Yiwu", "Zhejiang", ["Choujiang", "Beiyuan", "Jiangdong"]),
    ("Dongguan", "Guangdong", ["Chang'an", "Humen", "Houjie"]),
    ("Hangzhou", "Zhejiang", ["Xiaoshan", "Yuhang", "Binjiang"]),
    ("Ningbo", "Zhejiang", ["Yinzhou", "Beilun"]), ("Xiamen", "Fujian", ["Huli", "Siming"]),
    ("Quanzhou", "Fujian", ["Jinjiang", "Shishi"]), ("Shanghai", "Shanghai", ["Pudong", "Minhang", "Songjiang"]),
    ("Foshan", "Guangdong", ["Nanhai", "Shunde"]), ("Tianjin", "Tianjin", ["Binhai", "Xiqing"]),
]
CN_ROADS = ["Jianshe", "Renmin", "Zhongshan", "Huaqiang North", "Jiefang", "Xinhua", "Binhe", "Chuangye", "Keji",
            "Gongye", "Xingye", "Fuhua"]
CN_INDUSTRY = ["Technology", "Trading", "Electronics", "E-commerce", "Import & Export", "Garment", "Industrial",
               "Supply Chain", "Commerce", "Metal Products", "Hardware"]
COMPANY: dict[str, tuple[list[str], list[str], list[str], str]] = {
    "TR": (["Anadolu", "Yildiz", "Deniz", "Ege", "Marmara", "Kaya", "Demir", "Aydin", "Gunes", "Akin", "Basak",
            "Toros"], ["Tekstil", "Ayakkabi", "Dis Ticaret", "Elektronik", "Kozmetik"],
           ["Ltd. Sti.", "A.S.", "San. ve Tic. Ltd. Sti."], "{w} {i} {s}"),
    "US": (["Summit", "Pioneer", "Liberty", "Eagle", "Blue Ridge", "Pacific", "Lakeside", "Northstar", "Redwood",
            "Sunbelt", "Keystone", "Hudson"], ["Trading", "Supply", "Goods", "Outlet", "Brands", "Wellness"],
           ["LLC", "Inc.", "Corp."], "{w} {i} {s}"),
    "GB": (["Albion", "Crown", "Thames", "Highland", "Kingsway", "Oakwood", "Windsor", "Pennine", "Mersey"],
           ["Trading", "Supplies", "Retail", "Cosmetics", "Home"], ["Ltd", "Limited"], "{w} {i} {s}"),
    "DE": (["Nordlicht", "Alpen", "Rhein", "Bergmann", "Schwarzwald", "Elbe", "Hansa", "Isar"],
           ["Handel", "Vertrieb", "Technik", "Versand"], ["GmbH", "GmbH & Co. KG", "UG"], "{w} {i} {s}"),
    "FR": (["Lumiere", "Provence", "Atlantique", "Loire", "Azur", "Bastille"],
           ["Distribution", "Commerce", "Cosmetiques"], ["SARL", "SAS"], "{w} {i} {s}"),
    "NL": (["Oranje", "Delta", "Polder", "Tulp", "Zeeland", "Veluwe"], ["Handel", "Trading", "Webshop"], ["B.V."],
           "{w} {i} {s}"),
    "IN": (["Shree Ganesh", "Om Sai", "Lakshmi", "Krishna", "Balaji", "Sai Ram", "Ganga", "Jaipur", "Royal"],
           ["Exports", "Enterprises", "Textiles", "Handicrafts", "Overseas"], ["Pvt Ltd", "Pvt. Ltd.", ""],
           "{w} {i} {s}"),
    "VN": (["Minh Anh", "Phuc Long", "Hoang Gia", "Thanh Cong", "An Phat", "Viet Hung", "Sao Mai"],
           ["Trading", "Garment", "Footwear", "Import Export"], ["Co., Ltd", "Company Limited", "JSC"], "{w} {i} {s}"),
    "MY": (["Sinar", "Maju", "Jaya", "Cahaya", "Mega", "Bintang", "Harapan", "Gemilang"],
           ["Trading", "Enterprise", "Resources", "Industries"], ["Sdn Bhd", "Sdn. Bhd."], "{w} {i} {s}"),
    "TH": (["Siam", "Chao Phraya", "Sukhumvit", "Rattana", "Sawasdee", "Lanna", "Ayutthaya"],
           ["Trading", "Supply", "Products", "Industry"], ["Co., Ltd.", "Company Limited"], "{w} {i} {s}"),
    "KR": (["Hanil", "Daehan", "Mirae", "Saehan", "Sejong", "Hanbit", "Jinju", "Nuri"],
           ["Trading", "Tech", "Cosmetics", "Global"], ["Co., Ltd.", "Corp."], "{w} {i} {s}"),
    "JP": (["Sakura", "Fuji", "Hikari", "Kaze", "Tsubasa", "Midori", "Hoshi"], ["Trading", "Shoji", "Goods"],
           ["Co., Ltd.", "K.K.", "Inc."], "{w} {i} {s}"),
    "AE": (["Al Noor", "Al Baraka", "Gulf Star", "Desert Rose", "Emirates Link", "Falcon", "Al Waha"],
           ["General Trading", "Trading", "Electronics Trading"], ["LLC", "FZE", "FZCO", "L.L.C"], "{w} {i} {s}"),
    "SG": (["Lion City", "Merlion", "Straits", "Orchid", "Marina", "Raffles"], ["Trading", "Supply", "Global"],
           ["Pte Ltd", "Pte. Ltd."], "{w} {i} {s}"),
    "SA": (["Al Jazeera", "Najd", "Al Hijaz", "Al Yamamah"], ["Trading", "Commercial"], ["Est.", "Co."],
           "{w} {i} {s}"),
    "EG": (["Nile", "Delta", "Al Ahram", "Misr"], ["Trading", "Import"], ["Co.", "S.A.E."], "{w} {i} {s}"),
    "MX": (["Azteca", "del Norte", "Sol", "Maya", "Pacifico"], ["Comercializadora", "Distribuidora", "Importaciones"],
           ["S.A. de C.V."], "{i} {w} {s}"),
    "ID": (["Sinar Jaya", "Maju Bersama", "Cahaya Abadi", "Mitra Sejati"], ["Indo", "Nusantara", "Makmur"], ["PT"],
           "{s} {w} {i}"),
    "KH": (["Angkor", "Mekong", "Khmer", "Tonle"], ["Trading", "Import Export"], ["Co., Ltd."], "{w} {i} {s}"),
    "RU": (["Vostok", "Sibir", "Neva", "Volga", "Ural"], ["Trade", "Torg", "Import"], ["LLC", "OOO"], "{w} {i} {s}"),
    "CH": (["Alpina", "Helvetia", "Matterhorn", "Leman"], ["Handel", "Trading"], ["AG", "GmbH", "SA"], "{w} {i} {s}"),
}
STORE_WORDS = ["Best", "Happy", "Smart", "Global", "Fashion", "Trendy", "Lucky", "Super", "Dream", "Top", "Mega",
               "Star", "Cozy", "Urban", "Daily"]
STORE_SUFFIX = ["Store", "Official Store", "Shop", "Direct", "Mall", "Outlet", "Boutique"]
SELLER_CITIES: dict[str, tuple[list[str], list[str]]] = {
    "HK": (["Nathan Road", "Hennessy Road", "Des Voeux Road Central", "Castle Peak Road", "Hoi Bun Road"],
           ["Kowloon", "Mong Kok", "Kwun Tong", "Tsuen Wan", "Wan Chai"]),
    "TR": (["Ataturk Cad.", "Cumhuriyet Cad.", "Istiklal Cad.", "Inonu Sok."],
           ["Istanbul", "Bursa", "Izmir", "Denizli"]),
    "US": (["Commerce Dr", "Industrial Pkwy", "Main St", "Market St"], ["Los Angeles, CA", "Newark, NJ", "Miami, FL",
                                                                        "Dallas, TX"]),
    "GB": (["High Street", "Station Road", "Mill Lane", "Park Road"], ["London", "Manchester", "Birmingham", "Leeds"]),
    "DE": (["Industriestrasse", "Hauptstrasse", "Gewerbering"], ["Hamburg", "Berlin", "Frankfurt", "Koeln"]),
    "FR": (["rue de l'Industrie", "avenue Foch", "rue Pasteur"], ["Paris", "Lyon", "Lille"]),
    "NL": (["Industrieweg", "Havenstraat", "Stationsplein"], ["Venlo", "Rotterdam", "Tilburg"]),
    "IN": (["MG Road", "Industrial Area Phase 2", "Station Road"], ["New Delhi", "Mumbai", "Jaipur", "Surat"]),
    "VN": (["Nguyen Hue", "Le Loi", "Tran Hung Dao"], ["Ho Chi Minh City", "Hanoi", "Hai Phong", "Binh Duong"]),
    "MY": (["Jalan Klang Lama", "Jalan Perusahaan", "Jalan Ampang"], ["Kuala Lumpur", "Port Klang", "Johor Bahru",
                                                                      "Penang"]),
    "TH": (["Sukhumvit Rd", "Rama IV Rd", "Bangna-Trad Rd"], ["Bangkok", "Samut Prakan", "Chonburi"]),
    "KR": (["Teheran-ro", "Gasan digital 1-ro", "Songdo-dong"], ["Seoul", "Incheon", "Busan"]),
    "JP": (["Chuo-dori", "Shin-Ohashi", "Nihonbashi"], ["Tokyo", "Osaka", "Nagoya"]),
    "AE": (["Sheikh Zayed Rd", "Jebel Ali Free Zone", "Al Khabaisi"], ["Dubai", "Sharjah", "Ajman"]),
    "SG": (["Jurong West St", "Changi South Ave", "Ubi Ave"], ["Singapore"]),
    "SA": (["King Fahd Rd", "Prince Sultan St"], ["Riyadh", "Jeddah"]),
    "EG": (["Tahrir St", "El Nasr Rd"], ["Cairo", "Alexandria"]),
    "MX": (["Av. Insurgentes", "Calle Reforma"], ["Ciudad de Mexico", "Tijuana", "Monterrey"]),
    "ID": (["Jl. Sudirman", "Jl. Gatot Subroto"], ["Jakarta", "Surabaya", "Batam"]),
    "KH": (["Preah Monivong Blvd", "Russian Blvd"], ["Phnom Penh", "Sihanoukville"]),
    "RU": (["ul. Lenina", "Prospekt Mira"], ["Moscow", "Saint Petersburg"]),
    "CH": (["Bahnhofstrasse", "Industriestrasse"], ["Zurich", "Basel", "Geneva"]),
}

# --- buyer names --------------------------------------------------------------------------------------------
AR_MALE = [
    (("Mohammed", "Mohamed", "Muhammad", "Mohammad"), "محمد"), (("Ahmed", "Ahmad"), "أحمد"),
    (("Abdullah", "Abdallah"), "عبدالله"), (("Khalid", "Khaled"), "خالد"), (("Omar", "Umar"), "عمر"),
    (("Ali",), "علي"), (("Fahad", "Fahd"), "فهد"), (("Saud",), "سعود"), (("Faisal", "Faysal"), "فيصل"),
    (("Sultan",), "سلطان"), (("Turki",), "تركي"), (("Nasser", "Nasir"), "ناصر"),
    (("Yousef", "Yusuf", "Youssef"), "يوسف"),
    (("Ibrahim", "Ebrahim"), "إبراهيم"), (("Hassan", "Hasan"), "حسن"), (("Hussein", "Husain"), "حسين"),
    (("Majed", "Majid"), "ماجد"), (("Saeed", "Said"), "سعيد"), (("Rashid", "Rashed"), "راشد"), (("Hamad",), "حمد"),
    (("Mahmoud", "Mahmood"), "محمود"), (("Mostafa", "Mustafa"), "مصطفى"), (("Tarek", "Tariq"), "طارق"),
    (("Karim", "Kareem"), "كريم"), (("Amr",), "عمرو"), (("Walid", "Waleed"), "وليد"), (("Ziad", "Ziyad"), "زياد"),
    (("Bandar",), "بندر"), (("Nawaf",), "نواف"), (("Mansour", "Mansoor"), "منصور"),
]
AR_FEMALE = [
    (("Fatima", "Fatma", "Fatimah"), "فاطمة"), (("Aisha", "Aysha"), "عائشة"), (("Noura", "Nora"), "نورة"),
    (("Sara", "Sarah"), "سارة"), (("Maryam", "Mariam"), "مريم"), (("Reem", "Rim"), "ريم"), (("Hessa",), "حصة"),
    (("Layla", "Laila"), "ليلى"), (("Nouf",), "نوف"), (("Amal",), "أمل"), (("Huda", "Hoda"), "هدى"),
    (("Mona", "Muna"), "منى"), (("Yasmin", "Yasmine"), "ياسمين"), (("Salma",), "سلمى"), (("Dina",), "دينا"),
    (("Heba", "Hiba"), "هبة"), (("Rana",), "رنا"), (("Shaimaa", "Shaima"), "شيماء"), (("Asmaa", "Asma"), "أسماء"),
    (("Nada",), "ندى"),
]
AR_FAMILY = {
    "SA": [("Al-Qahtani", "القحطاني"), ("Al-Otaibi", "العتيبي"), ("Al-Ghamdi", "الغامدي"), ("Al-Harbi", "الحربي"),
           ("Al-Zahrani", "الزهراني"), ("Al-Dosari", "الدوسري"), ("Al-Shehri", "الشهري"), ("Al-Mutairi", "المطيري"),
           ("Al-Anazi", "العنزي"), ("Al-Shammari", "الشمري"), ("Al-Subaie", "السبيعي"), ("Al-Malki", "المالكي")],
    "AE": [("Al-Mansoori", "المنصوري"), ("Al-Nuaimi", "النعيمي"), ("Al-Ketbi", "الكتبي"), ("Al-Mazrouei", "المزروعي"),
           ("Al-Suwaidi", "السويدي"), ("Al-Falasi", "الفلاسي"), ("Al-Hammadi", "الحمادي"), ("Al-Shamsi", "الشامسي"),
           ("Khan", "خان"), ("Al-Marri", "المري")],
    "EG": [("Hassan", "حسن"), ("Ibrahim", "إبراهيم"), ("Mahmoud", "محمود"), ("El-Sayed", "السيد"),
           ("Abdel-Rahman", "عبد الرحمن"), ("Mostafa", "مصطفى"), ("Farouk", "فاروق"), ("Salem", "سالم"),
           ("Gamal", "جمال"), ("Fathy", "فتحي"), ("Shawky", "شوقي"), ("Nasr", "نصر"), ("Saleh", "صالح"),
           ("Ashraf", "أشرف")],
}
KR_FAMILY = [("김", ["Kim", "Gim"]), ("이", ["Lee", "Yi", "Rhee"]), ("박", ["Park", "Bak"]), ("최", ["Choi", "Choe"]),
             ("정", ["Jung", "Jeong", "Chung"]), ("강", ["Kang", "Gang"]), ("조", ["Cho", "Jo"]),
             ("윤", ["Yoon", "Yun"]),
             ("장", ["Jang", "Chang"]), ("임", ["Lim", "Im"]), ("한", ["Han"]), ("오", ["Oh"]), ("서", ["Seo", "Suh"]),
             ("신", ["Shin", "Sin"]), ("권", ["Kwon", "Gwon"])]
KR_SYL = [("민", "min"), ("준", "jun"), ("서", "seo"), ("연", "yeon"), ("지", "ji"), ("훈", "hoon"), ("현", "hyun"),
          ("우", "woo"), ("수", "soo"), ("영", "young"), ("은", "eun"), ("진", "jin"), ("호", "ho"), ("성", "sung"),
          ("하", "ha"), ("윤", "yoon"), ("재", "jae"), ("혜", "hye"), ("다", "da"), ("예", "ye"), ("도", "do"),
          ("건", "geon"), ("유", "yu"), ("아", "ah"), ("희", "hee")]
WEST_NAMES = {
    "NL": (["Jan", "Pieter", "Sander", "Daan", "Lars", "Thijs", "Bram", "Emma", "Sophie", "Julia", "Anna", "Lotte",
            "Fleur", "Mohamed", "Fatima", "Eva", "Noah", "Sem"],
           ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
            "Meijer", "de Boer", "Mulder", "Bos", "Yilmaz", "El Amrani", "Vos", "Peters", "Hendriks"]),
    "DE": (["Lukas", "Leon", "Finn", "Jonas", "Paul", "Felix", "Maximilian", "Mia", "Hannah", "Lena", "Lea", "Anna",
            "Laura", "Sophie", "Emre", "Ayse", "Tobias", "Katharina"],
           ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
            "Koch", "Richter", "Klein", "Wolf", "Yilmaz", "Kaya", "Neumann", "Schwarz"]),
    "FR": (["Lucas", "Hugo", "Louis", "Gabriel", "Arthur", "Jules", "Léa", "Chloé", "Manon", "Camille", "Inès",
            "Sarah", "Karim", "Yasmine", "Thomas", "Julie", "Nicolas", "Émilie"],
           ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
            "Benali", "Lefebvre", "Garcia", "Roux", "Fournier", "Girard", "Nguyen", "Mercier"]),
    "US": (["James", "Michael", "Robert", "David", "John", "Chris", "Daniel", "Maria", "Jennifer", "Emily", "Jessica",
            "Ashley", "Jose", "Wei", "Priya", "Sarah", "Kevin", "Brittany"],
           ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
            "Nguyen", "Kim", "Patel", "Wilson", "Anderson", "Taylor", "Thomas", "Lopez"]),
}
TRANSLIT_FAMILY = [("Al-", "Al "), ("Al-", "Al"), ("Al-", "El-"), ("El-", "El "), ("Abdel-", "Abdel "),
                   ("Abdel-", "Abd El ")]

# --- buyer addresses ----------------------------------------------------------------------------------------
SA_CITIES = [
    ("Riyadh", "الرياض", ["Al Olaya", "Al Malqa", "Al Nakheel", "Al Yasmin", "Al Rawdah", "Al Sulimaniyah"],
     ["العليا", "الملقا", "النخيل", "الياسمين", "الروضة", "السليمانية"], ["11", "12", "13"]),
    ("Jeddah", "جدة", ["Al Rawdah", "Al Hamra", "Al Safa", "Al Naeem"], ["الروضة", "الحمراء", "الصفا", "النعيم"],
     ["21", "23"]),
    ("Dammam", "الدمام", ["Al Faisaliyah", "Al Shati"], ["الفيصلية", "الشاطئ"], ["31", "32"]),
    ("Makkah", "مكة المكرمة", ["Al Aziziyah", "Al Awali"], ["العزيزية", "العوالي"], ["24"]),
    ("Madinah", "المدينة المنورة", ["Quba", "Al Aziziyah"], ["قباء", "العزيزية"], ["42"]),
]
SA_STREETS = [("King Fahd Rd", "طريق الملك فهد"), ("Prince Sultan St", "شارع الأمير سلطان"),
              ("Olaya St", "شارع العليا"),
              ("King Abdulaziz Rd", "طريق الملك عبدالعزيز"), ("Al Takhassusi St", "شارع التخصصي"),
              ("Prince Turki St", "شارع الأمير تركي")]
AE_CITIES = [
    ("Dubai", "دبي", ["Al Barsha 1", "Al Barsha 2", "Dubai Marina", "Jumeirah Village Circle", "Deira", "Al Nahda 2",
                      "Mirdif", "Business Bay"],
     ["البرشاء 1", "البرشاء 2", "دبي مارينا", "قرية جميرا الدائرية", "ديرة", "النهدة 2", "مردف", "الخليج التجاري"]),
    ("Abu Dhabi", "أبوظبي", ["Khalifa City A", "Al Reem Island", "Mussafah", "Al Khalidiyah"],
     ["مدينة خليفة أ", "جزيرة الريم", "مصفح", "الخالدية"]),
    ("Sharjah", "الشارقة", ["Al Nahda", "Al Majaz", "Al Taawun"], ["النهدة", "المجاز", "التعاون"]),
]
EG_CITIES = [
    ("Cairo", "القاهرة", ["Nasr City", "Heliopolis", "Maadi", "Zamalek", "New Cairo"],
     ["مدينة نصر", "مصر الجديدة", "المعادي", "الزمالك", "القاهرة الجديدة"]),
    ("Giza", "الجيزة", ["Dokki", "Mohandessin", "Haram", "6th of October"],
     ["الدقي", "المهندسين", "الهرم", "السادس من أكتوبر"]),
    ("Alexandria", "الإسكندرية", ["Smouha", "Sidi Gaber", "Miami", "Raml Station"],
     ["سموحة", "سيدي جابر", "ميامي", "محطة الرمل"]),
]
EG_STREETS = [("Tahrir St", "شارع التحرير"), ("Abbas El Akkad St", "شارع عباس العقاد"), ("El Nasr Rd", "طريق النصر"),
              ("Gameat El Dowal St", "شارع جامعة الدول العربية"), ("Port Said St", "شارع بورسعيد"),
              ("El Horreya Rd", "طريق الحرية")]
KR_PLACES = [
    ("서울특별시", "Seoul", [("강남구", "Gangnam-gu", [("테헤란로", "Teheran-ro"), ("강남대로", "Gangnam-daero"),
                                                  ("논현로", "Nonhyeon-ro")]),
                           ("마포구", "Mapo-gu", [("월드컵로", "World Cup-ro"), ("양화로", "Yanghwa-ro")]),
                           ("송파구", "Songpa-gu", [("올림픽로", "Olympic-ro"), ("송파대로", "Songpa-daero")])]),
    ("부산광역시", "Busan", [("해운대구", "Haeundae-gu", [("해운대로", "Haeundae-ro"),
                                                     ("센텀중앙로", "Centum jungang-ro")])]),
    ("경기도 성남시", "Seongnam-si, Gyeonggi-do", [("분당구", "Bundang-gu", [("판교역로", "Pangyoyeok-ro"),
                                                                     ("정자일로", "Jeongjail-ro")])]),
    ("인천광역시", "Incheon", [("연수구", "Yeonsu-gu", [("송도과학로", "Songdogwahak-ro"),
                                                  ("컨벤시아대로", "Convensia-daero")])]),
]
WEST_PLACES = {
    "NL": (["Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg", "Julianastraat", "Beatrixlaan", "Hoofdstraat",
            "Schoolstraat", "Wilhelminastraat", "Nieuwstraat"],
           [("Amsterdam", "10"), ("Rotterdam", "30"), ("Utrecht", "35"), ("Den Haag", "25"), ("Eindhoven", "56"),
            ("Groningen", "97"), ("Tilburg", "50"), ("Almere", "13")]),
    "DE": (["Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schulstraße", "Dorfstraße", "Bergstraße",
            "Lindenstraße", "Kirchstraße", "Waldstraße", "Ringstraße"],
           [("Berlin", "10"), ("Hamburg", "20"), ("München", "80"), ("Köln", "50"), ("Frankfurt am Main", "60"),
            ("Stuttgart", "70"), ("Leipzig", "04"), ("Dortmund", "44")]),
    "FR": (["rue Victor Hugo", "rue de la République", "avenue Jean Jaurès", "boulevard Voltaire", "rue Pasteur",
            "rue de la Gare", "avenue de la Libération", "rue Nationale"],
           [("Paris", "75"), ("Lyon", "69"), ("Marseille", "13"), ("Toulouse", "31"), ("Lille", "59"), ("Nantes", "44"),
            ("Bordeaux", "33"), ("Nice", "06")]),
    "US": (["Main St", "Oak Ave", "Maple Dr", "Washington Blvd", "Park Ave", "2nd St", "Elm St", "Cedar Ln",
            "Lakeview Dr", "Sunset Blvd"],
           [("Houston, TX", "770"), ("Los Angeles, CA", "900"), ("Chicago, IL", "606"), ("Miami, FL", "331"),
            ("Seattle, WA", "981"), ("New York, NY", "100"), ("Atlanta, GA", "303"), ("Phoenix, AZ", "850"),
            ("Denver, CO", "802")]),
}
DEPOTS = {
    "SA": ("Parcel Hub 7, Al Sulay Logistics Park, Riyadh 14322", "مركز الطرود 7، السلي، الرياض 14322"),
    "AE": ("Warehouse 14, Al Quoz Industrial Area 3, Dubai", "مستودع 14، القوز الصناعية 3، دبي"),
    "EG": ("Logistics Hub, Plot 45, 10th of Ramadan City, Sharqia", "مركز لوجستي، قطعة 45، العاشر من رمضان، الشرقية"),
    "KR": ("인천광역시 중구 공항동로 296, 물류센터 3층", "3F Logistics Center, 296 Gonghangdong-ro, Jung-gu, Incheon"),
    "NL": ("Pakketpunt Schiphol, Folkstoneweg 30, 1118 LM Schiphol", "Folkstoneweg 30, 1118LM Schiphol"),
    "DE": ("Packstation 142, Am Borsigturm 40, 13507 Berlin", "Packstation 142, Am Borsigturm 40, 13507 Berlin"),
    "FR": ("Relais Colis, 14 rue de la Gare, 93200 Saint-Denis", "Relais Colis 14 rue de la Gare 93200 St-Denis"),
    "US": ("Amazon Hub Locker - Union, 1200 Main St, Houston, TX 77002", "1200 Main St, Houston TX 77002"),
}
CORP_WORDS = {
    "SA": (["Al Rajhi", "Al Faisaliah", "Najd", "Al Othaim", "Tamimi", "Al Khaleej"], ["Trading Est.", "Co. Ltd",
                                                                                         "Group"]),
    "AE": (["Gulf Horizon", "Al Futtaim", "Emirates Star", "Jumeirah", "Al Serkal"], ["LLC", "Trading LLC", "FZE"]),
    "EG": (["Misr", "Nile Delta", "Cairo", "El Nasr", "Pyramids"], ["Trading Co.", "S.A.E.", "Group"]),
    "KR": (["Hanseong", "Daemyung", "Seorin", "Mirae", "Hyundo"], ["Co., Ltd.", "Corp.", "Inc."]),
    "NL": (["Van Leeuwen", "Holland", "Rijnmond", "Lage Landen"], ["B.V.", "Techniek B.V."]),
    "DE": (["Schneider", "Nordwerk", "Mittelstand", "Rheinland"], ["GmbH", "AG", "KG"]),
    "FR": (["Lefebvre", "Atlantique", "Rhône", "Normandie"], ["SAS", "SARL"]),
    "US": (["Midwest", "Coastal", "Lone Star", "Great Lakes"], ["Industries Inc.", "Supply LLC", "Corp."]),
}

UNKNOWN_CODES = ["ZZ", "XX", "", "UNK", "N/A", "-", "00"]


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


class _Stream:
    """Scalar draws for Python loops, served in blocks from the world's numpy Generator (deterministic)."""

    def __init__(self, rng: np.random.Generator, block: int = 1 << 16):
        self._rng = rng
        self._block = block
        self._buf = rng.random(block)
        self._i = 0

    def u(self) -> float:
        if self._i >= self._block:
            self._buf = self._rng.random(self._block)
            self._i = 0
        x = self._buf[self._i]
        self._i += 1
        return float(x)

    def i(self, n: int) -> int:
        return min(int(self.u() * n), n - 1)

    def randint(self, a: int, b: int) -> int:
        """Integer in [a, b] inclusive."""
        return a + self.i(b - a + 1)

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.u()

    def pick(self, seq):
        return seq[self.i(len(seq))]

    def wpick(self, seq, weights):
        total = float(sum(weights))
        x = self.u() * total
        acc = 0.0
        for item, w in zip(seq, weights, strict=True):
            acc += w
            if x < acc:
                return item
        return seq[-1]

    def digits(self, k: int) -> str:
        return f"{self.i(10 ** k):0{k}d}"

    def sample(self, seq, k: int) -> list:
        pool = list(seq)
        out = []
        for _ in range(min(k, len(pool))):
            out.append(pool.pop(self.i(len(pool))))
        return out


def _group_digits(nsn: str, groups: tuple[int, ...], sep: str) -> str:
    parts, pos = [], 0
    for g in groups:
        if pos >= len(nsn):
            break
        parts.append(nsn[pos:pos + g])
        pos += g
    if pos < len(nsn):
        parts[-1] += nsn[pos:]
    return sep.join(parts)


def _phone_formats(st: _Stream, country: str) -> list[str]:
    """One number written three ways: +CC international, 00CC international, national."""
    cc, trunk, prefixes, n, groups, sep = PHONE[country]
    if country == "US":
        area = st.pick(US_AREAS)
        exch = str(st.randint(2, 9)) + st.digits(2)
        if exch == "555":
            exch = "556"
        line = st.digits(4)
        nsn = area + exch + line
        return [f"+1 {area}-{exch}-{line}", f"001 {nsn}", f"({area}) {exch}-{line}"]
    p = st.pick(prefixes)
    nsn = p + st.digits(n - len(p))
    grouped = _group_digits(nsn, groups, sep)
    plus = f"+{cc} {grouped}"
    zz = f"00{cc} {nsn}" if st.u() < 0.6 else f"00{cc}-{_group_digits(nsn, groups, '-')}"
    nat = trunk + (grouped if st.u() < 0.6 else nsn)
    return [plus, zz, nat]


def _typo(s: str, st: _Stream) -> str:
    letters = [k for k in range(len(s) - 1) if s[k].isalpha() and s[k + 1].isalpha()]
    if not letters:
        return s
    k = st.pick(letters)
    return s[:k] + s[k + 1] + s[k] + s[k + 2:]


_ABBREV = [(" Co., Ltd.", " Co Ltd"), (" Co., Ltd.", " CO.,LTD"), (" Co., Ltd", " Company Limited"),
           (" Limited", " Ltd"), (" Street", " St"), (" St,", " Street,"), (" Rd", " Road"), (" Road", " Rd"),
           ("Building", "Bldg"), ("Room ", "Rm "), (" Avenue", " Ave"), ("straße", "str."), ("strasse", "str."),
           (" Sdn Bhd", " Sdn. Bhd."), (" LLC", " L.L.C."), (" GmbH", " Gmbh"), ("Flat ", "Apt "),
           (" Blvd", " Boulevard"), ("rue ", "r. "), ("Apt ", "#")]
_AR_NORM = [("أ", "ا"), ("إ", "ا"), ("ة", "ه"), ("ى", "ي"), ("عبد ", "عبد"), ("عبدال", "عبد ال")]


def _variants(s: str, st: _Stream, extra: list[str] | None = None) -> list[str]:
    """Canonical text plus two spelling variants (case, punctuation, abbreviations, typos, script)."""
    out = [s]
    cands: list[str] = list(extra or [])
    arabic = any("\u0600" <= ch <= "\u06ff" for ch in s)
    hangul = any("\uac00" <= ch <= "\ud7a3" for ch in s)
    for _ in range(6):
        op = st.i(6)
        if arabic:
            a, b = st.pick(_AR_NORM)
            v = s.replace(a, b) if a in s else s.replace(" ", "  ", 1)
        elif hangul:
            v = s.replace(" ", "", 1) if op < 3 else s.replace(", ", " ", 1)
        elif op == 0:
            v = s.upper()
        elif op == 1:
            v = _typo(s, st)
        elif op == 2:
            v = s.replace(".", "").replace(",", "")
        elif op == 3:
            hits = [(a, b) for a, b in _ABBREV if a in s]
            v = s.replace(*st.pick(hits), 1) if hits else s.lower()
        elif op == 4:
            v = s.replace(" ", "  ", 1) + (" " if st.u() < 0.5 else "")
        else:
            v = s.title() if s != s.title() else s.lower()
        cands.append(v)
    for v in cands:
        if v and v not in out:
            out.append(v)
        if len(out) == 3:
            break
    while len(out) < 3:
        out.append(s)
    return out


def _s10(rng: np.random.Generator, prefixes: np.ndarray, countries: np.ndarray) -> np.ndarray:
    """UPU S10 item ids: 2 letters, 8-digit serial, check digit, 2-letter posting country."""
    n = len(prefixes)
    serial = rng.integers(0, 10 ** 8, n)
    digits = (serial[:, None] // (10 ** np.arange(7, -1, -1))) % 10
    s = (digits * np.array([8, 6, 4, 2, 3, 5, 9, 7])).sum(1)
    c = 11 - s % 11
    c = np.where(c == 10, 0, np.where(c == 11, 5, c))
    return np.array([f"{p}{x:08d}{k}{cc}" for p, x, k, cc in zip(prefixes, serial, c, countries, strict=True)],
                    dtype=object)


def _slug(name: str) -> str:
    keep = "".join(ch.lower() for ch in name if ch.isascii() and ch.isalnum())
    return keep[:14] or "shop"


def _ascii(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.replace("ß", "ss"))
    return "".join(ch for ch in s if ch.isascii())


# ---------------------------------------------------------------------------------------------
# World
# ---------------------------------------------------------------------------------------------


@dataclass
class World:
    """A generated world: the consignments, the planted truth, full outcomes and its description."""

    consignments: pd.DataFrame = field(repr=False)
    truth: pd.DataFrame = field(repr=False)
    outcomes: pd.DataFrame = field(repr=False)
    info: dict = field(default_factory=dict)


_OVERRIDES = {"destination", "currency", "identifiers_only", "label_rate", "days", "start_date", "drop_columns",
              "empty_columns", "unknown_share", "rings_per_scheme", "max_parties", "country_format"}


class _Builder:
    def __init__(self, seed: int, n: int, overrides: dict):
        unknown = set(overrides) - _OVERRIDES
        if unknown:
            raise TypeError(f"unknown override(s): {sorted(unknown)}; allowed: {sorted(_OVERRIDES)}")
        if n < 1000:
            raise ValueError("consignments must be at least 1000")
        self.seed, self.n, self.ov = seed, n, overrides
        self.rng = np.random.default_rng(seed)
        self.st = _Stream(self.rng)
        self.sellers: list[dict] = []
        self.buyers: list[dict] = []
        self.blocks: list[dict] = []
        self.rings: list[dict] = []
        self.traps: list[dict] = []
        self.busy_buyers: set[int] = set()   # buyers given a role (ring or trap): not reused by traps
        self._draw_world()

    # ----- world parameters -------------------------------------------------------------------------------------
    def _draw_world(self) -> None:
        st, ov = self.st, self.ov
        focus = self.seed % 5          # guarantees each schema variation within any 5 consecutive seeds
        self.focus = ["identifiers_only", "missing_columns", "empty_or_constant_columns", "foreign_currency",
                      "low_labels_and_unknown_codes"][focus]
        dest = ov.get("destination") or st.pick(sorted(DESTINATIONS))
        if dest not in DESTINATIONS:
            raise ValueError(f"destination must be one of {sorted(DESTINATIONS)}")
        self.dest = dest
        d = DESTINATIONS[dest]
        local = d["currency"]
        foreign = dest != "US" and (focus == 3 or st.u() < 0.15)
        self.currency = ov.get("currency") or ("USD" if foreign else local)
        if self.currency not in RATES:
            raise ValueError(f"currency must be one of {sorted(RATES)}")
        self.rate = RATES[self.currency]
        self.thr = d["dm"] / RATES[d["dm_cur"]] * self.rate
        self.vat = d["vat"]
        self.days = int(ov.get("days") or st.randint(120, 330))
        if "start_date" in ov:
            self.start = date.fromisoformat(str(ov["start_date"]))
        elif dest == "US":
            latest = date(2024, 12, 31) - timedelta(days=self.days)
            first = date(2023, 1, 1)
            self.start = first + timedelta(days=st.i(max(1, (latest - first).days)))
        else:
            first, latest = date(2023, 3, 1), date(2025, 6, 30) - timedelta(days=self.days)
            self.start = first + timedelta(days=st.i(max(1, (latest - first).days)))
        self.identifiers_only = bool(ov.get("identifiers_only", focus == 0 or st.u() < 0.08))
        lo = math.log(0.01)
        if focus == 4:
            self.label_rate = st.uniform(0.01, 0.03)
        else:
            self.label_rate = math.exp(st.uniform(lo, math.log(0.25)))
        self.label_rate = float(ov.get("label_rate", self.label_rate))
        self.label_frac = st.uniform(0.6, 0.8)
        self.random_share = st.uniform(0.25, 0.75)       # inspections drawn at random; the rest by rule
        self.p_find = st.uniform(0.78, 0.96)              # a fraud inspection finds most frauds
        self.unknown_share = float(ov.get("unknown_share", st.uniform(0.03, 0.07) if focus == 4
                                          else st.uniform(0.002, 0.025)))
        self.blank_rate = st.uniform(0.01, 0.05)
        self.variant_rate = st.uniform(0.03, 0.15)
        self.p_arabic = st.uniform(0.15, 0.6)
        self.p_hangul = st.uniform(0.3, 0.8)
        self.country_format = ov.get("country_format") or ("alpha3" if st.u() < 0.15 else "alpha2")
        self.carrier_style = st.wpick(["name", "code", "post_token"], [0.55, 0.3, 0.15])
        self.mode_style = st.pick([("AIR", "ROAD", "SEA"), ("4", "3", "1"), ("air", "road", "sea")])
        self.weight_decimals = st.wpick([3, 2, 1], [0.6, 0.25, 0.15])
        self.seller_id_fmt = st.pick(["S{:07d}", "SEL-{:06d}", "MRC{:08d}", "seller_{:d}", "V{:06d}"])
        self.buyer_id_fmt = st.pick(["B{:07d}", "CNE-{:06d}", "CUS{:08d}", "buyer_{:d}", "K{:07d}"])
        self.cid_prefix = st.pick(["C", "DEC", "P", "X", dest])
        dfmt, dmax = st.pick([("DCL-{:04d}", 9999), ("BRK{:05d}", 99999), ("{:09d}", 999999999)])
        self.declarants = sorted({dfmt.format(st.randint(1, dmax)) for _ in range(st.randint(3, 18))})
        self.rings_per_scheme = ov.get("rings_per_scheme")
        base = 2 if self.n < 40000 else (3 if self.n < 150000 else 4)
        self.n_rings = {s: int(np.clip(base + (st.u() < 0.35), 2, 4)) for s in SCHEMES}
        if self.rings_per_scheme is not None:
            self.n_rings = {s: int(self.rings_per_scheme) for s in SCHEMES}
        self.max_parties = int(ov.get("max_parties", np.clip(self.n / 180, 8, 80)))
        # daily volume: weekday effect, trend, promotion spikes
        wd = np.array([(self.start + timedelta(days=k)).weekday() for k in range(self.days)])
        w = np.where(np.isin(wd, d["weekend"]), st.uniform(0.25, 0.6), 1.0)
        w = w * np.linspace(1.0, st.uniform(0.8, 1.6), self.days)
        for _ in range(st.randint(1, 3)):
            a = st.i(self.days)
            w[a:a + st.randint(3, 8)] *= st.uniform(1.4, 2.6)
        self.cdf = np.concatenate([[0.0], np.cumsum(w)])
        self.daily = w

    # ----- sampling helpers -------------------------------------------------------------------------------------
    def _days(self, a, b, size=None) -> np.ndarray:
        """Days in [a, b] (inclusive) following the daily volume profile."""
        a = np.clip(np.asarray(a, dtype=int), 0, self.days - 1)
        b = np.clip(np.asarray(b, dtype=int), a, self.days - 1)
        if size is not None:
            a = np.broadcast_to(a, (size,))
            b = np.broadcast_to(b, (size,))
        lo, hi = self.cdf[a], self.cdf[b + 1]
        u = lo + self.rng.random(a.shape) * (hi - lo)
        d = np.searchsorted(self.cdf, u, side="right") - 1
        return np.clip(d, a, b)

    def _goods(self, hs: np.ndarray, mult) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Weight (kg), quantity and true value (world currency) for HS indices."""
        n = len(hs)
        weight = np.clip(HS_W[hs] * np.exp(self.rng.normal(0, 1, n) * HS_WS[hs]), 0.02, 900)
        qty = np.maximum(1, np.round(weight / HS_UNIT[hs] * np.exp(self.rng.normal(0, 0.25, n))))
        value = HS_UV[hs] * weight * np.asarray(mult) * np.exp(self.rng.normal(0, 0.3, n)) * self.rate
        return weight, qty, value

    def _weight_for_value(self, hs: np.ndarray, value: np.ndarray, mult=1.0):
        """Weight and quantity consistent with a chosen value at the code's normal unit value."""
        n = len(hs)
        uv = HS_UV[hs] * np.asarray(mult) * np.exp(self.rng.normal(0, 0.25, n)) * self.rate
        weight = np.clip(value / uv, 0.02, 900)
        qty = np.maximum(1, np.round(weight / HS_UNIT[hs] * np.exp(self.rng.normal(0, 0.25, n))))
        return weight, qty

    def _add(self, s, b, day, hs, weight, qty, value, fraud=0, revenue=0.0, ring=-1, kind=0) -> None:
        n = len(np.atleast_1d(day))
        blk = {
            "s": np.broadcast_to(np.asarray(s, dtype=np.int64), (n,)).copy(),
            "b": np.broadcast_to(np.asarray(b, dtype=np.int64), (n,)).copy(),
            "day": np.asarray(day, dtype=np.int64).reshape(n),
            "hs": np.broadcast_to(np.asarray(hs, dtype=np.int64), (n,)).copy(),
            "w": np.broadcast_to(np.asarray(weight, dtype=float), (n,)).copy(),
            "q": np.broadcast_to(np.asarray(qty, dtype=float), (n,)).copy(),
            "v": np.broadcast_to(np.asarray(value, dtype=float), (n,)).copy(),
            "fraud": np.broadcast_to(np.asarray(fraud, dtype=np.int8), (n,)).copy(),
            "rev": np.broadcast_to(np.asarray(revenue, dtype=float), (n,)).copy(),
            "ring": np.broadcast_to(np.asarray(ring, dtype=np.int64), (n,)).copy(),
            "kind": np.broadcast_to(np.asarray(kind, dtype=np.int8), (n,)).copy(),
        }
        self.blocks.append(blk)

    def _rows(self) -> int:
        return int(sum(len(b["day"]) for b in self.blocks))

    def _tax(self, hs) -> np.ndarray:
        return HS_DUTY[np.asarray(hs)] + self.vat

    # ----- parties ----------------------------------------------------------------------------------------------
    def _seller_country(self) -> str:
        cs = [c for c in SELLER_COUNTRIES if c != self.dest and not (self.dest in EU and c in EU)]
        return self.st.wpick(cs, [SELLER_COUNTRIES[c] for c in cs])

    def _company(self, country: str) -> tuple[str, str]:
        st = self.st
        brand = (st.pick(PINYIN) + st.pick(PINYIN)).capitalize()
        if st.u() < 0.25:
            name = f"{st.pick(STORE_WORDS)}{brand if st.u() < 0.5 else ''} {st.pick(STORE_SUFFIX)}".replace("  ", " ")
            return name.strip(), _slug(name)
        if country == "CN":
            city = st.pick(CN_CITIES)[0]
            name = f"{city} {brand} {st.pick(CN_INDUSTRY)} Co., {st.pick(['Ltd.', 'Ltd', 'Limited'])}"
            return name, _slug(brand + st.pick(["tech", "trade", "", "group", "ec"]))
        if country == "HK":
            name = f"{brand} {st.pick(['(HK) Limited', 'International Trading Limited', 'Hong Kong Co., Limited'])}"
            return name, _slug(brand + "hk")
        words, inds, sufs, tpl = COMPANY.get(country, COMPANY["US"])
        w = st.pick(words)
        name = tpl.format(w=w, i=st.pick(inds), s=st.pick(sufs)).replace("  ", " ").strip()
        return name, _slug(w + st.pick(["", "trade", "group", "co", "shop"]))

    def _seller_address(self, country: str) -> str:
        st = self.st
        if country == "CN":
            city, prov, dists = st.pick(CN_CITIES)
            return (f"Room {st.randint(1, 30)}{st.randint(1, 20):02d}, Building {st.randint(1, 12)}, "
                    f"No. {st.randint(1, 399)} {st.pick(CN_ROADS)} Road, {st.pick(dists)} District, {city}, {prov}")
        streets, cities = SELLER_CITIES.get(country, SELLER_CITIES["US"])
        if country == "HK":
            return (f"Flat {st.pick('ABCDEFG')}, {st.randint(2, 28)}/F, {st.pick(PINYIN).capitalize()} Building, "
                    f"{st.randint(1, 300)} {st.pick(streets)}, {st.pick(cities)}, Hong Kong")
        return f"{st.randint(1, 250)} {st.pick(streets)}, {st.pick(cities)}, {COUNTRY_NAMES.get(country, country)}"

    def _seller_email(self, country: str, slug: str, kind: str | None = None) -> str:
        st = self.st
        kind = kind or st.wpick(["company", "national", "free"], [0.35, 0.3 if country in NATIONAL_MAIL else 0, 0.35])
        if kind == "company":
            local = st.pick(["sales", "info", "service", "support", "contact", "export", "admin", "shop"])
            tld = st.pick(COMPANY_TLD.get(country, ["com"]))
            return f"{local}@{slug}.{tld}"
        if country in ("CN", "HK", "SG", "MY"):
            person = (st.pick(["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "lin"])
                      + st.pick(["wei", "fang", "na", "min", "jing", "lei", "jun", "yan", "jie", "tao", "hui"]))
        else:
            person = st.pick(["orders", "shop", "store", "sales", "office", "team"]) + st.pick(["", "."]) + slug[:6]
        local = st.pick([slug, slug + st.digits(st.randint(2, 4)), person + st.digits(st.randint(2, 6))])
        if kind == "national" and country in NATIONAL_MAIL:
            dom = st.pick(NATIONAL_MAIL[country])
            if dom in ("qq.com",) and st.u() < 0.5:
                local = str(st.randint(10 ** 7, 3 * 10 ** 9))
            return f"{local}@{dom}"
        return f"{local}@{st.pick(FREE_MAIL)}"

    def _carriers_for(self, country: str) -> tuple[int, int, float]:
        st = self.st
        posts = [i for i, c in enumerate(CARRIERS) if c[1] == country and c[2] == "postal"]
        couriers = [i for i, c in enumerate(CARRIERS) if c[1] == country and c[2] in ("express", "consol")]
        glob = [CARRIER_IX[g] for g in GLOBAL_EXPRESS]
        if country == "CN":
            pool = [(posts, 0.35), (couriers, 0.5), (glob, 0.15)]
        else:
            pool = [(posts, 0.45), (couriers, 0.25), (glob, 0.3)]
        pool = [(p, w) for p, w in pool if p]
        first = st.pick(st.wpick([p for p, _ in pool], [w for _, w in pool]))
        second = st.pick(st.wpick([p for p, _ in pool], [w for _, w in pool]))
        return first, second, st.uniform(0.7, 1.0)

    def _hs_profile(self, country: str, groups: list[str] | None = None) -> tuple[list[int], list[float]]:
        st = self.st
        boost = GROUP_BOOST.get(country, {})
        if groups is None:
            names = list(GROUP_WEIGHT)
            g = st.wpick(names, [GROUP_WEIGHT[k] * boost.get(k, 1.0) for k in names])
            groups = [g]
        codes = []
        for _ in range(3):
            idx = GROUPS[st.pick(groups)]
            codes.append(st.wpick(idx, [HS_POP[i] for i in idx]))
        codes.append(st.wpick(list(range(len(HS_TABLE))), list(HS_POP)))
        w = [-math.log(max(st.u(), 1e-9)) for _ in range(3)]
        w.append(sum(w) * st.uniform(0.03, 0.15))
        tot = sum(w)
        return codes, [x / tot for x in w]

    def _new_seller(self, country: str, kind: str = "honest", groups: list[str] | None = None, **kw) -> int:
        st = self.st
        name, slug = self._company(country)
        address = self._seller_address(country)
        phones = _phone_formats(st, country)
        c1, c2, pc1 = self._carriers_for(country)
        s10cc = country if country != "CN" or st.u() < 0.85 else st.pick(["HK", "SG", "NL"])
        dep, origin = country, country
        if country == "CN" and st.u() < 0.07:          # honest CN seller routing through Hong Kong Post
            dep, c1, c2, s10cc = "HK", CARRIER_IX["Hongkong Post"], CARRIER_IX["SF Express"], "HK"
        pcn = {"HK": 0.85, "SG": 0.7, "AE": 0.5, "US": 0.2, "GB": 0.2, "DE": 0.15, "FR": 0.15, "NL": 0.25, "KR": 0.1,
               "JP": 0.1, "MY": 0.1, "TH": 0.08, "VN": 0.05, "TR": 0.03, "IN": 0.02}.get(country, 0.0)
        codes, probs = self._hs_profile(country, groups)
        plat_key = "EU" if self.dest in EU else self.dest
        main = st.wpick([0, 1, 2], [0.45, 0.2, 0.35] if country == "CN" else [0.5, 0.1, 0.4])
        d = dict(
            country=country, declared=country, names=_variants(name, st), addrs=_variants(address, st),
            phones=phones, pmain=main, pvar=st.uniform(0.0, 0.15), email=self._seller_email(country, slug),
            slug=slug, c1=c1, c2=c2, pc1=pc1, s10cc=s10cc, s10pre=st.pick(S10_PREFIXES), origin=origin, pcn=pcn,
            dep=dep, hs=codes, hsp=probs, mult=math.exp(st.uniform(-0.3, 0.3)),
            platform=st.pick(PLATFORMS[plat_key]) if st.u() < 0.85 else "", kind=kind,
        )
        d.update(kw)
        self.sellers.append(d)
        return len(self.sellers) - 1

    # buyers -------------------------------------------------------------------------------------------------------
    def _person(self, family: str | None = None) -> tuple[str, list[str], str, str]:
        """Canonical name, alternative spellings, latin first and last name (for e-mails)."""
        st, dest = self.st, self.dest
        if dest in ("SA", "AE", "EG"):
            first_l, first_a = st.pick(AR_MALE if st.u() < 0.6 else AR_FEMALE)
            fam = family or st.pick(AR_FAMILY[dest])[0]
            fam_a = dict(AR_FAMILY[dest]).get(fam, fam)
            f0 = first_l[0]
            mid = ""
            if dest == "EG" and st.u() < 0.5:
                mid_l, _ = st.pick(AR_MALE)
                mid = " " + mid_l[0]
            latin = f"{f0}{mid} {fam}"
            arabic = f"{first_a} {fam_a}"
            alts = [f"{st.pick(first_l)}{mid} {fam}"]
            for a, b in TRANSLIT_FAMILY:
                if fam.startswith(a):
                    alts.append(f"{f0}{mid} {b}{fam[len(a):]}")
                    break
            if st.u() < self.p_arabic:
                return arabic, [latin] + alts, f0, fam
            return latin, alts + [arabic], f0, fam
        if dest == "KR":
            fam_h, fam_r = st.pick(KR_FAMILY) if family is None else next(x for x in KR_FAMILY if x[0] == family)
            s1, s2 = st.pick(KR_SYL), st.pick(KR_SYL)
            given_h = s1[0] + s2[0]
            hyph = f"{s1[1].capitalize()}-{s2[1]}"
            joined = (s1[1] + s2[1]).capitalize()
            rom = st.pick(fam_r)
            latin_forms = [f"{rom} {hyph}", f"{hyph} {rom}", f"{joined} {rom}", f"{rom.upper()} {joined.upper()}"]
            hangul = fam_h + given_h
            alts = [f for f in latin_forms] + [f"{st.pick(fam_r)} {hyph}"]
            if st.u() < self.p_hangul:
                return hangul, [st.pick(latin_forms), hangul[0] + " " + hangul[1:]], joined, rom
            first = st.pick(latin_forms)
            return first, [hangul] + alts, joined, rom
        firsts, lasts = WEST_NAMES[dest if dest in WEST_NAMES else "US"]
        f = st.pick(firsts)
        last = family or st.pick(lasts)
        name = f"{f} {last}"
        return name, [f"{f[0]}. {last}", name.upper()], f, last

    def _buyer_address(self) -> list[str]:
        st, dest = self.st, self.dest
        if dest == "SA":
            city, city_a, dists, dists_a, zips = st.pick(SA_CITIES)
            k = st.i(len(dists))
            street, street_a = st.pick(SA_STREETS)
            num, zp = st.randint(1000, 9999), st.pick(zips) + st.digits(3)
            lat = f"{num} {street}, {dists[k]}, {city} {zp}"
            ar = f"{num} {street_a}، {dists_a[k]}، {city_a} {zp}"
        elif dest == "AE":
            city, city_a, dists, dists_a = st.pick(AE_CITIES)
            k = st.i(len(dists))
            if st.u() < 0.5:
                n1, n2 = st.randint(1, 90), st.randint(1, 40)
                lat = f"Villa {n1}, Street {n2}, {dists[k]}, {city}"
                ar = f"فيلا {n1}، شارع {n2}، {dists_a[k]}، {city_a}"
            else:
                n1, n2 = st.randint(101, 3512), st.randint(1, 60)
                lat = f"Flat {n1}, Building {n2}, {dists[k]}, {city}"
                ar = f"شقة {n1}، بناية {n2}، {dists_a[k]}، {city_a}"
        elif dest == "EG":
            city, city_a, dists, dists_a = st.pick(EG_CITIES)
            k = st.i(len(dists))
            street, street_a = st.pick(EG_STREETS)
            n1, apt = st.randint(1, 180), st.randint(1, 40)
            lat = f"{n1} {street}, Apt {apt}, {dists[k]}, {city}"
            ar = f"{n1} {street_a}، شقة {apt}، {dists_a[k]}، {city_a}"
        elif dest == "KR":
            city_h, city_r, gus = st.pick(KR_PLACES)
            gu_h, gu_r, roads = st.pick(gus)
            road_h, road_r = st.pick(roads)
            n1, dong, ho = st.randint(1, 400), st.randint(101, 115), st.randint(1, 25) * 100 + st.randint(1, 8)
            hang = f"{city_h} {gu_h} {road_h} {n1}, {dong}동 {ho}호"
            lat = f"{dong}-{ho}, {n1} {road_r}, {gu_r}, {city_r} {st.digits(5)}"
            return [hang, lat, hang.replace(", ", " ")] if st.u() < self.p_hangul else [lat, hang, lat.upper()]
        else:
            streets, cities = WEST_PLACES[dest]
            street = st.pick(streets)
            city, pc = st.pick(cities)
            n1 = st.randint(1, 220)
            if dest == "NL":
                lat = f"{street} {n1}, {pc}{st.digits(2)} {st.pick('ABCDEGHJKLMNPRSTVWXZ')}" \
                      f"{st.pick('ABCDEGHJKLMNPRSTVWXZ')} {city}"
            elif dest == "DE":
                lat = f"{street} {n1}, {pc}{st.digits(3)} {city}"
            elif dest == "FR":
                lat = f"{n1} {street}, {pc}{st.digits(3)} {city}"
            else:
                apt = f" Apt {st.randint(1, 40)}" if st.u() < 0.4 else ""
                lat = f"{n1} {street}{apt}, {city} {pc}{st.digits(2)}"
            return _variants(lat, st)
        if st.u() < self.p_arabic:
            return [ar, lat, _variants(ar, st)[1]]
        return [lat, _variants(lat, st)[1], ar]

    def _buyer_email(self, first: str, last: str) -> str:
        st = self.st
        doms, ws = BUYER_MAIL[self.dest]
        f, la = _ascii(first).lower().replace(" ", ""), _ascii(last).lower().replace(" ", "").replace("-", "")
        local = st.pick([f"{f}.{la}", f"{f}{la}{st.digits(2)}", f"{f[:1]}{la}{st.digits(st.randint(1, 4))}",
                         f"{f}_{st.digits(4)}", f"{la}.{f}{st.digits(2)}"])
        return f"{local or 'user' + st.digits(5)}@{st.wpick(doms, ws)}"

    def _new_buyer(self, kind: str = "honest", name: str | None = None, address: list[str] | None = None,
                   phones: list[str] | None = None, family: str | None = None) -> int:
        st = self.st
        if name is None:
            canon, alts, f, la = self._person(family)
            names = _variants(canon, st, alts)
        else:
            names = _variants(name, st)
            f, la = name.split(" ")[0], "corp"
        d = dict(
            names=names, addrs=address if address is not None else self._buyer_address(),
            phones=phones if phones is not None else _phone_formats(st, self.dest),
            pmain=st.wpick([0, 1, 2], [0.25, 0.05, 0.7]), pvar=st.uniform(0.0, 0.12),
            email=self._buyer_email(f, la), kind=kind,
        )
        self.buyers.append(d)
        return len(self.buyers) - 1

    # ----- honest population --------------------------------------------------------------------------------------
    def _population(self) -> None:
        st, rng, D = self.st, self.rng, self.days
        n_s = max(40, int(round(self.n / st.uniform(25, 45))))
        n_b = max(200, int(round(self.n / st.uniform(2.0, 3.0))))
        first = len(self.sellers)
        self.mega = self._new_seller("CN" if self.dest != "CN" else "HK", kind="trap",
                                     groups=["electronics", "apparel", "household", "toys"])
        self.sellers[self.mega]["platform"] = st.pick(["Temu", "Shein", "AliExpress"])
        for _ in range(n_s - 1):
            self._new_seller(self._seller_country())
        self.honest_sellers = np.arange(first, len(self.sellers))
        k = len(self.honest_sellers)
        start = np.zeros(k, dtype=int)
        end = np.full(k, D - 1, dtype=int)
        r = rng.random(k)
        late = (r >= 0.65) & (r < 0.85)
        start[late] = (rng.uniform(0.1, 0.8, late.sum()) * D).astype(int)
        short = r >= 0.85
        start[short] = (rng.uniform(0, 0.5, short.sum()) * D).astype(int)
        end[short] = np.minimum(D - 1, start[short] + (rng.uniform(0.2, 0.5, short.sum()) * D).astype(int))
        full = r < 0.65
        start[full] = (rng.uniform(0, 0.1, full.sum()) * D).astype(int)
        end[full] = (rng.uniform(0.9, 1.0, full.sum()) * D).astype(int).clip(0, D - 1)
        start[0], end[0] = 0, D - 1
        self.hs_start, self.hs_end = start, end
        self.hs_weight = rng.lognormal(0, 1.3, k) * (end - start + 1) / D
        first_b = len(self.buyers)
        for _ in range(n_b):
            self._new_buyer()
        self.honest_buyers = np.arange(first_b, len(self.buyers))
        self.hb_weight = rng.lognormal(0, 0.9, n_b)

    # ----- rings ------------------------------------------------------------------------------------------------
    def _ring_size(self, minimum: int = 3) -> int:
        lo, hi = math.log(3), math.log(max(self.max_parties, 4))
        return max(minimum, int(round(math.exp(self.st.uniform(lo, hi)))))

    def _register(self, typology: str, sellers: list[int], buyers: list[int]) -> int:
        self.rings.append(dict(typology=typology, sellers=list(sellers), buyers=list(buyers)))
        self.busy_buyers.update(buyers)
        return len(self.rings) - 1

    def _codes(self, groups: list[str], k: int) -> list[int]:
        idx = [i for g in groups for i in GROUPS[g]]
        return [self.st.wpick(idx, [HS_POP[i] for i in idx]) for _ in range(k)]

    def _plant_splitting(self, P: int) -> None:
        st, rng = self.st, self.rng
        n_s = int(np.clip(round(P * st.uniform(0.05, 0.2)), 1, 4))
        n_b = max(1, P - n_s)
        mode = "buyer" if n_b < 2 else st.wpick(["buyer", "address", "phone"], [0.5, 0.3, 0.2])
        country = self._seller_country()
        groups = ["electronics", "watches", "cosmetics", "bags", "footwear", "apparel", "accessories", "jewellery"]
        sellers = [self._new_seller(country if st.u() < 0.7 else self._seller_country(), kind="ring", groups=groups)
                   for _ in range(n_s)]
        codes = self._codes(groups, st.randint(1, 3))
        hi = st.uniform(0.05, 0.25)
        lo = st.uniform(0.003, max(0.005, hi - 0.03))
        consignees: list[list[int]] = []
        if mode == "buyer":
            consignees = [[self._new_buyer()] for _ in range(n_b)]
        else:
            left = n_b
            while left > 0:
                g = min(left, st.randint(2, 4))
                if left - g == 1:
                    g += 1
                if mode == "address":
                    addr = self._buyer_address()
                    consignees.append([self._new_buyer(address=addr) for _ in range(g)])
                else:
                    ph = _phone_formats(st, self.dest)
                    consignees.append([self._new_buyer(phones=ph) for _ in range(g)])
                left -= g
        buyers = [b for g in consignees for b in g]
        rid = self._register("splitting", sellers, buyers)
        main = st.i(n_s)
        for grp in consignees:
            k = max(len(grp), st.wpick([st.randint(3, 5), st.randint(5, 9), st.randint(9, 16)], [0.2, 0.5, 0.3]))
            span = st.uniform(4, 42)
            a = st.uniform(0, max(1.0, self.days - span - 1))
            day = np.sort((a + rng.random(k) * span).astype(int)).clip(0, self.days - 1)
            rec = np.array(grp + [st.pick(grp) for _ in range(k - len(grp))])
            rng.shuffle(rec)
            sel = np.array([sellers[main] if st.u() < 0.6 else st.pick(sellers) for _ in range(k)])
            value = self.thr * (1 - rng.uniform(lo, hi, k))
            hs = np.array([st.pick(codes) for _ in range(k)])
            w, q = self._weight_for_value(hs, value)
            self._add(sel, rec, day, hs, w, q, value, 1, value * self._tax(hs), rid, 1)
            extra = st.wpick([0, 1, 2], [0.6, 0.3, 0.1])
            if extra:
                hs2 = np.array([st.pick(codes) for _ in range(extra)])
                w2, q2, v2 = self._goods(hs2, 0.6)
                d2 = self._days(0, self.days - 1, extra)
                self._add(st.pick(sellers), st.pick(grp), d2, hs2, w2, q2, np.minimum(v2, self.thr * 0.5), 0, 0.0,
                          rid, 3)

    def _plant_undervaluation(self, P: int) -> None:
        st, rng = self.st, self.rng
        n_s = int(np.clip(round(P * st.uniform(0.08, 0.3)), 1, 6))
        n_b = max(1, P - n_s)
        grp = st.wpick(["apparel", "electronics", "footwear", "toys", "cosmetics", "bags", "household", "auto_parts",
                        "watches"], [5, 5, 3, 2, 3, 2, 3, 2, 1])
        codes = self._codes([grp], st.randint(1, 3))
        country = self._seller_country()
        sellers = [self._new_seller(country if st.u() < 0.8 else self._seller_country(), kind="ring", groups=[grp])
                   for _ in range(n_s)]
        buyers = [self._new_buyer() for _ in range(n_b)]
        rid = self._register("undervaluation", sellers, buyers)
        factor = st.uniform(0.08, 0.33)
        honest_share = st.uniform(0.0, 0.3)
        spans = []
        for _ in sellers:
            length = st.uniform(0.3, 1.0) * self.days
            a = st.uniform(0, self.days - length)
            spans.append((int(a), int(a + length) - 1))
        per_seller = {s: 0 for s in range(n_s)}
        ss, bb = [], []
        for b in buyers:
            home = st.i(n_s)
            for _ in range(st.wpick([1, 2, 3, 4], [0.45, 0.3, 0.17, 0.08])):
                k = home if st.u() < 0.85 else st.i(n_s)
                ss.append(k)
                bb.append(b)
                per_seller[k] += 1
        for k, c in per_seller.items():
            for _ in range(max(0, st.randint(2, 4) - c)):
                ss.append(k)
                bb.append(st.pick(buyers))
        ss_a = np.array(ss)
        n = len(ss_a)
        a = np.array([spans[k][0] for k in ss_a])
        b_ = np.array([spans[k][1] for k in ss_a])
        day = self._days(a, b_)
        hs = np.array([st.pick(codes) for _ in range(n)])
        mult = np.array([self.sellers[sellers[k]]["mult"] for k in ss_a])
        w, q, true_v = self._goods(hs, mult)
        under = rng.random(n) >= honest_share
        f = factor * np.exp(rng.normal(0, 0.12, n))
        value = np.where(under, true_v * f, true_v)
        rev = np.where(under, (true_v - value) * self._tax(hs) + 0.05 * true_v, 0.0)
        self._add(np.array(sellers)[ss_a], np.array(bb), day, hs, w, q, value, under.astype(np.int8), rev, rid,
                  np.where(under, 1, 3))

    def _plant_shell(self, P: int) -> None:
        st, rng = self.st, self.rng
        n_s = int(np.clip(round(P * st.uniform(0.3, 0.65)), 2, 14))
        n_b = max(1, P - n_s)
        country = "CN" if st.u() < 0.7 else self._seller_country()
        grp = st.pick(["electronics", "apparel", "cosmetics", "watches", "bags", "footwear", "toys"])
        sellers = [self._new_seller(country, kind="ring", groups=[grp]) for _ in range(n_s)]
        modes = st.sample(["phone", "email", "domain", "address"], 1 if st.u() < 0.55 else 2)
        if n_s >= 5 and len(modes) == 2 and st.u() < 0.6:
            cut = n_s // 2
            subsets = [(modes[0], sellers[:cut + 1]), (modes[1], sellers[cut:])]
        else:
            subsets = [(m, sellers) for m in modes]
        for mode, members in subsets:
            src = self.sellers[members[0]]
            if mode == "phone":
                ph = _phone_formats(st, country)
                for m in members:
                    self.sellers[m]["phones"] = ph
                    self.sellers[m]["pmain"] = st.wpick([0, 1, 2], [0.5, 0.2, 0.3])
            elif mode == "email":
                em = self._seller_email(country, src["slug"], kind=st.pick(["national", "company", "free"]))
                for m in members:
                    self.sellers[m]["email"] = em
            elif mode == "domain":
                dom = f"{src['slug']}{st.pick(['', 'group', 'intl'])}.{st.pick(COMPANY_TLD.get(country, ['com']))}"
                locals_ = st.sample(["sales", "info", "service", "support", "export", "admin", "shop", "contact",
                                     "order", "cs", "market", "trade", "office", "hr"], len(members))
                for m, loc in zip(members, locals_, strict=False):
                    self.sellers[m]["email"] = f"{loc}@{dom}"
            else:
                addr = src["addrs"]
                for m in members:
                    self.sellers[m]["addrs"] = list(addr)
        buyers = [self._new_buyer() for _ in range(n_b)]
        rid = self._register("shell_sellers", sellers, buyers)
        ss, bb = [], []
        for b in buyers:
            for _ in range(st.randint(2, 5)):
                ss.append(st.pick(sellers))
                bb.append(b)
        for s in sellers:
            for _ in range(max(0, st.randint(2, 6) - ss.count(s))):
                ss.append(s)
                bb.append(st.pick(buyers))
        n = len(ss)
        length = st.uniform(0.25, 1.0) * self.days
        a = st.uniform(0, self.days - length)
        day = self._days(int(a), int(a + length) - 1, n)
        codes = GROUPS[grp]
        hs = np.array([st.wpick(codes, [HS_POP[i] for i in codes]) for _ in range(n)])
        w, q, v = self._goods(hs, np.array([self.sellers[s]["mult"] for s in ss]))
        rev = v * self._tax(hs) * rng.uniform(0.3, 1.2, n)
        self._add(np.array(ss), np.array(bb), day, hs, w, q, v, 1, rev, rid, 1)

    def _plant_mule(self, P: int) -> None:
        st, rng = self.st, self.rng
        n_s = 1 if P <= 6 else st.randint(1, 3)
        n_b = max(4, P - n_s)
        mode = st.wpick(["address", "phone", "both"], [0.5, 0.3, 0.2])
        grp = st.pick(["electronics", "cosmetics", "watches", "pharma", "bags", "jewellery", "footwear"])
        country = self._seller_country()
        sellers = [self._new_seller(country, kind="ring", groups=[grp]) for _ in range(n_s)]
        sizes = []
        left = n_b
        while left > 0:
            g = min(left, st.randint(4, 40) if left > 40 else left)
            if 0 < left - g < 4:
                g = left
            sizes.append(g)
            left -= g
        buyers = []
        for g in sizes:
            addr = self._buyer_address()
            ph = _phone_formats(st, self.dest)
            for _ in range(g):
                buyers.append(self._new_buyer(address=addr if mode in ("address", "both") else None,
                                              phones=ph if mode in ("phone", "both") else None))
        rid = self._register("mule_buyers", sellers, buyers)
        ss, bb = [], []
        for b in buyers:
            for _ in range(st.wpick([1, 2, 3], [0.5, 0.35, 0.15])):
                ss.append(st.pick(sellers))
                bb.append(b)
        n = len(ss)
        length = st.uniform(20, 150)
        a = st.uniform(0, max(1.0, self.days - length))
        day = self._days(int(a), int(a + length), n)
        codes = GROUPS[grp]
        hs = np.array([st.wpick(codes, [HS_POP[i] for i in codes]) for _ in range(n)])
        w, q, v = self._goods(hs, 1.0)
        rev = v * self._tax(hs) * rng.uniform(0.5, 1.5, n)
        self._add(np.array(ss), np.array(bb), day, hs, w, q, v, 1, rev, rid, 1)

    def _plant_laundering(self, P: int) -> None:
        st, rng = self.st, self.rng
        true_c = st.wpick(["CN", "IN", "KR", "TR", "RU"], [0.82, 0.05, 0.04, 0.04, 0.05])
        transits = [c for c in ["MY", "VN", "TH", "TR", "MX", "ID", "KH", "AE", "IN"] if c not in (true_c, self.dest)]
        transit = st.wpick(transits, [{"MY": 20, "VN": 20, "TH": 15, "TR": 10, "MX": 8, "ID": 8, "KH": 7, "AE": 7,
                                       "IN": 5}[c] for c in transits])
        n_s = int(np.clip(round(P * st.uniform(0.12, 0.35)), 1, 8))
        n_b = max(1, P - n_s)
        pieces = ["seller_country", "phone", "email", "carrier", "postal"]
        k = st.wpick([1, 2, 3, 4], [0.2, 0.35, 0.3, 0.15])
        evidence = set()
        while len(evidence) < k:
            evidence.add(st.wpick(pieces, [0.5, 1, 1, 1, 0.8]))
        td = st.sample([g for g in TD_GROUPS], st.randint(1, 2))
        td_codes = self._codes(td, st.randint(1, 3))
        other = self._codes([st.pick(["household", "electronics", "auto_parts"])], 2)
        td_share = st.uniform(0.5, 1.0)
        sellers = []
        for _ in range(n_s):
            ev = set(evidence)
            if len(ev) > 1 and st.u() < 0.25:
                ev.discard(st.pick(sorted(ev)))
            s = self._new_seller(transit, kind="ring", groups=td)
            d = self.sellers[s]
            name, slug = self._company(transit if st.u() < 0.6 else true_c)
            d["names"] = _variants(name, st)
            d["slug"] = slug
            d["declared"] = true_c if "seller_country" in ev else (transit if st.u() < 0.6 else "")
            if "phone" in ev:
                d["phones"] = _phone_formats(st, true_c)
                d["pmain"], d["pvar"] = st.wpick([0, 1], [0.7, 0.3]), st.uniform(0, 0.08)
            elif st.u() < 0.3:
                d["phones"] = _phone_formats(st, true_c)
                d["pmain"], d["pvar"] = 2, 0.0
            if "email" in ev:
                d["email"] = self._seller_email(true_c, slug, kind="national" if true_c in NATIONAL_MAIL and
                                                st.u() < 0.6 else "company")
            else:
                d["email"] = self._seller_email(transit, slug, kind=st.pick(["free", "company"]))
            posts_c = [i for i, c in enumerate(CARRIERS) if c[1] == true_c and c[2] == "postal"]
            couriers_c = [i for i, c in enumerate(CARRIERS) if c[1] == true_c and c[2] in ("express", "consol")]
            posts_t = [i for i, c in enumerate(CARRIERS) if c[1] == transit and c[2] == "postal"]
            neutral = [CARRIER_IX["Asendia"], CARRIER_IX["Landmark Global"]]
            if "carrier" in ev and "postal" in ev and posts_c:
                d["c1"] = d["c2"] = st.pick(posts_c)
                d["s10cc"] = true_c
            elif "carrier" in ev and (couriers_c or posts_c):
                express_c = [i for i in couriers_c if CARRIERS[i][2] == "express"]
                d["c1"] = d["c2"] = st.pick(express_c or couriers_c or posts_c)
                d["s10cc"] = transit
            elif "postal" in ev:
                d["c1"] = d["c2"] = st.pick(neutral)
                d["s10cc"] = true_c
            else:
                d["c1"] = d["c2"] = st.pick(posts_t) if posts_t and st.u() < 0.5 else CARRIER_IX["DHL Express"]
                d["s10cc"] = transit
            d["pc1"] = 1.0
            d["origin"], d["dep"], d["pcn"] = transit, transit, 0.0
            d["laundering"] = dict(true=true_c, transit=transit, evidence=sorted(ev))
            sellers.append(s)
        buyers = [self._new_buyer() for _ in range(n_b)]
        rid = self._register("origin_laundering", sellers, buyers)
        ss, bb = [], []
        for b in buyers:
            for _ in range(st.wpick([1, 2, 3], [0.55, 0.3, 0.15])):
                ss.append(st.pick(sellers))
                bb.append(b)
        for s in sellers:
            for _ in range(max(0, st.randint(3, 7) - ss.count(s))):
                ss.append(s)
                bb.append(st.pick(buyers))
        n = len(ss)
        length = st.uniform(0.3, 1.0) * self.days
        a = st.uniform(0, self.days - length)
        day = self._days(int(a), int(a + length) - 1, n)
        is_td = rng.random(n) < td_share
        hs = np.array([st.pick(td_codes) if t else st.pick(other) for t in is_td])
        w, q, v = self._goods(hs, 1.0)
        rev = np.where(HS_TD[hs], v * rng.uniform(0.2, 1.0, n), v * 0.08) + v * 0.02
        self._add(np.array(ss), np.array(bb), day, hs, w, q, v, 1, rev, rid, 1)

    def _plant_burst(self, P: int) -> None:
        st, rng = self.st, self.rng
        n_s = int(np.clip(round(P * st.uniform(0.1, 0.3)), 1, 5))
        n_b = max(n_s, P - n_s)
        grp = st.pick(["electronics", "apparel", "cosmetics", "footwear", "watches", "toys", "bags"])
        country = self._seller_country()
        sellers = [self._new_seller(country if st.u() < 0.7 else self._seller_country(), kind="ring", groups=[grp])
                   for _ in range(n_s)]
        buyers = [self._new_buyer() for _ in range(n_b)]
        rid = self._register("burst", sellers, buyers)
        order = list(range(n_b))
        owner = {b: order.index(b) % n_s for b in order}
        codes = GROUPS[grp]
        for k, s in enumerate(sellers):
            mine = [buyers[b] for b in order if owner[b] == k]
            span = st.randint(1, 24) if st.u() < 0.9 else st.randint(25, 35)
            start = st.randint(0, max(0, self.days - span - 1))
            target = st.wpick([st.randint(8, 14), st.randint(14, 40), st.randint(40, 90)], [0.25, 0.55, 0.2])
            ppb = [st.randint(2, 6) for _ in mine]
            while sum(ppb) < target:
                ppb[st.i(len(ppb))] += 1
            bb = np.repeat(mine, ppb)
            n = len(bb)
            day = (start + rng.random(n) * span).astype(int).clip(0, self.days - 1)
            hs = np.array([st.wpick(codes, [HS_POP[i] for i in codes]) for _ in range(n)])
            w, q, v = self._goods(hs, self.sellers[s]["mult"])
            rev = v * self._tax(hs) * rng.uniform(0.4, 1.2, n)
            self._add(s, bb, day, hs, w, q, v, 1, rev, rid, 1)

    def _plant_rings(self) -> None:
        planters = {"splitting": self._plant_splitting, "undervaluation": self._plant_undervaluation,
                    "shell_sellers": self._plant_shell, "mule_buyers": self._plant_mule,
                    "origin_laundering": self._plant_laundering, "burst": self._plant_burst}
        order = [s for s in SCHEMES for _ in range(self.n_rings[s])]
        perm = self.rng.permutation(len(order))
        for i in perm:
            scheme = order[i]
            planters[scheme](self._ring_size(5 if scheme == "mule_buyers" else 3))

    # ----- honest traps that need their own parcels ------------------------------------------------------------------
    def _pick_buyers(self, k: int) -> list[int]:
        free = [int(b) for b in self.honest_buyers if int(b) not in self.busy_buyers]
        out = self.st.sample(free, k)
        self.busy_buyers.update(out)
        return out

    def _trap(self, name: str, sellers=(), buyers=()) -> None:
        self.traps.append(dict(name=name, sellers=list(sellers), buyers=list(buyers)))

    def _plant_special_traps(self) -> None:
        st, rng, D = self.st, self.rng, self.days
        scale = self.n / 20000
        hs_idx = self.honest_sellers
        # corporate buyers: many parcels above the threshold, one name, several sellers
        corp = []
        words, sufs = CORP_WORDS[self.dest]
        for _ in range(st.randint(2, 5)):
            nm = f"{st.pick(words)} {st.pick(sufs)}"
            b = self._new_buyer(kind="trap", name=nm)
            corp.append(b)
            k = int(st.randint(12, 60) * min(2.0, max(0.5, scale)))
            sel = rng.choice(hs_idx[1:], st.randint(3, 10))
            s = rng.choice(sel, k)
            hs = np.array([st.pick(self.sellers[x]["hs"]) for x in s])
            value = self.thr * rng.uniform(1.1, 6.0, k)
            w, q = self._weight_for_value(hs, value)
            self._add(s, b, self._days(0, D - 1, k), hs, w, q, value, kind=2)
        self._trap("corporate_buyers", buyers=corp)
        # honest buyers with a few near-threshold parcels, spread over months, some above it
        nb = int(np.clip(20 * scale, 8, 60))
        near = self._pick_buyers(nb)
        for b in near:
            k = st.randint(1, 3)
            s = rng.choice(hs_idx, k)
            hs = np.array([st.pick(self.sellers[x]["hs"]) for x in s])
            value = self.thr * rng.uniform(0.75, 0.995, k)
            w, q = self._weight_for_value(hs, value)
            day = np.sort(rng.choice(D, k, replace=False))
            self._add(s, b, day, hs, w, q, value, kind=2)
            up = st.wpick([0, 1, 2], [0.4, 0.4, 0.2])
            if up:
                s2 = rng.choice(hs_idx, up)
                hs2 = np.array([st.pick(self.sellers[x]["hs"]) for x in s2])
                v2 = self.thr * rng.uniform(1.05, 3.0, up)
                w2, q2 = self._weight_for_value(hs2, v2)
                self._add(s2, b, self._days(0, D - 1, up), hs2, w2, q2, v2, kind=2)
        self._trap("near_threshold_buyers", buyers=near)
        # honest re-exporters in hubs declaring the true (CN) origin
        rex = []
        for _ in range(st.randint(2, 5)):
            hub = st.wpick(["HK", "SG", "AE"] if self.dest != "AE" else ["HK", "SG"], [0.5, 0.3, 0.2][:2 + (
                self.dest != "AE")])
            s = self._new_seller(hub, kind="trap")
            d = self.sellers[s]
            d["pcn"] = st.uniform(0.85, 1.0)
            d["email"] = self._seller_email(hub, d["slug"], kind=st.pick(["company", "free"]))
            d["pmain"] = 0
            rex.append(s)
            k = int(st.randint(20, 120) * min(2.0, max(0.4, scale)))
            hs = np.array([st.pick(d["hs"]) for _ in range(k)])
            w, q, v = self._goods(hs, d["mult"])
            self._add(s, rng.choice(self.honest_buyers, k), self._days(0, D - 1, k), hs, w, q, v, kind=2)
        self._trap("honest_reexporters", sellers=rex)
        # clearance sellers: cheap goods across many codes at 40-70% of peers
        clr = []
        for _ in range(st.randint(2, 4)):
            s = self._new_seller(self._seller_country(), kind="trap")
            clr.append(s)
            codes = st.sample(list(range(len(HS_TABLE) - 12)), st.randint(6, 12))
            k = int(st.randint(20, 100) * min(2.0, max(0.4, scale)))
            hs = np.array([st.pick(codes) for _ in range(k)])
            w, q, v = self._goods(hs, st.uniform(0.4, 0.7))
            self._add(s, rng.choice(self.honest_buyers, k), self._days(0, D - 1, k), hs, w, q, v, kind=2)
        self._trap("clearance_sellers", sellers=clr)
        # new honest sellers growing gradually, many buyers one parcel each
        grow = []
        for _ in range(st.randint(2, 5)):
            s = self._new_seller(self._seller_country(), kind="trap")
            grow.append(s)
            a = int(st.uniform(0.2, 0.7) * D)
            k = int(st.randint(25, 120) * min(2.0, max(0.4, scale)))
            day = (a + np.sqrt(rng.random(k)) * (D - 1 - a)).astype(int)
            hs = np.array([st.wpick(self.sellers[s]["hs"], self.sellers[s]["hsp"]) for _ in range(k)])
            w, q, v = self._goods(hs, self.sellers[s]["mult"])
            bb = rng.choice(self.honest_buyers, k, replace=k > len(self.honest_buyers))
            self._add(s, bb, day, hs, w, q, v, kind=2)
        self._trap("new_growing_sellers", sellers=grow)

    # ----- background ---------------------------------------------------------------------------------------------
    def _background(self, n_bg: int) -> None:
        rng = self.rng
        k = len(self.honest_sellers)
        w = self.hs_weight.copy()
        mega_share = self.st.uniform(0.06, 0.18) * self.n / max(n_bg, 1)
        mega_share = min(mega_share, 0.4)
        w[0] = 0.0
        w = w / w.sum() * (1 - mega_share)
        w[0] = mega_share
        sl = rng.choice(k, n_bg, p=w)
        s = self.honest_sellers[sl]
        day = self._days(self.hs_start[sl], self.hs_end[sl])
        bw = self.hb_weight / self.hb_weight.sum()
        b = self.honest_buyers[rng.choice(len(self.honest_buyers), n_bg, p=bw)]
        codes = np.array([self.sellers[x]["hs"] for x in self.honest_sellers])
        probs = np.cumsum(np.array([self.sellers[x]["hsp"] for x in self.honest_sellers]), axis=1)
        u = rng.random(n_bg)[:, None]
        j = np.minimum((u > probs[sl]).sum(1), 3)
        hs = codes[sl, j]
        mult = np.array([self.sellers[x]["mult"] for x in self.honest_sellers])[sl]
        wt, q, v = self._goods(hs, mult)
        self._add(s, b, day, hs, wt, q, v, kind=0)

    # ----- post-processing on parcels ----------------------------------------------------------------------------
    def _assemble(self) -> dict[str, np.ndarray]:
        P = {k: np.concatenate([b[k] for b in self.blocks]) for k in self.blocks[0]}
        return P

    def _leaks_and_overrides(self, P: dict[str, np.ndarray]) -> None:
        st, rng = self.st, self.rng
        bg = np.flatnonzero(P["kind"] == 0)
        used = np.zeros(len(bg), dtype=bool)

        def take(k: int) -> np.ndarray:
            free = np.flatnonzero(~used)
            pick = rng.choice(free, min(k, len(free)), replace=False)
            used[pick] = True
            return bg[pick]

        # ring buyers also shop elsewhere; splitting sellers also trade normally
        for r in self.rings:
            if r["typology"] in ("undervaluation", "origin_laundering", "shell_sellers", "burst", "splitting"):
                for b in r["buyers"]:
                    if st.u() < 0.25:
                        P["b"][take(st.randint(1, 2))] = b
            if r["typology"] == "splitting":
                for s in r["sellers"]:
                    P["s"][take(st.randint(0, 25))] = s
        # lone frauds: single undervalued parcels, not in any ring
        trap_s = {self.mega}
        k = int(round(0.01 * self.n))
        free = np.flatnonzero(~used)
        ok = ~np.isin(P["s"][bg[free]], list(trap_s))
        cand = bg[free[ok]]
        lone = rng.choice(cand, min(k, len(cand)), replace=False)
        f = rng.uniform(0.1, 0.38, len(lone))
        true_v = P["v"][lone]
        P["v"][lone] = true_v * f
        P["fraud"][lone] = 1
        P["rev"][lone] = (true_v - P["v"][lone]) * self._tax(P["hs"][lone]) + 0.05 * true_v
        P["kind"][lone] = 4
        # buyer-side traps on background buyers: forwarder depot and households
        nb = np.bincount(P["b"], minlength=len(self.buyers))
        eligible = [int(b) for b in self.honest_buyers if nb[b] > 0 and int(b) not in self.busy_buyers]
        order = list(rng.permutation(eligible))
        n_depot = int(np.clip(self.n / st.uniform(50, 90), 60, 900))
        depot = [int(x) for x in order[:n_depot]]
        lat, alt = DEPOTS[self.dest]
        depot_phone = _phone_formats(st, self.dest)
        for b in depot:
            self.buyers[b]["addrs"] = [lat, alt, _variants(lat, st)[1]]
            if st.u() < 0.4:
                self.buyers[b]["phones"] = depot_phone
        self.busy_buyers.update(depot)
        self._trap("forwarder_depot", buyers=depot)
        rest = [int(x) for x in order[n_depot:]]
        n_house = int(len(rest) * st.uniform(0.03, 0.07))
        pos, house_members = 0, []
        while pos < min(n_house, len(rest) - 3):
            g = st.wpick([2, 3], [0.7, 0.3])
            grp = rest[pos:pos + g]
            pos += g
            head = self.buyers[grp[0]]
            fam_name = self._family_of(grp[0])
            shared_phone = st.u() < 0.3
            for m in grp[1:]:
                canon, alts, f, la = self._person(fam_name)
                self.buyers[m]["names"] = _variants(canon, st, alts)
                self.buyers[m]["email"] = self._buyer_email(f, la)
                self.buyers[m]["addrs"] = list(head["addrs"])
                if shared_phone:
                    self.buyers[m]["phones"] = list(head["phones"])
            house_members.extend(grp)
        self.busy_buyers.update(house_members)
        self._trap("households", buyers=house_members)
        self._trap("mega_seller", sellers=[self.mega])

    def _family_of(self, b: int) -> str | None:
        if self.dest in ("SA", "AE", "EG"):
            latin = [n for n in self.buyers[b]["names"] if n and n[0].isascii()]
            for fam, _ in AR_FAMILY[self.dest]:
                if latin and latin[0].endswith(fam):
                    return fam
            return None
        if self.dest == "KR":
            for n in self.buyers[b]["names"]:
                if n and not n[0].isascii():
                    return n[0] if any(n[0] == x[0] for x in KR_FAMILY) else None
            return None
        n = self.buyers[b]["names"][0]
        firsts, lasts = WEST_NAMES[self.dest]
        for la in lasts:
            if n.endswith(" " + la):
                return la
        return None

    # ----- labels -----------------------------------------------------------------------------------------------
    def _labels(self, P, first_day) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rng = self.rng
        n = len(P["day"])
        label_days = int(round(self.days * self.label_frac))
        in_lab = np.flatnonzero(P["day"] < label_days)
        k = int(round(self.label_rate * len(in_lab)))
        k_rand = int(round(k * self.random_share))
        inspected = np.zeros(n, dtype=bool)
        if k_rand:
            inspected[rng.choice(in_lab, k_rand, replace=False)] = True
        rest = in_lab[~inspected[in_lab]]
        chap = np.array([c[:2] for c in HS_CODE])[P["hs"][rest]]
        ratio = P["v"][rest] / self.thr
        score = (1.0 + 2.0 * ((ratio > 0.7) & (ratio < 1.0)) + 1.5 * np.isin(chap, list(RISKY_CHAPTERS))
                 + 1.0 * (P["day"][rest] - first_day[P["s"][rest]] < 14) + 0.8 * (ratio > 3)
                 + 1.0 * HS_TD[P["hs"][rest]])
        score = score * rng.lognormal(0, 0.5, len(rest))
        k_rule = min(k - k_rand, len(rest))
        if k_rule > 0:
            inspected[rng.choice(rest, k_rule, replace=False, p=score / score.sum())] = True
        found = inspected & (P["fraud"] == 1) & (rng.random(n) < self.p_find)
        return inspected, found, np.where(found, P["rev"], 0.0)

    # ----- rendering --------------------------------------------------------------------------------------------
    def _country_out(self, codes: np.ndarray) -> np.ndarray:
        if self.country_format == "alpha2":
            return codes
        import pycountry

        table = {}
        for c in np.unique(codes):
            rec = pycountry.countries.get(alpha_2=c) if c else None
            table[c] = rec.alpha_3 if rec else c
        return np.array([table[c] for c in codes], dtype=object)

    def _render(self, P) -> dict[str, Any]:
        rng = self.rng
        n = len(P["day"])
        S, B = self.sellers, self.buyers
        s, b = P["s"], P["b"]
        # ids (random numbers: ids carry no ordering information)
        s_num = rng.choice(10 ** 6 if len(S) < 5 * 10 ** 5 else 10 ** 8, len(S), replace=False) + 1
        b_num = rng.choice(10 ** 7, len(B), replace=False) + 1
        self.seller_ids = np.array([self.seller_id_fmt.format(int(x)) for x in s_num], dtype=object)
        self.buyer_ids = np.array([self.buyer_id_fmt.format(int(x)) for x in b_num], dtype=object)
        var = np.where(rng.random(n) < self.variant_rate, 1 + (rng.random(n) < 0.4), 0)
        var2 = np.where(rng.random(n) < self.variant_rate, 1 + (rng.random(n) < 0.4), 0)
        s_names = np.array([d["names"] for d in S], dtype=object)
        s_addrs = np.array([d["addrs"] for d in S], dtype=object)
        s_phones = np.array([d["phones"] for d in S], dtype=object)
        b_names = np.array([d["names"] for d in B], dtype=object)
        b_addrs = np.array([d["addrs"] for d in B], dtype=object)
        b_phones = np.array([d["phones"] for d in B], dtype=object)

        def style(tab_main, tab_var, idx):
            return np.where(rng.random(n) < tab_var[idx], rng.integers(0, 3, n), tab_main[idx])

        s_pmain = np.array([d["pmain"] for d in S])
        s_pvar = np.array([d["pvar"] for d in S])
        b_pmain = np.array([d["pmain"] for d in B])
        b_pvar = np.array([d["pvar"] for d in B])
        col: dict[str, Any] = {}
        col["seller_id"] = self.seller_ids[s]
        col["seller_name"] = s_names[s, var]
        col["seller_address"] = s_addrs[s, var2]
        col["seller_country"] = np.array([d["declared"] for d in S], dtype=object)[s]
        col["seller_email"] = np.array([d["email"] for d in S], dtype=object)[s]
        col["seller_phone"] = s_phones[s, style(s_pmain, s_pvar, s)]
        col["buyer_id"] = self.buyer_ids[b]
        col["buyer_name"] = b_names[b, var2]
        col["buyer_address"] = b_addrs[b, var]
        col["buyer_country"] = np.full(n, self.dest, dtype=object)
        col["buyer_email"] = np.array([d["email"] for d in B], dtype=object)[b]
        col["buyer_phone"] = b_phones[b, style(b_pmain, b_pvar, b)]
        # route
        pcn = np.array([d["pcn"] for d in S])[s]
        origin = np.where(rng.random(n) < pcn, "CN", np.array([d["origin"] for d in S], dtype=object)[s])
        dep = np.array([d["dep"] for d in S], dtype=object)[s]
        # carriers, channel, transport documents
        c1 = np.array([d["c1"] for d in S])[s]
        c2 = np.array([d["c2"] for d in S])[s]
        carrier = np.where(rng.random(n) < np.array([d["pc1"] for d in S])[s], c1, c2)
        kind = np.array([c[2] for c in CARRIERS], dtype=object)[carrier]
        ccountry = np.array([c[1] for c in CARRIERS], dtype=object)[carrier]
        weight = P["w"]
        postal = (kind != "express") & (weight <= 30)
        channel = np.where(postal, "postal", np.where(weight > 30, "cargo", "express"))
        s10cc = np.where(kind == "postal", ccountry, np.array([d["s10cc"] for d in S], dtype=object)[s])
        s10cc = np.where(s10cc == "", "CN", s10cc)
        doc = np.empty(n, dtype=object)
        pi = np.flatnonzero(postal)
        pre = np.array([d["s10pre"] for d in S], dtype=object)[s[pi]]
        pre = np.where(rng.random(len(pi)) < 0.15, np.array(S10_PREFIXES, dtype=object)[
            rng.integers(0, len(S10_PREFIXES), len(pi))], pre)
        doc[pi] = _s10(rng, pre, s10cc[pi])
        ei = np.flatnonzero(~postal)
        serial = rng.integers(0, 10 ** 7, len(ei))
        air = np.array(AIRLINES, dtype=object)[rng.integers(0, len(AIRLINES), len(ei))]
        cname = np.array([c[0] for c in CARRIERS], dtype=object)[carrier[ei]]
        big = rng.integers(10 ** 9, 10 ** 10, len(ei))
        dash = rng.random(len(ei)) < 0.5
        docs = []
        for j in range(len(ei)):
            nm = cname[j]
            if nm == "DHL Express":
                docs.append(str(big[j]))
            elif nm == "FedEx":
                docs.append(f"{big[j]}{serial[j] % 100:02d}")
            elif nm == "UPS":
                docs.append(f"1Z{big[j] % 10 ** 6:06d}04{serial[j]:08d}")
            elif nm == "SF Express":
                docs.append(f"SF{big[j]}{serial[j] % 1000:03d}")
            else:
                sep = "-" if dash[j] else ""
                docs.append(f"{air[j]}{sep}{serial[j]:07d}{serial[j] % 7}")
        doc[ei] = np.array(docs, dtype=object)
        col["transport_doc"] = doc
        if self.carrier_style == "name":
            cid = np.array([c[0] for c in CARRIERS], dtype=object)
        elif self.carrier_style == "code":
            cid = np.array([c[3] for c in CARRIERS], dtype=object)
        else:
            cid = np.array([f"POST_{c[1]}" if c[2] == "postal" and c[1] else c[3] for c in CARRIERS], dtype=object)
        col["carrier_id"] = cid[carrier]
        # declarants: mostly one per carrier
        dmap = rng.integers(0, len(self.declarants), len(CARRIERS))
        dix = np.where(rng.random(n) < 0.85, dmap[carrier], rng.integers(0, len(self.declarants), n))
        col["declarant_id"] = np.array(self.declarants, dtype=object)[dix]
        col["platform"] = np.array([d["platform"] for d in S], dtype=object)[s]
        # goods
        hs = P["hs"]
        col["hs_code"] = HS_CODE[hs]
        desc_tab = [h[2] for h in HS_TABLE]
        r = rng.random(n)
        ri = rng.integers(0, 8, n)
        col["description"] = np.array([VAGUE[ri[j] % len(VAGUE)] if r[j] < 0.05 else
                                       desc_tab[hs[j]][ri[j] % len(desc_tab[hs[j]])] for j in range(n)], dtype=object)
        col["quantity"] = P["q"]
        wd = self.weight_decimals
        col["gross_weight_kg"] = np.maximum(np.round(weight, wd), 10.0 ** -wd)
        dec = DECIMALS[self.currency]
        v = P["v"]
        if dec == 0:
            step = 100.0 if self.currency == "KRW" else 1.0
            val = np.floor(v / step) * step
        else:
            val = np.floor(v * 100) / 100
        col["declared_value"] = np.maximum(val, 10.0 ** -dec if dec else 100.0)
        col["currency"] = np.full(n, self.currency, dtype=object)
        col["origin_country"] = origin
        col["departure_country"] = dep
        col["destination_country"] = np.full(n, self.dest, dtype=object)
        near = {("TR", "DE"), ("TR", "NL"), ("TR", "FR"), ("AE", "SA"), ("SA", "AE"), ("MX", "US"), ("CH", "DE"),
                ("CH", "FR"), ("GB", "NL"), ("GB", "FR"), ("GB", "DE"), ("AE", "EG")}
        road_ok = np.array([(x, self.dest) in near for x in dep])
        mode_i = np.where(road_ok & (rng.random(n) < 0.6), 1, 0)
        mode_i = np.where((channel == "cargo") & (rng.random(n) < 0.5), 2, mode_i)
        col["transport_mode"] = np.array(self.mode_style, dtype=object)[mode_i]
        col["channel"] = channel
        return col

    # ----- main ---------------------------------------------------------------------------------------------------
    def build(self) -> World:
        t0 = time.perf_counter()
        self._population()
        self._plant_rings()
        self._plant_special_traps()
        n_bg = self.n - self._rows()
        if n_bg < 0.4 * self.n:
            raise ValueError("too few consignments for the planted rings; raise consignments or lower max_parties")
        self._background(n_bg)
        P = self._assemble()
        self._leaks_and_overrides(P)
        rng = self.rng
        # order by date (random within a day) and number the declarations in that order
        order = np.lexsort((rng.random(len(P["day"])), P["day"]))
        P = {k: v[order] for k, v in P.items()}
        n = len(P["day"])
        first_day = np.full(len(self.sellers), self.days, dtype=int)
        np.minimum.at(first_day, P["s"], P["day"])
        inspected, found, rec = self._labels(P, first_day)
        col = self._render(P)
        nums = np.sort(rng.choice(10 ** 9, n, replace=False))
        cid = np.array([f"{self.cid_prefix}{x:09d}" for x in nums], dtype=object)
        dates = np.array([(self.start + timedelta(days=int(k))).isoformat() for k in range(self.days)],
                         dtype=object)[P["day"]]
        df = pd.DataFrame({"consignment_id": cid, "declaration_date": dates, **col})
        df["inspected"] = pd.array(np.where(inspected, 1, 0), dtype="Int64")
        df.loc[~inspected, "inspected"] = pd.NA
        df["fraud"] = pd.array(np.where(found, 1, 0), dtype="Int64")
        df.loc[~inspected, "fraud"] = pd.NA
        df["revenue_recovered"] = np.where(inspected, np.round(rec, 2), np.nan)
        dec = DECIMALS[self.currency]
        outcomes = pd.DataFrame({"consignment_id": cid, "fraud": P["fraud"].astype(int),
                                 "revenue_recovered": np.round(np.where(P["fraud"] == 1,
                                                                        np.maximum(P["rev"], 10.0 ** -dec if dec
                                                                                   else 100.0), 0.0), dec)})
        truth, ring_sizes = self._truth(P, cid)
        df, schema = self._schema(df)
        info = self._info(df, ring_sizes, schema, P, inspected)
        info["generation_seconds"] = round(time.perf_counter() - t0, 2)
        return World(consignments=df, truth=truth, outcomes=outcomes, info=info)

    def _truth(self, P, cid) -> tuple[pd.DataFrame, dict[str, list[int]]]:
        rows = []
        present_s = set(np.unique(P["s"]).tolist())
        present_b = set(np.unique(P["b"]).tolist())
        ring_sizes: dict[str, list[int]] = {s: [] for s in SCHEMES}
        for k, r in enumerate(self.rings):
            sel = (P["ring"] == k) & (P["fraud"] == 1)
            members = [self.seller_ids[x] for x in r["sellers"] if x in present_s]
            members += [self.buyer_ids[x] for x in r["buyers"] if x in present_b]
            ring_sizes[r["typology"]].append(len(members))
            rows.append(dict(ring_id=f"R{k + 1:02d}-{r['typology']}", typology=r["typology"],
                             member_party_ids=";".join(members), consignment_ids=";".join(cid[sel])))
        for k, t in enumerate(self.traps):
            members = [self.seller_ids[x] for x in t["sellers"] if x in present_s]
            members += [self.buyer_ids[x] for x in t["buyers"] if x in present_b]
            if members:
                rows.append(dict(ring_id=f"L{k + 1:02d}-{t['name']}", typology="legitimate",
                                 member_party_ids=";".join(members), consignment_ids=""))
        return pd.DataFrame(rows, columns=["ring_id", "typology", "member_party_ids", "consignment_ids"]), ring_sizes

    def _schema(self, df: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
        st, rng, ov = self.st, self.rng, self.ov
        n = len(df)
        focus = self.seed % 5
        # unknown country codes in a small share of origin / departure (and a few seller countries)
        for c, share in (("origin_country", self.unknown_share), ("departure_country", self.unknown_share * 0.7),
                         ("seller_country", self.unknown_share * 0.3)):
            m = rng.random(n) < share
            df.loc[m, c] = np.array(UNKNOWN_CODES, dtype=object)[rng.integers(0, len(UNKNOWN_CODES), int(m.sum()))]
        for c in ("seller_country", "origin_country", "departure_country", "buyer_country", "destination_country"):
            vals = df[c].to_numpy(dtype=object)
            known = np.array([len(x) == 2 and x not in UNKNOWN_CODES for x in vals])
            vals[known] = self._country_out(vals[known].astype(str)).astype(object)
            df[c] = vals
        # ~1-5% blanks in optional fields
        optional = ["transport_doc", "seller_name", "seller_address", "seller_email", "seller_phone", "buyer_name",
                    "buyer_address", "buyer_email", "buyer_phone", "platform", "description", "declarant_id",
                    "seller_country", "departure_country", "transport_mode", "carrier_id"]
        for c in optional:
            m = rng.random(n) < self.blank_rate * st.uniform(0.3, 1.5)
            df.loc[m, c] = ""
        for c in ("quantity", "gross_weight_kg"):
            m = rng.random(n) < self.blank_rate * st.uniform(0.2, 1.0)
            df[c] = df[c].astype(float)
            df.loc[m, c] = np.nan
        df["quantity"] = df["quantity"].round().astype("Int64")
        if DECIMALS[self.currency] == 0:
            df["declared_value"] = df["declared_value"].astype("int64")
        # dropped, empty and constant columns
        droppable = {"quantity": 3, "gross_weight_kg": 2, "seller_country": 3, "transport_doc": 3, "buyer_phone": 2,
                     "channel": 3, "platform": 3, "description": 2, "declarant_id": 2, "transport_mode": 2,
                     "seller_address": 2, "buyer_email": 2, "departure_country": 1.5, "carrier_id": 1,
                     "buyer_country": 2, "destination_country": 1, "seller_email": 1, "origin_country": 0.5,
                     "seller_phone": 0.7, "buyer_address": 0.5, "seller_name": 0.5, "buyer_name": 0.4}
        if self.currency == DESTINATIONS[self.dest]["currency"]:
            droppable["currency"] = 1
        if "drop_columns" in ov:
            dropped = list(ov["drop_columns"])
        else:
            k = st.randint(4, 7) if focus == 1 else (st.randint(0, 3) if st.u() < 0.6 else 0)
            dropped = []
            pool = dict(droppable)
            for _ in range(k):
                c = st.wpick(list(pool), list(pool.values()))
                dropped.append(c)
                pool.pop(c)
        if self.identifiers_only:
            dropped = sorted(set(dropped) | set(CONTACT_COLUMNS))
        empty_pool = ["platform", "description", "transport_mode", "declarant_id", "buyer_email", "seller_address",
                      "departure_country", "transport_doc"]
        if "empty_columns" in ov:
            empty = list(ov["empty_columns"])
        else:
            k = st.randint(2, 3) if focus == 2 else (1 if st.u() < 0.25 else 0)
            empty = [c for c in st.sample(empty_pool, k) if c not in dropped]
        for c in empty:
            df[c] = ""
        constant = []
        if focus == 2 or st.u() < 0.2:
            c = st.pick(["transport_mode", "platform", "declarant_id"])
            if c not in dropped and c not in empty:
                df[c] = {"transport_mode": self.mode_style[0], "platform": st.pick(PLATFORMS.get(
                    self.dest, PLATFORMS["EU"])), "declarant_id": self.declarants[0]}[c]
                constant.append(c)
        df = df.drop(columns=[c for c in dropped if c in df.columns])
        constant += [c for c in ("destination_country", "buyer_country", "currency") if c in df.columns]
        return df, dict(dropped=sorted(dropped), empty=sorted(empty), constant=constant)

    def _info(self, df, ring_sizes, schema, P, inspected) -> dict:
        d = DESTINATIONS[self.dest]
        label_days = int(round(self.days * self.label_frac))
        in_lab = P["day"] < label_days
        laundering = [dict(seller=self.seller_ids[i], **s["laundering"]) for i, s in enumerate(self.sellers)
                      if "laundering" in s]
        return {
            "seed": self.seed,
            "consignments": int(len(df)),
            "destination": self.dest,
            "currency": self.currency,
            "foreign_currency": self.currency != d["currency"],
            "de_minimis": {
                "value": round(self.thr, 2), "currency": self.currency,
                "legal_value": d["dm"], "legal_currency": d["dm_cur"], "basis": d["basis"],
                "rates_per_usd": {k: RATES[k] for k in sorted({self.currency, d["dm_cur"], "USD"})},
            },
            "vat_rate": self.vat,
            "start_date": self.start.isoformat(),
            "end_date": (self.start + timedelta(days=self.days - 1)).isoformat(),
            "days": self.days,
            "label_days": label_days,
            "label_rate": round(self.label_rate, 4),
            "observed_label_share": round(float(inspected[in_lab].mean()) if in_lab.any() else 0.0, 4),
            "inspection_random_share": round(self.random_share, 3),
            "inspection_find_rate": round(self.p_find, 3),
            "identifiers_only": self.identifiers_only,
            "dropped_columns": schema["dropped"],
            "empty_columns": schema["empty"],
            "constant_columns": schema["constant"],
            "columns": list(df.columns),
            "variation_focus": self.focus,
            "unknown_country_share": round(self.unknown_share, 4),
            "blank_rate": round(self.blank_rate, 4),
            "country_format": self.country_format,
            "carrier_id_style": self.carrier_style,
            "ring_sizes": ring_sizes,
            "rings": int(len(self.rings)),
            "traps": [t["name"] for t in self.traps],
            "fraud_rate": round(float(P["fraud"].mean()), 4),
            "ring_fraud_parcels": int(((P["ring"] >= 0) & (P["fraud"] == 1)).sum()),
            "lone_frauds": int((P["kind"] == 4).sum()),
            "laundering_sellers": laundering,
            "generator": "benchmarks.worlds.blind",
        }


def generate(seed: int, consignments: int = 20000, out: Path | None = None, **overrides) -> World:
    """Generate one world, deterministic per seed; write it to ``out`` when given.

    Overrides (optional): destination, currency, identifiers_only, label_rate, days, start_date,
    drop_columns, empty_columns, unknown_share, rings_per_scheme, max_parties, country_format.
    """
    world = _Builder(int(seed), int(consignments), overrides).build()
    if out is not None:
        write_world(world, Path(out))
    return world


def write_world(world: World, out: Path) -> None:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    world.consignments.to_csv(out / "consignments.csv", index=False)
    world.truth.to_csv(out / "ground_truth.csv", index=False)
    world.outcomes.to_csv(out / "outcomes.csv", index=False)
    (out / "world.json").write_text(json.dumps(world.info, indent=2, ensure_ascii=False, default=_json_default))


def _json_default(o):
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return float(o)
    if isinstance(o, np.ndarray):
        return o.tolist()
    return str(o)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worlds.blind", description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--consignments", type=int, default=20000)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    w = generate(args.seed, args.consignments, out=args.out)
    i = w.info
    print(f"blind world seed={i['seed']} dest={i['destination']} currency={i['currency']} "
          f"de_minimis={i['de_minimis']['value']} rows={i['consignments']} rings={i['rings']} "
          f"fraud_rate={i['fraud_rate']} label_rate={i['label_rate']} identifiers_only={i['identifiers_only']} "
          f"dropped={','.join(i['dropped_columns']) or '-'} -> {args.out} ({time.perf_counter() - t0:.1f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
