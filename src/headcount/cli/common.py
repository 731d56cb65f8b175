"""What every command shares: opening the store, printing results, failing clearly."""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

if TYPE_CHECKING:
    from headcount.storage import Store

PIPED_WIDTH = 10_000
"""Output read by another program is never wrapped: tables keep one line per row."""


def _console(stderr: bool = False) -> Console:
    probe = Console(stderr=stderr)
    return probe if probe.is_terminal else Console(stderr=stderr, width=PIPED_WIDTH)


console = _console()
errors = _console(stderr=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error to standard error and exit non-zero."""
    errors.print(f"[bold red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code)


def current_user() -> str:
    """Who the command acts as, for the audit log: `HEADCOUNT_USER`, else the login name."""
    return os.environ.get("HEADCOUNT_USER") or getpass.getuser()


def open_store() -> Store:
    from headcount.storage.engine import StoreError, connect

    try:
        return connect()
    except StoreError as exc:
        fail(str(exc))


def print_json(value: Any) -> None:
    """JSON on standard output, nothing else, so other tools can read it."""
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


@contextmanager
def byte_progress(total: int, label: str) -> Iterator[Any]:
    """A progress bar over bytes read; shown only on a terminal, for work longer than a moment."""
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)


def cell_text(cell: Any) -> str:
    """A count (or share) with its interval in brackets, for Rich tables."""
    if isinstance(cell.value, float):  # a share
        return f"{cell.value:.0%} [dim]({cell.low:.0%}–{cell.high:.0%})[/]"
    if cell.low == cell.high:
        return f"{cell.value:,}"
    return f"{cell.value:,} [dim]({cell.low:,}–{cell.high:,})[/]"
