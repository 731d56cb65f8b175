"""What every command shares: opening the store, printing results, failing clearly."""

from __future__ import annotations

import csv
import getpass
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

if TYPE_CHECKING:
    from headcount.model.progress import Tally
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


def country_code(text: str | None) -> str | None:
    """An option naming a country, as its ISO 3166 alpha-3 code: `FRANCE`, `France`, `fr`
    and `FRA` are one country. A name headcount does not know is refused, never counted as
    a country no one comes from (which would print zeros)."""
    from headcount.model.places import UnknownCountry, resolve_country

    if text is None:
        return None
    try:
        return resolve_country(text)
    except UnknownCountry as exc:
        raise typer.BadParameter(f"{exc} (give an ISO 3166 code such as FRA, or a name)") from None


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


def print_data(result: Any, output: str) -> bool:
    """With `--format json` or `csv`, print `result` so (its `as_dict()`, or its `flat()`
    rows) and say True; False for a table, which the command prints itself."""
    if output == "json":
        print_json(result.as_dict())
    elif output == "csv":
        print_csv(result.flat())
    else:
        return False
    return True


@contextmanager
def failing_clearly() -> Iterator[None]:
    """Exit on what a count cannot answer: 1 when there are no persons or the store fails,
    2 for an option the library finds out of range (a `ValueError`)."""
    from headcount.accounting import NoPersons
    from headcount.storage.engine import StoreError

    try:
        yield
    except (NoPersons, StoreError) as exc:
        fail(str(exc))
    except ValueError as exc:
        fail(str(exc), code=2)


REDRAWS = 10
"""How often a bar that no thread redraws (`counted`) is redrawn at most, per second."""


def _progress(*columns: ProgressColumn, refreshing: bool = True) -> Progress:
    """A labelled bar followed by `columns`, on standard error and only on a terminal (so
    piped output stays the result alone), gone once done; redrawn by a thread of its own
    unless not `refreshing` (then by whoever updates it)."""
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        *columns,
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
        auto_refresh=refreshing,
    )


@contextmanager
def byte_progress(total: int, label: str) -> Iterator[tuple[Callable[[int], None], Tally]]:
    """A progress bar over bytes read, with the time left; shown only on a terminal. Yields
    `advance(bytes)` and a `Tally` of the files done, which the bar's label shows."""
    with _progress(DownloadColumn(), TimeRemainingColumn()) as progress:
        task = progress.add_task(label, total=total)

        def files(done: int, count: int) -> None:
            progress.update(task, description=f"{label} ({done:,} of {count:,} files)")

        yield (lambda n: progress.advance(task, n)), files


def cell_text(cell: Any) -> str:
    """A count (or share) with its interval in brackets, for Rich tables."""
    if isinstance(cell.value, float):  # a share
        return f"{cell.value:.0%} [dim]({cell.low:.0%}–{cell.high:.0%})[/]"
    if cell.low == cell.high:
        return f"{cell.value:,}"
    return f"{cell.value:,} [dim]({cell.low:,}–{cell.high:,})[/]"


@contextmanager
def step_progress(steps: tuple[str, ...], label: str) -> Iterator[Any]:
    """A bar over the named steps of a long job (the step under way, steps done, time);
    on standard error and only on a terminal, so piped output stays the result alone.
    Yields `done(name)`, to call as each step ends."""
    with _progress(MofNCompleteColumn(), TimeElapsedColumn()) as progress:
        position = {name: i for i, name in enumerate(steps)}
        task = progress.add_task(f"{label}: {steps[0]}", total=len(steps))

        def done(name: str) -> None:
            # a job may go round its steps again (link's second run, over the open records)
            after = position[name] + 1
            upcoming = steps[after % len(steps)]
            progress.update(task, completed=after, description=f"{label}: {upcoming}")

        yield done


@contextmanager
def counted(label: str) -> Iterator[Tally]:
    """A bar with counts and time left for a job that tells its progress as (done, total)
    (a `Tally`, passed down to the library); on standard error and only on a terminal, so
    piped output, and JSON on standard output, stay the result alone."""
    columns = (MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn())
    # redrawn as it is told, at most REDRAWS times a second, by no thread of its own: the
    # job may fork workers (`linkage.alternatives`), which a process running one thread can
    with _progress(*columns, refreshing=False) as progress:
        task = progress.add_task(label, total=None)
        drawn = [0.0]

        def tally(done: int, total: int) -> None:
            now = time.monotonic()
            redraw = now - drawn[0] >= 1 / REDRAWS or done == total
            if redraw:
                drawn[0] = now
            progress.update(task, completed=done, total=total, refresh=redraw)

        yield tally


def date_option(text: str | None, option: str) -> date | None:
    """An option's date (YYYY-MM-DD), or exit 2 naming the option."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{option} must be a date as YYYY-MM-DD, not {text!r}", code=2)


def output_format(value: str, allowed: tuple[str, ...]) -> str:
    """`--format`'s value if it is one of `allowed`, or exit 2."""
    if value not in allowed:
        fail(f"--format must be one of {', '.join(allowed)}, not {value!r}", code=2)
    return value


def print_csv(rows: list[dict[str, Any]]) -> None:
    """Rows (dicts with the same keys) as CSV on standard output; nothing for no rows."""
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
