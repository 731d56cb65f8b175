"""`headcount estimate-table`: multiple systems estimation on a capture table (CSV).

Parses options, calls `headcount.estimation.estimate` and prints the result. A refusal
(data that cannot support an estimate) exits with status 1 and its reasons on standard
error; a malformed file or option exits with status 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from headcount.cli.app import app
from headcount.cli.common import console, errors, print_json
from headcount.estimation.catalogue import DEFAULT_METHOD, METHODS

if TYPE_CHECKING:
    from headcount.estimation import Comparison, Estimate

REFUSED = 1
BAD_INPUT = 2


@app.command("estimate-table")
def estimate_table_command(
    file: Annotated[Path, typer.Argument(help="CSV: one 0/1 column per list and a count column")],
    method: Annotated[
        str,
        typer.Option(help=f"{', '.join(METHODS)}; 'all' or a comma list for side by side"),
    ] = DEFAULT_METHOD,
    model: Annotated[
        str | None,
        typer.Option(help="loglinear only: 'independence' or Rcapture notation like [13,24,34]"),
    ] = None,
    select: Annotated[str, typer.Option(help="loglinear model selection: aic or bic")] = "bic",
    seed: Annotated[int | None, typer.Option(help="seed for the Monte Carlo methods")] = None,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Estimate how many people no list recorded, from a table of capture patterns."""
    from headcount.estimation import CaptureTable, EstimationRefused, TableError, estimate

    if output not in ("table", "json"):
        _bad(f"--format must be table or json, not {output!r}")
    if select not in ("aic", "bic"):
        _bad(f"--select must be aic or bic, not {select!r}")
    try:
        table = CaptureTable.from_csv(file)
        result = estimate(table, method, model=model, select=select, seed=seed)
    except TableError as exc:
        _bad(str(exc))
    except ValueError as exc:
        _bad(str(exc))
    except EstimationRefused as refusal:
        if output == "json":
            print_json(refusal.to_dict())
        errors.print(refusal.message, highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(REFUSED) from None
    if output == "json":
        print_json(result.to_dict())
    else:
        _print_table(result)


def _bad(message: str) -> None:
    errors.print(f"error: {message}", highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(BAD_INPUT)


def _fmt(value: float | None) -> str:
    return "unbounded" if value is None else f"{value:,.0f}"


def _print_table(result: Estimate | Comparison) -> None:
    from headcount.estimation import Comparison

    estimates = result.estimates if isinstance(result, Comparison) else (result,)
    console.print(
        f"Observed (enumeration): {result.observed:,} people on {len(result.lists)} lists"
    )
    grid = Table("method", "model", "estimate", "95% interval", title="Estimates of the total")
    for e in estimates:
        grid.add_row(e.method, e.model, _fmt(e.estimate), f"{_fmt(e.lower)} – {_fmt(e.upper)}")
    console.print(grid)
    if isinstance(result, Comparison):
        for method, reasons in result.refused.items():
            for r in reasons:
                console.print(f"{method}: no estimate: {r['message']}", highlight=False)
    notes: list[Any] = [w for e in estimates for w in e.warnings] + list(
        result.warnings if isinstance(result, Comparison) else ()
    )
    for w in notes:
        console.print(f"warning: {w.message}", highlight=False)
