"""Calibrate the linkage margins of accounting's intervals, and check their coverage.

For each population: a simulated population (`PERSONS:SEED[:SCENARIO]`) is ingested, linked
from the simulator's truth and by headcount's own linkage; on every count date of the
scenario and both time axes, each country × status cell of 20 or more persons under
perfect linkage is compared with the cell reported with headcount's linkage, its
alternative clusterings and no margins. `--calibrate` populations give the margins
(`headcount.accounting.margins.calibrate`, printed as the Python literal of
`LINKAGE_MARGINS`); `--check` populations, never the same, give the coverage before (no
margins) and after (the margins just calibrated, and the ones the package ships).
A population is `PERSONS:SEED[:SCENARIO]`; the defaults are `CALIBRATION` and `CHECK`.

    .venv/bin/python benchmarks/accounting_margins.py [--calibrate 1500:1 2500:1:afp-2017 …]
        [--check 1500:7 …] [--work DIR]   (DIR keeps the linked stores for the next run)
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
CALIBRATION = [
    *[(1500, seed, "default") for seed in (1, 2, 3, 4, 5)],
    *[(2000, seed, "default") for seed in (2, 3)],
    *[(2500, seed, "afp-2017") for seed in (1, 2, 3)],
]
CHECK = [
    *[(1500, seed, "default") for seed in (7, 11, 13)],
    (2000, 1, "default"),
    *[(2500, seed, "afp-2017") for seed in (5, 6)],
]
"""Populations (persons, seed, scenario): margins are calibrated on some, checked on others."""


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


def population(spec: str) -> tuple[int, int, str]:
    """`PERSONS:SEED` or `PERSONS:SEED:SCENARIO` (default scenario: `default`)."""
    persons, seed, *scenario = spec.split(":")
    return int(persons), int(seed), scenario[0] if scenario else "default"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calibrate", nargs="*", default=CALIBRATION, type=population)
    parser.add_argument("--check", nargs="*", default=CHECK, type=population)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args()
    assert not set(args.calibrate) & set(args.check), "calibrate and check on different data"
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        calibration = []
        for persons, seed, scenario in args.calibrate:
            cells = observations(linked(persons, seed, work, scenario))
            print(
                f"calibration {persons}:{seed}:{scenario}: inside without margins "
                f"{coverage(cells)}",
                flush=True,
            )
            calibration += cells
        used = ", ".join(f"{p}:{s}:{c}" for p, s, c in args.calibrate)
        margins = calibrate(calibration, calibrated_on=f"simulated populations {used}")
        print(f"LINKAGE_MARGINS = {margins!r}", flush=True)
        for persons, seed, scenario in args.check:
            data = linked(persons, seed, work, scenario)
            before = coverage(observations(data))
            after = coverage(observations(data, margins))
            shipped = coverage(observations(data, LINKAGE_MARGINS))
            print(
                f"check {persons}:{seed}:{scenario}: inside {before} without margins, {after} "
                f"with these margins, {shipped} with the shipped ones",
                flush=True,
            )


if __name__ == "__main__":
    main()
