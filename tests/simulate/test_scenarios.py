"""The AFP scenario reproduces the shape of the figures France knew on 2017-12-08."""

from __future__ import annotations

import pytest

from headcount.simulate import Simulation, get_scenario, simulate, summarise


def test_france_is_fixed_and_the_records_reveal_the_afp_shape(afp: Simulation) -> None:
    summary = summarise(afp)
    true, told = summary.true_focus, summary.revealed_focus
    assert (summary.focus_country, summary.focus_date) == ("FRA", "2017-12-08")
    assert true["departed"] == 1800
    assert 1600 <= told["recorded"] <= 1800  # about 1,700 went
    assert 370 <= told["killed_confirmed"] + told["killed_reported"] <= 480  # 400–450 killed
    assert 200 <= told["returned"] <= 300  # 250 returned
    assert 420 <= told["in_theatre"] + told["detained"] <= 620  # about 500 in Iraq–Syria
    assert 420 <= told["unknown"] <= 620  # about 500 unknown
    assert true["killed_confirmed"] > told["killed_confirmed"] + told["killed_reported"] - 100


def test_unknown_scenarios_and_too_few_persons_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown scenario"):
        get_scenario("no-such")
    with pytest.raises(ValueError, match="cannot hold"):
        simulate(1000, seed=1, scenario="afp-2017")
