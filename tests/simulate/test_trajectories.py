"""True trajectories: departures peaking in 2014, mostly through Turkey, fates by country."""

from __future__ import annotations

from collections import Counter

import numpy as np

from headcount.model.vocabulary import EventKind, Status
from headcount.simulate import Simulation, person_status, status_on
from headcount.simulate.timeline import day, iso, ymd
from headcount.simulate.truth import status_spells


def test_departures_2012_to_2016_peaking_in_2014(sim: Simulation) -> None:
    years = Counter(ymd(d)[0] for d in sim.trajectories.departed.tolist())
    assert set(years) <= {2012, 2013, 2014, 2015, 2016}
    assert years.most_common(1)[0][0] == 2014


def test_every_life_is_in_order_and_ends_at_death(sim: Simulation) -> None:
    for events in sim.world.events:
        assert events[0].kind == EventKind.departed
        days = [e.day for e in events]
        assert days == sorted(days)
        kinds = [e.kind for e in events]
        if EventKind.killed in kinds:
            assert kinds.index(EventKind.killed) == len(kinds) - 1


def test_most_go_through_turkey_and_enter_syria(sim: Simulation) -> None:
    firsts = [e[1] for e in sim.world.events if len(e) > 1]
    assert (
        np.mean([e.kind == EventKind.sighted and e.place.startswith("TUR") for e in firsts]) > 0.7
    )
    entries = [sim.world.first(i, EventKind.entered_theatre) for i in range(len(sim.population))]
    places = Counter(e.place[:3] for e in entries if e)
    assert places["SYR"] > 2 * places["IRQ"] > 0


def test_fates_differ_by_country(sim: Simulation) -> None:
    fate, country = sim.trajectories.fate, sim.population.country
    returned = {c: float(np.mean(fate[country == c] == "returned")) for c in ("GBR", "JOR")}
    assert returned["GBR"] > returned["JOR"] + 0.2
    assert set(fate.tolist()) >= {"killed", "sdf", "iraq", "returned", "relocated", "at_large"}


def test_status_on_a_date_agrees_with_the_spells(sim: Simulation) -> None:
    rng = np.random.default_rng(0)
    for when in ("2013-06-01", "2015-12-31", "2017-12-08", "2020-06-30"):
        statuses = status_on(sim.world, when)
        for i in rng.choice(len(sim.population), 200, replace=False).tolist():
            spells = status_spells(sim.world, i)
            t = day(when)
            current = [s for s, start, end in spells if start <= t and (end is None or t < end)]
            assert statuses[i] == (current[0].value if current else "")
            assert person_status(sim.world, i, when) == (current[0] if current else None)


def test_no_one_is_counted_before_leaving(sim: Simulation) -> None:
    first = int(sim.trajectories.departed.min())
    assert set(status_on(sim.world, iso(first - 1)).tolist()) == {""}
    last = status_on(sim.world, "2020-12-31")
    assert Status.en_route.value not in set(last.tolist())
