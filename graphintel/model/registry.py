"""Saved models: ``HOME/models/<model_id>/`` holds ``model.joblib`` and ``model.json``.

``model.json`` records the GraphIntel and scikit-learn versions, the training
window, the label counts, the features (and the input columns dropped as empty
or constant, with why) and the metrics (a time-ordered holdout ROC AUC). A run
records the id of the model that scored it. Models are pickles: load only
models this installation wrote.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path

import joblib
import sklearn

from graphintel import __version__
from graphintel.errors import GraphIntelError


def save(models_dir: Path, model, columns: list[str], meta: dict, params: dict) -> str:
    """Write a trained model and its record; return its id."""
    now = dt.datetime.now(dt.UTC)
    model_id = "gbm-" + now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(2)
    folder = Path(models_dir) / model_id
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump({"model": model, "columns": columns}, folder / "model.joblib")
    dropped = getattr(model, "dropped_features_", None) or meta.get("dropped_features") or {}
    record = {
        "model_id": model_id,
        "created_at": now.isoformat(timespec="seconds"),
        "estimator": type(model).__name__,
        "graphintel_version": __version__,
        "sklearn_version": sklearn.__version__,
        "features": list(getattr(model, "feature_names_", columns)),  # what the trees split on
        "input_columns": columns,  # what the model reads from a store's consignments
        "parameters": params,
        **meta,
        # Columns empty or constant in the training rows (or text unique to each row) carry nothing to learn.
        "dropped_features": [{"feature": name, "reason": reason} for name, reason in dropped.items()],
    }
    (folder / "model.json").write_text(json.dumps(record, indent=2, default=str), encoding="utf-8")
    return model_id


def records(models_dir: Path) -> list[dict]:
    """Every saved model's record, newest first."""
    found = []
    for path in sorted(Path(models_dir).glob("*/model.json")):
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError) as exc:
            raise GraphIntelError(f"{path}: unreadable model record ({exc})") from None
    return sorted(found, key=lambda r: r.get("created_at", ""), reverse=True)


def record(models_dir: Path, model_id: str | None = None) -> dict:
    """One model's record (the newest when ``model_id`` is None)."""
    all_records = records(models_dir)
    if not all_records:
        raise GraphIntelError(f"no saved model in {models_dir}; `graphintel score` saves one when labels exist")
    if model_id is None:
        return all_records[0]
    for rec in all_records:
        if rec["model_id"] == model_id:
            return rec
    raise GraphIntelError(f"no model '{model_id}' in {models_dir}; `graphintel model list` names them")


def load(models_dir: Path, model_id: str) -> tuple[object, list[str], dict]:
    """The estimator, its feature columns and its record."""
    rec = record(models_dir, model_id)
    bundle = joblib.load(Path(models_dir) / rec["model_id"] / "model.joblib")
    return bundle["model"], bundle["columns"], rec
