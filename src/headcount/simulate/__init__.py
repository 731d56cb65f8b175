"""Synthetic populations, the sources that recorded them, and their ground truth.

Everything headcount claims — linkage accuracy, counts, estimates of the unseen — is tested
on a population whose truth is known and in which no real person appears:

>>> from headcount.simulate import simulate, summarise
>>> sim = simulate(persons=500, seed=7)
>>> summary = summarise(sim)
>>> summary.persons, summary.records > 500
(500, True)

`write(sim, out_dir)` writes `out_dir/sources/` (files `headcount ingest` takes as they are)
and `out_dir/truth/` (links, persons, events, statuses, counts, capture histories,
parameters). See docs/simulator.md.
"""

from headcount.simulate.scenarios import SCENARIOS, Scenario, get_scenario
from headcount.simulate.simulation import Simulation, simulate
from headcount.simulate.summary import Summary, summarise
from headcount.simulate.truth import (
    person_status,
    revealed_counts,
    revealed_status,
    status_on,
    true_counts,
)
from headcount.simulate.writer import write

__all__ = [
    "SCENARIOS",
    "Scenario",
    "Simulation",
    "Summary",
    "get_scenario",
    "person_status",
    "revealed_counts",
    "revealed_status",
    "simulate",
    "status_on",
    "summarise",
    "true_counts",
    "write",
]
