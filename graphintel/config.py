"""Settings: command-line flags, then environment variables, then defaults."""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = Path(".graphintel")
DEFAULT_STORE_FILE = "graph.lbug"


def data_dir(flag: str | None = None) -> Path:
    """The working folder for the embedded store, runs and quarantine files."""
    return Path(flag or os.environ.get("GRAPHINTEL_HOME") or DEFAULT_DATA_DIR)


def store_uri(flag: str | None = None, home: str | None = None) -> str:
    """The store to use: a ``bolt://``/``neo4j://`` URI or a path to an embedded database file.

    ``--store`` wins, then ``GRAPHINTEL_STORE``, then the embedded file under the data folder.
    (``NEO4J_URI`` alone does not switch stores: it only tells tools where a server is.)
    """
    value = flag or os.environ.get("GRAPHINTEL_STORE")
    if value:
        return value
    return str(data_dir(home) / DEFAULT_STORE_FILE)


def home_for(uri: str, flag: str | None = None) -> Path:
    """The working folder of a store: ``--home``/``GRAPHINTEL_HOME``, else beside an embedded store's file."""
    if flag or os.environ.get("GRAPHINTEL_HOME") or is_neo4j_uri(uri):
        return data_dir(flag)
    return Path(uri).parent  # runs and quarantine live beside an embedded store


def is_neo4j_uri(uri: str) -> bool:
    return uri.split("://", 1)[0] in {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}


@dataclass(frozen=True)
class Neo4jCredentials:
    user: str
    password: str
    database: str | None

    def __repr__(self) -> str:  # never print secrets
        return f"Neo4jCredentials(user={self.user!r}, password='***', database={self.database!r})"


def neo4j_credentials() -> Neo4jCredentials:
    return Neo4jCredentials(
        user=os.environ.get("NEO4J_USER", "neo4j"),
        password=os.environ.get("NEO4J_PASSWORD", ""),
        database=os.environ.get("NEO4J_DATABASE") or None,
    )


SETTINGS_FILE = "settings.toml"


def settings(home: Path) -> dict:
    """``HOME/settings.toml``, set once per installation (e.g. ``marking = "OFFICIAL-SENSITIVE"``)."""
    from graphintel.errors import InputError

    path = Path(home) / SETTINGS_FILE
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None


def handling_marking(home: Path) -> str:
    """The handling marking printed on every exported page: ``GRAPHINTEL_MARKING``, else ``marking`` in the settings."""
    from graphintel.errors import InputError

    value = os.environ.get("GRAPHINTEL_MARKING")
    if value is None:
        value = settings(home).get("marking", "")
        if not isinstance(value, str):
            raise InputError(f"{Path(home) / SETTINGS_FILE}: 'marking' must be text, e.g. marking = \"OFFICIAL\"")
    return value.strip()


def analyst() -> str:
    """Who is acting: ``GRAPHINTEL_ANALYST``, else the login name."""
    name = os.environ.get("GRAPHINTEL_ANALYST")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def process_alive(pid: int, host: str) -> bool:
    """Whether a process that left a marker or record is still running (true when it ran on another host:
    nothing here can tell)."""
    import socket

    if host != socket.gethostname():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, ValueError, TypeError):
        return True
    return True
