"""Ground truth: each person's true status on any date, true counts, capture histories, and
what the records reveal when linked perfectly.

True status on a date (statuses from the vocabulary): the status left by the person's last
true event on or before the date — `departed` → `en_route`, `entered_theatre` and
`released` → `in_theatre`, `killed` → `killed_confirmed`, `detained`, `returned`,
`relocated`; `sighted` and `prosecuted` change nothing. Before departure a person is not
counted (no status).

What the records reveal (`revealed_status`) follows the rule of DESIGN.md with perfect
linkage: the events of all of a person's records that were dated on or before the date
and reported by it; the last one decides; a death graded 1–2 is `killed_confirmed`, else
`killed_reported`; a later event after a death report makes the person `contested`; a
person whose last news is being in theatre (or merely departed) more than a year before
is `unknown` (someone only known to have left, after 60 days), as is one whose records
say nothing of where they are.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np

from headcount.model.vocabulary import EventKind, Status
from headcount.simulate.noise import SimDate
from headcount.simulate.simulation import Simulation
from headcount.simulate.sources.base import SimEvent, SimRecord, SourceSpec
from headcount.simulate.timeline import day, iso
from headcount.simulate.world import STATUS_AFTER, World

TRUE_STATUSES: tuple[Status, ...] = (
    Status.en_route,
    Status.in_theatre,
    Status.killed_confirmed,
    Status.detained,
    Status.returned,
    Status.relocated,
)
REVEALED_STATUSES: tuple[Status, ...] = (
    Status.en_route,
    Status.in_theatre,
    Status.killed_confirmed,
    Status.killed_reported,
    Status.detained,
    Status.returned,
    Status.relocated,
    Status.contested,
    Status.unknown,
)
STALENESS_DAYS = 365
"""After this many days without news, someone last seen in theatre is `unknown`."""
EN_ROUTE_DAYS = 60
"""After this many days, someone only known to have left is `unknown` (not `en_route`)."""


def status_on(world: World, when: str | int) -> np.ndarray:
    """Every person's true status on a date ('' for those who had not yet left)."""
    t = day(when) if isinstance(when, str) else when
    ev = world.trajectories.events
    changes = np.isin(ev.kind, list(STATUS_AFTER)) & (ev.date <= t)
    last = np.full(len(world), -1, dtype=np.int64)
    index = np.flatnonzero(changes)
    np.maximum.at(last, ev.person[index], index)
    out = np.full(len(world), "", dtype="<U16")
    has = last >= 0
    out[has] = [STATUS_AFTER[k].value for k in ev.kind[last[has]]]
    return out


def person_status(world: World, person: int, when: str) -> Status | None:
    """One person's true status on a date (None before departure)."""
    return world.status_on(person, day(when))


def true_counts(world: World, when: str) -> dict[str, Counter[str]]:
    """Per country, the number of persons in each true status on a date."""
    status = status_on(world, when)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for country, s in zip(world.population.country.tolist(), status.tolist(), strict=True):
        if s:
            counts[country][s] += 1
    return counts


def status_spells(world: World, person: int) -> list[tuple[Status, int, int | None]]:
    """A person's true statuses as (status, first day, first day after) spells."""
    spells: list[tuple[Status, int, int | None]] = []
    for e in world.events[person]:
        status = STATUS_AFTER.get(e.kind)
        if status is None or (spells and spells[-1][0] == status):
            continue
        if spells:
            spells[-1] = (spells[-1][0], spells[-1][1], e.day)
        spells.append((status, e.day, None))
    return spells


def capture_histories(sim: Simulation) -> np.ndarray:
    """A persons × sources 0/1 matrix (source order of `sim.sources`), unseen persons included."""
    matrix = np.zeros((len(sim.population), len(sim.sources)), dtype=np.int8)
    for j, spec in enumerate(sim.sources):
        matrix[[r.person for r in sim.records[spec.name]], j] = 1
    return matrix


@dataclass(frozen=True)
class Told:
    """One event as a record tells it, with its effective report date and credibility."""

    kind: str
    earliest: int
    reported: int
    credibility: int
    place: str | None


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _first_day(when: SimDate) -> int:
    """The first day a partial date can mean (day number)."""
    return date(when.year, when.month, when.day).toordinal() - _EPOCH_ORDINAL


def told_events(sim: Simulation) -> dict[int, list[Told]]:
    """Every dated event of every record, by person (perfect linkage)."""
    out: dict[int, list[Told]] = defaultdict(list)
    for spec in sim.sources:
        for record in sim.records[spec.name]:
            for e in record.events:
                told = _told(spec, record, e)
                if told is not None:
                    out[record.person].append(told)
    return out


def _told(spec: SourceSpec, record: SimRecord, event: SimEvent) -> Told | None:
    if event.date is None:
        return None
    credibility = event.credibility or record.credibility or spec.credibility
    reported = event.reported_on if event.reported_on is not None else record.reported_on
    return Told(event.kind, _first_day(event.date), reported, credibility, event.place)


def revealed_status(told: list[Told], when: int, known_on: int | None = None) -> Status:
    """The status the records reveal on day `when` with what was reported by `known_on`."""
    k = when if known_on is None else known_on
    seen = sorted(
        (t for t in told if t.earliest <= when and t.reported <= k), key=lambda t: t.earliest
    )
    status, since, death = Status.unknown, -1, None
    for t in seen:
        if t.kind == EventKind.killed:
            death = t
        elif t.kind in STATUS_AFTER or _in_theatre_sighting(t):
            new = STATUS_AFTER.get(t.kind, Status.in_theatre)
            status, since = new, t.earliest
    if death is not None:
        if since > death.earliest:
            return Status.contested
        return Status.killed_confirmed if death.credibility <= 2 else Status.killed_reported
    if status == Status.in_theatre and when - since > STALENESS_DAYS:
        return Status.unknown
    if status == Status.en_route and when - since > EN_ROUTE_DAYS:
        return Status.unknown
    return status


def _in_theatre_sighting(t: Told) -> bool:
    return t.kind == EventKind.sighted and (t.place or "")[:3] in ("SYR", "IRQ")


def revealed_counts(
    sim: Simulation, when: str, told: dict[int, list[Told]] | None = None
) -> dict[str, Counter[str]]:
    """Per country, recorded persons by revealed status on a date (known on that date).

    Persons recorded only by sources published after the date, or not at all, are not
    counted: no one knew of them then. `recorded` is the number counted. Pass `told`
    (from `told_events`) to reuse it over several dates.
    """
    t = day(when)
    told = told_events(sim) if told is None else told
    known = _known_persons(sim, t)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for person in sorted(known):
        if sim.trajectories.departed[person] > t:
            continue
        country = str(sim.population.country[person])
        counts[country][revealed_status(told.get(person, []), t).value] += 1
        counts[country]["recorded"] += 1
    return counts


def _known_persons(sim: Simulation, t: int) -> set[int]:
    """Persons with a record that existed by day t (its first report date)."""
    return {
        r.person
        for spec in sim.sources
        for r in sim.records[spec.name]
        if min([r.reported_on, *(e.reported_on for e in r.events if e.reported_on)]) <= t
    }


def iso_or_empty(day_number: int | None) -> str:
    """ISO date, or '' for None or a negative day (a missing date)."""
    return "" if day_number is None or day_number < 0 else iso(day_number)
