"""The simulated world as the sources see it: persons, their true events, and helpers.

A `World` answers the questions a source's clerk would ask of reality — what happened to
person *i* up to a date, where were they on a day, what was their passport number — so
that each source module only decides what it records and how it writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from headcount.model.vocabulary import EventKind, Status
from headcount.simulate.population import Population
from headcount.simulate.scenarios import Scenario
from headcount.simulate.timeline import day
from headcount.simulate.trajectories import Trajectories

STATUS_AFTER: dict[str, Status] = {
    EventKind.departed: Status.en_route,
    EventKind.entered_theatre: Status.in_theatre,
    EventKind.killed: Status.killed_confirmed,
    EventKind.detained: Status.detained,
    EventKind.released: Status.in_theatre,
    EventKind.returned: Status.returned,
    EventKind.relocated: Status.relocated,
}
"""The status an event leaves a person in; `sighted` and `prosecuted` change nothing."""

THEATRE = ("SYR", "IRQ")


@dataclass(frozen=True)
class TrueEvent:
    """One true event of one person."""

    kind: str
    day: int
    place: str


@dataclass
class World:
    """Everything true about the population, indexed by person (0 … n-1)."""

    population: Population
    trajectories: Trajectories
    scenario: Scenario
    events: list[list[TrueEvent]]
    false_death: np.ndarray
    passport: list[str]
    included: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.population)

    def birth_day(self, i: int) -> int:
        """Person i's true birth date (day number)."""
        return int(self.trajectories.departed[i] - self.population.age_days[i])

    def events_until(self, i: int, cutoff: int) -> list[TrueEvent]:
        """Person i's true events on or before day `cutoff`."""
        return [e for e in self.events[i] if e.day <= cutoff]

    def first(self, i: int, kind: str) -> TrueEvent | None:
        """Person i's first true event of `kind`, if any."""
        return next((e for e in self.events[i] if e.kind == kind), None)

    def status_on(self, i: int, when: int) -> Status | None:
        """Person i's true status on day `when` (None before departure)."""
        status = None
        for e in self.events[i]:
            if e.day > when:
                break
            status = STATUS_AFTER.get(e.kind, status)
        return status

    def place_on(self, i: int, when: int) -> str:
        """Where person i truly was on day `when` (their last known place)."""
        place = str(self.population.country[i])
        for e in self.events[i]:
            if e.day > when:
                break
            place = e.place
        return place

    def in_theatre_span(self, i: int) -> tuple[int, int] | None:
        """The days person i was in Syria or Iraq and free: entry to first capture/exit/death."""
        entered = self.first(i, EventKind.entered_theatre)
        if entered is None:
            return None
        end = day(self.scenario.horizon)
        for e in self.events[i]:
            if e.day > entered.day and STATUS_AFTER.get(e.kind) not in (None, Status.in_theatre):
                end = e.day
                break
        return entered.day, end

    def sighting(self, i: int, lo: int, hi: int, rng: np.random.Generator) -> TrueEvent | None:
        """A day in [lo, hi] when person i was free in theatre, with the place; or None."""
        span = self.in_theatre_span(i)
        if span is None:
            return None
        a, b = max(span[0] + 7, lo), min(span[1] - 1, hi)
        if b <= a:
            return None
        when = int(rng.integers(a, b + 1))
        return TrueEvent(EventKind.sighted, when, self.place_on(i, when))


def build_world(
    population: Population,
    trajectories: Trajectories,
    scenario: Scenario,
    rng: np.random.Generator,
) -> World:
    """Index the true events by person and draw false death reports and passports."""
    ev = trajectories.events
    per_person: list[list[TrueEvent]] = [[] for _ in range(len(population))]
    for p, k, d, pl in zip(
        ev.person.tolist(), ev.kind.tolist(), ev.date.tolist(), ev.place, strict=True
    ):
        per_person[p].append(TrueEvent(k, d, str(pl)))
    world = World(
        population,
        trajectories,
        scenario,
        per_person,
        np.full(len(population), -1, dtype=np.int64),
        _passports(population, rng),
    )
    world.false_death[:] = _false_deaths(world, rng)
    return world


def _false_deaths(world: World, rng: np.random.Generator) -> np.ndarray:
    """Days of false death reports: alive people later seen detained, home or elsewhere."""
    out = np.full(len(world), -1, dtype=np.int64)
    u = rng.random(len(world))
    for i in range(len(world)):
        if u[i] >= world.scenario.false_death_share or world.first(i, EventKind.killed):
            continue
        span = world.in_theatre_span(i)
        if span is None or span[1] - span[0] < 120:
            continue
        out[i] = int(rng.integers(span[0] + 60, span[1] - 30))
    return out


def _passports(population: Population, rng: np.random.Generator) -> list[str]:
    digits = rng.integers(0, 10**7, len(population))
    letters = rng.integers(0, 26, (len(population), 2))
    return [
        f"{population.citizenship[i][0][:2]}{chr(65 + letters[i, 0])}{digits[i]:07d}"
        for i in range(len(population))
    ]
