"""Profile-likelihood estimate and interval for N, as Rcapture's closedpCI.t.

The multinomial likelihood of N is profiled by fitting the Poisson model to the table
augmented with the unrecorded cell set to N - n (Cormack 1992): its log-likelihood is
-(deviance - 2 c(N)) / 2 with c(N) = log(n0^n0 N! / (N^N n0!)), n0 = N - n. Its maximum
is the estimate (slightly below the Poisson n + exp(b0)); the interval is where it lies
within chi2(1, 0.95) / 2 of the maximum. R uses Stirling's approximation of c(N) above
N = 100; the exact value is used here (the two differ by less than 1e-3 in the
log-likelihood, far below three significant figures of N).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats

from headcount.estimation.poisson import PoissonFit, fit_poisson

Refit = Callable[[np.ndarray, np.ndarray], PoissonFit]
"""Fits counts on a design; a model may adjust the fit (Chao's negative-eta rule)."""

SEARCH_FACTOR = 3.0
"""Rcapture searches the upper limit up to 3 times the Poisson estimate (fmaxSupCL)."""

LIMIT_FACTOR = 1000.0
"""Beyond Rcapture's range, headcount keeps searching up to this factor before giving up."""


@dataclass(frozen=True)
class ProfileInterval:
    """Maximum of the profile likelihood and its interval (upper None when unbounded)."""

    estimate: float
    lower: float
    upper: float | None
    lower_at_observed: bool


def _correction(total: float, unseen: float) -> float:
    """c(N) = log(n0^n0 N! / (N^N n0!)), exact (log-gamma), for real N and n0."""
    return float(
        special.xlogy(unseen, unseen)
        + special.gammaln(total + 1.0)
        - special.xlogy(total, total)
        - special.gammaln(unseen + 1.0)
    )


def profile_interval(
    counts: np.ndarray,
    design: np.ndarray,
    poisson_estimate: float,
    *,
    level: float = 0.95,
    refit: Refit = fit_poisson,
) -> ProfileInterval:
    """Profile-likelihood estimate and `level` interval of N for one model.

    `counts` are the observed pattern counts (2**J - 1), `design` the model's columns
    without intercept, `poisson_estimate` the Poisson n + exp(b0) that sets the search range.
    """
    n = float(counts.sum())
    aug_design = np.vstack([design, np.zeros((1, design.shape[1]))])

    def loglik(total: float) -> float:
        unseen = max(total - n, 0.0)
        fit = refit(np.append(counts, unseen), aug_design)
        return -(fit.deviance - 2.0 * _correction(total, unseen)) / 2.0

    hi = max(SEARCH_FACTOR * poisson_estimate, n + 1.0)
    best = optimize.minimize_scalar(
        lambda x: -loglik(x), bounds=(n, hi), method="bounded", options={"xatol": 1e-4}
    )
    n_max, l_max = float(best.x), -float(best.fun)
    threshold = l_max - stats.chi2.ppf(level, 1) / 2.0

    def gap(total: float) -> float:
        return float(loglik(total) - threshold)

    at_observed = gap(n) >= 0.0
    lower = n if at_observed else optimize.brentq(gap, n, n_max, xtol=1e-4)
    upper = _upper_root(gap, n_max, hi, poisson_estimate)
    return ProfileInterval(n_max, float(lower), upper, bool(at_observed))


def _upper_root(
    gap: Callable[[float], float], n_max: float, hi: float, poisson_estimate: float
) -> float | None:
    """Where the profile falls below the threshold above its maximum, or None if nowhere."""
    limit = LIMIT_FACTOR * max(poisson_estimate, 1.0)
    low = n_max
    while gap(hi) > 0.0:
        if hi >= limit or not math.isfinite(hi):
            return None
        low, hi = hi, hi * 4.0
    return float(optimize.brentq(gap, low, hi, xtol=1e-4))
