"""The Bayesian latent-class estimate LCMCR (Manrique-Vallier 2016), with its checks.

Several chains give the posterior of N; the estimate is its median and the interval its
2.5% and 97.5% quantiles, as R's LCMCR users report. The settings carry the names of R's
`lcmCR()` and `lcmCR_PostSampl()` arguments (K, a_alpha, b_alpha, burnin, samples,
thinning), so that a published analysis can be rerun with its own.

Two things differ from R by default, and both can be set to R's (`R_SETTINGS`):

- the prior on the number of classes: K = 20 classes at most and a concentration
  alpha ~ Gamma(2, 0.25), where R's defaults (HRDAG's usual) are K = 10 and
  Gamma(0.25, 0.25). R's prior puts a third of its mass on alpha < 0.05, i.e. on a single
  class: capture the same for everyone. When the lists are too few to show heterogeneity,
  the posterior then settles on one or two classes and the interval ignores the
  heterogeneity the lists could not reveal (docs/methodology/estimation.md has the
  coverage figures);
- the schedule: rather than always running HRDAG's 110,500 sweeps per chain, the chains
  stop as soon as they agree and carry enough effective draws (`lcmcr_chains`), and run
  the full fixed schedule only when they need it. With `stop_early=False` (what the
  command line sets when given --burnin, --samples or --thinning) the schedule is R's.

Unlike R's package, headcount does not cap N silently, and it says so when the chains
disagree (R-hat), when they carry few effective draws, when the latent classes run out
(the truncation K is pressed) or when the posterior reaches far beyond what was seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from headcount.estimation.checks import require_table
from headcount.estimation.convergence import ESS_TARGET, rhat
from headcount.estimation.lcmcr_chains import (
    WARMUP_SWEEPS,
    Job,
    Part,
    Posterior,
    Schedule,
    sample_jobs,
)
from headcount.estimation.lcmcr_diagnostics import caveats, diagnostics
from headcount.estimation.results import Estimate
from headcount.estimation.table import CaptureTable
from headcount.model.progress import Tally, untold

METHOD = "lcmcr"


@dataclass(frozen=True)
class LcmcrSettings:
    """The prior (R's K, a_alpha, b_alpha), the schedule (burnin, samples, thinning per
    chain, as R's `lcmCR_PostSampl`), the number of chains, and whether to stop early.

    With `stop_early`, the fixed schedule is only the most a chain runs: the chains stop
    once they agree and hold `ess_target` effective draws (`lcmcr_chains`); without it,
    every chain runs exactly that schedule, as R does. When draws of several tables are
    pooled (one table per plausible partition of the records), `ess_target` is the pool's:
    each table gets its share of it, since the pool adds their effective draws up."""

    latent_classes: int = 20
    a_alpha: float = 2.0
    b_alpha: float = 0.25
    burnin: int = 10_000
    samples: int = 1_000
    thinning: int = 100
    chains: int = 4
    stop_early: bool = True
    ess_target: float = ESS_TARGET

    def __post_init__(self) -> None:
        problems = [
            f"{name} must be {rule}, not {value}"
            for name, value, rule, ok in (
                ("K (latent classes)", self.latent_classes, "at least 1", self.latent_classes >= 1),
                ("a_alpha", self.a_alpha, "positive", self.a_alpha > 0),
                ("b_alpha", self.b_alpha, "positive", self.b_alpha > 0),
                ("burnin", self.burnin, "0 or more", self.burnin >= 0),
                ("samples", self.samples, "at least 1", self.samples >= 1),
                ("thinning", self.thinning, "at least 1", self.thinning >= 1),
                ("chains", self.chains, "at least 1", self.chains >= 1),
                ("ess_target", self.ess_target, "positive", self.ess_target > 0),
            )
            if not ok
        ]
        if problems:
            raise ValueError("LCMCR settings: " + "; ".join(problems))

    @property
    def sweeps_per_chain(self) -> int:
        """Gibbs sweeps one chain runs on the fixed schedule (warm-up included): the most
        it runs when stopping early."""
        return WARMUP_SWEEPS + self.burnin + self.samples * self.thinning

    def schedule(self) -> Schedule:
        """The chains' schedule (`lcmcr_chains.Schedule`)."""
        return Schedule(
            self.burnin, self.samples, self.thinning, self.chains, self.stop_early, self.ess_target
        )

    def to_dict(self) -> dict[str, object]:
        """The settings under R's argument names (`K` for the number of classes)."""
        return {
            "K": self.latent_classes,
            "a_alpha": self.a_alpha,
            "b_alpha": self.b_alpha,
            "burnin": self.burnin,
            "samples": self.samples,
            "thinning": self.thinning,
            "chains": self.chains,
            "stop_early": self.stop_early,
            "ess_target": self.ess_target,
        }


R_SETTINGS = LcmcrSettings(latent_classes=10, a_alpha=0.25, b_alpha=0.25, stop_early=False)
"""R's LCMCR as HRDAG runs it (K = 10, alpha ~ Gamma(0.25, 0.25), burn-in 10,000, 1,000
draws thinned by 100, every sweep run), for comparisons with R."""


def lcmcr_settings(
    k: int | None = None,
    a_alpha: float | None = None,
    b_alpha: float | None = None,
    burnin: int | None = None,
    samples: int | None = None,
    thinning: int | None = None,
    chains: int | None = None,
) -> LcmcrSettings | None:
    """Settings from R's argument names, as the command line takes them: None when none is
    given (headcount's defaults). Giving any of `burnin`, `samples`, `thinning` runs that
    schedule exactly, as R does (no early stop); what is not given keeps headcount's
    default, so that R's published settings are K=10, a_alpha=b_alpha=0.25 and the
    schedule."""
    given = {
        "latent_classes": k,
        "a_alpha": a_alpha,
        "b_alpha": b_alpha,
        "burnin": burnin,
        "samples": samples,
        "thinning": thinning,
        "chains": chains,
    }
    chosen = {name: value for name, value in given.items() if value is not None}
    if not chosen:
        return None
    fixed = any(given[name] is not None for name in ("burnin", "samples", "thinning"))
    return LcmcrSettings(**chosen, stop_early=not fixed)  # type: ignore[arg-type]


def _job(tables: Sequence[CaptureTable], settings: LcmcrSettings, seed: int | None) -> Job:
    """One set of chains for `tables` (one table, or one stratum under several partitions),
    their lists matched by name."""
    lists = list(dict.fromkeys(name for t in tables for name in t.lists))
    parts = []
    for table in tables:
        present = np.flatnonzero(table.counts)
        parts.append(
            Part(
                np.ascontiguousarray(table.patterns[present], dtype=np.int64),
                np.ascontiguousarray(table.counts[present], dtype=np.int64),
                np.array([lists.index(name) for name in table.lists], dtype=np.int64),
            )
        )
    prior = np.array([settings.a_alpha, settings.b_alpha])
    return Job(tuple(parts), len(lists), settings.latent_classes, prior, seed)


def sample_groups(
    groups: Sequence[Sequence[CaptureTable]],
    settings: LcmcrSettings | None = None,
    seeds: Sequence[int | None] | None = None,
    *,
    workers: int | None = None,
    progress: Tally = untold,
) -> list[Posterior]:
    """The posterior draws of N of each group of tables (one table, or one stratum's tables
    under several plausible partitions of the records, pooled: see `lcmcr_chains`), all
    groups' chains sharing `workers` threads (default: every core). Each group's draws
    depend only on it, the settings and its seed (`seeds[i]`; fresh entropy when None).
    `progress` is told the sweeps run (`lcmcr_chains.sample_jobs`)."""
    settings = settings or LcmcrSettings()
    seeds = list(seeds) if seeds is not None else [None] * len(groups)
    if len(seeds) != len(groups):
        raise ValueError(f"{len(groups)} tables but {len(seeds)} seeds")
    if any(not group for group in groups):
        raise ValueError("every group needs at least one table")
    jobs = [_job(g, settings, s) for g, s in zip(groups, seeds, strict=True)]
    return sample_jobs(jobs, settings.schedule(), workers, progress)


def sample_tables(
    tables: Sequence[CaptureTable],
    settings: LcmcrSettings | None = None,
    seeds: Sequence[int | None] | None = None,
    *,
    workers: int | None = None,
) -> list[Posterior]:
    """`sample_groups` of single tables."""
    return sample_groups([[t] for t in tables], settings, seeds, workers=workers)


def sample_lcmcr(
    table: CaptureTable, settings: LcmcrSettings, seed: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Posterior draws of N and of the occupied classes, each (chains, draws)."""
    posterior = sample_tables([table], settings, [seed])[0]
    return posterior.n, posterior.occupied


def posterior_draws(
    table: CaptureTable, settings: LcmcrSettings | None = None, *, seed: int | None = None
) -> np.ndarray:
    """Posterior draws of the total N (seen and unseen) of one table, every chain's after
    the other: what pooling across plausible partitions of the records (multiple
    imputation) combines. Many tables at once: `estimate_lcmcr_tables` (each Estimate's
    `draws`) or `sample_tables`."""
    draws, _ = sample_lcmcr(table, settings or LcmcrSettings(), seed)
    return draws.ravel()


def load_sampler() -> None:
    """Import and compile the sampler and load ArviZ now (from the on-disk cache when there
    is one), as a server does while it starts rather than in the middle of serving pages.

    Sampling a tiny table through `sample_lcmcr` compiles exactly the signatures a real
    estimate uses; computing R-hat once loads ArviZ."""
    table = CaptureTable.from_counts(["a", "b"], [0, 1, 1, 1])
    tiny = LcmcrSettings(latent_classes=2, burnin=1, samples=4, thinning=1, chains=2)
    draws, _ = sample_lcmcr(table, tiny, 0)
    rhat(draws)


def estimate_lcmcr(
    table: CaptureTable,
    settings: LcmcrSettings | None = None,
    *,
    seed: int | None = None,
    level: float = 0.95,
) -> Estimate:
    """Posterior median and `level` interval of N under LCMCR, with convergence checks."""
    require_table(table)
    return estimate_lcmcr_tables([table], settings, seeds=[seed], level=level)[0]


def estimate_lcmcr_tables(
    tables: Sequence[CaptureTable],
    settings: LcmcrSettings | None = None,
    *,
    seeds: Sequence[int | None] | None = None,
    level: float = 0.95,
    workers: int | None = None,
) -> list[Estimate]:
    """`estimate_lcmcr` of many tables (strata, partitions), their chains sharing the
    cores; each Estimate's `draws` are its posterior draws of N. The tables must have
    passed `checks.require_table`."""
    return estimate_partitions(
        [[t] for t in tables], settings, seeds=seeds, level=level, workers=workers
    )


def estimate_partitions(
    groups: Sequence[Sequence[CaptureTable]],
    settings: LcmcrSettings | None = None,
    *,
    seeds: Sequence[int | None] | None = None,
    level: float = 0.95,
    workers: int | None = None,
    progress: Tally = untold,
) -> list[Estimate]:
    """One estimate per group of tables, a group being one stratum's tables under several
    plausible partitions of the records: its posterior draws of N pooled over them in equal
    numbers (multiple imputation), so that its interval carries the linkage's uncertainty.
    The chains visit a group's tables in turn (`lcmcr_chains`), which costs a fraction of
    sampling each afresh. The tables must have passed `checks.require_table`. `progress`
    is told the sweeps run."""
    settings = settings or LcmcrSettings()
    seeds = list(seeds) if seeds is not None else [None] * len(groups)
    posteriors = sample_groups(groups, settings, seeds, workers=workers, progress=progress)
    return [
        _estimate(g, p, settings, s, level)
        for g, p, s in zip(groups, posteriors, seeds, strict=True)
    ]


def _estimate(
    tables: Sequence[CaptureTable],
    posterior: Posterior,
    settings: LcmcrSettings,
    seed: int | None,
    level: float,
) -> Estimate:
    draws = posterior.n
    tail = (1.0 - level) / 2.0
    lower, median, upper = np.quantile(draws, [tail, 0.5, 1.0 - tail])
    found = diagnostics(draws, posterior, settings.to_dict(), seed)
    seen = [t.observed for t in tables]
    if len(tables) > 1:
        each = draws.reshape(draws.shape[0], len(tables), posterior.part_draws)
        found |= {
            "partitions": len(tables),
            "observed_by_partition": seen,
            "partition_medians": [float(np.median(each[:, i])) for i in range(len(tables))],
            "draws_per_partition": posterior.part_draws,
            "switch_burnin": posterior.switch_burnin,
        }
    observed = round(float(np.median(seen)))
    return Estimate(
        method=METHOD,
        model=f"latent classes (K={settings.latent_classes})",
        observed=observed,
        estimate=float(median),
        lower=float(lower),
        upper=float(upper),
        lists=tuple(dict.fromkeys(name for t in tables for name in t.lists)),
        level=level,
        diagnostics=found,
        warnings=tuple(caveats(found, observed, float(upper), settings.latent_classes)),
        draws=draws.ravel(),
    )
