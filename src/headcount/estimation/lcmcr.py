"""The Bayesian latent-class estimate LCMCR (Manrique-Vallier 2016), with its checks.

Several chains (one thread each, seeds spawned from one seed) give the posterior of N; the
estimate is its median and the interval its 2.5% and 97.5% quantiles, as R's LCMCR users
report. Unlike R's package, headcount does not cap N silently, and it says so when the
chains disagree (R-hat), when they carry few effective draws, when the latent classes run
out (the truncation K is pressed) or when the posterior reaches far beyond what was seen.
Defaults are HRDAG's usual ones (burn-in 10,000, 1,000 draws thinned by 100 per chain) —
except for the prior on the number of classes, where headcount's default
differs from R's (`R_SETTINGS` gives R's): K = 20 classes at most and a concentration
alpha ~ Gamma(2, 0.25) instead of K = 10 and Gamma(0.25, 0.25). R's prior puts a third of
its mass on alpha < 0.05, i.e. on a single class: capture the same for everyone. When the
lists are too few to show heterogeneity (four lists, mild heterogeneity), the posterior
then settles on one or two classes and the interval ignores the heterogeneity the lists
could not reveal: on simulated populations with heterogeneous capture, R's prior covered
the truth in 57% of 95% intervals, this one in 92% (docs/methodology/estimation.md).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from headcount.estimation.checks import require_table
from headcount.estimation.convergence import ess, rhat
from headcount.estimation.results import Caveat, Estimate
from headcount.estimation.table import CaptureTable

METHOD = "lcmcr"
WARMUP_SWEEPS = 500
"""Sweeps without the alpha update before burn-in, as the reference implementation."""
RHAT_LIMIT = 1.05
ESS_MINIMUM = 400.0
CLASSES_FULL_LIMIT = 0.25
FAR_FACTOR = 20.0
"""R's LCMCR used to cap N at 21 times the observed; headcount warns beyond 20 instead."""


@dataclass(frozen=True)
class LcmcrSettings:
    """Prior and sampler settings: HRDAG's sampler settings, headcount's prior on the
    classes (see the module's docstring; `R_SETTINGS` has R's)."""

    latent_classes: int = 20
    a_alpha: float = 2.0
    b_alpha: float = 0.25
    burnin: int = 10_000
    samples: int = 1_000
    thinning: int = 100
    chains: int = 4

    @property
    def sweeps_per_chain(self) -> int:
        """Gibbs sweeps one chain runs (warm-up, burn-in and thinned sampling)."""
        return WARMUP_SWEEPS + self.burnin + self.samples * self.thinning


R_SETTINGS = LcmcrSettings(latent_classes=10, a_alpha=0.25, b_alpha=0.25)
"""R's LCMCR defaults (K = 10, alpha ~ Gamma(0.25, 0.25)), for comparisons with R."""


def chain_seeds(seed: int | None, chains: int) -> list[int]:
    """Independent per-chain seeds spawned from one seed (fresh entropy when None)."""
    children = np.random.SeedSequence(seed).spawn(chains)
    return [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]


