"""`simulate`: a population, what happened to it, and the sources that recorded it.

Everything is drawn from named random streams derived from the seed (one per stage and
per source), so identical arguments give identical output, and adding a source does not
change the population or the other sources.
"""

from __future__ import annotations

from dataclasses import dataclass

from headcount.model.progress import Tally, untold
from headcount.simulate.population import Population, build_population
from headcount.simulate.scenarios import Scenario, get_scenario
from headcount.simulate.sources.base import SimRecord, SourceSpec
from headcount.simulate.sources.engine import run_source, stream
from headcount.simulate.sources.registry import SOURCES
from headcount.simulate.trajectories import Trajectories, build_trajectories
from headcount.simulate.world import World, build_world


@dataclass
class Simulation:
    """A simulated population with its true history and its sources' records."""

    persons: int
    seed: int
    scenario: Scenario
    world: World
    sources: tuple[SourceSpec, ...]
    records: dict[str, list[SimRecord]]

    @property
    def population(self) -> Population:
        return self.world.population

    @property
    def trajectories(self) -> Trajectories:
        return self.world.trajectories

    def spec(self, name: str) -> SourceSpec:
        """The source called `name`."""
        return next(s for s in self.sources if s.name == name)


def simulate(
    persons: int, seed: int, scenario: str | Scenario = "default", *, progress: Tally = untold
) -> Simulation:
    """Simulate `persons` people and every source, in memory; `progress` is told the
    stages done (the population, its trajectories, its world, then each source).

    >>> sim = simulate(300, seed=1)
    >>> len(sim.population), sum(map(len, sim.records.values())) > 300
    (300, True)
    """
    if persons < 1:
        raise ValueError("persons must be at least 1")
    chosen = get_scenario(scenario) if isinstance(scenario, str) else scenario
    stages = 3 + len(SOURCES)
    population = build_population(persons, chosen, stream(seed, "population"))
    progress(1, stages)
    trajectories = build_trajectories(population, chosen, stream(seed, "trajectories"))
    progress(2, stages)
    world = build_world(population, trajectories, chosen, stream(seed, "world"))
    progress(3, stages)
    records = {}
    for done, spec in enumerate(SOURCES, start=4):
        records[spec.name] = run_source(world, spec, seed)
        progress(done, stages)
    return Simulation(persons, seed, chosen, world, SOURCES, records)
