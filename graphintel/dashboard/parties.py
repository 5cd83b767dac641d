"""Telling parties apart: country, risk, parcels and lead membership of candidates that share a name, for the
pickers of the Search and Paths pages; and the leads a party belongs to, for its page."""

from __future__ import annotations

import pandas as pd

from graphintel import schema
from graphintel.dashboard import cache
from graphintel.dashboard.cache import Context

PROFILE_COLUMNS = ["key", "country", "risk", "parcels", "leads"]


def profiles(ctx: Context, keys: list[str]) -> pd.DataFrame:
    """Per party key: country, risk score, parcels sent or received and the latest run's leads holding it
    (``#rank`` labels, comma-separated). Identifier keys get empty parcels and leads."""
    keys = [k for k in dict.fromkeys(keys) if schema.label_of_key(k) in schema.PARTY_LABELS]
    if not keys:
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    details = cache.details(ctx, keys)
    out = pd.DataFrame({"key": keys})
    if len(details):
        d = details.drop_duplicates("key").set_index("key")
        out["country"] = out["key"].map(d["country"])
        out["risk"] = pd.to_numeric(out["key"].map(d["score"]), errors="coerce")
    else:
        out["country"], out["risk"] = None, float("nan")
    parcels = cache.named(ctx, "party_parcels", party_keys=keys)
    counts = parcels.groupby("key")["parcels"].sum() if len(parcels) else pd.Series(dtype=int)
    out["parcels"] = out["key"].map(counts).fillna(0).astype(int)
    leads = party_leads(ctx, keys)
    ranks = leads.groupby("key")["rank"].agg(lambda r: ", ".join(f"#{int(x)}" for x in sorted(r))) if len(leads) else {}
    out["leads"] = out["key"].map(ranks).astype(object).fillna("")
    return out[PROFILE_COLUMNS]


def party_leads(ctx: Context, keys: list[str]) -> pd.DataFrame:
    """The latest run's leads holding some parties: key, lead_id, rank, scheme, score, status."""
    run = cache.last_run(ctx)
    if run is None or not keys:
        return pd.DataFrame(columns=["key", "lead_id", "rank", "scheme", "score", "status"])
    return cache.named(ctx, "party_leads", run_id=run["run_id"], party_keys=list(keys))


def describe(label: str, name: str, profile: dict | None) -> str:
    """A picker's line for a candidate: ``Seller: S1 Olu Edwards · GB · risk 0.812 · 40 parcels · lead #3``."""
    parts = [f"{label}: {name}"]
    if profile:
        if isinstance(profile.get("country"), str) and profile["country"]:
            parts.append(profile["country"])
        risk = profile.get("risk")
        parts.append("not scored" if risk is None or pd.isna(risk) else f"risk {risk:.3f}")
        parcels = int(profile.get("parcels") or 0)
        parts.append(f"{parcels:,} parcel{'' if parcels == 1 else 's'}")
        leads = profile.get("leads") or ""
        parts.append(f"lead {leads}" if leads and "," not in leads else f"leads {leads}" if leads else "no lead")
    return " · ".join(parts)


def same_names(names: pd.Series) -> int:
    """How many candidates share their name with another candidate (ids aside)."""
    bare = names.fillna("").astype(str).str.split(" ", n=1).str[-1].str.strip().str.casefold()
    return int(bare.duplicated(keep=False).sum())
