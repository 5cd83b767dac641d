"""Detection on worlds of two generators: per scheme AUC, precision at 5%, rings found; mean and worst.

Usage:
  python -m benchmarks.detection                       # 5 seeds of each generator, 20,000 parcels each
  python -m benchmarks.detection --seeds 1001 1002 --consignments 5000 --generators blind

The generators:
  * ``ours``: ``graphintel.synth`` (the demo's), written alongside the detectors;
  * ``blind``: ``benchmarks.worlds.blind``, written from ``docs/typologies.md`` alone by an engineer who
    did not read ``graphintel/model``, ``graphintel/analytics`` or ``graphintel/leads``;
  * ``blind2``: ``benchmarks.worlds.blind2``, a second one written later by another engineer from the
    revised ``docs/typologies.md``, the canonical columns and the ground-truth format alone, outside the
    repository (nothing under it was opened), and first run here on evaluation seeds.

The evaluation seeds (10201-10205 and 10301-10305 by default) were first run by the tenth session
(2026-12-02) on the ninth session's detection code, and no world of theirs was opened before the table
was written; the first blind generator's worlds 10201, 10301 and 10303 were opened afterwards (10303: a
front in Cambodia, with a Cambodian address and phone, whose parcels SF Express posted, declared of
Cambodian origin; its own data outweigh the carrier, see the tenth session's note). The ninth session's
seeds, 10001-10005 and 10101-10105, were run once on its final code and are in DETECTION.md below the
fresh round; its worlds 10101 and 10004 of the second blind generator were opened afterwards. They are
disjoint from every seed used while developing the detectors: our generator's 1 to
4, 7 and 11; the blind one's 1 to 10; the second blind one's 4001-4008; seed 900 (the CI floor's); and the
earlier evaluation seeds, which were looked at and are no longer held out: 1001-1005, then 2001-2005 and
3001-3005 (run by the third and fourth sessions before changes to scoring; some of their worlds were
opened), 5001-5005 and 6001-6005 (run once by the fourth session; world 5004 was opened afterwards),
7001-7005 and 8001-8005 (run once by the fifth session; worlds 7004, 8002 and 8004 were opened afterwards
and led to the burst's fading span and the carrier codes), 9001-9005 and 9101-9105 (run once by the
fifth session; worlds 9102 and 9105 were opened by the sixth and led to checking the declared departure
where no origin is declared), and 9201-9205 and 9301-9305 (run once by the sixth session; the second
blind generator's world 9201 was opened by the seventh, and its splitting rings, split at 55-98% of the
threshold, led to the wider band), and 9401-9405 and 9501-9505 (run once by the seventh session, whose
figures showed most missed rings in worlds where the rings' parcels outnumber the top 5%; no world of
theirs was opened; the eighth spread the inspection list over parties, tried on the development seeds).
The eighth session chose 9601-9605 and 9701-9705 and also ran 9801-9805 and 9901-9905 once, on its final
code (kept in DETECTION.md under "Earlier rounds"); the worlds 9605 and 9704 of the second blind generator
were opened after their run. The ninth ran 9801-9805 and 9901-9905 again after adding relation profiles to
the network model (figures within 0.002 of the eighth's), and opened the blind world 9801 (its two mule
rings' only shared identifier was the buyer phone, a column that world dropped) and the second blind
generator's 9802 (its missed rings ranked between the top 5% and 15%).

Each world is generated, ingested into a fresh embedded store and scored as ``graphintel score`` scores
it (supervised where the world carries enough inspection outcomes). Measured on the parcels the run
ranks (those not already inspected):

  * consignment ROC AUC: ring parcels against clean parcels (one-off frauds outside any ring are left
    out of both sides: no network holds them);
  * per scheme AUC: that scheme's ring parcels against the clean parcels;
  * precision at 5%: the share of ring parcels among the top 5% by score, and its ceiling (the share
    possible when ring parcels are fewer than 5% of all);
  * rings found, two ways: by parcels, a ring with at least half of its parcels in the top 5% (the
    target's measure); by leads, a ring with at least half its members in one lead of the top K, and
    making up a quarter of that lead, K being twice the number of rings and at least 30
    (``graphintel.leads.evaluate``'s rule). Generators differ in whom they list as a ring's members
    (ours: the offenders; the blind one: also every buyer of the ring's parcels), which moves the second
    measure and not the first.

Writes ``benchmarks/DETECTION.md`` (``--out``) and a JSON of every figure beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

HERE = Path(__file__).resolve().parent
EVALUATION_SEEDS = (10201, 10202, 10203, 10204, 10205, 10301, 10302, 10303, 10304, 10305)
SCHEMES = ("splitting", "undervaluation", "shell_sellers", "mule_buyers", "origin_laundering", "burst")
TARGETS = {"mean_auc": 0.95, "worst_auc": 0.90, "rings_found": 0.90, "p5_of_ceiling": 0.90, "scheme_auc": 0.85}


def make_world(generator: str, seed: int, consignments: int, folder: Path) -> dict:
    """Write ``consignments.csv``, ``ground_truth.csv`` and ``outcomes.csv`` into ``folder``."""
    if generator == "ours":
        from graphintel.synth import GeneratorConfig, write

        write(GeneratorConfig(consignments=consignments, seed=seed, labelled_days=45), folder)
        return {"destination": "GB", "currency": "GBP"}
    if generator == "blind2":
        from benchmarks.worlds.blind2 import generate as generate2

        info = generate2(seed, consignments, out=folder)
        return {**info, "identifiers_only": info.get("ids_only", False)}
    from benchmarks.worlds.blind import generate

    world = generate(seed, consignments, out=folder)
    return world.info


def score_world(folder: Path, home: Path):
    """Ingest and score one world as the command line does; return the run result."""
    from graphintel.ingest import ingest_files, plan_files
    from graphintel.leads.runs import run_scoring
    from graphintel.model.scoring import ScoringParams
    from graphintel.store import open_store

    with open_store(str(home / "graph.lbug")) as store:
        ingest_files(store, plan_files([folder / "consignments.csv"], None), home / "quarantine")
        return run_scoring(store, home / "runs", ScoringParams())


def measure(result, folder: Path) -> dict:
    """The figures of one scored world (see the module docstring)."""
    from graphintel.leads.evaluate import evaluate, read_ground_truth

    truth = read_ground_truth(folder / "ground_truth.csv")
    consignments = pd.read_csv(folder / "consignments.csv", dtype=str, keep_default_na=False)
    outcomes = pd.read_csv(folder / "outcomes.csv", dtype={"consignment_id": str})
    scores = result.scored.consignments[["consignment_id", "score"]].astype({"consignment_id": str})
    inspected = set(
        consignments.loc[consignments.get("inspected", pd.Series(dtype=str)).isin(["1", "1.0"]), "consignment_id"]
    )
    scores = scores[~scores["consignment_id"].isin(inspected)]
    rings = truth[truth["typology"].isin(SCHEMES)]
    fraud_ids = set(outcomes.loc[pd.to_numeric(outcomes["fraud"], errors="coerce") == 1, "consignment_id"])
    ring_ids = set().union(*rings["consignments"]) if len(rings) else set()
    clean = ~scores["consignment_id"].isin(fraud_ids | ring_ids)
    out: dict = {"parcels_ranked": int(len(scores)), "ring_parcels": int(scores["consignment_id"].isin(ring_ids).sum())}
    positive = scores["consignment_id"].isin(ring_ids)
    out["auc"] = _auc(scores["score"], positive, clean)
    out["schemes"] = {}
    for scheme in SCHEMES:
        ids = (
            set().union(*rings.loc[rings["typology"] == scheme, "consignments"])
            if (rings["typology"] == scheme).any()
            else set()
        )
        mine = scores["consignment_id"].isin(ids)
        out["schemes"][scheme] = {
            "rings": int((rings["typology"] == scheme).sum()),
            "auc": _auc(scores["score"], mine, clean),
        }
    k = max(1, int(np.ceil(0.05 * len(scores))))
    top = scores.sort_values("score", ascending=False, kind="stable").head(k)
    out["precision_at_5"] = float(top["consignment_id"].isin(ring_ids).mean())
    out["ceiling_at_5"] = float(min(1.0, positive.sum() / k))
    out["p5_of_ceiling"] = out["precision_at_5"] / out["ceiling_at_5"] if out["ceiling_at_5"] else None
    # A ring is found by parcels when at least half of its parcels rank in the top 5%.
    top_ids = set(top["consignment_id"])
    ranked_ids = set(scores["consignment_id"])
    by_parcels = {}
    for ring in rings.itertuples():
        mine = ring.consignments & ranked_ids
        by_parcels[ring.ring_id] = bool(mine) and len(mine & top_ids) >= 0.5 * len(mine)
    out["rings_found_by_parcels"] = int(sum(by_parcels.values()))
    out["rings_ceiling"] = rings_ceiling([len(ring.consignments & ranked_ids) for ring in rings.itertuples()], k)
    top_k = max(30, 2 * len(rings))
    evaluation = evaluate(result.leads.leads, scores, truth, top_k=top_k)
    out["rings"] = int(len(rings))
    out["rings_found"] = int(evaluation.rings["found"].sum())
    out["top_k"] = top_k
    for row in evaluation.rings.itertuples():
        scheme = out["schemes"].setdefault(row.typology, {})
        scheme["found"] = scheme.get("found", 0) + int(row.found)
        scheme["found_by_parcels"] = scheme.get("found_by_parcels", 0) + int(by_parcels[row.ring_id])
    out["heavy_hitters_in_top_k"] = evaluation.heavy_hitters_in_top_k
    out["mode"] = json.loads(result.record["summary"])["mode"]
    return out


def rings_ceiling(sizes: list[int], budget: int) -> int:
    """The most rings that can have half their parcels among ``budget`` parcels: the smallest needs first.

    A ring of n ranked parcels needs ceil(n / 2) of them in the top 5%. Where the rings' parcels together
    exceed the budget, no ranking finds every ring, as no ranking reaches a precision above its ceiling.

    >>> rings_ceiling([10, 4, 6], budget=5)
    2
    >>> rings_ceiling([3, 0], budget=100)
    1
    """
    needs = sorted(-(-n // 2) for n in sizes if n > 0)
    return int(np.searchsorted(np.cumsum(needs), budget, side="right")) if needs else 0


def _auc(score: pd.Series, positive: pd.Series, negative: pd.Series) -> float | None:
    keep = (positive | negative).to_numpy()
    y = positive.to_numpy()[keep]
    if y.all() or not y.any():
        return None
    return float(roc_auc_score(y, score.to_numpy()[keep]))


def run(generators: list[str], seeds: list[int], consignments: int) -> list[dict]:
    rows = []
    for generator in generators:
        for seed in seeds:
            started = time.perf_counter()
            with tempfile.TemporaryDirectory(prefix=f"detect-{generator}-{seed}-") as tmp:
                folder, home = Path(tmp) / "world", Path(tmp) / "home"
                info = make_world(generator, seed, consignments, folder)
                result = score_world(folder, home)
                figures = measure(result, folder)
            figures.update(generator=generator, seed=seed, consignments=consignments, world=_world_words(info))
            figures["seconds"] = round(time.perf_counter() - started, 1)
            print(_line(figures), flush=True)
            rows.append(figures)
    return rows


def _world_words(info: dict) -> str:
    parts = [f"{info.get('destination', '?')} {info.get('currency', '')}".strip()]
    if info.get("identifiers_only"):
        parts.append("ids only")
    if info.get("dropped"):
        parts.append("no " + ", ".join(info["dropped"]))
    if info.get("label_rate") is not None:
        parts.append(f"labels {info['label_rate']:.0%}")
    return "; ".join(parts)


def _line(f: dict) -> str:
    auc = "n/a" if f["auc"] is None else f"{f['auc']:.3f}"
    return (
        f"{f['generator']:>5} seed {f['seed']}: AUC {auc}, P@5% {f['precision_at_5']:.2f} "
        f"(ceiling {f['ceiling_at_5']:.2f}), rings {f['rings_found_by_parcels']}/{f['rings']} by parcels, "
        f"{f['rings_found']}/{f['rings']} by leads in top {f['top_k']}, "
        f"{f['mode'].split(':')[0]}, {f['seconds']} s [{f['world']}]"
    )


def summarise(rows: list[dict]) -> dict:
    """Mean and worst per generator, and whether each target is met."""
    out = {}
    for generator in sorted({r["generator"] for r in rows}):
        mine = [r for r in rows if r["generator"] == generator]
        aucs = [r["auc"] for r in mine if r["auc"] is not None]
        ratio = [r["p5_of_ceiling"] for r in mine if r["p5_of_ceiling"] is not None]
        schemes = {}
        for scheme in SCHEMES:
            values = [r["schemes"][scheme]["auc"] for r in mine if r["schemes"].get(scheme, {}).get("auc") is not None]
            planted = sum(r["schemes"].get(scheme, {}).get("rings", 0) for r in mine)
            schemes[scheme] = {
                "mean_auc": _mean(values),
                "worst_auc": min(values) if values else None,
                "rings": planted,
                "found": sum(r["schemes"].get(scheme, {}).get("found", 0) for r in mine),
                "found_by_parcels": sum(r["schemes"].get(scheme, {}).get("found_by_parcels", 0) for r in mine),
            }
        planted = sum(r["rings"] for r in mine)
        by_parcels, by_leads = sum(r["rings_found_by_parcels"] for r in mine), sum(r["rings_found"] for r in mine)
        ceiling = sum(r["rings_ceiling"] for r in mine)
        summary = {
            "mean_auc": _mean(aucs),
            "worst_auc": min(aucs) if aucs else None,
            "rings_found": by_parcels / planted if planted else None,
            "rings_found_of_ceiling": by_parcels / ceiling if ceiling else None,
            "rings_ceiling": ceiling / planted if planted else None,
            "rings_found_by_leads": by_leads / planted if planted else None,
            "p5_of_ceiling": _mean(ratio),
            "worst_p5_of_ceiling": min(ratio) if ratio else None,
            "schemes": schemes,
        }
        scheme_aucs = [s["worst_auc"] for s in schemes.values() if s["worst_auc"] is not None]
        summary["targets"] = {
            "mean AUC >= 0.95": _met(summary["mean_auc"], TARGETS["mean_auc"]),
            "worst AUC >= 0.90": _met(summary["worst_auc"], TARGETS["worst_auc"]),
            ">= 90% of rings found": _met(summary["rings_found"], TARGETS["rings_found"]),
            "precision at 5% >= 90% of its ceiling": _met(summary["p5_of_ceiling"], TARGETS["p5_of_ceiling"]),
            "no scheme below AUC 0.85 (worst seed)": _met(
                min(scheme_aucs) if scheme_aucs else None, TARGETS["scheme_auc"]
            ),
        }
        out[generator] = summary
    return out


def _mean(values: list[float]) -> float | None:
    return float(np.mean(values)) if values else None


def _met(value: float | None, target: float) -> bool | None:
    return None if value is None else bool(value >= target)


def _fmt(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "met" if value else "**missed**"
    return f"{value:.3f}"


def markdown(rows: list[dict], summary: dict, command: str) -> str:
    lines = [
        "# Detection benchmark",
        "",
        f"`{command}`, run {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M')} UTC. How each figure is "
        "measured: `benchmarks/detection.py`'s docstring.",
        "",
    ]
    for generator, s in summary.items():
        lines += [
            f"## Generator `{generator}`",
            "",
            "| target | value | |",
            "| --- | --- | --- |",
            f"| mean consignment AUC >= 0.95 | {_fmt(s['mean_auc'])} | {_fmt(s['targets']['mean AUC >= 0.95'])} |",
            f"| worst consignment AUC >= 0.90 | {_fmt(s['worst_auc'])} | {_fmt(s['targets']['worst AUC >= 0.90'])} |",
            f"| rings found >= 90% (half their parcels in the top 5%) | {_fmt(s['rings_found'])} | "
            f"{_fmt(s['targets']['>= 90% of rings found'])} |",
            f"| rings found of those the top 5% can hold (at most {_fmt(s['rings_ceiling'])} of the rings) | "
            f"{_fmt(s['rings_found_of_ceiling'])} | |",
            f"| rings found by leads (half their members in one top-K lead) | {_fmt(s['rings_found_by_leads'])} | |",
            f"| precision at 5% >= 90% of ceiling (mean; worst {_fmt(s['worst_p5_of_ceiling'])}) | "
            f"{_fmt(s['p5_of_ceiling'])} | {_fmt(s['targets']['precision at 5% >= 90% of its ceiling'])} |",
            f"| no scheme below AUC 0.85 | | {_fmt(s['targets']['no scheme below AUC 0.85 (worst seed)'])} |",
            "",
            "| scheme | mean AUC | worst AUC | rings found by parcels | by leads |",
            "| --- | --- | --- | --- | --- |",
        ]
        for scheme, v in s["schemes"].items():
            lines.append(
                f"| {scheme} | {_fmt(v['mean_auc'])} | {_fmt(v['worst_auc'])} | "
                f"{v['found_by_parcels']} of {v['rings']} | "
                f"{v['found']} of {v['rings']} |"
            )
        lines += [
            "",
            "| seed | world | AUC | P@5% | ceiling | rings found by parcels | ceiling | by leads | model | seconds |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in rows:
            if r["generator"] != generator:
                continue
            lines.append(
                f"| {r['seed']} | {r['world']} | {_fmt(r['auc'])} | {_fmt(r['precision_at_5'])} | "
                f"{_fmt(r['ceiling_at_5'])} | {r['rings_found_by_parcels']} of {r['rings']} | "
                f"{r['rings_ceiling']} | "
                f"{r['rings_found']} of {r['rings']} (top {r['top_k']}) | "
                f"{r['mode'].split(':')[0]} | {r['seconds']} |"
            )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.detection", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--generators", nargs="+", default=["ours", "blind", "blind2"], choices=["ours", "blind", "blind2"]
    )
    parser.add_argument("--seeds", nargs="+", type=int, default=list(EVALUATION_SEEDS))
    parser.add_argument("--consignments", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=HERE / "DETECTION.md")
    args = parser.parse_args(argv)
    rows = run(args.generators, args.seeds, args.consignments)
    summary = summarise(rows)
    command = "python -m benchmarks.detection " + " ".join(sys.argv[1:] if argv is None else argv)
    args.out.write_text(markdown(rows, summary, command.strip()) + "\n", encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps({"rows": rows, "summary": summary}, indent=2, default=str))
    for generator, s in summary.items():
        print(f"{generator}: " + ", ".join(f"{k}: {_fmt(v)}" for k, v in s["targets"].items()))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
