"""`headcount linkage-report`: the latest linkage run as the workbench's linkage page shows
it — the model's m and u per comparison level with their match weights, how the scored
pairs' match weights fall, precision and recall against the judged pairs — as a table on
the terminal, as JSON (the same as `/api/linkage`), or as an HTML file with Splink's three
charts drawn offline (vl-convert: nothing fetched, no browser)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from headcount.cli.app import app
from headcount.cli.common import console, fail, open_store, output_format, print_json

if TYPE_CHECKING:
    from headcount.views.linkage import LinkageView


@app.command("linkage-report")
def linkage_report_command(
    out: Annotated[
        Path | None, typer.Option(help="also write an HTML file with the charts (SVG)")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """The latest linkage run's model and scores, as the workbench's linkage page shows them.

    Each comparison level's m, u and match weight log2(m/u); the match weights of the
    scored pairs with the threshold; precision and recall against the judged pairs at each
    threshold. With --out, an HTML file with Splink's charts drawn offline."""
    from headcount.model.vocabulary import EVERY
    from headcount.views.errors import NotFound
    from headcount.views.linkage import inspect_run

    output = output_format(format, ("table", "json"))
    if out is not None and not out.parent.is_dir():
        fail(f"{out}: the folder to write to does not exist", code=2)
    try:
        found = inspect_run(open_store(), EVERY)
    except NotFound as exc:
        fail(str(exc))
    if out is not None:
        out.write_text(linkage_html(found), encoding="utf-8")
    if output == "json":
        print_json(found.as_dict())
        return
    _print(found)
    if out is not None:
        console.print(f"Charts in {out}.", highlight=False)


def _number(value: float | None, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def _print(found: LinkageView) -> None:
    prior = _number(found.prior, ".5f")
    console.print(
        f"Run {found.run_id}: threshold {found.threshold}, {found.pairs:,} pairs scored, "
        f"prior {prior} (the probability that two random records match).",
        highlight=False,
    )
    if found.parameters:
        grid = Table(title="m and u of each comparison level")
        for column in ("comparison", "level", "m", "u", "match weight"):
            grid.add_column(
                column, justify="left" if column in ("comparison", "level") else "right"
            )
        for p in found.parameters:
            grid.add_row(
                p["comparison"],
                p["level"],
                _number(p["m"], ".4g"),
                _number(p["u"], ".4g"),
                _number(p["match_weight"], "+.2f"),
            )
        console.print(grid)
    else:
        console.print("This run saved no trained model: there are no m and u to show.")
    if found.histogram:
        console.print(_histogram(found.histogram))
    judged = found.judged
    if found.curve:
        at = min(found.curve, key=lambda p: abs(p["threshold"] - found.threshold))
        console.print(
            f"Against {judged['same']:,} pairs judged the same and {judged['different']:,} "
            f"different: at threshold {at['threshold']}, precision "
            f"{_number(at['precision'], '.3f')}, recall {_number(at['recall'], '.3f')}.",
            highlight=False,
        )
    else:
        console.print("No pair judged the same yet: no precision and recall to show.")


def _histogram(bins: list[dict[str, Any]]) -> Table:
    grid = Table(title="match weights of the scored pairs (bits)")
    grid.add_column("from", justify="right")
    grid.add_column("to", justify="right")
    grid.add_column("pairs", justify="right")
    grid.add_column("", justify="left")
    most = max(b["pairs"] for b in bins)
    for b in bins:
        grid.add_row(
            f"{b['low']:g}",
            f"{b['high']:g}",
            f"{b['pairs']:,}",
            "█" * round(30 * b["pairs"] / most),
        )
    return grid


def linkage_html(found: LinkageView) -> str:
    """A self-contained HTML page: the summary, the three charts as inline SVG and the
    parameters' table."""
    from headcount.charts import linkage as charts
    from headcount.charts.render import to_svg
    from headcount.charts.specs import WIDTH

    parts = [
        f"<h1>Linkage run {found.run_id}</h1>",
        f"<p>Threshold {found.threshold}; {found.pairs:,} pairs scored; prior "
        f"{_number(found.prior, '.5f')}.</p>",
        "<h2>Match weights of the scored pairs</h2>",
        to_svg(charts.weight_histogram(found.histogram, found.threshold, WIDTH)),
        "<h2>Precision and recall against the judgements</h2>",
    ]
    if found.curve:
        parts.append(to_svg(charts.precision_recall(found.curve, found.threshold, WIDTH)))
        parts.append(
            f"<p>On {found.judged['same']:,} pairs judged the same and "
            f"{found.judged['different']:,} judged different (unsure left out).</p>"
        )
    else:
        parts.append("<p>No pair judged the same yet.</p>")
    parts.append("<h2>Parameters: m and u of each comparison level</h2>")
    if found.parameters:
        parts.append(to_svg(charts.parameters(found.parameters, WIDTH)))
        rows = "".join(
            f"<tr><td>{html.escape(p['comparison'])}</td><td>{html.escape(p['level'])}</td>"
            f"<td>{_number(p['m'], '.4g')}</td><td>{_number(p['u'], '.4g')}</td>"
            f"<td>{_number(p['match_weight'], '+.2f')}</td></tr>"
            for p in found.parameters
        )
        parts.append(
            "<table><thead><tr><th>comparison</th><th>level</th><th>m</th><th>u</th>"
            f"<th>match weight</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append("<p>This run saved no trained model: there are no m and u to show.</p>")
    body = "\n".join(parts)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Linkage run {found.run_id}</title>"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}"
        "td,th{padding:.2rem .6rem;text-align:left}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )
