"""Commands that hand figures on: a country's report (HTML, Markdown, JSON, PDF) and the
movements between countries in a period."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from headcount.cli.accounting import AsOf, Country, Format, KnownOn
from headcount.cli.app import app
from headcount.cli.common import (
    console,
    country_code,
    date_option,
    fail,
    failing_clearly,
    open_store,
    output_format,
    print_data,
)


@app.command("report")
def report_command(
    country: Country,
    as_of: AsOf,
    known_on: KnownOn = None,
    format: Annotated[
        str, typer.Option("--format", help="html, md, json or pdf (pdf needs --out)")
    ] = "html",
    out: Annotated[Path | None, typer.Option(help="write to this file (default: print)")] = None,
    estimate: Annotated[
        str | None,
        typer.Option(help="add the estimate of those no record saw, by this method (e.g. lcmcr)"),
    ] = None,
) -> None:
    """A country's report: counts, published figures, contested and stale persons, movements.

    Counts with their intervals beside the published figures, the main movements, and with
    --estimate the estimate of those no record saw; HTML with charts, Markdown or JSON."""
    from headcount.reports.country import country_report, render_report

    output = output_format(format, ("html", "md", "json", "pdf"))
    if output == "pdf" and out is None:
        fail("a PDF report needs --out FILE.pdf", code=2)
    when, known = date_option(as_of, "--as-of"), date_option(known_on, "--known-on")
    assert when is not None
    with failing_clearly():
        report = country_report(open_store(), country, when, known_on=known, estimate=estimate)
    if output == "pdf":
        from headcount.reports.pdf import report_pdf

        assert out is not None
        out.write_bytes(report_pdf(report))
        console.print(f"Wrote the PDF report for {report.country} to {out}.")
        return
    text = render_report(report, output)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"Wrote the {output} report for {report.country} to {out}.")


@app.command("flows")
def flows_command(
    start: Annotated[str, typer.Option("--from", help="first day of the period")],
    end: Annotated[str, typer.Option("--to", help="last day of the period")],
    country: Annotated[
        str | None, typer.Option(help="only persons of this country", callback=country_code)
    ] = None,
    format: Format = "table",
) -> None:
    """Movements between countries in a period, for a Sankey diagram and a map.

    Origin → Syria/Iraq → Turkey → elsewhere, as an origin–destination table."""
    from headcount.accounting import flows

    output = output_format(format, ("table", "csv", "json"))
    first, last = date_option(start, "--from"), date_option(end, "--to")
    assert first is not None and last is not None
    with failing_clearly():
        result = flows(open_store(), first, last, country=country)
    if print_data(result, output):
        return
    table = Table(title=f"movements from {first} to {last}")
    for column in ("from", "to", "persons", "moves"):
        table.add_column(column, justify="right" if column in ("persons", "moves") else "left")
    for link in result.links:
        table.add_row(link.source, link.target, f"{link.persons:,}", f"{link.moves:,}")
    console.print(table)
