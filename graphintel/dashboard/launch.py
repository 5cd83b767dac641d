"""Start the Streamlit dashboard: who may log in, and the ``streamlit run`` of the app shipped in the package.

The app (``graphintel/app/Home.py`` and its ``pages/``) is package data, found with ``importlib.resources``;
Streamlit needs a real file, which ``importlib.resources.as_file`` gives (the package folder itself when the
package is installed as files, as wheels and editable installs are).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import NoReturn

from graphintel.errors import GraphIntelError, InputError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@contextlib.contextmanager
def app_script() -> Iterator[Path]:
    """The dashboard's main script on disk (``Home.py``; its pages are in ``pages/`` beside it)."""
    with resources.as_file(resources.files("graphintel") / "app") as folder:
        app = Path(folder) / "Home.py"
        if not app.exists():
            raise GraphIntelError(f"dashboard not found at {app}")
        yield app


def check_access(home: Path, address: str, no_auth: bool, home_given: bool) -> None:
    """Refuse a dashboard nobody could log in to, or one without login that serves the network."""
    from graphintel.users import UserStore

    if no_auth and address not in LOOPBACK:
        raise InputError(
            f"--no-auth with --address {address}: without login the dashboard serves this machine only "
            "(127.0.0.1); create users (graphintel users add) to serve the network"
        )
    if not no_auth and not UserStore(home).has_password_users() and not oidc_configured():
        raise InputError(
            f"no one could log in: {home / 'users.json'} holds no user with a password and no identity provider "
            "is configured ([auth] in .streamlit/secrets.toml). Create a user: graphintel users add NAME --role "
            "supervisor" + (f" --home {home}" if home_given else "")
            + "; or, on this machine only, graphintel dashboard --no-auth"
        )  # fmt: skip


def oidc_configured() -> bool:
    """Whether Streamlit's secrets (``.streamlit/secrets.toml`` here or in the home folder) have ``[auth]``."""
    for path in (Path.cwd() / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"):
        try:
            if tomllib.loads(path.read_text(encoding="utf-8")).get("auth"):
                return True
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
    return False


def streamlit_command(app: Path, port: int, address: str, headless: bool) -> list[str]:
    """``python -m streamlit run APP`` with the dashboard's server settings, through
    ``graphintel.dashboard.serve`` (the same command line, with the caches warmed as the server starts)."""
    command = [
        sys.executable,
        "-m",
        "graphintel.dashboard.serve",
        "run",
        str(app),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
        # No watching of source files for changes: the dashboard is not edited while it serves, and the watcher
        # walked every imported module's path after each page's run (0.3 s a new session at 100,000 consignments).
        "--server.fileWatcherType",
        "none",
        # No full garbage collection after each run of a page: it walks every object the process holds (the search
        # and neighbour indexes: 0.15 s at 100,000 consignments) while holding the GIL, so the page's "finished"
        # and the analyst's next rerun waited for it, on every click. Python's own collector still runs.
        "--runner.postScriptGC",
        "false",
    ]
    if headless:
        command += ["--server.headless", "true"]
    return command


def dashboard_env(store_uri: str, home: Path, no_auth: bool) -> dict[str, str]:
    """The environment the app reads its store, home and login mode from."""
    env = {**os.environ, "GRAPHINTEL_STORE": store_uri, "GRAPHINTEL_HOME": str(home)}
    env.pop("GRAPHINTEL_DASHBOARD_NO_AUTH", None)
    if no_auth:
        env["GRAPHINTEL_DASHBOARD_NO_AUTH"] = "1"
    return env


def exec_streamlit(app: Path, port: int, address: str, headless: bool, env: dict[str, str]) -> NoReturn:
    """Become the Streamlit server, so stopping this process stops the dashboard."""
    sys.stdout.flush()
    os.execve(sys.executable, streamlit_command(app, port, address, headless), env)
    raise AssertionError("not reached")  # pragma: no cover
