"""Calibrate the linkage margins of accounting's intervals, and check their coverage.

For each seed: a simulated population (`--persons`, default scenario) is ingested, linked
from the simulator's truth and by headcount's own linkage; on every count date of the
scenario and both time axes, each country × status cell of 20 or more persons under
perfect linkage is compared with the cell reported with headcount's linkage, its
alternative clusterings and no margins. `--calibrate` seeds give the margins
(`headcount.accounting.margins.calibrate`, printed as the Python literal of
`LINKAGE_MARGINS`); `--check` seeds, never the same, give the coverage before (no margins)
and after (the margins just calibrated, and the ones the package ships).

    .venv/bin/python benchmarks/accounting_margins.py --calibrate 1 2 3 4 5 --check 7 11 13
        [--persons 1500] [--scenario default] [--work DIR]   (DIR keeps the linked stores)
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from headcount.accounting import count_evidence, link_from_truth, linkage_alternatives
from headcount.accounting.counts import ALL, Counts
from headcount.accounting.margins import (
    LINKAGE_MARGINS,
    NONE,
    Margins,
    Observation,
    calibrate,
)
from headcount.accounting.timeline import Evidence, load_evidence
from headcount.ingest import ingest_path
from headcount.linkage.link import link
from headcount.simulate import simulate, write
from headcount.storage import connect, upgrade
from headcount.storage.queries import latest_run_id

LARGE = 20


@dataclass
class Linked:
    truth: Evidence
    model: Evidence
    alternatives: dict[str, dict[int, str]]
    count_dates: tuple[str, ...]


def linked(persons: int, seed: int, work: Path, scenario: str = "default") -> Linked:
    """A simulated population linked both ways (kept in `work` for later runs)."""
    suffix = "" if scenario == "default" else f"-{scenario}"
    folder = work / f"sim-{persons}-{seed}{suffix}"
    sim = simulate(persons, seed, scenario=scenario)
    database = folder / "headcount.sqlite"
    if not database.exists():
        folder.mkdir(parents=True, exist_ok=True)
        write(sim, folder)
        store = connect(f"sqlite:///{database}")
        upgrade(store)
        ingest_path(store, folder / "sources", user="bench")
        link_from_truth(store, folder / "truth" / "links.csv", user="bench")
        link(store, user="bench")
        store.close()
    store = connect(f"sqlite:///{database}")
    with store.reading() as connection:
        run = latest_run_id(connection)
        assert run is not None
        out = Linked(
            load_evidence(connection, run - 1),
            load_evidence(connection, run),
            linkage_alternatives(connection, run),
            sim.scenario.count_dates,
        )
    store.close()
    return out


def _cell(counts: Counts, country: str, column: str) -> tuple[int, int, int]:
    row = counts.row(country)
    if row is None:
        return 0, 0, 0
    cell = row.departed if column == "departed" else row.statuses[column]
    return cell.value, cell.low, cell.high


def observations(data: Linked, margins: Margins = NONE) -> list[Observation]:
    """Every cell of 20 or more persons under perfect linkage, with the model's cell."""
    out = []
    for when in data.count_dates:
        as_of = date.fromisoformat(when)
        for known in (None, as_of):
            truth = count_evidence(data.truth, as_of, known, alternatives={})
            ours = count_evidence(
                data.model, as_of, known, alternatives=data.alternatives, margins=margins
            )
            for row in truth.rows:
                for column, cell in [("departed", row.departed), *row.statuses.items()]:
                    if cell.value >= LARGE:
                        value, low, high = _cell(ours, row.country, column)
                        out.append(Observation(row.country, column, cell.value, value, low, high))
    return out


def coverage(cells: list[Observation]) -> str:
    counted = [o for o in cells if o.country != ALL]
    inside = sum(o.low <= o.truth <= o.high for o in counted)
    return f"{inside}/{len(counted)} = {inside / len(counted):.1%}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1500)
    parser.add_argument("--calibrate", type=int, nargs="*", default=[1, 2, 3, 4, 5])
    parser.add_argument("--check", type=int, nargs="*", default=[7, 11, 13])
    parser.add_argument("--scenario", default="default")
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    assert not set(args.calibrate) & set(args.check), "calibration and check seeds must differ"
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        calibration = []
        for seed in args.calibrate:
            cells = observations(linked(args.persons, seed, work, args.scenario))
            print(f"calibration seed {seed}: inside without margins {coverage(cells)}", flush=True)
            calibration += cells
        seeds = ",".join(map(str, args.calibrate))
        margins = calibrate(
            calibration, calibrated_on=f"{args.persons} persons, {args.scenario}, seeds {seeds}"
        )
        print(f"LINKAGE_MARGINS = {margins!r}", flush=True)
        for seed in args.check:
            data = linked(args.persons, seed, work, args.scenario)
            before = coverage(observations(data))
            after = coverage(observations(data, margins))
            shipped = coverage(observations(data, LINKAGE_MARGINS))
            print(f"check seed {seed}: inside {before} without margins, {after} with these "
                  f"margins, {shipped} with the shipped ones", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
