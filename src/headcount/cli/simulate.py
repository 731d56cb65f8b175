"""`headcount simulate`: a synthetic population, its sources and the ground truth.

Parses options, calls `headcount.simulate.simulate` and `write`, and prints the summary
(records per source, scripts, kunya-only records, duplicates, capture histories, and the
true and revealed counts for the focus country on the focus date).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from headcount.cli.app import app
from headcount.cli.common import console, counted, fail
from headcount.simulate.scenarios import CLERICAL, SCENARIOS, get_scenario

if TYPE_CHECKING:
    from headcount.simulate import Summary


@app.command("simulate")
def simulate_command(
    persons: Annotated[int, typer.Option(help="how many people went", min=1)],
    out: Annotated[Path, typer.Option(help="folder for sources/ and truth/")],
    seed: Annotated[int, typer.Option(help="random seed: the same seed gives the same files")] = 0,
    scenario: Annotated[
        str, typer.Option(help=f"one of: {', '.join(sorted([*SCENARIOS, CLERICAL]))}")
    ] = "default",
) -> None:
    """Generate a population, the sources that recorded it (DIR/sources) and its truth (DIR/truth).

    The `clerical` scenario writes two plain lists of Latin-script records with typing and
    scanning errors instead (for `headcount dedupe`; the mapping is in DIR/truth/mapping.txt)."""
    from headcount.simulate import simulate, summarise, write

    if scenario == CLERICAL:
        from headcount.simulate.clerical import write_clerical

        write_clerical(persons, seed, out)
        mapping = (out / "truth" / "mapping.txt").read_text().strip()
        console.print(
            f"Lists in {out / 'sources'}; truth in {out / 'truth'}. Link them with:\n"
            f"headcount dedupe {out / 'sources' / 'clerical-a.csv'} --link-with "
            f"{out / 'sources' / 'clerical-b.csv'} {mapping} --out clusters.csv"
        )
        return
    try:
        chosen = get_scenario(scenario)
        with counted(f"simulating {persons:,} persons") as tally:
            simulation = simulate(persons, seed, chosen, progress=tally)
        with counted(f"writing {out}") as tally:
            write(simulation, out, progress=tally)
    except ValueError as exc:
        fail(str(exc))
    show(summarise(simulation), out)


def show(summary: Summary, out: Path) -> None:
    """Print the summary as Rich tables."""
    console.print(_sources_table(summary))
    console.print(
        f"{summary.records:,} records; names in Arabic script {summary.share('arabic'):.1%}, "
        f"in Cyrillic {summary.share('cyrillic'):.1%}; kunya only "
        f"{summary.share('kunya_only'):.1%}."
    )
    console.print(_histories_table(summary))
    console.print(_focus_table(summary))
    console.print(f"Sources in {out / 'sources'}; ground truth in {out / 'truth'}.")


def _sources_table(summary: Summary) -> Table:
    table = Table(title=f"{summary.persons:,} persons, seed {summary.seed}, {summary.scenario}")
    for column in (
        "source",
        "records",
        "persons",
        "duplicates",
        "Arabic",
        "Cyrillic",
        "kunya only",
    ):
        table.add_column(column, justify="left" if column == "source" else "right")
    for s in summary.sources:
        table.add_row(
            s.name,
            f"{s.records:,}",
            f"{s.persons:,}",
            f"{s.duplicates:,}",
            f"{s.arabic:,}",
            f"{s.cyrillic:,}",
            f"{s.kunya_only:,}",
        )
    return table


def _histories_table(summary: Summary) -> Table:
    table = Table(title="capture histories")
    table.add_column("recorded by", justify="left")
    table.add_column("persons", justify="right")
    for k, n in summary.recorded_by.items():
        table.add_row(f"{k} source{'' if k == 1 else 's'}", f"{n:,}")
    names = [s.name for s in summary.sources]
    for pattern, count in summary.top_histories[:5]:
        which = [n for n, bit in zip(names, pattern, strict=True) if bit == "1"]
        table.add_row("only " + " + ".join(which), f"{count:,}")
    return table


def _focus_table(summary: Summary) -> Table:
    table = Table(
        title=f"{summary.focus_country} on {summary.focus_date}: true and revealed by the records"
    )
    table.add_column("status")
    table.add_column("true", justify="right")
    table.add_column("records reveal", justify="right")
    for status in sorted(set(summary.true_focus) | set(summary.revealed_focus), key=_order):
        true, told = summary.true_focus.get(status), summary.revealed_focus.get(status)
        table.add_row(
            status, "" if true is None else f"{true:,}", "" if told is None else f"{told:,}"
        )
    return table


_ORDER = (
    "departed",
    "recorded",
    "en_route",
    "in_theatre",
    "killed_confirmed",
    "killed_reported",
    "detained",
    "returned",
    "relocated",
    "contested",
    "unknown",
)


def _order(status: str) -> int:
    return _ORDER.index(status) if status in _ORDER else len(_ORDER)