def sample_lcmcr(
    table: CaptureTable, settings: LcmcrSettings, seed: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior draws of N and of the occupied classes, each (chains, samples).

    The Numba sampler is imported here, not at module import, so that the other methods
    do not pay for loading Numba.
    """
    from headcount.estimation.lcmcr_sampler import run_chain

    present = np.flatnonzero(table.counts)
    cells = table.patterns[present].astype(np.int64)
    freq = table.counts[present].astype(np.int64)

    def one(chain_seed: int) -> tuple[np.ndarray, np.ndarray]:
        return run_chain(
            cells,
            freq,
            settings.latent_classes,
            settings.a_alpha,
            settings.b_alpha,
            WARMUP_SWEEPS,
            settings.burnin,
            settings.samples,
            settings.thinning,
            chain_seed,
        )

    seeds = chain_seeds(seed, settings.chains)
    with ThreadPoolExecutor(max_workers=settings.chains) as pool:
        results = list(pool.map(one, seeds))
    n0 = np.array([r[0] for r in results])
    occupied = np.array([r[1] for r in results])
    return table.observed + n0, occupied


def load_sampler() -> None:
    """Import and compile the Numba sampler now (from its on-disk cache when there is one).

    Loading Numba and the sampler holds the interpreter lock for about a second; a server
    does it while it is starting rather than in the middle of serving pages. Sampling a tiny
    table through `sample_lcmcr` compiles exactly the signature a real estimate uses.
    """
    table = CaptureTable.from_counts(["a", "b"], [0, 1, 1, 1])
    sample_lcmcr(table, LcmcrSettings(latent_classes=2, burnin=1, samples=1, thinning=1, chains=1))


def estimate_lcmcr(
    table: CaptureTable,
    settings: LcmcrSettings | None = None,
    *,
    seed: int | None = None,
    level: float = 0.95,
) -> Estimate:
    """Posterior median and `level` interval of N under LCMCR, with convergence checks."""
    require_table(table)
    settings = settings or LcmcrSettings()
    draws, occupied = sample_lcmcr(table, settings, seed)
    tail = (1.0 - level) / 2.0
    lower, median, upper = np.quantile(draws, [tail, 0.5, 1.0 - tail])
    diagnostics = _diagnostics(draws, occupied, settings, seed)
    return Estimate(
        method=METHOD,
        model=f"latent classes (K={settings.latent_classes})",
        observed=table.observed,
        estimate=float(median),
        lower=float(lower),
        upper=float(upper),
        lists=table.lists,
        level=level,
        diagnostics=diagnostics,
        warnings=tuple(_caveats(diagnostics, table.observed, float(upper), settings)),
        draws=draws.ravel(),
    )


def _diagnostics(
    draws: np.ndarray, occupied: np.ndarray, settings: LcmcrSettings, seed: int | None
) -> dict[str, object]:
    """Convergence figures and settings, for the result and its warnings."""
    single = settings.chains < 2
    return {
        "interval": "posterior quantiles",
        "posterior_mean": float(draws.mean()),
        "chain_medians": [float(np.median(c)) for c in draws],
        "rhat": None if single else rhat(draws),
        "ess": ess(draws) if draws.shape[1] >= 4 else float(draws.size),
        "occupied_classes_mean": float(occupied.mean()),
        "all_classes_occupied": float((occupied == settings.latent_classes).mean()),
        "settings": {
            "latent_classes": settings.latent_classes,
            "a_alpha": settings.a_alpha,
            "b_alpha": settings.b_alpha,
            "burnin": settings.burnin,
            "samples": settings.samples,
            "thinning": settings.thinning,
            "chains": settings.chains,
            "seed": seed,
        },
    }


def _caveats(
    diagnostics: dict[str, object], observed: int, upper: float, settings: LcmcrSettings
) -> list[Caveat]:
    """The warnings R's LCMCR does not give."""
    out = []
    r = diagnostics["rhat"]
    if isinstance(r, float) and r > RHAT_LIMIT:
        out.append(
            Caveat(
                "chains_disagree",
                f"the chains disagree (R-hat {r:.2f} > {RHAT_LIMIT}): the posterior was not "
                "explored; run longer or check the table for sparse lists",
            )
        )
    e = diagnostics["ess"]
    if isinstance(e, float) and e < ESS_MINIMUM:
        out.append(
            Caveat(
                "few_effective_draws",
                f"only {e:.0f} effective draws (< {ESS_MINIMUM:.0f}): the interval's ends are "
                "Monte Carlo noisy; run longer",
            )
        )
    full = diagnostics["all_classes_occupied"]
    if isinstance(full, float) and full > CLASSES_FULL_LIMIT:
        out.append(
            Caveat(
                "latent_classes_exhausted",
                f"all {settings.latent_classes} latent classes were in use in {full:.0%} of "
                "the draws: the truncation binds; raise the number of classes",
            )
        )
    if upper > FAR_FACTOR * observed:
        out.append(
            Caveat(
                "posterior_far_tail",
                f"the upper limit is more than {FAR_FACTOR:.0f} times the number observed: "
                "the data hardly bound N from above and the prior drives the interval",
            )
        )
    if settings.chains < 2:
        out.append(Caveat("single_chain", "one chain cannot show disagreement; use several"))
    return out
