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

from __future__ import annotations

from typing import TYPE_CHECKING

from headcount.lazy import exports

_WHERE = {
    "SCENARIOS": "scenarios",
    "Scenario": "scenarios",
    "Simulation": "simulation",
    "Summary": "summary",
    "get_scenario": "scenarios",
    "person_status": "truth",
    "revealed_counts": "truth",
    "revealed_status": "truth",
    "simulate": "simulation",
    "status_on": "truth",
    "summarise": "summary",
    "true_counts": "truth",
    "write": "writer",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = sorted(_WHERE)

if TYPE_CHECKING:
    from headcount.simulate.scenarios import (
        SCENARIOS as SCENARIOS,
        Scenario as Scenario,
        get_scenario as get_scenario,
    )
    from headcount.simulate.simulation import Simulation as Simulation, simulate as simulate
    from headcount.simulate.summary import Summary as Summary, summarise as summarise
    from headcount.simulate.truth import (
        person_status as person_status,
        revealed_counts as revealed_counts,
        revealed_status as revealed_status,
        status_on as status_on,
        true_counts as true_counts,
    )
    from headcount.simulate.writer import write as write
