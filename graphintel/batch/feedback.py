"""Enforcement feedback in the inbox: reading outcome files and applying them as labels and decisions."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from graphintel import schema
from graphintel.errors import InputError

POSITIVE = {"fraud", "seized", "confirmed", "offence", "positive"}
NEGATIVE = {"clean", "cleared", "no_offence", "dismissed", "negative"}


def is_feedback(path: Path) -> bool:
    """A feedback file: a CSV whose header has an ``outcome`` column."""
    if path.suffix.lower() != ".csv":
        return False
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            header = handle.readline().lower()
    except OSError:
        return False  # read (and reported) as consignments
    return "outcome" in [c.strip().strip('"') for c in header.split(",")]


def read_feedback(path: Path, max_revenue: float | None = None) -> pd.DataFrame:
    """Validated enforcement outcomes; one ``InputError`` naming the file and lines at fault."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: feedback file is empty (no header line)") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read feedback ({exc.strerror or exc})") from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(f"{path}: cannot read feedback ({str(exc).splitlines()[0]})") from None
    names = [c.strip().lower() for c in frame.columns]
    repeated = sorted({n for n in names if names.count(n) > 1 and n})
    if repeated:
        raise InputError(f"{path}, line 1: the header names column '{repeated[0]}' twice; remove one")
    frame.columns = names
    if "outcome" not in frame or not ({"lead_id", "consignment_id"} & set(frame.columns)):
        raise InputError(f"{path}: feedback needs an 'outcome' column and a 'lead_id' or 'consignment_id' column")
    for column in ("lead_id", "consignment_id", "revenue_recovered"):
        if column not in frame:
            frame[column] = ""
    from graphintel.ingest.plausible import DEFAULT_MAXIMUM

    max_revenue = DEFAULT_MAXIMUM["revenue_recovered"] if max_revenue is None else max_revenue
    problems = []
    outcome = frame["outcome"].str.strip().str.lower().str.replace(" ", "_")
    revenue = pd.to_numeric(frame["revenue_recovered"].replace("", "0"), errors="coerce")
    for i in range(len(frame)):
        line = i + 2
        lead, cons = frame["lead_id"].iloc[i].strip(), frame["consignment_id"].iloc[i].strip()
        if bool(lead) == bool(cons):
            problems.append(f"line {line}: give a lead_id or a consignment_id (one of them)")
        if outcome.iloc[i] not in POSITIVE | NEGATIVE:
            known = ", ".join(sorted(POSITIVE | NEGATIVE))
            problems.append(f"line {line}: outcome '{frame['outcome'].iloc[i]}' is not one of {known}")
        if pd.isna(revenue.iloc[i]) or not math.isfinite(revenue.iloc[i]) or revenue.iloc[i] < 0:
            problems.append(f"line {line}: revenue_recovered '{frame['revenue_recovered'].iloc[i]}' is not an amount")
        elif revenue.iloc[i] > max_revenue:
            problems.append(
                f"line {line}: revenue_recovered '{frame['revenue_recovered'].iloc[i]}' is above the plausible "
                f"maximum {max_revenue:,.0f} (max_revenue_recovered)"
            )
    problems += _contradictions(frame, outcome, revenue)
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise InputError(f"{path}: " + "; ".join(problems[:5]) + more)
    return pd.DataFrame(
        {
            "lead_id": frame["lead_id"].str.strip(),
            "consignment_id": frame["consignment_id"].str.strip(),
            "fraud": outcome.isin(POSITIVE).astype(int),
            "outcome": outcome,
            "revenue_recovered": revenue.fillna(0.0),
            "line": range(2, len(frame) + 2),
        }
    )


def _contradictions(frame: pd.DataFrame, outcome: pd.Series, revenue: pd.Series) -> list[str]:
    """Lines giving one lead or consignment different outcomes or revenues (a repeated identical line is fine)."""
    problems = []
    for column, noun in (("consignment_id", "consignment"), ("lead_id", "lead")):
        ids = frame[column].str.strip()
        first: dict[str, tuple[int, str, float]] = {}
        for i, key in enumerate(ids.tolist()):
            if not key:
                continue
            said = (i + 2, outcome.iloc[i], revenue.iloc[i])
            if key not in first:
                first[key] = said
                continue
            line, was, amount = first[key]
            same_amount = amount == said[2] or (pd.isna(amount) and pd.isna(said[2]))
            if was != said[1] or not same_amount:
                problems.append(
                    f"lines {line} and {i + 2} contradict each other for {noun} '{key}' "
                    f"({was} {amount:g} against {said[1]} {said[2]:g}); keep one"
                )
    return problems


def apply_feedback(store, path: Path, analyst: str = "enforcement feedback", max_revenue: float | None = None) -> dict:
    """Outcomes as labels: consignments become inspected with their result; leads get a decision.

    Every id must exist in the store, else nothing is applied and the error names the lines.
    """
    from graphintel.leads.decisions import record_decision

    rows = read_feedback(path, max_revenue)
    rows = rows.drop_duplicates(["lead_id", "consignment_id"])  # identical repeated lines: applied once
    cons = rows[rows["consignment_id"] != ""]
    leads = rows[rows["lead_id"] != ""]
    known_c = set(_known(store, "known_consignments", cons["consignment_id"]))
    known_l = set(_known(store, "known_leads", leads["lead_id"]))
    unknown = [
        f"line {r.line}: no consignment '{r.consignment_id}'"
        for r in cons.itertuples()
        if r.consignment_id not in known_c
    ]
    unknown += [f"line {r.line}: no lead '{r.lead_id}'" for r in leads.itertuples() if r.lead_id not in known_l]
    if unknown:
        more = f" (and {len(unknown) - 5} more)" if len(unknown) > 5 else ""
        raise InputError(f"{path}: " + "; ".join(unknown[:5]) + more + " in the store; nothing was applied")
    if len(cons):
        store.update_properties(
            schema.CONSIGNMENT,
            pd.DataFrame(
                {
                    "key": cons["consignment_id"].values,
                    "inspected": 1,
                    "fraud": cons["fraud"].values,
                    "revenue_recovered": cons["revenue_recovered"].values,
                }
            ),
        )
    for r in leads.itertuples():
        status = "confirmed" if r.fraud else "dismissed"
        note = f"enforcement outcome: {r.outcome}, revenue recovered {r.revenue_recovered:,.2f} ({path.name}:{r.line})"
        record_decision(store, r.lead_id, status, note, analyst)
    return {"consignments": len(cons), "leads": len(leads)}


def _known(store, query: str, ids: pd.Series) -> list:
    """Which of ``ids`` the store holds, by the named query ``query`` (column ``k``)."""
    return store.named(query, {"ids": list(ids)}).get("k", [])
