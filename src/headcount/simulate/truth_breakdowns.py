"""The true breakdowns of the counts: `truth/breakdown_counts.csv`.

For each of the scenario's count dates and each country, how many persons who had left
were in each part of each breakdown, by their true traits and events (`accounting.breakdowns`
makes the same from the records):

- `sex` (`female`, `male`) and `age_group` (`minor`, `adult` on the day they left);
- `destination`: the relocated, by the country of their latest relocation;
- `detention`: the detained, by the place of their latest detention
  (`model.places.detention_place`);
- `flag`: `repatriated` (returned after a detention in Syria or Iraq) and `prosecuted`.

The camp register also writes transfers from al-Hol to Roj that no true event carries
(`sources.camps`), and the courts try some of those abroad in absentia: the records may
place a detainee in Roj, or count a prosecution, where this truth does not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from headcount.model.places import detention_place
from headcount.model.vocabulary import EventKind
from headcount.simulate.simulation import Simulation
from headcount.simulate.timeline import day
from headcount.simulate.truth import status_on

BREAKDOWN_FIELDS = ("date", "country", "breakdown", "part", "persons")
THEATRE = ("SYR", "IRQ")


def breakdown_rows(sim: Simulation) -> Iterable[list[Any]]:
    """Rows of `breakdown_counts.csv` (BREAKDOWN_FIELDS), by date, country, breakdown, part."""
    population = sim.world.population
    for when in sim.scenario.count_dates:
        t = day(when)
        status = status_on(sim.world, when)
        counts: Counter[tuple[str, str, str]] = Counter()
        for i in range(len(sim.world)):
            if not status[i]:
                continue
            country = str(population.country[i])
            for breakdown, part in person_parts(sim, i, str(status[i]), t):
                counts[(country, breakdown, part)] += 1
        for (country, breakdown, part), persons in sorted(counts.items()):
            yield [when, country, breakdown, part, persons]


def person_parts(sim: Simulation, i: int, status: str, t: int) -> list[tuple[str, str]]:
    """(breakdown, part) for one person who had left by day t, in true status `status`."""
    population = sim.world.population
    seen = [e for e in sim.world.events[i] if e.day <= t]
    parts = [
        ("sex", "female" if population.sex[i] == "f" else "male"),
        ("age_group", "minor" if population.minor[i] else "adult"),
    ]
    moved = [e.place for e in seen if e.kind == EventKind.relocated]
    if status == "relocated" and moved:
        parts.append(("destination", moved[-1][:3]))
    held = [e.place for e in seen if e.kind == EventKind.detained]
    if status == "detained" and held:
        country, _, region = held[-1].partition(":")
        parts.append(("detention", detention_place(country, region)))
    if status == "returned" and any(
        e.kind == EventKind.detained and e.place[:3] in THEATRE for e in seen
    ):
        parts.append(("flag", "repatriated"))
    if any(e.kind == EventKind.prosecuted for e in seen):
        parts.append(("flag", "prosecuted"))
    return parts
