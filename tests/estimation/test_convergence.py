"""R-hat, effective sample size (through ArviZ) and the early stop's target on chains with known
behaviour."""

from __future__ import annotations

import numpy as np

from headcount.estimation.convergence import converged, ess, rhat


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


def test_early_stop_target_needs_agreement_and_enough_draws_in_bulk_and_tails() -> None:
    rng = np.random.default_rng(4)
    assert converged(rng.normal(size=(4, 500)))
    assert not converged(rng.normal(size=(4, 500)) + np.array([[0.0], [0.0], [0.0], [0.5]]))
    # AR(1) with phi 0.9: about 4 * 500 / 19 = 105 effective draws, short of the target
    assert not converged(np.array([_ar1(rng, 0.9, 500) for _ in range(4)]))
    assert not converged(rng.normal(size=(4, 3)))  # too few draws to judge


def test_constant_chains_agree_and_every_draw_counts() -> None:
    draws = np.full((4, 100), 7.0)
    assert rhat(draws) == 1.0 and ess(draws) == ess(draws, tail=True) == 400.0
    assert converged(draws)
