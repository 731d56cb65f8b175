"""Accounting commands: count and reconcile (report and flows: `cli.reports`; watches and
alerts: `cli.watch`).

Each parses its options, calls one function of `headcount.accounting` and prints the
result: a Rich table, or only JSON or CSV with `--format json|csv`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from headcount.accounting.rules import STATUS_ORDER, Rules
from headcount.cli.app import app
from headcount.cli.common import (
    cell_text,
    console,
    country_code,
    current_user,
    date_option,
    fail,
    failing_clearly,
    open_store,
    output_format,
    print_csv,
    print_data,
    print_json,
)

if TYPE_CHECKING:
    from headcount.accounting.counts import Counts

Format = Annotated[str, typer.Option("--format", help="table, csv or json")]
Country = Annotated[
    str,
    typer.Option("--country", help="ISO 3166 alpha-3 or a name, e.g. FRA", callback=country_code),
]
AsOf = Annotated[str, typer.Option("--as-of", help="count what had happened by this date")]
KnownOn = Annotated[
    str | None,
    typer.Option("--known-on", help="only what had been reported by this date (default: now)"),
]
Staleness = Annotated[
    int, typer.Option(help="days after the last news from the theatre before `unknown`")
]
MinCredibility = Annotated[
    int, typer.Option(help="the worst information credibility (1–6) an event may have to count")
]
MinReliability = Annotated[
    str, typer.Option(help="the worst source reliability (A–F) whose events count")
]
DEFAULTS = Rules()


def _rules(staleness: int, min_credibility: int, min_reliability: str) -> Rules:
    try:
        return Rules(
            staleness_days=staleness,
            min_credibility=min_credibility,
            min_reliability=min_reliability.upper(),
        )
    except ValueError as exc:
        fail(str(exc), code=2)


@app.command("count")
def count_command(
    as_of: AsOf,
    known_on: KnownOn = None,
    by: Annotated[
        str,
        typer.Option(
            help="country, status, or both; and one of sex, age_group, destination, detention"
        ),
    ] = "country,status",
    country: Annotated[
        str | None, typer.Option(help="only this country (ISO3 or a name)", callback=country_code)
    ] = None,
    staleness_days: Staleness = DEFAULTS.staleness_days,
    min_credibility: MinCredibility = DEFAULTS.min_credibility,
    min_reliability: MinReliability = DEFAULTS.min_reliability,
    format: Format = "table",
    persons: Annotated[
        bool, typer.Option("--persons", help="list the persons behind --country × --status")
    ] = False,
    status: Annotated[
        str | None, typer.Option(help="with --persons: the status (or departed)")
    ] = None,
    series: Annotated[
        str | None,
        typer.Option(help="FROM/TO: the counts at each month's end between two dates"),
    ] = None,
    step: Annotated[str, typer.Option(help="with --series: month or year")] = "month",
) -> None:
    """How many persons were in each status on a date, per country, with intervals.

    With --persons, who they are (one cell: --country and --status) and the events that
    put each there; with --series FROM/TO, the same counts at each month's (or year's) end."""
    from headcount.accounting import count
    from headcount.cli.breakdowns import flags_table, parts_table

    output = output_format(format, ("table", "csv", "json"))
    when, known = date_option(as_of, "--as-of"), date_option(known_on, "--known-on")
    assert when is not None
    rules = _rules(staleness_days, min_credibility, min_reliability)
    if persons:
        _cell_persons(when, known, country, status, rules, output)
        return
    if series is not None:
        _series(series, step, known, by, country, rules, output)
        return
    with failing_clearly():
        result = count(open_store(), when, known, by=by.split(","), country=country, rules=rules)
    if print_data(result, output):
        return
    knowledge = f", known on {known}" if known else ", with all that is known now"
    title = f"persons as of {when}{knowledge} (enumeration; intervals in brackets)"
    if result.breakdown:
        console.print(parts_table(result, title), flags_table(result))
    else:
        console.print(_one_row(result, title) if len(result.rows) == 1 else _wide(result, title))
    console.print(f"[dim]{escape(result.intervals_note())}[/]")
    if result.judged:
        whose = "person's status rests" if result.judged == 1 else "persons' statuses rest"
        console.print(
            f"[cyan]{result.judged:,} {whose} on analysts' status judgements "
            "(headcount person show; judge-status --retract)[/]"
        )


def _cell_persons(
    when: date,
    known: date | None,
    country: str | None,
    status: str | None,
    rules: Rules,
    output: str,
) -> None:
    from headcount.views.drill import persons_in_cell

    if country is None or status is None:
        fail("--persons lists one cell: give --country and --status", code=2)
    with failing_clearly():
        found = persons_in_cell(
            open_store(),
            when,
            known,
            country=country,
            status=status,
            rules=rules,
            user=current_user(),
        )
    if print_data(found, output):
        return
    table = Table(
        title=f"{found.country} × {found.status} as of {when}: {len(found.persons):,} persons"
    )
    for column in ("person", "since", "why (event: source/record)"):
        table.add_column(column)
    for person in found.persons:
        why = "; ".join(
            f"{c.kind} {c.earliest}: {found.record_names.get(c.record_id, c.record_id)}"
            for c in person.causes
        )
        table.add_row(
            person.person_id,
            str(person.since or "—"),
            escape(why or (f"no news ({person.reason})" if person.reason else "")),
        )
    console.print(table)


def _series(
    span: str,
    step: str,
    known: date | None,
    by: str,
    country: str | None,
    rules: Rules,
    output: str,
) -> None:
    from headcount.accounting.series import count_series, series_dates

    start_text, _, end_text = span.partition("/")
    start, end = (
        date_option(start_text, "--series FROM"),
        date_option(end_text or None, "--series TO"),
    )
    if start is None or end is None:
        fail(f"--series is FROM/TO, two dates as YYYY-MM-DD, not {span!r}", code=2)
    with failing_clearly():
        dates = series_dates(start, end, step)
        results = count_series(
            open_store(), dates, known, by=by.split(","), country=country, rules=rules
        )
    lines = [{"as_of": r.as_of.isoformat(), **line} for r in results for line in r.flat()]
    if output == "json":
        print_json({"series": [r.as_dict() for r in results]})
        return
    if output == "csv":
        print_csv(lines)
        return
    table = Table(title=f"persons over time, {start} to {end} (enumeration; intervals in brackets)")
    for column in (
        "as of",
        "country",
        "departed",
        *(s.value.replace("_", "\n") for s in STATUS_ORDER),
    ):
        table.add_column(column, justify="left" if column in ("as of", "country") else "right")
    for result in results:
        for row in result.rows:
            cells = [cell_text(row.statuses[s.value]) if row.statuses else "" for s in STATUS_ORDER]
            table.add_row(str(result.as_of), row.country, cell_text(row.departed), *cells)
    console.print(table)
    if results:
        console.print(f"[dim]{escape(results[-1].intervals_note())}[/]")


def _wide(result: Counts, title: str) -> Table:
    """A row per country, a column per status."""
    table = Table(title=title)
    table.add_column("country")
    table.add_column("departed", justify="right")
    statuses = [s.value for s in STATUS_ORDER] if "status" in result.by else []
    for s in statuses:
        table.add_column(s.replace("_", "\n"), justify="right")
    table.add_column("= Σ", justify="center")
    for row in result.rows:
        cells = [cell_text(row.statuses[s]) for s in statuses]
        table.add_row(row.country, cell_text(row.departed), *cells, _check(row.balanced))
    return table


def _one_row(result: Counts, title: str) -> Table:
    """One country (or all) as a row per status, with what each status means."""
    row = result.rows[0]
    meaning = result.definitions()
    table = Table(title=f"{row.country}: {title}")
    for column in ("status", "persons", "interval", "what it counts"):
        table.add_column(column, justify="right" if column in ("persons", "interval") else "left")
    for status, cell in [("departed", row.departed), *row.statuses.items()]:
        spread = f"{cell.low:,}–{cell.high:,}" if cell.low != cell.high else ""
        table.add_row(status, f"{cell.value:,}", spread, meaning.get(status, ""))
    table.caption = f"departed = Σ statuses: {_check(row.balanced)}"
    return table


def _check(balanced: bool) -> str:
    return "✓" if balanced else "[red]✗[/]"


@app.command("reconcile")
def reconcile_command(
    country: Country,
    as_of: AsOf,
    known_on: KnownOn = None,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Published figures nearest a date beside the records' counts, and what they imply.

    What the figures imply alone: e.g. unknown = departed − killed − returned − in theatre."""
    from headcount.accounting import reconcile
    from headcount.accounting.reconciliation import range_text
    from headcount.storage.engine import StoreError

    output = output_format(format, ("table", "json"))
    when, known = date_option(as_of, "--as-of"), date_option(known_on, "--known-on")
    assert when is not None
    try:
        result = reconcile(open_store(), country, when, known_on=known)
    except StoreError as exc:
        fail(str(exc))
    if output == "json":
        print_json(result.as_dict())
        return
    table = Table(title=f"{result.country} as of {result.as_of}: records beside published figures")
    for column in ("metric", "records", "published", "by", "gap"):
        table.add_column(column, justify="right" if column in ("records", "gap") else "left")
    for metric, line in result.metrics.items():
        records = cell_text(line.records) if line.records else "—"
        said = range_text(line.low, line.high) + (" (implied)" if line.derived else "")
        who = "; ".join(line.by)
        gap = "—" if line.gap is None else f"{line.gap:+,}" if line.gap else "0"
        table.add_row(metric, records, said, who, gap)
    console.print(table)
    for metric, line in result.metrics.items():
        for warning in line.warnings():
            console.print(f"[yellow]{metric}: {escape(warning)}[/]")
    if result.records_note:
        console.print(f"[yellow]{result.records_note}[/]")
