"""`headcount demo`: what `make demo` runs — the main job on generated data, then the
workbench served on 127.0.0.1:8000 with a demo admin whose random password it prints."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from headcount.cli.app import app
from headcount.cli.common import console, counted, fail
from headcount.cli.simulate import show
from headcount.demo import DEFAULT_PERSONS, DEFAULT_SEED, demo_admin, run_demo

if TYPE_CHECKING:
    from headcount.storage import Store

HOST = "127.0.0.1"
PORT = 8000


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="folder for the generated data and store")] = Path(
        "demo-data"
    ),
    persons: Annotated[int, typer.Option(help="how many people to generate", min=100)] = (
        DEFAULT_PERSONS
    ),
    seed: Annotated[int, typer.Option(help="random seed")] = DEFAULT_SEED,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="serve the workbench at the end")
    ] = True,
    port: Annotated[int, typer.Option(help="the workbench's port", min=1, max=65535)] = PORT,
) -> None:
    """Run the main job on a generated population and serve the workbench (`make demo`).

    Generate, ingest, load the published figures, link, estimate the unseen (kept in the
    store, so the workbench's estimates page shows it at once); then make a demo admin with
    a random password, print the address and the login, and serve on 127.0.0.1."""
    if serve:
        from headcount.web.ports import PortTaken, check_port

        try:
            check_port(HOST, port)
        except PortTaken as exc:
            fail(str(exc))
    result = run_demo(
        out, persons=persons, seed=seed, link_records=True, say=lambda text: console.print(text)
    )
    show(result.simulation, out)
    added = sum(r.records_added for r in result.ingested)
    console.print(f"Ingested {added:,} new records from {len(result.ingested)} sources.")
    if result.figures is not None:
        console.print(f"Published figures: {result.figures.figures_added:,} new.")
    if result.linked is not None:
        run = result.linked.run
        console.print(
            f"Linked {run.records:,} records into {run.persons:,} persons (run {run.run_id})."
        )
    if result.linked is not None:
        _estimate(result.store)
    for note in result.notes:
        console.print(f"[yellow]{note}[/]")
    counts = result.counts["counts"]
    assert isinstance(counts, dict)
    console.print("The store holds " + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + ".")
    name, password = demo_admin(result.store)
    console.print(
        f"\nThe workbench: http://{HOST}:{port}/\n"
        f"  log in as {name} with the password {password}\n"
        "  (random, made for this run only; the store keeps only its hash)\n"
        f"To go on from here:\n  export HEADCOUNT_DB_URL={result.store.url}\n"
        f"  .venv/bin/headcount serve --port {port}",
        highlight=False,
    )
    if serve:
        from headcount.api.settings import settings_for
        from headcount.web.server import serve as serve_workbench

        settings, cookies = settings_for(HOST)
        if cookies:
            console.print(f"[yellow]{cookies}[/]")
        serve_workbench(result.store, settings, HOST, port)


def _estimate(store: Store) -> None:
    """The workbench's estimates of the latest date the records cover, as every compartment
    and as the open sources alone see it: computed now and kept in the store, rather than
    by the server while the first analyst waits."""
    from headcount.accounting import NoPersons
    from headcount.estimation import EstimationRefused
    from headcount.model.vocabulary import EVERY, OPEN_ONLY
    from headcount.views.dashboard import default_as_of
    from headcount.views.errors import NotFound
    from headcount.views.estimates import estimates_for

    console.print("Estimating those no source recorded, for the workbench (once per link)…")
    for compartments, seen in ((EVERY, "every source"), (OPEN_ONLY, "the open sources")):
        try:
            with counted(f"estimating as {seen} see it") as tally:
                when = default_as_of(store, compartments)
                estimates_for(store, compartments, when, progress=tally)
        except (NoPersons, NotFound, EstimationRefused) as exc:
            console.print(f"[yellow]No estimate as {seen} see it: {exc}[/]")
