"""Reading scoring runs and their leads back from the store: the latest run, one run, a run's leads.

Kept apart from ``graphintel.leads.runs`` (which scores, and imports the models and scikit-learn) so that the
dashboard, which only reads runs, starts without importing the scoring code.
"""

from __future__ import annotations

import pandas as pd

from graphintel.errors import GraphIntelError
from graphintel.store.base import GraphStore


def latest_run(store: GraphStore) -> dict | None:
    """The newest run record in the store, or None."""
    frame = store.named("run_latest")
    return None if frame.empty else frame.iloc[0].to_dict()


def read_run(store: GraphStore, run_id: str) -> dict:
    """One run record by id; a clear error when the store has no such run."""
    frame = store.named("run_record", {"run_id": run_id})
    if frame.empty:
        raise GraphIntelError(f"no run '{run_id}' in the store {store.uri}; `graphintel status` names the latest")
    return frame.iloc[0].to_dict()


def read_leads(store: GraphStore, run_id: str) -> pd.DataFrame:
    """The leads of a run from the store, by rank."""
    return store.named("run_leads", {"run_id": run_id})
