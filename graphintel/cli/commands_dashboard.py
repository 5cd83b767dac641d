"""``dashboard`` (start Streamlit over the store) and ``demo`` (generate, ingest, score, export, evaluate, then
the dashboard)."""

from __future__ import annotations

import time

from graphintel import config, console
from graphintel.cli import common
from graphintel.cli.commands_data import ingest, score
from graphintel.cli.commands_leads import export
from graphintel.cli.commands_model import evaluate


def cmd_dashboard(args) -> int:
    return dashboard(args, args.port, args.headless, args.address, args.no_auth)


def dashboard(args, port: int, headless: bool, address: str = "127.0.0.1", no_auth: bool = False) -> int:
    """Become the Streamlit server of the packaged app (does not return)."""
    from graphintel.dashboard import launch

    with launch.app_script() as app:
        home = common.home(args)
        launch.check_access(home, address, no_auth, home_given=bool(getattr(args, "home", None)))
        env = launch.dashboard_env(common.store_uri(args), home, no_auth)
        if no_auth:
            console.warn(
                f"no login (--no-auth): everyone who can reach port {port} on this machine acts as "
                f"{config.analyst()}, a supervisor who can confirm and dismiss leads"
            )
        console.out.print(f"dashboard on http://{address}:{port} (Ctrl+C to stop)")
        launch.exec_streamlit(app, port, address, headless, env)


def cmd_demo(args) -> int:
    from graphintel.synth import GeneratorConfig, write
    from graphintel.users import DEMO_USER, demo_login

    started = time.perf_counter()
    home = common.home(args)
    out = args.out or home / "demo"
    params = common.scoring_params(args)
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
    password = demo_login(common.home(args))
    console.summary(
        "demo login",
        [
            ("user", f"{DEMO_USER} (supervisor)"),
            ("password", password),
            ("note", "new at every demo; for real users: graphintel users add NAME --role ROLE"),
        ],
    )
    return dashboard(args, args.port, headless=True)
