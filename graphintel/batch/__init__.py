"""Scheduled batch runs: ingest the inbox's new files, apply feedback, rescore, export new leads.

``graphintel run --inbox DIR`` is safe to schedule:

* **Once per file.** A ledger (``HOME/ledger.jsonl``) keeps the SHA-256 of every
  file loaded or rejected; a file dropped twice, under any name, is loaded once.
  A file enters the ledger only after its last batch is committed, so a run
  killed mid-file loads it again next time, and the store's idempotent loads
  skip the consignments it already holds: nothing is lost or duplicated.
* **One run at a time.** An exclusive lock (``HOME/run.lock``, released by the
  operating system if the process dies) makes a second run say who holds it
  and exit with code 4.
* **A record per run** (``HOME/batch-runs/<run_id>.json``, replaced atomically
  after each stage): files, row counts, model, parameters, timings, leads. A
  run whose process died is listed as ``interrupted``; its previous scoring run
  stays the latest one the dashboard and exports read, and the next run
  rescores whatever was loaded but not scored.
* **Only complete files.** A file is loaded once it is complete: a ``<name>.done``
  marker beside it says so, or else nothing has written to it (nor renamed it
  into the inbox) for ``settle_seconds`` (default 60) and its size did not change
  while it was read. Files still being copied under a temporary name (``.part``,
  ``.tmp``, ...) are not data files and wait too. A waiting file is logged and
  left for a later run. Links leading out of the inbox are refused.
* **Exit codes**: 0 success, 5 partial success (rows quarantined or files
  rejected), 4 another run holds the lock, 2 bad input, 3 store unavailable,
  1 internal error.

Modules, one reason to change each: ``log`` (the batch log), ``lock`` (one run at a time), ``inbox`` (which
files are ready), ``ledger`` (which files were ingested), ``feedback`` (enforcement outcomes), ``record``
(the run record, the list of runs, comparing runs) and ``run`` (the orchestration).
"""

from graphintel.batch.feedback import NEGATIVE, POSITIVE, apply_feedback, is_feedback, read_feedback
from graphintel.batch.inbox import (
    COPYING_SUFFIXES,
    DONE_SUFFIX,
    INBOX_SUFFIXES,
    SETTLE_SECONDS,
    InboxFile,
    inbox_files,
)
from graphintel.batch.ledger import LEDGER, Ledger, sha256
from graphintel.batch.lock import RunLock, RunLockedError
from graphintel.batch.log import Log, now
from graphintel.batch.record import (
    ESCALATION,
    RUNS_DIR,
    RunRecord,
    diff_runs,
    exports_cover,
    lead_members,
    list_runs,
    new_run_id,
)
from graphintel.batch.run import EXIT_OK, EXIT_PARTIAL, PENDING, BatchOptions, run_batch

__all__ = [
    "COPYING_SUFFIXES",
    "DONE_SUFFIX",
    "ESCALATION",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "INBOX_SUFFIXES",
    "LEDGER",
    "NEGATIVE",
    "PENDING",
    "POSITIVE",
    "RUNS_DIR",
    "SETTLE_SECONDS",
    "BatchOptions",
    "InboxFile",
    "Ledger",
    "Log",
    "RunLock",
    "RunLockedError",
    "RunRecord",
    "apply_feedback",
    "diff_runs",
    "exports_cover",
    "inbox_files",
    "is_feedback",
    "lead_members",
    "list_runs",
    "new_run_id",
    "now",
    "read_feedback",
    "run_batch",
    "sha256",
]
