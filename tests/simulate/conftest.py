"""Simulations shared by the simulator's tests (small populations, simulated once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from headcount.simulate import Simulation, simulate, write


@pytest.fixture(scope="session")
def sim() -> Simulation:
    """A default-scenario population of 3,000."""
    return simulate(3000, seed=11)


@pytest.fixture(scope="session")
def afp() -> Simulation:
    """The AFP scenario: France fixed at 1,800, plus 700 others."""
    return simulate(2500, seed=5, scenario="afp-2017")


@pytest.fixture(scope="session")
def written(sim: Simulation, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default simulation written to disk."""
    return write(sim, tmp_path_factory.mktemp("simulation"))
