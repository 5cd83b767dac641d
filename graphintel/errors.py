"""Errors a user can cause; the CLI prints their message and exits non-zero."""

from __future__ import annotations

EXIT_OK = 0  # the commands' exit codes that are not errors: done, or done with rows or files set aside
EXIT_PARTIAL = 5


class GraphIntelError(Exception):
    """A problem the user can fix (bad file, bad mapping, unreachable store).

    The message names the file, line or setting at fault; the CLI prints it
    without a traceback and exits with ``exit_code``.
    """

    exit_code = 2


class InputError(GraphIntelError):
    """An input file or mapping cannot be used."""


class StoreError(GraphIntelError):
    """The store cannot be opened, reached or written."""

    exit_code = 3


class StoreLockedError(StoreError):
    """Another process holds the embedded store for writing."""


class StoreBusyError(StoreError):
    """The embedded store cannot be opened read-only for a moment: a writer is checkpointing it."""
