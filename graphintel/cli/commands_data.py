"""Commands over the data: ``generate``, ``ingest``, ``score``, ``status``, ``columns``."""

from __future__ import annotations

import json
import time
from pathlib import Path

from graphintel import console
from graphintel.cli import common


def cmd_generate(args) -> int:
    from graphintel.synth import GeneratorConfig, write

    started = time.perf_counter()
    cfg = GeneratorConfig(
        consignments=args.consignments,
        seed=args.seed,
        de_minimis_threshold=args.de_minimis,
        destination_country=args.destination,
        currency=args.currency,
        rings_per_scheme=args.rings_per_scheme,
        days=args.days,
        start_date=args.start,
        labelled_days=args.labelled_days,
        inspection_rate=args.inspection_rate,
    )
    result = write(cfg, args.out)
    console.summary(
        "generated",
        [(k, v) for k, v in result.items()] + [("seconds", f"{time.perf_counter() - started:.1f}")],
    )
    return 0


def cmd_ingest(args) -> int:
    from graphintel.errors import EXIT_OK, EXIT_PARTIAL  # not from graphintel.batch: 1 s of imports

    report = ingest(args, args.paths, args.mapping)
    # partial success: some rows quarantined, or a file refused (a link leaving its folder)
    return EXIT_PARTIAL if report.quarantined or report.refused else EXIT_OK


def ingest(args, paths: list[Path], mapping_path: Path | None):
    """Load files into the store with a progress bar; print what each file gave."""
    from graphintel.ingest import ingest_files, load_mapping, plan_files
    from graphintel.ingest.readers import count_rows

    started = time.perf_counter()
    home = common.home(args)
    limits = common.limits(args)
    mapping = load_mapping(mapping_path) if mapping_path else None
    skipped = []
    plans = plan_files(paths, mapping, skipped)
    for item in skipped:
        (console.error if item.refused else console.warn)(f"{item.path}: skipped, {item.reason}")
    for plan in plans:
        for warning in plan.warnings:
            console.warn(warning)
    total = sum(count_rows(p.path) for p in plans)
    with common.open_store(args) as store:
        with console.progress_bar("ingest", total) as advance:
            report = ingest_files(store, plans, home / "quarantine", progress=advance, limits=limits, skipped=skipped)
        counts = store.counts()
    store_line = f"{common.store_uri(args)}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items() if v)
    rows = _ingest_rows(report, store_line) + [("seconds", f"{time.perf_counter() - started:.1f}")]
    console.summary("ingest", rows)
    return report


def _ingest_rows(report, store: str) -> list[tuple[str, str]]:
    rows = [
        (
            str(f.path),
            f"read {f.read:,} = loaded {f.loaded:,} (new {f.loaded_new:,}, already in store "
            f"{f.already_present:,}) + quarantined {f.quarantined:,}",
        )
        for f in report.files
    ]
    return rows + [
        (
            "total",
            f"read {report.read:,} = loaded {report.loaded:,} + quarantined {report.quarantined:,}"
            f" ({'reconciled' if report.reconciled else 'NOT RECONCILED'}"
            + (f" over the files read; {len(report.skipped)} file(s) skipped, not read)" if report.skipped else ")"),
        ),
        ("quarantine file", str(report.quarantine_path) if report.quarantine_path else "none (no row rejected)"),
        (
            "files skipped",
            f"{len(report.skipped)} (listed above; {len(report.refused)} refused)" if report.skipped else "none",
        ),
        ("store", store),
    ]


def cmd_score(args) -> int:
    score(args)
    return 0


def score(args):
    """Score the store's data into a new run; print the run and its top five leads."""
    from graphintel.leads.runs import run_scoring

    started = time.perf_counter()
    params = common.scoring_params(args)
    with common.open_store(args) as store:
        with console.steps("score", 8) as done:
            result = run_scoring(
                store,
                common.home(args) / "runs",
                params,
                progress=done,
                learning=common.learning_params(args, params),
                model_id=getattr(args, "model_id", None),
            )
    summary = json.loads(result.record["summary"])
    rows = [
        ("run", result.run_id),
        ("run folder", str(result.folder)),
        (
            "scored",
            f"{len(result.scored.consignments):,} consignments, {len(result.scored.parties):,} parties, "
            f"{len(set(result.scored.parties['community'])):,} clusters",
        ),
        ("network algorithms", summary["algorithms"]),
        ("model", summary["mode"]),
        ("saved model", summary["model_id"] or "none (unsupervised)"),
        ("leads", f"{len(result.leads.leads):,}"),
    ]
    for lead in result.leads.leads.head(5).itertuples():
        rows.append((f"  #{lead.rank} {lead.lead_id}", f"{lead.score:.3f} {lead.scheme}: {str(lead.reasons)[:150]}"))
    rows.append(("seconds", f"{time.perf_counter() - started:.1f}"))
    console.summary("score", rows)
    return result


def cmd_status(args) -> int:
    from graphintel.leads.runs import latest_run

    with common.open_for_reading(args) as store:
        counts = store.counts()
        run = latest_run(store)
    rows = [(label, f"{n:,}") for label, n in counts.items()]
    rows.append(("latest run", f"{run['run_id']} ({run['folder']})" if run else "none"))
    console.summary(f"store {common.store_uri(args)}", rows)
    return 0


def cmd_columns(args) -> int:
    from graphintel.schema import COLUMNS

    console.summary(
        "canonical columns",
        [
            (
                c.name,
                f"{c.group}, {c.type}{', required' if c.required else ''}"
                + (f" - {c.description}" if c.description else ""),
            )
            for c in COLUMNS
        ],
    )
    return 0
