"""`headcount estimate` (from the store) and `headcount estimate-table` (a capture table).

Each parses options, calls one function of `headcount.estimation` (`estimate_store`,
`estimate`) and prints the result. A refusal (data that cannot support an estimate) exits
with status 1 and its reasons on standard error; a malformed file or option exits with
status 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.table import Table

from headcount.cli.app import app
from headcount.cli.common import (
    console,
    counted,
    errors,
    fail,
    open_store,
    print_csv,
    print_json,
)
from headcount.estimation.catalogue import DEFAULT_METHOD, METHODS, SEED, STRATA, SYSTEM_GROUPINGS

if TYPE_CHECKING:
    from headcount.estimation import Comparison, Estimate, EstimationRefused
    from headcount.estimation.store import StoreEstimate

REFUSED = 1
BAD_INPUT = 2

# LCMCR's settings, named after the arguments of R's lcmCR() and lcmCR_PostSampl().
KOption = Annotated[
    int | None,
    typer.Option(
        "--k", min=1, help="LCMCR: at most this many latent classes (R's K; default 20, R's 10)"
    ),
]
AAlphaOption = Annotated[
    float | None,
    typer.Option(
        "--a-alpha",
        min=0.0,
        help="LCMCR: shape of the Gamma prior on the concentration (R's a_alpha; default 2, "
        "R's 0.25)",
    ),
]
BAlphaOption = Annotated[
    float | None,
    typer.Option(
        "--b-alpha",
        min=0.0,
        help="LCMCR: rate of the Gamma prior on the concentration (R's b_alpha; default 0.25)",
    ),
]
BurninOption = Annotated[
    int | None,
    typer.Option(
        "--burnin",
        min=0,
        help="LCMCR: sweeps dropped per chain before sampling (R's burnin; default 10000). "
        "Any of --burnin, --samples, --thinning runs that schedule exactly, as R does; "
        "without them, chains stop once they converge",
    ),
]
SamplesOption = Annotated[
    int | None,
    typer.Option(
        "--samples", min=1, help="LCMCR: draws kept per chain (R's samples; default 1000)"
    ),
]
ThinningOption = Annotated[
    int | None,
    typer.Option(
        "--thinning", min=1, help="LCMCR: sweeps per draw kept (R's thinning; default 100)"
    ),
]
ChainsOption = Annotated[
    int | None,
    typer.Option("--chains", min=1, help="LCMCR: independent chains (default 4; R runs 1)"),
]


@app.command("estimate")
def estimate_command(
    by: Annotated[
        str, typer.Option(help=f"stratify by {', '.join(STRATA)} (comma list; none: the total)")
    ] = "",
    method: Annotated[str, typer.Option(help=", ".join(METHODS))] = DEFAULT_METHOD,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="persons who had left by this date; status on it (today)"),
    ] = None,
    known_on: Annotated[
        str | None,
        typer.Option("--known-on", help="only what had been reported by this date (default: now)"),
    ] = None,
    group_by: Annotated[
        str,
        typer.Option(help=f"systems from sources: {', '.join(SYSTEM_GROUPINGS)}"),
    ] = "source",
    systems: Annotated[
        Path | None,
        typer.Option(help="YAML: system name → list of source names (overrides --group-by)"),
    ] = None,
    seed: Annotated[int, typer.Option(help="seed for the Monte Carlo methods")] = SEED,
    output: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    k: KOption = None,
    a_alpha: AAlphaOption = None,
    b_alpha: BAlphaOption = None,
    burnin: BurninOption = None,
    samples: SamplesOption = None,
    thinning: ThinningOption = None,
    chains: ChainsOption = None,
) -> None:
    """Estimate how many persons there were in all, seen and unseen, from the store's
    persons and the sources that recorded them, per stratum and in total.

    Each person's capture history is the set of systems (sources, or groups of sources)
    with a record of theirs. Strata that cannot support an estimate are refused with their
    reasons; the total says which strata it covers. The LCMCR options take the names of
    R's lcmCR() arguments, to rerun a published analysis with its settings.
    """
    from datetime import date

    from headcount.accounting import NoPersons
    from headcount.estimation import EstimationRefused
    from headcount.estimation.lcmcr import lcmcr_settings
    from headcount.estimation.store import estimate_store, read_systems
    from headcount.storage.engine import StoreError

    if output not in ("table", "csv", "json"):
        _bad(f"--format must be table, csv or json, not {output!r}")
    try:
        when = date.fromisoformat(as_of) if as_of else date.today()
        known = date.fromisoformat(known_on) if known_on else None
    except ValueError:
        _bad("--as-of and --known-on take dates as YYYY-MM-DD")
    dimensions = [b.strip() for b in by.split(",") if b.strip()]
    try:
        mapping = read_systems(systems) if systems is not None else None
        settings = lcmcr_settings(k, a_alpha, b_alpha, burnin, samples, thinning, chains)
        with counted(f"estimating ({method})") as tally:
            result = estimate_store(
                open_store(),
                when,
                known,
                by=dimensions,
                method=method,
                group_by=group_by,
                systems=mapping,
                seed=seed,
                lcmcr=settings,
                progress=tally,
            )
    except (NoPersons, StoreError) as exc:
        fail(str(exc))
    except ValueError as exc:
        _bad(str(exc))
    except EstimationRefused as refusal:
        _refused(refusal, output)
    if output == "json":
        print_json(result.to_dict())
    elif output == "csv":
        print_csv(result.rows())
    else:
        _print_store_table(result)


def _print_store_table(result: StoreEstimate) -> None:
    rows = result.rows()
    by = list(result.result.by)
    knowledge = f"known on {result.known_on}" if result.known_on else "all known now"
    grid = Table(
        *by,
        "kind",
        "observed",
        "estimate",
        "95% interval",
        "method",
        "model",
        "systems",
        title=f"Persons who had left by {result.as_of} ({knowledge}), seen and unseen",
        caption="observed: the enumeration (persons some source recorded); estimate: "
        "the total, seen and unseen, with its 95% interval",
    )
    for row in rows:
        estimated = row["kind"] == "estimate"
        grid.add_row(
            *[str(row[b]) for b in by],
            row["kind"],
            f"{row['observed']:,}",
            _fmt(row["estimate"]) if estimated else "—",
            f"{_fmt(row['lower'])} – {_fmt(row['upper'])}" if estimated else "refused",
            row["method"],
            row["model"],
            str(row["systems"]),
            end_section=row is rows[-2] if by else False,
        )
    console.print(grid)
    console.print(f"Definition: {rows[-1]['definition']}.", highlight=False)
    console.print(
        f"Systems: {', '.join(result.systems)} (linkage run {result.run_id}).", highlight=False
    )
    if result.mentions:
        console.print(
            f"Mentions: {result.mentions:,} persons known only from records that name no one "
            "we can attribute (nothing beyond a name): in no capture history; between none "
            "and all of them are persons not counted here.",
            highlight=False,
        )
    for row in rows:
        if row["warnings"]:
            where = ", ".join(f"{b}={row[b]}" for b in by) or "total"
            label = "no estimate" if row["kind"] == "refusal" else "warning"
            console.print(f"{label} ({where}): {row['warnings']}", highlight=False)


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
    k: KOption = None,
    a_alpha: AAlphaOption = None,
    b_alpha: BAlphaOption = None,
    burnin: BurninOption = None,
    samples: SamplesOption = None,
    thinning: ThinningOption = None,
    chains: ChainsOption = None,
) -> None:
    """Estimate how many people no list recorded, from a table of capture patterns.

    To rerun R's LCMCR as HRDAG does: --k 10 --a-alpha 0.25 --b-alpha 0.25 --burnin 10000
    --samples 1000 --thinning 100 --seed S.
    """
    from headcount.estimation import CaptureTable, EstimationRefused, estimate
    from headcount.estimation.lcmcr import lcmcr_settings

    if output not in ("table", "json"):
        _bad(f"--format must be table or json, not {output!r}")
    if select not in ("aic", "bic"):
        _bad(f"--select must be aic or bic, not {select!r}")
    try:
        table = CaptureTable.from_csv(file)
        settings = lcmcr_settings(k, a_alpha, b_alpha, burnin, samples, thinning, chains)
        result = estimate(table, method, model=model, select=select, seed=seed, lcmcr=settings)
    except ValueError as exc:  # a TableError is one
        _bad(str(exc))
    except EstimationRefused as refusal:
        _refused(refusal, output)
    if output == "json":
        print_json(result.to_dict())
    else:
        _print_table(result)


def _refused(refusal: EstimationRefused, output: str) -> NoReturn:
    """A refusal: its reasons on standard error (and as JSON with --format json), status 1."""
    if output == "json":
        print_json(refusal.to_dict())
    errors.print(refusal.message, highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(REFUSED) from None


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
