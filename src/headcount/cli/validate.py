"""`headcount validate`: the pipeline on simulated populations, with how often it held.

Parses options, calls `headcount.validation.validate` and prints, per linkage (own and
perfect, side by side), the coverage of count cells (all and per status), of country
strata and of the total, with the total's bias and width.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from headcount.cli.app import app
from headcount.cli.common import console, counted, fail, print_json
from headcount.estimation.catalogue import DEFAULT_METHOD, METHODS
from headcount.simulate.scenarios import SCENARIOS

if TYPE_CHECKING:
    from headcount.validation import Validation


@app.command("validate")
def validate_command(
    persons: Annotated[int, typer.Option(help="persons per simulated population", min=50)] = 2000,
    seeds: Annotated[
        int, typer.Option(help="how many populations (seeds 1001, 1002 …)", min=1)
    ] = 3,
    first_seed: Annotated[int, typer.Option(help="the first seed")] = 1001,
    scenario: Annotated[
        str, typer.Option(help=f"one of: {', '.join(sorted(SCENARIOS))}")
    ] = "default",
    method: Annotated[str, typer.Option(help=", ".join(METHODS))] = DEFAULT_METHOD,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="the date counted (default: the scenario's)")
    ] = None,
    work: Annotated[
        Path | None, typer.Option(help="keep the populations' stores here (reused next time)")
    ] = None,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Run simulate → ingest → link → count → estimate on several simulated populations and
    say how often the intervals held the truth, with headcount's own linkage and with
    perfect linkage beside it: how far to trust a method before publishing."""
    from headcount.validation import validate

    if output not in ("table", "json"):
        fail(f"--format must be table or json, not {output!r}")
    if scenario not in SCENARIOS:
        fail(f"unknown scenario {scenario!r}; known: {', '.join(sorted(SCENARIOS))}")
    if method not in METHODS:
        fail(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
    try:
        when = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail("--as-of takes a date as YYYY-MM-DD")
    chosen = list(range(first_seed, first_seed + seeds))
    with counted(f"validating on {seeds} population{'s' if seeds > 1 else ''}") as tally:
        result = validate(
            persons, chosen, scenario=scenario, method=method, as_of=when, work=work, progress=tally
        )
    if output == "json":
        print_json(_as_json(result))
    else:
        _print(result)


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _as_json(result: Validation) -> dict[str, object]:
    return {
        "persons": result.persons,
        "scenario": result.scenario,
        "method": result.method,
        "as_of": result.as_of.isoformat(),
        "seeds": [s.seed for s in result.seeds],
        "summary": result.summary(),
        "misses": {str(s.seed): s.misses for s in result.seeds},
        "refused": {str(s.seed): s.refused for s in result.seeds},
        "mentions": {str(s.seed): s.mentions for s in result.seeds},
        "unattributed": {str(s.seed): s.unattributed for s in result.seeds},
    }


def _fired(record: list[int] | None, missed: int) -> str:
    """A warning's record: strata it fired on, of which missed, and of all misses."""
    fired, on_misses = record or [0, 0]
    return f"{fired} ({on_misses} of {missed} missed)"


def _print(result: Validation) -> None:
    seeds = ", ".join(str(s.seed) for s in result.seeds)
    grid = Table(
        "",
        *[row["linkage"] + " linkage" for row in result.summary()],
        title=f"{result.scenario}, {result.persons:,} persons, seeds {seeds}, "
        f"{result.method}, as of {result.as_of}",
    )
    rows = result.summary()
    grid.add_row(
        "count cells held", *[f"{_share(r['count_coverage'])} of {r['count_cells']}" for r in rows]
    )
    statuses = sorted({s for r in rows for s in r["count_coverage_by_status"]})
    for status in statuses:
        grid.add_row(
            f"  {status}", *[_share(r["count_coverage_by_status"].get(status)) for r in rows]
        )
    grid.add_row(
        "country strata held", *[f"{_share(r['strata_coverage'])} of {r['strata']}" for r in rows]
    )
    grid.add_row("  missed with no warning", *[str(r["silent_misses"]) for r in rows])
    codes = sorted({c for r in rows for c in r["warnings_fired_missed"]})
    for code in codes:
        grid.add_row(
            f"  {code} (on misses)",
            *[_fired(r["warnings_fired_missed"].get(code), r["strata_missed"]) for r in rows],
        )
    grid.add_row("totals held", *[f"{r['totals_held']} of {r['totals']}" for r in rows])
    grid.add_row("total bias", *[_share(r["total_bias"]) for r in rows])
    grid.add_row("total interval width", *[_share(r["total_width"]) for r in rows])
    grid.add_row(
        "highest upper / truth",
        *["–" if r["total_upper_ratio"] is None else f"{r['total_upper_ratio']:.2f}" for r in rows],
    )
    console.print(grid)
    console.print(
        "count cells: country × status cells of 20 or more persons under perfect linkage, "
        "held when the interval contains that count; strata and totals: held when the "
        "estimate's interval contains the true number who had left.",
        highlight=False,
    )
    for s in result.seeds:
        for linkage in s.mentions:
            console.print(
                f"seed {s.seed}, {linkage} linkage: {s.mentions[linkage]:,} mentions (records "
                "naming no one attributable, in no estimate); "
                f"{s.unattributed.get(linkage, 0):,} persons of unknown country apportioned "
                "over the countries",
                highlight=False,
            )
        for linkage, misses in s.misses.items():
            if misses:
                console.print(
                    f"seed {s.seed}, {linkage} linkage, missed: {'; '.join(misses)}",
                    highlight=False,
                )
        for linkage, why in s.refused.items():
            console.print(f"seed {s.seed}, {linkage} linkage: no estimate: {why}", highlight=False)
