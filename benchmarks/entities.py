"""Entity-resolution benchmark: baseline, graphintel.entities and Splink on a world with known entities.

    python -m benchmarks.entities [--consignments 20000] [--seeds 1 2] [--scale 1000000] [--no-splink]

Party records are built from consignments as ingest sees them: one record per distinct raw (id, name,
address, phone, e-mail, country) per role, so every variant is its own record. Each record's true entity
is the majority truth of its consignments. Scores are over *records* (each record counts once):
pairwise precision/recall/F1 over record pairs sharing an entity, and B-cubed precision/recall/F1; and
pairwise over *consignments* (each consignment's party gets its record's entity, truth per consignment),
the measure the issue's "buyer pairwise precision 0.03" was taken in.
The scale run generates its records in a subprocess (parquet) and resolves them in another, so the memory
reported is the method's: peak RSS minus the RSS after loading the records.
Writes benchmarks/ENTITIES.md and benchmarks/ENTITIES.json.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import numpy as np
import pandas as pd

from graphintel.entities import resolve
from graphintel.entities.compare import party_features
from graphintel.entities.pairwise import column
from graphintel.ingest import normalise as norm

HERE = Path(__file__).parent
ROLES = {"seller": "seller", "buyer": "buyer", "delivery_address": "address"}
FIELDS = ("id", "name", "address", "country", "phone", "email")


def role_records(consignments: pd.DataFrame, role: str, ids: bool) -> tuple[pd.DataFrame, pd.Series]:
    """Distinct raw records of one role, and the record id of every consignment."""
    prefix = "buyer" if role == "delivery_address" else role
    fields = ("address", "country") if role == "delivery_address" else FIELDS
    raw = pd.DataFrame({f: column(consignments, f"{prefix}_{f}") for f in fields})
    if "id" in raw and not ids:
        raw["id"] = ""
    key = raw.astype(str).agg("\x1f".join, axis=1)
    codes, uniques = pd.factorize(key)
    records = raw.iloc[pd.Series(range(len(codes))).groupby(codes).first().to_numpy()].reset_index(drop=True)
    records.insert(0, "record_id", [f"{role[0]}{i:07d}" for i in range(len(records))])
    records = records.rename(columns={"id": "source_id"})
    records["weight"] = np.bincount(codes)
    return records, pd.Series(records["record_id"].to_numpy()[codes], index=consignments.index)


def record_truth(record_of: pd.Series, consignments: pd.DataFrame, truth: pd.DataFrame, role: str) -> pd.Series:
    """The true entity of each record: the most frequent truth among its consignments."""
    t = truth[truth["role"] == role].set_index("consignment_id")["entity_id"]
    frame = pd.DataFrame({"record": record_of.to_numpy(), "truth": consignments["consignment_id"].map(t).to_numpy()})
    frame = frame.dropna()
    return frame.groupby("record")["truth"].agg(lambda s: s.value_counts().index[0])


def _pairs(sizes: pd.Series) -> float:
    return float((sizes * (sizes - 1) / 2).sum())


def scores(predicted: pd.Series, true: pd.Series) -> dict[str, float]:
    """Pairwise and B-cubed precision, recall and F1 over records (both Series indexed by record id)."""
    frame = pd.DataFrame({"p": predicted, "t": true}).dropna()
    both = frame.groupby(["p", "t"]).size()
    tp, pp, tt = _pairs(both), _pairs(frame.groupby("p").size()), _pairs(frame.groupby("t").size())
    precision, recall = (tp / pp if pp else 1.0), (tp / tt if tt else 1.0)
    cell = frame.set_index(["p", "t"]).index.map(both).to_numpy(dtype=float)
    size_p, size_t = frame["p"].map(frame["p"].value_counts()), frame["t"].map(frame["t"].value_counts())
    bp, br = float((cell / size_p.to_numpy()).mean()), float((cell / size_t.to_numpy()).mean())

    def f1(p, r):
        return 2 * p * r / (p + r) if p + r else 0.0

    return {"precision": precision, "recall": recall, "f1": f1(precision, recall),
            "b3_precision": bp, "b3_recall": br, "b3_f1": f1(bp, br)}


def false_friends(predicted: pd.Series, true: pd.Series, names: pd.Series) -> int:
    """Distinct true entities merged with another that bears the same normalised name."""
    frame = pd.DataFrame({"p": predicted, "t": true, "n": names.map(norm.normalise_name)}).dropna()
    frame = frame[frame["n"] != ""]
    distinct = frame.groupby(["p", "n"])["t"].nunique()
    return int((distinct - 1).clip(lower=0).sum())


def baseline(records: pd.DataFrame, role: str) -> pd.Series:
    """Exact normalised match, as ingest keys parties today: source id, else name + address (+ country)."""
    address = norm.addresses(column(records, "address")).fillna("")
    country = column(records, "country")
    if role == "delivery_address":
        key = address + "|" + country
    else:
        ids = norm.ids(column(records, "source_id")).fillna("")
        key = (norm.names(column(records, "name")).fillna("") + "|" + address + "|" + country).where(ids == "", ids)
    return pd.Series(key.to_numpy(), index=records["record_id"].to_numpy())


def ours(records: pd.DataFrame, role: str, ids: bool) -> pd.Series:
    """graphintel.entities.resolve's entity of each record."""
    entities = resolve(records, ROLES[role], use_ids=ids).entities
    return pd.Series(entities["entity_id"].to_numpy(), index=entities["record_id"].to_numpy())


