"""Person commands: `person show ID` — every name, record, event, contradiction and the
status history of one person, each traced to its source."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from headcount.cli.accounting import DEFAULTS, KnownOn, Staleness, _rules
from headcount.cli.app import app
from headcount.cli.common import (
    console,
    current_user,
    date_option,
    fail,
    open_store,
    output_format,
    print_json,
)

person_app = typer.Typer(help="One person: names, records, timeline and status history.")
app.add_typer(person_app, name="person")


@person_app.command("show")
def show_command(
    person_id: Annotated[str, typer.Argument(help="the person's id (e.g. P-000123)")],
    until: Annotated[
        str | None,
        typer.Option(help="the status history up to this date (default: the latest covered)"),
    ] = None,
    known_on: KnownOn = None,
    staleness_days: Staleness = DEFAULTS.staleness_days,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Every name in every script, the records, the timeline, the status history (each
    spell with its start, end and the events and sources behind it) and the
    contradictions of one person. Audited as a view of the person."""
    from headcount.security.accounts import command_line_user
    from headcount.storage.engine import StoreError
    from headcount.views.errors import NotFound
    from headcount.views.history import person_history

    output = output_format(format, ("table", "json"))
    rules = _rules(staleness_days, DEFAULTS.min_credibility, DEFAULTS.min_reliability)
    try:
        found = person_history(
            open_store(),
            command_line_user(current_user()),
            person_id,
            until=date_option(until, "--until"),
            known_on=date_option(known_on, "--known-on"),
            rules=rules,
        )
    except (NotFound, StoreError) as exc:
        fail(str(exc))
    if output == "json":
        print_json(found.as_dict())
        return
    person = found.person
    console.print(f"[bold]{escape(person.person_id)}[/] (linkage run {person.run_id})")
    names = Table(title="names")
    for column in ("script", "name", "as", "records"):
        names.add_column(column)
    for script, shown in sorted(person.scripts.items()):
        for name in shown:
            names.add_row(script, escape(name.value), name.prop, escape(", ".join(name.records)))
    console.print(names)
    for vote in found.origin:
        said = f"{', '.join(vote.kinds)}: {', '.join(found.source_of(r) for r in vote.records)}"
        head = "country" if vote.chosen else "  also"
        console.print(f"{head} {vote.country} (score {vote.score:g}; {escape(said)})")
    if not found.origin:
        console.print("country not known: no record places this person")
    spells = Table(title=f"status history up to {found.until}")
    for column in ("status", "from", "to", "why (event: source/record)"):
        spells.add_column(column)
    for spell in found.spells:
        why = "; ".join(
            f"{c.kind} {c.earliest}: {found.source_of(c.record_id)}" for c in spell.causes
        )
        spells.add_row(
            spell.status,
            str(spell.start),
            str(spell.end or "…"),
            escape(why or (f"no news ({spell.reason})" if spell.reason else "")),
        )
    console.print(spells)
    records = Table(title="records")
    for column in ("record", "kind", "grade", "why in this person"):
        records.add_column(column)
    for record in person.records:
        records.add_row(
            escape(record.record),
            record.kind,
            record.reliability,
            record.reason or "",
        )
    console.print(records)
    for judged in found.judgements:
        console.print(
            f"[cyan]status judgement {judged.id}: {judged.status} from {judged.as_of}, by "
            f"{escape(judged.user)} on {judged.created_at:%Y-%m-%d}: {escape(judged.note)}[/]"
        )
    for contradiction in person.contradictions:
        console.print(
            f"[yellow]contradiction ({contradiction.kind}): {escape(contradiction.text)}[/]"
        )


@app.command("judge-status")
def judge_status_command(
    person_id: Annotated[str | None, typer.Argument(help="the person's id")] = None,
    status: Annotated[str | None, typer.Argument(help="the status they are in")] = None,
    as_of: Annotated[str | None, typer.Option(help="from this date (YYYY-MM-DD)")] = None,
    note: Annotated[str | None, typer.Option(help="why: the evidence weighed")] = None,
    retract: Annotated[
        int | None, typer.Option(help="withdraw the status judgement with this id")
    ] = None,
) -> None:
    """Resolve a person's status by judgement (a contested death, say): from --as-of the
    counts take STATUS for this person, saying how many figures rest on judgements.
    Append-only and audited; --retract ID withdraws one."""
    from headcount.model.judgements import StatusJudgementError
    from headcount.security.accounts import command_line_user
    from headcount.storage.engine import StoreError
    from headcount.views.errors import NotFound
    from headcount.views.history import judge_person_status, retract_person_status

    user = command_line_user(current_user())
    try:
        if retract is not None:
            retract_person_status(open_store(), user, retract, note)
            console.print(f"status judgement {retract} retracted")
            return
        if person_id is None or status is None or as_of is None or note is None:
            fail("give PERSON STATUS --as-of DATE --note TEXT (or --retract ID)", code=2)
        when = date_option(as_of, "--as-of")
        assert when is not None
        made = judge_person_status(open_store(), user, person_id, status, when, note)
    except StatusJudgementError as exc:
        fail(str(exc), code=2)
    except (NotFound, StoreError) as exc:
        fail(str(exc))
    console.print(f"status judgement {made}: {person_id} is {status} from {as_of}")
