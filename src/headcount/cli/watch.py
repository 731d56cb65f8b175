"""Watch commands: watch person|country, unwatch, alerts — what changed for the watched
persons and countries, by the same status and reconciliation code as `count`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from headcount.cli.app import app
from headcount.cli.common import (
    console,
    country_code,
    current_user,
    date_option,
    fail,
    open_store,
    output_format,
    print_json,
)

watch_app = typer.Typer(help="Watch a person or a country: `headcount alerts` says what changed.")
app.add_typer(watch_app, name="watch")


def _watch(kind: str, object_id: str, note: str | None) -> None:
    from headcount.accounting import add_watch
    from headcount.storage.engine import StoreError

    try:
        watch_id = add_watch(open_store(), kind, object_id, note=note, user=current_user())
    except (LookupError, StoreError) as exc:
        fail(str(exc))
    console.print(f"Watching {kind} {object_id} (watch {watch_id}).")


@watch_app.command("person")
def watch_person(
    person_id: Annotated[str, typer.Argument(help="a person id, e.g. P0000042")],
    note: Annotated[str | None, typer.Option(help="why")] = None,
) -> None:
    """Watch a person: alerts when their status changes or a contradiction appears."""
    _watch("person", person_id, note)


@watch_app.command("country")
def watch_country(
    country: Annotated[
        str, typer.Argument(help="ISO 3166 alpha-3 or a name", callback=country_code)
    ],
    note: Annotated[str | None, typer.Option(help="why")] = None,
) -> None:
    """Watch a country: alerts when its counts change or a published figure is out of line."""
    _watch("country", country, note)


@app.command("unwatch")
def unwatch_command(watch_id: Annotated[int, typer.Argument(help="the watch's number")]) -> None:
    """Stop a watch (kept in the store with who stopped it and when)."""
    from headcount.accounting import remove_watch
    from headcount.storage.engine import StoreError

    try:
        remove_watch(open_store(), watch_id, user=current_user())
    except (LookupError, StoreError) as exc:
        fail(str(exc))
    console.print(f"Watch {watch_id} stopped.")


@app.command("alerts")
def alerts_command(
    since: Annotated[str, typer.Option(help="what changed since this date")],
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """What changed for the watched persons and countries since a date.

    Status changes, new contradictions, published figures out of line with the records."""
    from headcount.accounting import NoPersons, alerts
    from headcount.storage.engine import StoreError

    output = output_format(format, ("table", "json"))
    when = date_option(since, "--since")
    assert when is not None
    try:
        found = alerts(open_store(), when)
    except (NoPersons, StoreError) as exc:
        fail(str(exc))
    if output == "json":
        print_json([a.as_dict() for a in found])
        return
    table = Table(title=f"alerts since {when}")
    for column in ("watch", "object", "what", "detail"):
        table.add_column(column)
    for a in found:
        table.add_row(str(a.watch_id), f"{a.object_type} {a.object_id}", a.kind, a.detail)
    console.print(table)
    if not found:
        console.print("Nothing changed for the watched persons and countries.")