def _splink_settings(role: str, ids: bool):
    """Splink settings on the same prepared features (Latin names, E.164 phones, parsed addresses)."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    if role == "delivery_address":
        comparisons = [cl.JaroWinklerAtThresholds("addr_words", [0.95, 0.85]), cl.ExactMatch("addr_door"),
                       cl.ExactMatch("country")]
        blocking = [block_on("addr_skeleton"), block_on("addr_words")]
    else:
        comparisons = [cl.JaroWinklerAtThresholds("name", [0.95, 0.88]).configure(term_frequency_adjustments=True),
                       cl.ExactMatch("phone"), cl.ExactMatch("email"),
                       cl.JaroWinklerAtThresholds("addr_words", [0.95, 0.85]), cl.ExactMatch("country")]
        blocking = [block_on("name_sorted"), block_on("phone"), block_on("email"), block_on("addr_skeleton")]
        if ids:
            comparisons.append(cl.ExactMatch("id"))
            blocking.append(block_on("id"))
    return SettingsCreator(link_type="dedupe_only", comparisons=comparisons,
                           blocking_rules_to_generate_predictions=blocking), blocking


def splink(records: pd.DataFrame, role: str, ids: bool) -> pd.Series:
    """Splink 5 with DuckDB: u by random sampling, m by EM, clusters at match probability 0.5."""
    from splink import Linker
    from splink.backends.duckdb import DuckDBAPI

    if role == "delivery_address":
        from graphintel.entities.address_compare import address_features
        f = address_features(column(records, "address"), column(records, "country"))
    else:
        f = party_features(records)
    keep = [c for c in f.columns if not pd.api.types.is_numeric_dtype(f[c]) and not pd.api.types.is_bool_dtype(f[c])]
    f = f[keep].replace("", None)
    f.insert(0, "unique_id", records["record_id"].to_numpy())
    settings, blocking = _splink_settings(role, ids)
    api = DuckDBAPI()
    linker = Linker(api.register(f), settings)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    trained = 0
    for rule in blocking:  # a rule that pairs nothing (no shared phones in this world) cannot train
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule)
            trained += 1
        except Exception:  # noqa: BLE001, S112
            continue
        if trained == 2:
            break
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.5).as_pandas_dataframe()
    return pd.Series(clusters["cluster_id"].astype(str).to_numpy(), index=clusters["unique_id"].to_numpy())


METHODS = {"baseline": lambda r, role, ids: baseline(r, role), "graphintel": ours, "splink": splink}


def consignment_pairwise(predicted: pd.Series, record_of: pd.Series, consignments, truth, role) -> dict:
    """Pairwise precision, recall and F1 over consignments (pairs of consignments whose party is one entity)."""
    t = truth[truth["role"] == role].set_index("consignment_id")["entity_id"]
    frame = pd.DataFrame({"p": record_of.map(predicted).to_numpy(),
                          "t": consignments["consignment_id"].map(t).to_numpy()}).dropna()
    tp = _pairs(frame.groupby(["p", "t"]).size())
    pp, tt = _pairs(frame.groupby("p").size()), _pairs(frame.groupby("t").size())
    precision, recall = (tp / pp if pp else 1.0), (tp / tt if tt else 1.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"c_precision": precision, "c_recall": recall, "c_f1": f1}


def run_role(consignments, truth, role: str, ids: bool, methods: list[str]) -> list[dict]:
    """Every method's scores on one role, with or without ids."""
    records, record_of = role_records(consignments, role, ids)
    true = record_truth(record_of, consignments, truth, role)
    names = pd.Series(column(records, "name" if role != "delivery_address" else "address").to_numpy(),
                      index=records["record_id"].to_numpy())
    rows = []
    for method in methods:
        started = time.perf_counter()
        row = {"role": role, "ids": ids, "method": method, "records": len(records), "entities": int(true.nunique())}
        try:
            predicted = METHODS[method](records, role, ids)
            row.update(scores(predicted.reindex(true.index), true))
            row["false_friends"] = false_friends(predicted.reindex(true.index), true, names.reindex(true.index))
            row.update(consignment_pairwise(predicted, record_of, consignments, truth, role))
        except Exception as error:  # noqa: BLE001 - a failing method is a result to record, not a crash
            row["error"] = "".join(traceback.format_exception_only(error)).strip()
        row["seconds"] = round(time.perf_counter() - started, 2)
        rows.append(row)
        print(json.dumps(row))
    return rows


