"""Terminal output: progress bars and end-of-command summaries (rich), on stderr/stdout."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator:
    """A progress bar on stderr; yields ``advance(n)``. Quiet when stderr is not a terminal."""
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        disable=not sys.stderr.isatty(),
    ) as progress:
        task = progress.add_task(description, total=total)

        def advance(n: int = 1, description: str | None = None) -> None:
            progress.update(task, advance=n, description=description or progress.tasks[0].description)

        yield advance


@contextmanager
def steps(description: str, total: int) -> Iterator:
    """A bar over named steps; yields ``done(step_name)``; plain lines when not on a terminal."""
    tty = sys.stderr.isatty()
    with progress_bar(description, total) as advance:

        def done(name: str) -> None:
            advance(1, f"{description}: {name}")
            if not tty:
                err.print(f"  {description}: {name} done")

        yield done


def summary(title: str, rows: list[tuple[str, object]]) -> None:
    """A short summary on stdout: a title line, then one ``key: value`` line per row."""
    out.print(Text(title, style="bold"))
    width = max((len(k) for k, _ in rows), default=0)
    for key, value in rows:
        out.print(Text.assemble(("  " + key.ljust(width), "bold"), "  ", str(value)))


def warn(message: str) -> None:
    err.print(Text.assemble(("warning: ", "yellow"), message))


def error(message: str) -> None:
    err.print(Text.assemble(("error: ", "bold red"), message))
