"""Evaluate leads against a ground-truth file of planted rings.

A lead *finds* a ring when it holds at least half of the ring's member parties
and ring members make up at least a quarter of the lead (so one huge lead
cannot find everything). A lead is a *hit* when it finds some planted scheme
ring, a *false alarm on a heavy hitter* when half or more of its members are the
legitimate heavy hitters of the ground truth.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from graphintel.errors import InputError
from graphintel.schema import GROUND_TRUTH_COLUMNS, LEGITIMATE, SCHEMES

MIN_RING_COVERAGE = 0.5
MIN_LEAD_PURITY = 0.25


@dataclass
class Evaluation:
    top_k: int
    rings: pd.DataFrame  # ring_id, typology, found, best_rank
    per_scheme: pd.DataFrame  # typology, rings, found, recall
    found_share: float
    precision_at_k: float
    heavy_hitters_in_top_k: int
    consignment_auc: float | None
    leads_considered: int

    def as_dict(self) -> dict:
        return {
            "top_k": self.top_k,
            "rings_found_share": round(self.found_share, 4),
            "precision_at_k": round(self.precision_at_k, 4),
            "heavy_hitters_in_top_k": self.heavy_hitters_in_top_k,
            "consignment_roc_auc": None if self.consignment_auc is None else round(self.consignment_auc, 4),
            "per_scheme": self.per_scheme.to_dict("records"),
        }


def read_ground_truth(path: Path) -> pd.DataFrame:
    """Read and check a ground-truth CSV (columns of ``schema.GROUND_TRUTH_COLUMNS``)."""
    try:
        truth = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ground truth ({exc})") from None
    missing = [c for c in GROUND_TRUTH_COLUMNS if c not in truth.columns]
    if missing:
        raise InputError(f"{path}: ground truth lacks column '{missing[0]}'")
    truth["members"] = truth["member_party_ids"].map(lambda s: {m for m in s.split(";") if m})
    truth["consignments"] = truth["consignment_ids"].map(lambda s: {m for m in s.split(";") if m})
    return truth


def evaluate(leads: pd.DataFrame, consignment_scores: pd.DataFrame, truth: pd.DataFrame, top_k: int = 30) -> Evaluation:
    """Compare ranked leads (``members`` as JSON lists of party ids) with planted rings."""
    ranked = leads.sort_values("rank").head(top_k)
    lead_members = [set(json.loads(m)) for m in ranked["members"]]
    schemes = truth[truth["typology"].isin(SCHEMES)]
    frauds = truth[truth["typology"] != LEGITIMATE]
    legit = truth[truth["typology"] == LEGITIMATE]
    legit_ids = set().union(*legit["members"]) if len(legit) else set()

    ring_rows = []
    hits = np.zeros(len(ranked), dtype=bool)
    for ring in schemes.itertuples(index=False):
        best = None
        for position, members in enumerate(lead_members):
            overlap = len(members & ring.members)
            if (
                overlap
                and overlap / len(ring.members) >= MIN_RING_COVERAGE
                and overlap / len(members) >= MIN_LEAD_PURITY
            ):
                hits[position] = True
                best = best or int(ranked["rank"].iloc[position])
        ring_rows.append(
            {"ring_id": ring.ring_id, "typology": ring.typology, "found": best is not None, "best_rank": best}
        )
    rings = pd.DataFrame(ring_rows, columns=["ring_id", "typology", "found", "best_rank"])
    per_scheme = rings.groupby("typology").agg(rings=("ring_id", "size"), found=("found", "sum")).reset_index()
    per_scheme["recall"] = (per_scheme["found"] / per_scheme["rings"]).round(3)

    heavy = 0
    for position, members in enumerate(lead_members):
        if hits[position]:
            continue
        if members and len(members & legit_ids) / len(members) >= 0.5:
            heavy += 1

    auc = None
    fraud_ids = set().union(*frauds["consignments"]) if len(frauds) else set()
    if len(consignment_scores) and fraud_ids:
        y = consignment_scores["consignment_id"].isin(fraud_ids).astype(int)
        if 0 < y.sum() < len(y):
            auc = float(roc_auc_score(y, consignment_scores["score"]))
    return Evaluation(
        top_k=top_k,
        rings=rings,
        per_scheme=per_scheme,
        found_share=float(rings["found"].mean()) if len(rings) else 0.0,
        precision_at_k=float(hits.mean()) if len(hits) else 0.0,
        heavy_hitters_in_top_k=heavy,
        consignment_auc=auc,
        leads_considered=len(ranked),
    )


def evaluate_run(leads: pd.DataFrame, run: dict, truth: pd.DataFrame, top_k: int = 30) -> Evaluation:
    """Evaluate a scoring run's leads against planted rings, with the consignment scores of its run folder."""
    scores = pd.read_csv(Path(run["folder"]) / "consignments.csv", dtype={"consignment_id": str})
    return evaluate(leads, scores, truth, top_k=top_k)


def write_evaluation(result: Evaluation, run: dict) -> Path:
    """Write ``evaluation.json`` into the run folder."""
    out = Path(run["folder"]) / "evaluation.json"
    out.write_text(json.dumps(result.as_dict(), indent=2, default=str))
    return out