def world(consignments: int, seed: int):
    """The blind generator's consignments and truth (benchmarks/worlds/entities.py)."""
    from benchmarks.worlds.entities import generate

    return generate(consignments=consignments, seed=seed, ids=True)


def _scale_records(parties: int, path: str, seed: int = 1) -> None:
    """Write ``parties`` buyer records without ids (worlds of 200,000 consignments concatenated) to parquet."""
    frames, total, s = [], 0, seed
    while total < parties:
        cons, _ = world(200_000, s)
        records, _ = role_records(cons, "buyer", ids=False)
        records["record_id"] = f"s{s}-" + records["record_id"]
        frames.append(records)
        total += len(records)
        s += 1
    pd.concat(frames, ignore_index=True).iloc[:parties].to_parquet(path)


def _rss_gb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024**3


def _cpu_seconds() -> float:
    """User and system seconds of this process and its finished children (the forked key workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _scale_resolve(path: str) -> dict:
    """Resolve the records at ``path``: seconds, peak RSS and peak RSS above the loaded records."""
    records = pd.read_parquet(path)
    loaded = _rss_gb()
    started, cpu_started = time.perf_counter(), _cpu_seconds()

    def progress(message: str) -> None:
        print(f"{time.perf_counter() - started:7.1f} s wall {_cpu_seconds() - cpu_started:7.1f} s cpu  {message}",
              file=sys.stderr)

    resolution = resolve(records, "buyer", use_ids=False, progress=progress)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    return {"parties": len(records), "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
            "load_average": round(os.getloadavg()[0], 1), "peak_rss_gb": round(peak, 2),
            "method_peak_gb": round(peak - loaded, 2), "loaded_rss_gb": round(loaded, 2),
            "worker_peak_rss_gb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024, 2),
            "entities": int(resolution.entities["entity_id"].nunique()), "links": len(resolution.links),
            "cpus": len(os.sched_getaffinity(0))}


def scale(parties: int, seed: int = 1) -> dict:
    """Generate in one subprocess, resolve in another (two cores): seconds and the method's peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "records.parquet")
        env = dict(os.environ, PYTHONPATH=str(HERE.parent))
        subprocess.run([sys.executable, "-m", "benchmarks.entities", "--scale-write", path, "--scale", str(parties)],
                       check=True, env=env)
        done = subprocess.run([sys.executable, "-m", "benchmarks.entities", "--scale-resolve", path], check=True,
                              env=env, stdout=subprocess.PIPE, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _table(rows: list[dict]) -> list[str]:
    head = ("| role | ids | method | records | P | R | F1 | B³ P | B³ R | B³ F1 | cons. P | cons. R | cons. F1"
            " | false friends | s |")
    lines = [head, "|" + "---|" * 15]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['role']} | {r['ids']} | {r['method']} | {r['records']} | error: {r['error'][:200]} |")
            continue
        lines.append(
            f"| {r['role']} | {'yes' if r['ids'] else 'no'} | {r['method']} | {r['records']:,} | {r['precision']:.3f}"
            f" | {r['recall']:.3f} | {r['f1']:.3f} | {r['b3_precision']:.3f} | {r['b3_recall']:.3f}"
            f" | {r['b3_f1']:.3f} | {r['c_precision']:.3f} | {r['c_recall']:.3f} | {r['c_f1']:.3f}"
            f" | {r['false_friends']} | {r['seconds']} |"
        )
    return lines


