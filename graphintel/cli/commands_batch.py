"""Commands of scheduled operation: ``run`` (a batch run over an inbox), ``runs``, ``runs diff``, ``feedback``."""

from __future__ import annotations

import json
from pathlib import Path

from graphintel import console
from graphintel.cli import common
from graphintel.errors import InputError


def cmd_run(args) -> int:
    from graphintel.batch import BatchOptions, Log, run_batch

    formats = common.export_formats(args.format)
    params = common.scoring_params(args)
    log = Log(args.log_format)
    options = BatchOptions(
        inbox=args.inbox,
        formats=formats,
        top=args.top,
        mask=args.mask,
        rescore=args.rescore,
        settle_seconds=args.settle_seconds,
        limits=common.limits(args),
    )
    store_uri, home, learning = common.store_uri(args), common.home(args), common.learning_params(args, params)
    if args.log_format == "json":
        record = run_batch(store_uri, home, options, params, learning, log)
    else:
        with console.progress_bar("ingest", None) as advance:
            record = run_batch(store_uri, home, options, params, learning, log, advance)
    if args.log_format == "text":
        _print_run(record)
    return int(record.data["exit_code"])


def _print_run(record) -> None:
    d = record.data
    leads = d.get("leads") or {}
    console.summary(
        f"run {d['run_id']}: {d['status']}",
        [
            ("files", ", ".join(f"{f['name']} ({f['status']})" for f in d["files"]) or "none"),
            ("rows", f"read {d['rows']['read']:,}, new {d['rows']['new']:,}, quarantined "
             f"{d['rows']['quarantined']:,}"),
            ("feedback", f"{d['feedback']['consignments']} consignments, {d['feedback']['leads']} leads"),
            ("scoring run", d.get("scoring_run_id") or "none (nothing new)"),
            ("model", d.get("model") or "-"),
            ("leads", ", ".join(f"{k} {v if isinstance(v, int) else len(v)}" for k, v in leads.items()) or "-"),
            ("exports", d.get("export_folder") or "none"),
            ("record", str(record.path)),
            ("seconds", json.dumps(d["timings_seconds"])),
            ("exit code", d["exit_code"]),
        ],
    )  # fmt: skip


def cmd_runs(args) -> int:
    from graphintel.batch import list_runs

    records = list_runs(common.home(args))[-args.limit :]
    rows = [(r["run_id"], _run_line(r)) for r in records]
    console.summary(f"batch runs in {common.home(args)}", rows or [("runs", "none yet (graphintel run --inbox DIR)")])
    return 0


def _run_line(r: dict) -> str:
    """One batch run's record on one line."""
    loaded = sum(1 for f in r.get("files", []) if f.get("status") == "loaded")
    skipped = sum(1 for f in r.get("files", []) if f.get("status") == "skipped")
    rejected = sum(1 for f in r.get("files", []) if f.get("status") == "rejected")
    waiting = sum(1 for f in r.get("files", []) if f.get("status") == "waiting")
    leads = r.get("leads") or {}
    return (
        f"{r['status']:<11} {r['started_at']}  files {loaded} loaded, {skipped} skipped, {rejected} rejected"
        + (f", {waiting} waiting; " if waiting else "; ")
        + f"rows new {r['rows']['new']:,}, quarantined {r['rows']['quarantined']:,}; "
        f"scoring {r.get('scoring_run_id') or '-'}; leads new {leads.get('new', '-')}, "
        f"escalated {leads.get('escalated', '-')}, dropped {leads.get('dropped', '-')}"
    )


def _scoring_run_id(home: Path, run_id: str) -> str:
    """A batch run's scoring run id; any other id as given."""
    from graphintel.batch import list_runs

    for record in list_runs(home):
        if record["run_id"] == run_id:
            if not record.get("scoring_run_id"):
                raise InputError(f"batch run {run_id} did not score (status {record['status']}); pick another")
            return record["scoring_run_id"]
    return run_id


def cmd_runs_diff(args) -> int:
    from graphintel.batch import diff_runs
    from graphintel.leads.runs import read_run

    home = common.home(args)
    a, b = _scoring_run_id(home, args.run_a), _scoring_run_id(home, args.run_b)
    with common.open_for_reading(args) as store:
        read_run(store, a)
        read_run(store, b)
        diff = diff_runs(store, a, b, args.top)
    rows = [("runs", f"{a} -> {b}")]
    for kind in ("new", "escalated", "dropped"):
        rows.append((kind, f"{len(diff[kind])}"))
        for lead in diff[kind][:15]:
            was = f" (was #{lead['was_rank']} {lead['was_score']:.3f})" if "was" in lead else ""
            rows.append((f"  #{lead['rank']} {lead['lead_id']}", f"{lead['score']:.3f} {lead['scheme']}{was}"))
    rows.append(("unchanged", f"{len(diff['unchanged'])}"))
    console.summary("runs diff", rows)
    return 0


def cmd_feedback(args) -> int:
    from graphintel.batch import apply_feedback

    limits = common.limits(args)
    rows = []
    with common.open_store(args) as store:
        for path in args.paths:
            counts = apply_feedback(store, path, max_revenue=limits.maximum["revenue_recovered"])
            rows.append((str(path), f"{counts['consignments']} consignments, {counts['leads']} leads"))
    rows.append(("next", "`graphintel score` (or the next `graphintel run`) learns from them"))
    console.summary("feedback", rows)
    return 0
