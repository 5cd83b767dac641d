"""What every command takes from its arguments: the store, the home folder, limits and scoring settings."""

from __future__ import annotations

import os
from pathlib import Path

from graphintel import config
from graphintel.errors import InputError


def store_uri(args) -> str:
    return config.store_uri(getattr(args, "store", None), getattr(args, "home", None))


def home(args) -> Path:
    return config.home_for(store_uri(args), getattr(args, "home", None))


def output_folder(path: Path, flag: str = "--out") -> Path:
    """``path``, checked before any work: a folder that exists, or can be created under a folder we may write into."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(f"{flag} {path}: is a file, not a folder; give a folder for the files written")
    _writable_ancestor(path, path, flag)
    return path


def output_file(path: Path, flag: str = "--out") -> Path:
    """``path``, checked before any work: a file (not a folder) whose folder exists or can be created."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{flag} {path}: is a folder; give a file name (e.g. {path / 'entities.csv'})")
    _writable_ancestor(path, path.parent, flag)
    return path


def _writable_ancestor(path: Path, folder: Path, flag: str) -> None:
    """The nearest existing folder at or above ``folder`` (where ``path`` goes) must be one we may create files in."""
    current = folder.absolute()
    while not current.exists() and current.parent != current:
        current = current.parent
    if not current.is_dir():
        raise InputError(f"{flag} {path}: {current} is a file, not a folder")
    if not os.access(current, os.W_OK | os.X_OK):
        raise InputError(f"{flag} {path}: no permission to write in {current}")


def limits(args):
    """Plausible bounds of amounts and dates: ``[ingest]`` in ``HOME/settings.toml``, else the defaults."""
    from graphintel.ingest.plausible import limits_from_settings

    folder = home(args)
    return limits_from_settings(config.settings(folder), Path(folder) / config.SETTINGS_FILE)


def open_store(args, read_only: bool = False):
    from graphintel.store import open_store as open_uri

    return open_uri(store_uri(args), read_only=read_only)


def open_for_reading(args):
    """The store opened read-only when it is an embedded file (a Neo4j server takes no such mode)."""
    from graphintel.store import open_reader

    return open_reader(store_uri(args))


def scoring_params(args):
    from graphintel.model.scoring import ScoringParams

    threshold = args.de_minimis
    if threshold is None:
        env = os.environ.get("GRAPHINTEL_DE_MINIMIS")
        try:
            threshold = float(env) if env else None  # None: each parcel's destination, from the table
        except ValueError:
            raise InputError(f"GRAPHINTEL_DE_MINIMIS='{env}' is not a number") from None
        if threshold is not None and not 0 < threshold < float("inf"):
            raise InputError(f"GRAPHINTEL_DE_MINIMIS='{env}' must be a positive, finite number")
    return ScoringParams(
        de_minimis_threshold=threshold,
        hub_limit=args.hub_limit,
        seed=args.random_seed,
        algorithms=args.algorithms,
        entities=args.entities,
    )


def learning_params(args, params):
    from graphintel.model.supervised import LearningParams

    return LearningParams(
        mode=getattr(args, "mode", "auto"),
        explore_share=getattr(args, "explore_share", 0.1),
        seed=params.seed,
        de_minimis_threshold=params.de_minimis_threshold,
        objective=getattr(args, "objective", "fraud"),
        **({} if getattr(args, "spread", None) is None else {"spread": args.spread}),
    )


def export_formats(text: str) -> list[str]:
    """``xlsx,json`` -> ``["xlsx", "json"]``; an unknown format fails before any work."""
    from graphintel.leads.export import exporter_for

    names = [f.strip().lower() for f in text.split(",") if f.strip()]
    for name in names:
        exporter_for(name)
    return names