def write_report(result: dict) -> None:
    """benchmarks/ENTITIES.json and the Markdown table in benchmarks/ENTITIES.md."""
    (HERE / "ENTITIES.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    lines = ["# Entity resolution benchmark", "", f"Command: `{result['command']}`", "",
             "Scores over records (one record per distinct raw id/name/address/phone/e-mail/country per role; "
             "each record counts once). Pairwise: record pairs sharing an entity. B³: per-record cluster overlap. "
             "False friends: true entities merged with another of the same normalised name.", ""]
    for seed, rows in result["seeds"].items():
        lines += [f"## Seed {seed}, {result['consignments']:,} consignments", ""] + _table(rows) + [""]
    if result.get("scale"):
        s = result["scale"]
        lines += ["## Scale", "", f"{s['parties']:,} buyer records without ids, resolved in {s['seconds']} s wall"
                  f" ({s.get('cpu_seconds', '?')} s CPU, load average {s.get('load_average', '?')}) on "
                  f"{s.get('cpus', 2)} cores; peak process RSS {s['peak_rss_gb']} GB of which "
                  f"{s['loaded_rss_gb']} GB the loaded records; key workers' peak "
                  f"{s.get('worker_peak_rss_gb', '?')} GB (forked, pages shared).", ""]
    (HERE / "ENTITIES.md").write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consignments", type=int, default=20_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--scale", type=int, default=0, help="also time this many parties (e.g. 1000000)")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--scale-write", help=argparse.SUPPRESS)
    parser.add_argument("--scale-resolve", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale_write:
        _scale_records(args.scale, args.scale_write)
        return
    if args.scale_resolve:
        print(json.dumps(_scale_resolve(args.scale_resolve)))
        return
    logging.getLogger("splink").setLevel(logging.WARNING)
    methods = ["baseline", "graphintel"] + ([] if args.no_splink else ["splink"])
    result = {"command": "python -m benchmarks.entities " + " ".join(argv or []), "consignments": args.consignments,
              "seeds": {}}
    for seed in args.seeds:
        consignments, truth = world(args.consignments, seed)
        rows = []
        for ids in (True, False):
            for role in ROLES:
                rows += run_role(consignments, truth, role, ids, methods)
        result["seeds"][seed] = rows
    if args.scale:
        result["scale"] = scale(args.scale)
        print(json.dumps(result["scale"]))
    write_report(result)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
