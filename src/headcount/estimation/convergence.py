"""Convergence of Markov chains, through ArviZ: rank-normalised split R-hat, bulk and tail ESS.

The definitions are those of Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021), as in
Stan and R's posterior package: draws are rank-normalised (so the heavy tails common in
posteriors of N do not mask disagreement), each chain is split in two, and the effective
sample size sums autocorrelations with Geyer's initial monotone sequence. The bulk ESS
bears on the median, the tail ESS (of the 5% and 95% quantiles) on the interval's ends.

`converged` is the early stop's target, the one Vehtari et al. recommend before reporting:
R-hat below 1.01 and at least `ESS_TARGET` effective draws in the bulk and in the tails.

ArviZ is imported on first use: it loads matplotlib and xarray (seconds), which the other
methods and the command line's help should not wait for.
"""

from __future__ import annotations

import warnings
from functools import cache
from types import ModuleType

import numpy as np

RHAT_TARGET = 1.01
ESS_TARGET = 400.0
"""Effective draws the early stop asks for, in the bulk and in each tail: the least with
which R-hat and Monte Carlo errors are themselves reliable (Vehtari et al.); the Monte Carlo
error of an interval's end is then about 3.5% of the interval's width."""


@cache
def _arviz() -> ModuleType:
    with warnings.catch_warnings():
        # ArviZ 0.2x announces its coming refactor once a day at import, as a
        # FutureWarning; it says nothing about these functions, and the suite treats
        # warnings as errors.
        warnings.simplefilter("ignore", FutureWarning)
        import arviz

    return arviz


def _constant(draws: np.ndarray) -> bool:
    return bool(np.ptp(draws) == 0)


def rhat(draws: np.ndarray) -> float:
    """Rank-normalised split R-hat of (chains, draws) (the larger of bulk and folded); near
    1 when chains agree; 1 for identical constant chains."""
    draws = np.asarray(draws, dtype=float)
    if _constant(draws):
        return 1.0
    value = float(_arviz().rhat(draws, method="rank"))
    return value if np.isfinite(value) else float("inf")


def ess(draws: np.ndarray, tail: bool = False) -> float:
    """Bulk (or `tail`) effective sample size of (chains, draws); all of them when constant."""
    draws = np.asarray(draws, dtype=float)
    if _constant(draws):
        return float(draws.size)
    value = float(_arviz().ess(draws, method="tail" if tail else "bulk"))
    return value if np.isfinite(value) else 0.0


def converged(draws: np.ndarray, ess_target: float = ESS_TARGET) -> bool:
    """Whether (chains, draws) agree (R-hat < RHAT_TARGET) and carry `ess_target`
    effective draws in the bulk and in the tails."""
    draws = np.asarray(draws, dtype=float)
    if draws.shape[1] < 4:
        return False
    if _constant(draws):
        return True
    return (
        rhat(draws) < RHAT_TARGET
        and ess(draws) >= ess_target
        and ess(draws, tail=True) >= ess_target
    )
