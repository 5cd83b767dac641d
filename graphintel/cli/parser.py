"""The command line: commands, flags, defaults and their checks (argparse), one function per command group."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from graphintel import __version__
from graphintel.cli import (
    commands_batch,
    commands_dashboard,
    commands_data,
    commands_entities,
    commands_leads,
    commands_model,
    commands_users,
)
from graphintel.users import ROLES

DESCRIPTION = "The ``graphintel`` command: a thin layer over the library."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="graphintel", description=DESCRIPTION)
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
    _generate(sub)
    _ingest_and_score(sub, common)
    _evaluate_and_models(sub, common)
    _leads(sub, common)
    _entities(sub, common)
    _batch(sub, common)
    _store_facts(sub, common)
    _dashboard(sub, common)
    _users(sub, common)
    _demo(sub, common)
    return parser


def _generate(sub) -> None:
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
    p.set_defaults(func=commands_data.cmd_generate)


def _ingest_and_score(sub, common) -> None:
    p = sub.add_parser("ingest", parents=[common], help="load CSV / Parquet / JSON Lines files into the store")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--mapping", type=Path, help="TOML mapping of source columns onto GraphIntel columns")
    p.set_defaults(func=commands_data.cmd_ingest)

    p = sub.add_parser("score", parents=[common], help="score parties, consignments and clusters; rank leads")
    _scoring_flags(p)
    p.add_argument("--model", dest="model_id", help="score with this saved model instead of training a new one")
    _objective_flag(p)
    p.set_defaults(func=commands_data.cmd_score)


def _evaluate_and_models(sub, common) -> None:
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
    p.set_defaults(func=commands_model.cmd_evaluate)

    model = sub.add_parser("model", help="saved models").add_subparsers(title="model commands", metavar="ACTION")
    p = model.add_parser("show", parents=[common], help="print a saved model's record (default: the newest)")
    p.add_argument("model_id", nargs="?")
    p.set_defaults(func=commands_model.cmd_model_show)
    p = model.add_parser("list", parents=[common], help="list the saved models")
    p.set_defaults(func=commands_model.cmd_model_list)


def _leads(sub, common) -> None:
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
    p.set_defaults(func=commands_leads.cmd_leads_export)
    p = leads.add_parser("list", parents=[common], help="print the top leads of a run")
    p.add_argument("--top", type=_positive_int, default=20)
    p.add_argument("--run")
    p.set_defaults(func=commands_leads.cmd_leads_list)


def _entities(sub, common) -> None:
    p = sub.add_parser(
        "entities",
        parents=[common],
        help="resolve sellers, buyers and addresses into entities (SAME_AS); `entities merge|split A B` decides",
    )
    p.add_argument("--out", type=Path, help="also write consignment_id,role,entity_id,score to this CSV file")
    p.add_argument(
        "--ignore-ids", action="store_true", help="resolve by names and contacts alone, as if no source id were given"
    )
    p.set_defaults(func=commands_entities.cmd_entities)
    decide = p.add_subparsers(title="decisions", metavar="ACTION")
    for action, text in (("merge", "record that two spellings are one entity"), ("split", "... two entities")):
        q = decide.add_parser(action, parents=[common], help=text.replace("...", "record that two spellings are"))
        q.add_argument("left", help="a seller, buyer or address key (as `graphintel search` prints it)")
        q.add_argument("right", help="another key of the same kind")
        q.add_argument("--by", required=True, help="who decides (recorded with the time)")
        q.add_argument("--note", default="", help="why")
        q.set_defaults(func=commands_entities.cmd_entities_decide, action=action)
    p = sub.add_parser("search", parents=[common], help="find parties, addresses, phones or e-mails in any script")
    p.add_argument("text", help="a name, id, phone, e-mail or address, in any script")
    p.add_argument("--type", choices=sorted(commands_entities.SEARCH_TYPES), help="only this type of node")
    p.add_argument("--limit", type=_positive_int, default=20, help="entities at most (default 20)")
    p.set_defaults(func=commands_entities.cmd_search)


def _batch(sub, common) -> None:
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
    p.set_defaults(func=commands_batch.cmd_run)

    runs = sub.add_parser("runs", parents=[common], help="list batch runs; `runs diff A B` compares two")
    runs.set_defaults(func=commands_batch.cmd_runs)
    runs.add_argument("--limit", type=_positive_int, default=20)
    runs_sub = runs.add_subparsers(title="runs commands", metavar="ACTION")
    p = runs_sub.add_parser("diff", parents=[common], help="new, escalated and dropped leads of run B against run A")
    p.add_argument("run_a", help="batch run id or scoring run id")
    p.add_argument("run_b", help="batch run id or scoring run id")
    p.add_argument("--top", type=_positive_int, default=30, help="a lead entering the top N counts as escalated")
    p.set_defaults(func=commands_batch.cmd_runs_diff)

    p = sub.add_parser("feedback", parents=[common], help="ingest enforcement outcomes as labels for the next run")
    p.add_argument("paths", nargs="+", type=Path, metavar="CSV", help="lead_id or consignment_id, outcome, revenue")
    p.set_defaults(func=commands_batch.cmd_feedback)


def _store_facts(sub, common) -> None:
    p = sub.add_parser("status", parents=[common], help="what the store holds")
    p.set_defaults(func=commands_data.cmd_status)

    p = sub.add_parser("columns", help="list the canonical input columns")
    p.set_defaults(func=commands_data.cmd_columns)


def _dashboard(sub, common) -> None:
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
    p.set_defaults(func=commands_dashboard.cmd_dashboard)


def _users(sub, common) -> None:
    users = sub.add_parser("users", help="dashboard users and their roles: add, list, remove, passwd")
    users_sub = users.add_subparsers(title="users commands", metavar="ACTION")
    p = users_sub.add_parser("add", parents=[common], help="add a user (asks for the password)")
    p.add_argument("name", help="user name (an e-mail address for users of the identity provider)")
    p.add_argument("--role", choices=ROLES, default="analyst", help="viewer, analyst (default) or supervisor")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument("--password", nargs="?", action=_NoPasswordFlag, help=argparse.SUPPRESS)
    p.add_argument("--oidc", action="store_true", help="no password: logs in through the identity provider only")
    p.set_defaults(func=commands_users.cmd_users_add)
    p = users_sub.add_parser("list", parents=[common], help="list the users, their roles and lockouts")
    p.set_defaults(func=commands_users.cmd_users_list)
    p = users_sub.add_parser("remove", parents=[common], help="remove a user")
    p.add_argument("name")
    p.set_defaults(func=commands_users.cmd_users_remove)
    p = users_sub.add_parser("passwd", parents=[common], help="set a user's password (and lift a lockout)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument("--password", nargs="?", action=_NoPasswordFlag, help=argparse.SUPPRESS)
    p.set_defaults(func=commands_users.cmd_users_passwd)


def _demo(sub, common) -> None:
    p = sub.add_parser(
        "demo", parents=[common], help="generate, ingest, score, export and evaluate; then the dashboard"
    )
    p.add_argument("--consignments", type=_positive_int, default=20_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", type=Path, help="folder for the generated files (default: HOME/demo)")
    p.add_argument("--no-dashboard", action="store_true")
    p.add_argument("--port", type=int, default=8501)
    _scoring_flags(p)
    p.set_defaults(func=commands_dashboard.cmd_demo)


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
        "--entities",
        choices=["auto", "on", "off"],
        default="auto",
        help="resolve sellers, buyers and addresses into entities before scoring, so one entity's spellings count "
        "as one: auto (when some party has no source id), on, off (use what the last resolution wrote)",
    )
    p.add_argument(
        "--mode",
        choices=["auto", "unsupervised", "supervised"],
        default="auto",
        help="use of inspection outcomes: auto (by the number of confirmed frauds), unsupervised, supervised",
    )
    p.add_argument(
        "--explore-share",
        type=_zero_or_share,
        default=0.1,
        help="share of each ranked list chosen for exploration (default 0.1; 0 turns it off)",
    )
    p.add_argument(
        "--spread",
        type=_zero_or_share,
        default=None,
        help="how far each party's later parcels yield in the inspection list to other parties' first parcels "
        "(default 0.5: a busy seller's or buyer's last parcels keep about half their risk as priority; 0 ranks by "
        "risk)",
    )


def _objective_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--objective",
        choices=["fraud", "revenue"],
        default="fraud",
        help="what the inspection list maximises: fraud (probability of fraud) or revenue (probability of fraud "
        "x predicted recovered revenue, when outcomes carry revenue_recovered)",
    )


def _number(text: str, cast, what: str, ok, must: str):
    """``text`` read with ``cast`` (else "is not WHAT"), and checked with ``ok`` (else "must MUST")."""
    try:
        value = cast(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not {what}") from None
    if not ok(value):
        raise argparse.ArgumentTypeError(f"{value} must {must}")
    return value


def _positive_int(text: str) -> int:
    return _number(text, int, "a whole number", lambda v: v > 0, "be positive")


def _positive_float(text: str) -> float:
    return _number(text, float, "a number", lambda v: 0 < v < float("inf"), "be positive and finite")


def _non_negative_float(text: str) -> float:
    return _number(text, float, "a number", lambda v: 0 <= v < float("inf"), "be zero or more")


def _share(text: str) -> float:
    value = _positive_float(text)
    if value >= 1:
        raise argparse.ArgumentTypeError(f"{value} must be below 1 (a share, e.g. 0.05)")
    return value


def _zero_or_share(text: str) -> float:
    """A share, or 0 (off: no exploration, no spread)."""
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
