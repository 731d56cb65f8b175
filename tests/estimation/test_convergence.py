"""R-hat and effective sample size on chains with known behaviour."""

from __future__ import annotations

import numpy as np

from headcount.estimation.convergence import ess, rhat


def _ar1(rng: np.random.Generator, phi: float, n: int) -> np.ndarray:
    x = np.empty(n)
    x[0] = rng.normal()
    for t in range(1, n):
        x[t] = phi * x[t - 1] + rng.normal()
    return x


def test_independent_draws_agree_and_are_all_effective() -> None:
    rng = np.random.default_rng(1)
    draws = rng.normal(size=(4, 1000))
    assert rhat(draws) < 1.01
    # Tolerance: ESS of 4,000 iid draws within 15%.
    assert 3400 < ess(draws) < 4600


def test_shifted_chains_disagree() -> None:
    rng = np.random.default_rng(2)
    draws = rng.normal(size=(4, 500)) + np.array([[0.0], [0.0], [0.0], [2.0]])
    assert rhat(draws) > 1.1


def test_autocorrelation_reduces_effective_size() -> None:
    # AR(1) with phi 0.9 has integrated autocorrelation time (1 + phi) / (1 - phi) = 19,
    # so about 4000 / 19 = 210 effective draws; tolerance a factor 1.5 either way.
    rng = np.random.default_rng(3)
    draws = np.array([_ar1(rng, 0.9, 1000) for _ in range(4)])
    assert 140 < ess(draws) < 320
