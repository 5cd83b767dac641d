"""The ``graphintel`` command: a thin layer over the library.

Every command ends with a short summary; user errors print one line and exit
non-zero (2 bad input, 3 store problem, 4 another batch run holds the lock, 5 partial
success: some rows quarantined or files rejected); ``GRAPHINTEL_DEBUG=1`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

from graphintel import __version__, config, console
from graphintel.errors import GraphIntelError, InputError
from graphintel.users import ROLES


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    # Everything a command creates (store, quarantine, runs, ledger, exports) holds personal data: 0600
    # files in 0700 folders from the moment they exist.
    umask = os.umask(0o077)
    try:
        return int(args.func(args) or 0)
    except GraphIntelError as exc:
        console.error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        console.error("interrupted; every batch loaded before this point is kept")
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: one line, not a traceback
        if os.environ.get("GRAPHINTEL_DEBUG"):
            raise
        console.error(f"internal error: {type(exc).__name__}: {exc} (set GRAPHINTEL_DEBUG=1 for details)")
        return 1
    finally:
        os.umask(umask)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="graphintel", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"graphintel {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--store",
        help="embedded database file, or bolt:// / neo4j:// URI (default: $GRAPHINTEL_STORE, else HOME/graph.lbug)",
    )
    common.add_argument(
        "--home",
        help="working folder for the store, runs and quarantine (default: $GRAPHINTEL_HOME, else ./.graphintel)",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("generate", help="write synthetic consignments with planted schemes")
    p.add_argument("--consignments", type=_positive_int, default=20_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument(
        "--de-minimis",
        type=_positive_float,
        default=None,
        help="threshold to plant against (default: the destination's, from the shipped de minimis table)",
    )
    p.add_argument("--destination", default="GB", help="destination country (ISO code)")
    p.add_argument("--currency", default="GBP")
    p.add_argument("--rings-per-scheme", type=_positive_int, default=3)
    p.add_argument("--days", type=_positive_int, default=90, help="days the declarations span (default 90)")
    p.add_argument("--start", type=_date, default=dt.date(2026, 6, 1), help="first declaration date (YYYY-MM-DD)")
    p.add_argument(
        "--labelled-days",
        type=int,
        default=0,
        help="parcels of the first N days carry inspection outcomes (inspected, fraud, revenue_recovered)",
    )
    p.add_argument("--inspection-rate", type=_share, default=0.05, help="share of labelled parcels inspected")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("ingest", parents=[common], help="load CSV / Parquet / JSON Lines files into the store")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--mapping", type=Path, help="TOML mapping of source columns onto GraphIntel columns")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("score", parents=[common], help="score parties, consignments and clusters; rank leads")
    _scoring_flags(p)
    p.add_argument("--model", dest="model_id", help="score with this saved model instead of training a new one")
    _objective_flag(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser(
        "evaluate",
        parents=[common],
        help="compare the latest leads with a ground truth, or back-test the model on a time split",
    )
    p.add_argument("--truth", type=Path, help="ground-truth file of planted rings (generated data)")
    p.add_argument("--top", type=_positive_int, default=30, help="K: leads considered")
    p.add_argument("--run", help="run id (default: the latest)")
    p.add_argument("--split-date", type=_date, help="time split: train on outcomes before this date, test from it on")
    p.add_argument(
        "--outcomes",
        type=Path,
        help="true outcome of every test consignment (consignment_id, fraud, revenue_recovered); "
        "default: the inspected consignments of the test window",
    )
    p.add_argument("--shuffle-labels", action="store_true", help="leakage check: shuffle the training outcomes first")
    _scoring_flags(p)
    _objective_flag(p)
    p.set_defaults(func=cmd_evaluate)

    model = sub.add_parser("model", help="saved models").add_subparsers(title="model commands", metavar="ACTION")
    p = model.add_parser("show", parents=[common], help="print a saved model's record (default: the newest)")
    p.add_argument("model_id", nargs="?")
    p.set_defaults(func=cmd_model_show)
    p = model.add_parser("list", parents=[common], help="list the saved models")
    p.set_defaults(func=cmd_model_list)

    leads = sub.add_parser("leads", help="work with leads").add_subparsers(title="leads commands", metavar="ACTION")
    p = leads.add_parser("export", parents=[common], help="export lead packages of a run")
    p.add_argument(
        "--format", default="xlsx,json,html,graphml,csv", help="comma-separated: xlsx, json, html, graphml, csv"
    )
    p.add_argument(
        "--mask", action="store_true", help="mask personal data: buyer names, phones, e-mails, street addresses"
    )
    p.add_argument("--top", type=_positive_int, default=30)
    p.add_argument("--lead", action="append", dest="lead_ids", help="export this lead (repeatable)")
    p.add_argument("--run", help="run id (default: the latest)")
    p.add_argument("--out", type=Path, help="folder (default: the run folder's export/)")
    p.set_defaults(func=cmd_leads_export)
    p = leads.add_parser("list", parents=[common], help="print the top leads of a run")
    p.add_argument("--top", type=_positive_int, default=20)
    p.add_argument("--run")
    p.set_defaults(func=cmd_leads_list)

    p = sub.add_parser(
        "run",
        parents=[common],
        help="scheduled batch run: ingest the inbox's new files, apply feedback, rescore, export new leads",
    )
    p.add_argument("--inbox", type=Path, required=True, help="folder of daily files (CSV, Parquet, JSON Lines)")
    p.add_argument("--format", default="xlsx,json,html,graphml,csv", help="export formats of new leads")
    p.add_argument("--top", type=_positive_int, default=30, help="export new or escalated leads of the top N")
    p.add_argument("--mask", action="store_true", help="mask personal data in the exports")
    p.add_argument("--rescore", action="store_true", help="score even when no new file arrived")
    p.add_argument(
        "--settle-seconds",
        type=_non_negative_float,
        default=60.0,
        help="load a file once nothing changed it for this long, or once NAME.done exists beside it (default 60)",
    )
    p.add_argument("--log-format", choices=["text", "json"], default="text", help="json: one JSON object per line")
    _scoring_flags(p)
    p.set_defaults(func=cmd_run)

    runs = sub.add_parser("runs", parents=[common], help="list batch runs; `runs diff A B` compares two")
    runs.set_defaults(func=cmd_runs)
    runs.add_argument("--limit", type=_positive_int, default=20)
    runs_sub = runs.add_subparsers(title="runs commands", metavar="ACTION")
    p = runs_sub.add_parser("diff", parents=[common], help="new, escalated and dropped leads of run B against run A")
    p.add_argument("run_a", help="batch run id or scoring run id")
    p.add_argument("run_b", help="batch run id or scoring run id")
    p.add_argument("--top", type=_positive_int, default=30, help="a lead entering the top N counts as escalated")
    p.set_defaults(func=cmd_runs_diff)

    p = sub.add_parser("feedback", parents=[common], help="ingest enforcement outcomes as labels for the next run")
    p.add_argument("paths", nargs="+", type=Path, metavar="CSV", help="lead_id or consignment_id, outcome, revenue")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("status", parents=[common], help="what the store holds")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("columns", help="list the canonical input columns")
    p.set_defaults(func=cmd_columns)

    p = sub.add_parser("dashboard", parents=[common], help="start the Streamlit dashboard")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--headless", action="store_true", help="do not open a browser")
    p.add_argument(
        "--address",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 serves the network)",
    )
    p.add_argument(
        "--no-auth",
        action="store_true",
        help="no login: whoever reaches the dashboard acts as you, a supervisor (only with --address 127.0.0.1)",
    )
    p.set_defaults(func=cmd_dashboard)

    users = sub.add_parser("users", help="dashboard users and their roles: add, list, remove, passwd")
    users_sub = users.add_subparsers(title="users commands", metavar="ACTION")
    p = users_sub.add_parser("add", parents=[common], help="add a user (asks for the password)")
    p.add_argument("name", help="user name (an e-mail address for users of the identity provider)")
    p.add_argument("--role", choices=ROLES, default="analyst", help="viewer, analyst (default) or supervisor")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument("--password", nargs="?", action=_NoPasswordFlag, help=argparse.SUPPRESS)
    p.add_argument("--oidc", action="store_true", help="no password: logs in through the identity provider only")
    p.set_defaults(func=cmd_users_add)
    p = users_sub.add_parser("list", parents=[common], help="list the users, their roles and lockouts")
    p.set_defaults(func=cmd_users_list)
    p = users_sub.add_parser("remove", parents=[common], help="remove a user")
    p.add_argument("name")
    p.set_defaults(func=cmd_users_remove)
    p = users_sub.add_parser("passwd", parents=[common], help="set a user's password (and lift a lockout)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument("--password", nargs="?", action=_NoPasswordFlag, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_users_passwd)

    p = sub.add_parser(
        "demo", parents=[common], help="generate, ingest, score, export and evaluate; then the dashboard"
    )
    p.add_argument("--consignments", type=_positive_int, default=20_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", type=Path, help="folder for the generated files (default: HOME/demo)")
    p.add_argument("--no-dashboard", action="store_true")
    p.add_argument("--port", type=int, default=8501)
    _scoring_flags(p)
    p.set_defaults(func=cmd_demo)
    return parser


class _NoPasswordFlag(argparse.Action):
    """``--password VALUE`` refused without echoing the value (it would stay in shell history and logs)."""

    def __call__(self, parser, namespace, values, option_string=None):
        parser.error(
            "a password is never taken as a flag value (it would stay in the shell history and the process list): "
            "answer the prompt, or send it on standard input with --password-stdin"
        )


def _scoring_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--de-minimis",
        type=_positive_float,
        default=None,
        help="de minimis threshold (default: $GRAPHINTEL_DE_MINIMIS, else 150)",
    )
    p.add_argument(
        "--hub-limit", type=_positive_int, default=50, help="identifiers shared by more parties than this link nothing"
    )
    p.add_argument("--seed-value", dest="random_seed", type=int, default=7, help="random seed of the algorithms")
    p.add_argument(
        "--algorithms",
        choices=["auto", "python", "networkx", "gds"],
        default="auto",
        help="where network algorithms run: auto (in Neo4j when it has GDS, else python), python (igraph), "
        "networkx (the slow reference), gds",
    )
    p.add_argument(
        "--mode",
        choices=["auto", "unsupervised", "supervised"],
        default="auto",
        help="use of inspection outcomes: auto (by the number of confirmed frauds), unsupervised, supervised",
    )
    p.add_argument(
        "--explore-share",
        type=_explore_share,
        default=0.1,
        help="share of each ranked list chosen for exploration (default 0.1; 0 turns it off)",
    )


def _objective_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--objective",
        choices=["fraud", "revenue"],
        default="fraud",
        help="what the inspection list maximises: fraud (probability of fraud) or revenue (probability of fraud "
        "x predicted recovered revenue, when outcomes carry revenue_recovered)",
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{value} must be positive")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{value} must be positive")
    return value


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"{value} must be zero or more")
    return value


def _share(text: str) -> float:
    value = _positive_float(text)
    if value >= 1:
        raise argparse.ArgumentTypeError(f"{value} must be below 1 (a share, e.g. 0.05)")
    return value


def _explore_share(text: str) -> float:
    """A share, or 0 (no exploration)."""
    try:
        if float(text) == 0:
            return 0.0
    except ValueError:
        pass  # _share names the bad value
    return _share(text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _store_uri(args) -> str:
    return config.store_uri(getattr(args, "store", None), getattr(args, "home", None))


def _home(args) -> Path:
    return config.home_for(_store_uri(args), getattr(args, "home", None))


def _limits(args):
    """Plausible bounds of amounts and dates: ``[ingest]`` in ``HOME/settings.toml``, else the defaults."""
    from graphintel.ingest.plausible import limits_from_settings

    home = _home(args)
    return limits_from_settings(config.settings(home), Path(home) / config.SETTINGS_FILE)


def _open(args, read_only: bool = False):
    from graphintel.store import open_store

    return open_store(_store_uri(args), read_only=read_only)


# -- commands -----------------------------------------------------------------
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
    from graphintel.batch import EXIT_OK, EXIT_PARTIAL

    report = ingest(args, args.paths, args.mapping)
    # partial success: some rows quarantined, or a file refused (a link leaving its folder)
    return EXIT_PARTIAL if report.quarantined or report.refused else EXIT_OK


def ingest(args, paths: list[Path], mapping_path: Path | None):
    from graphintel.ingest import ingest_files, load_mapping, plan_files

    started = time.perf_counter()
    home = _home(args)
    limits = _limits(args)
    mapping = load_mapping(mapping_path) if mapping_path else None
    skipped = []
    plans = plan_files(paths, mapping, skipped)
    for item in skipped:
        (console.error if item.refused else console.warn)(f"{item.path}: skipped, {item.reason}")
    for plan in plans:
        for warning in plan.warnings:
            console.warn(warning)
    total = sum(_count_rows(p.path) for p in plans)
    with _open(args) as store:
        with console.progress_bar("ingest", total) as advance:
            report = ingest_files(store, plans, home / "quarantine", progress=advance, limits=limits, skipped=skipped)
        counts = store.counts()
    rows = [
        (
            str(f.path),
            f"read {f.read:,} = loaded {f.loaded:,} (new {f.loaded_new:,}, already in store "
            f"{f.already_present:,}) + quarantined {f.quarantined:,}",
        )
        for f in report.files
    ]
    rows += [
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
        ("store", f"{_store_uri(args)}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items() if v)),
        ("seconds", f"{time.perf_counter() - started:.1f}"),
    ]
    console.summary("ingest", rows)
    return report


def _count_rows(path: Path) -> int | None:
    from graphintel.ingest.readers import file_format

    fmt = file_format(path)
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        with path.open("rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        return max(0, lines - 1) if fmt == "csv" else lines
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror or exc})") from None


def _scoring_params(args):
    from graphintel.model.scoring import ScoringParams

    threshold = args.de_minimis
    if threshold is None:
        env = os.environ.get("GRAPHINTEL_DE_MINIMIS")
        try:
            threshold = float(env) if env else None  # None: each parcel's destination, from the table
        except ValueError:
            raise InputError(f"GRAPHINTEL_DE_MINIMIS='{env}' is not a number") from None
    return ScoringParams(
        de_minimis_threshold=threshold, hub_limit=args.hub_limit, seed=args.random_seed, algorithms=args.algorithms
    )


def cmd_score(args) -> int:
    score(args)
    return 0


def score(args):
    from graphintel.leads.runs import run_scoring

    started = time.perf_counter()
    params = _scoring_params(args)
    with _open(args) as store:
        with console.steps("score", 8) as done:
            result = run_scoring(
                store,
                _home(args) / "runs",
                params,
                progress=done,
                learning=_learning_params(args, params),
                model_id=getattr(args, "model_id", None),
            )
    top = result.leads.leads.head(5)
    rows = [
        ("run", result.run_id),
        ("run folder", str(result.folder)),
        (
            "scored",
            f"{len(result.scored.consignments):,} consignments, {len(result.scored.parties):,} parties, "
            f"{len(set(result.scored.parties['community'])):,} clusters",
        ),
        ("network algorithms", json.loads(result.record["summary"])["algorithms"]),
        ("model", json.loads(result.record["summary"])["mode"]),
        ("saved model", json.loads(result.record["summary"])["model_id"] or "none (unsupervised)"),
        ("leads", f"{len(result.leads.leads):,}"),
    ]
    for lead in top.itertuples():
        rows.append((f"  #{lead.rank} {lead.lead_id}", f"{lead.score:.3f} {lead.scheme}: {str(lead.reasons)[:150]}"))
    rows.append(("seconds", f"{time.perf_counter() - started:.1f}"))
    console.summary("score", rows)
    return result


def cmd_evaluate(args) -> int:
    if args.split_date is None and args.truth is None:
        raise InputError("evaluate needs --truth FILE (planted rings) or --split-date YYYY-MM-DD (back-test)")
    if args.split_date is not None:
        backtest(args)
    if args.truth is not None:
        evaluate(args, args.truth, args.top, args.run)
    return 0


def _learning_params(args, params):
    from graphintel.model.supervised import LearningParams

    return LearningParams(
        mode=getattr(args, "mode", "auto"),
        explore_share=getattr(args, "explore_share", 0.1),
        seed=params.seed,
        de_minimis_threshold=params.de_minimis_threshold,
        objective=getattr(args, "objective", "fraud"),
    )


def backtest(args) -> dict:
    import pandas as pd

    from graphintel.analytics.projection import read_projection
    from graphintel.model.backtest import backtest as run_backtest
    from graphintel.model.backtest import table
    from graphintel.model.scoring import prepare, score_parties

    started = time.perf_counter()
    params = _scoring_params(args)
    outcomes = None
    if args.outcomes is not None:
        try:
            outcomes = pd.read_csv(args.outcomes, dtype={"consignment_id": str})
        except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise InputError(f"{args.outcomes}: cannot read outcomes ({exc})") from None
        for column in ("consignment_id", "fraud"):
            if column not in outcomes.columns:
                raise InputError(f"{args.outcomes}: outcomes lack column '{column}'")
    with console.steps("back-test", 6) as done:
        with _open(args, read_only=not config.is_neo4j_uri(_store_uri(args))) as store:
            data = read_projection(store)
        done("read projection")
        if data.consignments.empty:
            raise GraphIntelError("the store holds no consignments; run `graphintel ingest` first")
        data = prepare(data, params)  # each parcel's de minimis threshold and evidence, as `score` uses them
        scored = score_parties(data, params, progress=done)
        result = run_backtest(
            data.consignments,
            scored,
            data.links,
            pd.Timestamp(args.split_date),
            _learning_params(args, params),
            outcomes=outcomes,
            shuffle_labels=args.shuffle_labels,
        )
    folder = _home(args) / "evaluations"
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"backtest-{dt.datetime.now().strftime('%Y%m%dT%H%M%S')}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    stem.with_suffix(".md").write_text(table(result) + "\n", encoding="utf-8")
    print(table(result))
    training, test = result["training"], result["test"]
    console.summary(
        "evaluate (time split)",
        [
            ("split date", result["split_date"]),
            (
                "training",
                f"{training['labelled']:,} inspected, {training['frauds']:,} frauds, "
                f"{training['window'][0]} to {training['window'][1]}"
                + (" (labels shuffled)" if training["shuffled"] else ""),
            ),
            ("test", f"{test['consignments']:,} consignments, {test['frauds']:,} frauds ({test['labels']})"),
            ("model", result["mode"]),
            ("objective", result["objective"]),
            (
                "against the baseline",
                ", ".join(
                    f"{k} {'beats' if gap > 0 else 'matches' if gap == 0 else 'below'}"
                    for k, gap in result["baseline_gap"].items()
                )
                or "no baseline (see the notes)",
            ),
            ("table", str(stem.with_suffix(".md"))),
            ("seconds", f"{time.perf_counter() - started:.1f}"),
        ],
    )
    return result


def cmd_model_show(args) -> int:
    from graphintel.model import registry

    rec = registry.record(_home(args) / "models", args.model_id)
    rows = []
    for key, value in rec.items():
        if key == "features":
            value = f"{len(value)}: " + ", ".join(value)
        elif isinstance(value, dict | list):
            value = json.dumps(value, default=str)
        rows.append((key, value))
    console.summary(f"model {rec['model_id']}", rows)
    return 0


def cmd_model_list(args) -> int:
    from graphintel.model import registry

    recs = registry.records(_home(args) / "models")
    rows = [
        (
            r["model_id"],
            f"{r.get('mode', '?')}, trained on {r.get('labelled', 0):,} ({r.get('frauds', 0):,} frauds) "
            f"{' to '.join(r.get('training_window') or [])}, holdout AUC {r.get('holdout_roc_auc')}",
        )
        for r in recs
    ]
    console.summary("models", rows or [("models", "none saved yet")])
    return 0


def evaluate(args, truth_path: Path, top: int, run_id: str | None = None):
    import pandas as pd

    from graphintel.leads.evaluate import evaluate as run_evaluation
    from graphintel.leads.evaluate import read_ground_truth
    from graphintel.leads.runs import latest_run, read_leads, read_run

    truth = read_ground_truth(truth_path)
    with _open(args, read_only=not config.is_neo4j_uri(_store_uri(args))) as store:
        run = latest_run(store) if run_id is None else read_run(store, run_id)
        if run is None:
            raise GraphIntelError("no scoring run in the store; run `graphintel score` first")
        leads = read_leads(store, run["run_id"])
    scores = pd.read_csv(Path(run["folder"]) / "consignments.csv", dtype={"consignment_id": str})
    result = run_evaluation(leads, scores, truth, top_k=top)
    rows = [
        ("run", run["run_id"]),
        (
            f"rings found in top {top}",
            f"{result.rings['found'].sum()} of {len(result.rings)} ({result.found_share:.0%})",
        ),
        (
            f"precision of top {top}",
            f"{result.precision_at_k:.0%} ({round(result.precision_at_k * result.leads_considered)} of "
            f"{result.leads_considered} leads find a planted ring)",
        ),
        (f"heavy hitters in top {top}", result.heavy_hitters_in_top_k),
        ("consignment ROC AUC", "n/a" if result.consignment_auc is None else f"{result.consignment_auc:.3f}"),
    ]
    for row in result.per_scheme.itertuples():
        rows.append((f"  {row.typology}", f"{row.found} of {row.rings} rings found"))
    console.summary("evaluate", rows)
    out = Path(run["folder"]) / "evaluation.json"
    import json

    out.write_text(json.dumps(result.as_dict(), indent=2, default=str))
    return result


def cmd_leads_export(args) -> int:
    export(args, args.format, args.top, args.run, args.out, args.lead_ids, mask=args.mask)
    return 0


def export(args, formats: str, top: int, run_id: str | None, out: Path | None, lead_ids=None, mask: bool = False):
    from graphintel.leads.export import EXPORT_LOG, export_package, exporter_for
    from graphintel.leads.package import load_package

    names = [f.strip().lower() for f in formats.split(",") if f.strip()]
    for name in names:
        exporter_for(name)  # an unknown format fails before any work
    with _open(args, read_only=not config.is_neo4j_uri(_store_uri(args))) as store:
        package = load_package(store, run_id=run_id, top=None if lead_ids else top, lead_ids=lead_ids)
    folder = out or Path(package.run["folder"]) / "export"
    home = _home(args)
    written = export_package(package, names, folder, home, mask=mask)
    marking = config.handling_marking(home)
    console.summary(
        "leads export",
        [
            ("run", package.run["run_id"]),
            (
                "leads",
                f"{len(package.leads)} (with {len(package.members)} members, "
                f"{len(package.consignments)} evidence consignments)",
            ),
            ("masked", "yes (buyer names, phones, e-mails, street addresses)" if mask else "no"),
            ("handling marking", marking or "none (set marking in HOME/settings.toml or GRAPHINTEL_MARKING)"),
            ("folder", str(folder)),
            *[("wrote", str(p.relative_to(folder))) for p in written],
            ("logged in", str(home / EXPORT_LOG)),
        ],
    )
    return written


def cmd_leads_list(args) -> int:
    from graphintel.leads.package import load_package

    with _open(args, read_only=not config.is_neo4j_uri(_store_uri(args))) as store:
        package = load_package(store, run_id=args.run, top=args.top)
    rows = [
        (f"#{r.rank} {r.lead_id}", f"{r.score:.3f} {r.scheme} [{r.status}] {str(r.reasons)[:160]}")
        for r in package.leads.itertuples()
    ]
    console.summary(f"leads of run {package.run['run_id']}", rows or [("leads", "none")])
    return 0


def cmd_run(args) -> int:
    from graphintel.batch import BatchOptions, Log, run_batch
    from graphintel.leads.export import exporter_for

    formats = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    for name in formats:
        exporter_for(name)
    params = _scoring_params(args)
    log = Log(args.log_format)
    options = BatchOptions(
        inbox=args.inbox,
        formats=formats,
        top=args.top,
        mask=args.mask,
        rescore=args.rescore,
        settle_seconds=args.settle_seconds,
        limits=_limits(args),
    )
    if args.log_format == "json":
        record = run_batch(_store_uri(args), _home(args), options, params, _learning_params(args, params), log)
    else:
        with console.progress_bar("ingest", None) as advance:
            record = run_batch(
                _store_uri(args), _home(args), options, params, _learning_params(args, params), log, advance
            )
    d = record.data
    if args.log_format == "text":
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
    return int(d["exit_code"])


def cmd_runs(args) -> int:
    from graphintel.batch import list_runs

    records = list_runs(_home(args))[-args.limit :]
    rows = []
    for r in records:
        loaded = sum(1 for f in r.get("files", []) if f.get("status") == "loaded")
        skipped = sum(1 for f in r.get("files", []) if f.get("status") == "skipped")
        rejected = sum(1 for f in r.get("files", []) if f.get("status") == "rejected")
        waiting = sum(1 for f in r.get("files", []) if f.get("status") == "waiting")
        leads = r.get("leads") or {}
        rows.append(
            (
                r["run_id"],
                f"{r['status']:<11} {r['started_at']}  files {loaded} loaded, {skipped} skipped, {rejected} rejected"
                + (f", {waiting} waiting; " if waiting else "; ")
                + f"rows new {r['rows']['new']:,}, quarantined {r['rows']['quarantined']:,}; "
                f"scoring {r.get('scoring_run_id') or '-'}; leads new {leads.get('new', '-')}, "
                f"escalated {leads.get('escalated', '-')}, dropped {leads.get('dropped', '-')}",
            )
        )
    console.summary(f"batch runs in {_home(args)}", rows or [("runs", "none yet (graphintel run --inbox DIR)")])
    return 0


def _scoring_run_id(home: Path, run_id: str) -> str:
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

    home = _home(args)
    a, b = _scoring_run_id(home, args.run_a), _scoring_run_id(home, args.run_b)
    with _open(args, read_only=not config.is_neo4j_uri(_store_uri(args))) as store:
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

    limits = _limits(args)
    rows = []
    with _open(args) as store:
        for path in args.paths:
            counts = apply_feedback(store, path, max_revenue=limits.maximum["revenue_recovered"])
            rows.append((str(path), f"{counts['consignments']} consignments, {counts['leads']} leads"))
    rows.append(("next", "`graphintel score` (or the next `graphintel run`) learns from them"))
    console.summary("feedback", rows)
    return 0


def cmd_status(args) -> int:
    from graphintel.leads.runs import latest_run

    with _open(args, read_only=not config.is_neo4j_uri(_store_uri(args))) as store:
        counts = store.counts()
        run = latest_run(store)
    rows = [(label, f"{n:,}") for label, n in counts.items()]
    rows.append(("latest run", f"{run['run_id']} ({run['folder']})" if run else "none"))
    console.summary(f"store {_store_uri(args)}", rows)
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


def cmd_dashboard(args) -> int:
    return dashboard(args, args.port, args.headless, args.address, args.no_auth)


def dashboard(args, port: int, headless: bool, address: str = "127.0.0.1", no_auth: bool = False) -> int:
    from graphintel.dashboard import launch

    with launch.app_script() as app:
        home = _home(args)
        launch.check_access(home, address, no_auth, home_given=bool(getattr(args, "home", None)))
        env = launch.dashboard_env(_store_uri(args), home, no_auth)
        if no_auth:
            console.warn(
                f"no login (--no-auth): everyone who can reach port {port} on this machine acts as "
                f"{config.analyst()}, a supervisor who can confirm and dismiss leads"
            )
        console.out.print(f"dashboard on http://{address}:{port} (Ctrl+C to stop)")
        launch.exec_streamlit(app, port, address, headless, env)


# -- users ----------------------------------------------------------------------
def _users(args):
    from graphintel.users import UserStore

    return UserStore(_home(args))


def read_password(args, confirm: bool = True) -> str:
    """The password from standard input (``--password-stdin``: one line), else asked twice on the terminal;
    never from a flag (it would stay in the shell history and the process list)."""
    import getpass

    if args.password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise InputError("--password-stdin: no password on standard input")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise InputError("no terminal to ask the password on: send it on standard input with --password-stdin")
    password = getpass.getpass("Password: ")
    if confirm and getpass.getpass("Password again: ") != password:
        raise InputError("the two passwords differ; nothing was changed")
    return password


def cmd_users_add(args) -> int:
    from graphintel.users import check_name

    store = _users(args)
    if store.has(check_name(args.name)):  # before asking for a password
        raise InputError(f"there is a user '{args.name}' already (graphintel users passwd or remove)")
    password = None if args.oidc else read_password(args)
    store.add(args.name, args.role, password)
    console.summary(
        "users add",
        [
            ("user", f"{args.name} ({args.role})"),
            ("login", "identity provider (OpenID Connect)" if args.oidc else "password"),
            ("users file", str(store.path)),
        ],
    )
    return 0


def cmd_users_list(args) -> int:
    store = _users(args)
    rows = []
    for u in store.listing():
        state = f"locked until {u['locked_until']}" if u["locked_until"] else f"{u['failures']} recent failures"
        rows.append((u["name"], f"{u['role']:<10} {u['login']}, {state}, last login {u['last_login'] or 'never'}"))
    console.summary(f"users in {store.path}", rows or [("users", "none yet (graphintel users add NAME)")])
    return 0


def cmd_users_remove(args) -> int:
    store = _users(args)
    store.remove(args.name)
    console.summary("users remove", [("removed", args.name), ("users file", str(store.path))])
    return 0


def cmd_users_passwd(args) -> int:
    store = _users(args)
    if not store.has(args.name):  # before asking for a password
        raise InputError(f"no user '{args.name}' in {store.path}")
    store.set_password(args.name, read_password(args))
    console.summary("users passwd", [("user", args.name), ("password", "changed; any lockout lifted")])
    return 0


def cmd_demo(args) -> int:
    from graphintel.synth import GeneratorConfig, write

    started = time.perf_counter()
    home = _home(args)
    out = args.out or home / "demo"
    params = _scoring_params(args)
    cfg = GeneratorConfig(
        consignments=args.consignments, seed=args.seed, de_minimis_threshold=params.de_minimis_threshold
    )
    generated = write(cfg, out)
    console.summary("generate", [(k, v) for k, v in generated.items()])
    ingest(args, [out / "consignments.csv"], None)
    result = score(args)
    export(args, "xlsx,json,html,graphml,csv", 30, result.run_id, None)
    evaluation = evaluate(args, out / "ground_truth.csv", 30, result.run_id)
    console.summary(
        "demo",
        [
            ("run", result.run_id),
            ("planted rings in top 30 leads", f"{evaluation.found_share:.0%}"),
            ("heavy hitters in top 30", evaluation.heavy_hitters_in_top_k),
            ("consignment ROC AUC", f"{evaluation.consignment_auc:.3f}" if evaluation.consignment_auc else "n/a"),
            ("seconds (demo, before the dashboard)", f"{time.perf_counter() - started:.1f}"),
        ],
    )
    if args.no_dashboard:
        return 0
    password = demo_login(_home(args))
    console.summary(
        "demo login",
        [
            ("user", f"{DEMO_USER} (supervisor)"),
            ("password", password),
            ("note", "new at every demo; for real users: graphintel users add NAME --role ROLE"),
        ],
    )
    return dashboard(args, args.port, headless=True)


DEMO_USER = "demo"


def demo_login(home: Path) -> str:
    """Give the demo's supervisor ``demo`` a fresh random password (creating the user the first time)."""
    import secrets

    from graphintel.users import UserStore

    store = UserStore(home)
    password = secrets.token_urlsafe(12)
    if store.has(DEMO_USER):
        store.set_password(DEMO_USER, password)
    else:
        store.add(DEMO_USER, "supervisor", password)
    return password


if __name__ == "__main__":
    sys.exit(main())
