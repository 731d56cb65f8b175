"""The files of `DIR/truth/`: what really happened, and what each source really recorded.

- `links.csv` — `source,record_id,person_id` for every record of every source;
- `persons.csv` — each person's true identity (native-script and civil names, kunya,
  nisba, birth date, sex, citizenships, residence, passport), fate and hidden visibility;
- `events.csv` — every true event (`person_id,kind,date,place`);
- `status_spells.csv` — each person's true status from one date to the next (`end` empty
  while it lasts): the true status on any date;
- `counts.csv` — true counts per country × status on the scenario's dates, with `departed`
  (= the sum of the statuses);
- `revealed_counts.csv` — per country × revealed status on the same dates, what all the
  records known by then tell with perfect linkage (`truth.revealed_status`), beside the
  true number who had left and the number no record yet knew;
- `breakdown_counts.csv` — per country, the persons in each part of each breakdown (sex,
  age group, destination, detention) and flag on the same dates (`truth_breakdowns`);
- `capture_histories.csv` — `person_id,country` and one 0/1 column per source, for every
  person including those no source recorded;
- `parameters.json` — persons, seed, the scenario, every source's coverage and noise.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from headcount.simulate import names as nm
from headcount.simulate.origins import civil_habit
from headcount.simulate.simulation import Simulation
from headcount.simulate.truth import (
    REVEALED_STATUSES,
    TRUE_STATUSES,
    capture_histories,
    iso_or_empty,
    revealed_counts,
    status_spells,
    told_events,
    true_counts,
)
from headcount.simulate.truth_breakdowns import BREAKDOWN_FIELDS, breakdown_rows

TRUTH_FILES = 9
"""How many files `write_truth` writes (each tells `progress` once)."""


def write_truth(sim: Simulation, folder: Path, progress: Callable[[], None] = lambda: None) -> None:
    """Write every truth file into `folder`; `progress` is called after each."""
    folder.mkdir(parents=True, exist_ok=True)
    statuses = [s.value for s in TRUE_STATUSES]
    revealed = ["departed", "never_recorded", "recorded", *(s.value for s in REVEALED_STATUSES)]
    names = [s.name for s in sim.sources]
    tables: list[tuple[str, list[str], Callable[[Simulation], Iterable[list[Any]]]]] = [
        ("links.csv", ["source", "record_id", "person_id"], _links),
        ("persons.csv", PERSON_FIELDS, _persons),
        ("events.csv", ["person_id", "kind", "date", "place"], _events),
        ("status_spells.csv", ["person_id", "status", "start", "end"], _spells),
        ("counts.csv", ["date", "country", "departed", *statuses], _counts),
        ("revealed_counts.csv", ["date", "country", *revealed], _revealed),
        ("breakdown_counts.csv", list(BREAKDOWN_FIELDS), breakdown_rows),
        ("capture_histories.csv", ["person_id", "country", *names], _histories),
    ]
    for name, header, rows in tables:
        _csv(folder / name, header, rows(sim))
        progress()
    (folder / "parameters.json").write_text(
        json.dumps(parameters(sim), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    progress()


def _csv(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _links(sim: Simulation) -> Iterable[list[str]]:
    ids = sim.population.person_id
    for spec in sim.sources:
        for r in sim.records[spec.name]:
            yield [spec.name, r.record_id, ids[r.person]]


PERSON_FIELDS = [
    "person_id",
    "country",
    "region",
    "sex",
    "minor",
    "birth_date",
    "culture",
    "citizenship",
    "residence",
    "birth_place",
    "name_native",
    "name_civil",
    "given_name",
    "family_name",
    "patronymic",
    "kunya",
    "other_kunya",
    "nisba",
    "passport",
    "visibility",
    "fate",
    "departed",
    "entered_theatre",
    "false_death_report",
]


def _persons(sim: Simulation) -> Iterable[list[Any]]:
    pop, traj, world = sim.population, sim.trajectories, sim.world
    for i, identity in enumerate(pop.identity):
        native = nm.NATIVE_HABIT[identity.culture]
        civil = civil_habit(pop.citizenship[i][0])
        yield [
            pop.person_id[i],
            pop.country[i],
            pop.region[i],
            pop.sex[i],
            int(pop.minor[i]),
            iso_or_empty(world.birth_day(i)),
            identity.culture,
            ";".join(pop.citizenship[i]),
            pop.residence[i],
            pop.birth_place[i],
            nm.full_name(identity, native),
            nm.full_name(identity, civil),
            nm.given_name(identity, civil),
            nm.family_name(identity, civil),
            nm.patronymic(identity, civil),
            nm.kunya(identity, "en"),
            nm.kunya(identity, "en", 1),
            nm.nisba(identity, "en"),
            world.passport[i],
            round(float(pop.visibility[i]), 4),
            traj.fate[i],
            iso_or_empty(int(traj.departed[i])),
            iso_or_empty(int(traj.entered[i])),
            iso_or_empty(int(world.false_death[i])),
        ]


def _events(sim: Simulation) -> Iterable[list[Any]]:
    ids = sim.population.person_id
    for i, events in enumerate(sim.world.events):
        for e in events:
            yield [ids[i], e.kind, iso_or_empty(e.day), e.place]


def _spells(sim: Simulation) -> Iterable[list[Any]]:
    ids = sim.population.person_id
    for i in range(len(sim.population)):
        for status, start, end in status_spells(sim.world, i):
            yield [ids[i], status.value, iso_or_empty(start), iso_or_empty(end)]


def _counts(sim: Simulation) -> Iterable[list[Any]]:
    for when in sim.scenario.count_dates:
        counts = true_counts(sim.world, when)
        for country in sorted(counts):
            row = [counts[country][s.value] for s in TRUE_STATUSES]
            yield [when, country, sum(row), *row]


def _revealed(sim: Simulation) -> Iterable[list[Any]]:
    told = told_events(sim)
    for when in sim.scenario.count_dates:
        truth = true_counts(sim.world, when)
        revealed = revealed_counts(sim, when, told)
        for country in sorted(truth):
            departed = sum(truth[country].values())
            known = revealed.get(country, Counter())
            recorded = known.get("recorded", 0)
            statuses = [known.get(s.value, 0) for s in REVEALED_STATUSES]
            yield [when, country, departed, departed - recorded, recorded, *statuses]


def _histories(sim: Simulation) -> Iterable[list[Any]]:
    matrix = capture_histories(sim)
    pop = sim.population
    for i in range(len(pop)):
        yield [pop.person_id[i], pop.country[i], *matrix[i].tolist()]


def parameters(sim: Simulation) -> dict[str, Any]:
    """Everything that produced this simulation, as JSON-ready data."""
    return {
        "persons": sim.persons,
        "seed": sim.seed,
        "scenario": sim.scenario.as_dict(),
        "sources": [
            {
                "name": s.name,
                "kind": s.kind.value,
                "format": s.fmt,
                "published": s.published,
                "language": s.language,
                "reliability": s.reliability,
                "compartment": s.compartment.value,
                "description": s.description,
                "coverage": asdict(s.coverage),
                "noise": asdict(s.noise),
            }
            for s in sim.sources
        ],
    }
