"""Running LCMCR chains: on R's fixed schedule, or until they converge; many tables at once.

A *fixed* schedule is R's `lcmCR_PostSampl`: after the warm-up, `burnin` sweeps, then
`samples` draws, one every `thinning` sweeps. The *early-stopping* schedule (headcount's
default) runs the same chains in segments that double the run each time: a burn-in of
`FIRST_SEGMENT` sweeps, a segment as long, then each new segment as long as everything
before it, so that the draws kept are always those of the second half of the run. After
each segment it stops when the chains agree and carry enough effective draws
(`convergence.converged`), and it never runs longer than the fixed schedule would
(`burnin + samples * thinning` sweeps after the warm-up). Each segment records `samples`
draws per chain, evenly spaced.

Work is shared: every chain of every table is a task for a pool of threads (the compiled
sweep releases the interpreter lock), the largest tables first, and a table's next segment
is queued as soon as its own chains finish, whatever the others do. Each chain draws from
its own generator spawned from its table's seed, so the draws do not depend on the number
of threads, on the order tasks run in, or on which other tables share the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import partial

import numpy as np

from headcount.estimation.convergence import ESS_TARGET, converged

Segment = tuple[np.ndarray, np.ndarray]
"""One chain's draws of n0 and of the occupied classes over a segment."""
WARMUP_SWEEPS = 500
"""Sweeps without the alpha update before anything else, as R's `Initializes`."""
FIRST_SEGMENT = 1_000
"""Sweeps of the first burn-in and of the first segment kept, when stopping early."""


@dataclass(frozen=True)
class Schedule:
    """How long chains run: `stop_early`, or exactly R's schedule (see the module doc)."""

    burnin: int
    samples: int
    thinning: int
    chains: int
    stop_early: bool
    ess_target: float = ESS_TARGET

    @property
    def max_sweeps(self) -> int:
        """Sweeps per chain after the warm-up on the fixed schedule, the early stop's cap."""
        return self.burnin + self.samples * self.thinning


@dataclass(frozen=True)
class Job:
    """One table to sample: its observed patterns, their counts, its prior, its seed."""

    cells: np.ndarray
    freq: np.ndarray
    latent_classes: int
    prior: np.ndarray
    seed: int | None

    @property
    def cost(self) -> int:
        """Work per sweep, roughly (patterns x classes x lists), to start big tables first."""
        return int(self.cells.shape[0] * self.latent_classes * max(self.cells.shape[1], 1))


@dataclass(frozen=True)
class Posterior:
    """Draws of the number unseen n0 and of the occupied classes, each (chains, draws);
    `sweeps` run per chain after the warm-up; `met_target` when the early stop's target
    was met (convergence and effective draws; always False on a fixed schedule)."""

    n0: np.ndarray
    occupied: np.ndarray
    sweeps: int
    met_target: bool


@dataclass
class _Chain:
    """The whole state of one chain between segments."""

    rng: np.random.Generator
    lam: np.ndarray
    nu: np.ndarray
    log_nu: np.ndarray
    count_cell: np.ndarray
    count0: np.ndarray
    scalars: np.ndarray

    @classmethod
    def new(cls, job: Job, seed: np.random.SeedSequence) -> _Chain:
        k, lists, cells = job.latent_classes, job.cells.shape[1], job.cells.shape[0]
        return cls(
            np.random.default_rng(seed),
            np.empty((lists, k)),
            np.empty(k),
            np.empty(k),
            np.zeros((cells, k), dtype=np.int64),
            np.zeros(k, dtype=np.int64),
            np.zeros(2),
        )


@dataclass
class _Run:
    """A table's progress through its schedule: its chains, the sweeps they have run, and
    the draws of their last segment."""

    job: Job
    schedule: Schedule
    chains: list[_Chain]
    swept: int = 0
    started: bool = False
    n0: np.ndarray | None = None
    occupied: np.ndarray | None = None
    met_target: bool = False

    def next_tasks(self) -> list[Callable[[], Segment | None]] | None:
        """One task per chain for the next step, or None when the run is over."""
        schedule, job = self.schedule, self.job
        if not self.started:
            self.started = True
            burn = schedule.burnin if not schedule.stop_early else _first(schedule)
            self.swept = burn
            return [partial(_start, job, chain, burn) for chain in self.chains]
        length = self._next_length()
        if length is None:
            return None
        self.swept += length
        draws = min(schedule.samples, length)
        return [partial(_segment, job, chain, length, draws) for chain in self.chains]

    def _next_length(self) -> int | None:
        schedule = self.schedule
        if not schedule.stop_early:
            return schedule.samples * schedule.thinning if self.n0 is None else None
        remaining = schedule.max_sweeps - self.swept
        if self.met_target or remaining <= 0:
            return None
        # as long as everything before it: the run doubles, the kept half is the newest
        return min(max(self.swept, 1), remaining)

    def finish(self, segments: Sequence[Segment | None]) -> None:
        """Keep a finished segment's draws; when stopping early, check the target."""
        kept = [s for s in segments if s is not None]
        if not kept:
            return
        self.n0 = np.stack([s[0] for s in kept])
        self.occupied = np.stack([s[1] for s in kept])
        if self.schedule.stop_early:
            self.met_target = converged(self.n0, self.schedule.ess_target)

    def posterior(self) -> Posterior:
        assert self.n0 is not None and self.occupied is not None
        return Posterior(self.n0, self.occupied, self.swept, self.met_target)


def _first(schedule: Schedule) -> int:
    """The first burn-in when stopping early (half the cap for very short schedules)."""
    return min(FIRST_SEGMENT, schedule.max_sweeps // 2)


def _state(
    chain: _Chain,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    return (chain.lam, chain.nu, chain.log_nu, chain.count_cell, chain.count0, chain.scalars)


def _start(job: Job, chain: _Chain, burnin: int) -> None:
    """Initialise a chain, run R's warm-up, then `burnin` sweeps whose draws are dropped."""
    from headcount.estimation.lcmcr_sampler import advance_chain, start_chain

    start_chain(chain.rng, job.cells, job.freq, *_state(chain), job.prior, WARMUP_SWEEPS)
    none = np.empty(0, dtype=np.int64)
    advance_chain(chain.rng, job.cells, job.freq, *_state(chain), job.prior, burnin, 1, none, none)


def _segment(job: Job, chain: _Chain, sweeps: int, draws: int) -> Segment:
    """Run `sweeps` sweeps and record `draws` of them, evenly spaced, the last one last."""
    from headcount.estimation.lcmcr_sampler import advance_chain

    n0 = np.zeros(draws, dtype=np.int64)
    used = np.zeros(draws, dtype=np.int64)
    thin = max(sweeps // draws, 1)
    advance_chain(chain.rng, job.cells, job.freq, *_state(chain), job.prior, sweeps, thin, n0, used)
    return n0, used


def sample_jobs(
    jobs: Sequence[Job], schedule: Schedule, workers: int | None = None
) -> list[Posterior]:
    """Sample every job on `schedule`, sharing `workers` threads (default: every core)."""
    runs = [
        _Run(job, schedule, [_Chain.new(job, s) for s in _spawn(job.seed, schedule.chains)])
        for job in jobs
    ]
    with ThreadPoolExecutor(max_workers=workers or len(os.sched_getaffinity(0))) as pool:
        pending: dict[Future[Segment | None], tuple[int, int]] = {}
        outcome: dict[int, list[Segment | None]] = {}
        left: dict[int, int] = {}

        def launch(i: int) -> None:
            tasks = runs[i].next_tasks()
            if tasks is None:
                return
            outcome[i] = [None] * len(tasks)
            left[i] = len(tasks)
            for n, task in enumerate(tasks):
                pending[pool.submit(task)] = (i, n)

        for i in sorted(range(len(runs)), key=lambda i: -runs[i].job.cost):
            launch(i)
        while pending:
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in finished:
                i, n = pending.pop(future)
                outcome[i][n] = future.result()
                left[i] -= 1
                if left[i] == 0:
                    runs[i].finish(outcome[i])
                    launch(i)
    return [run.posterior() for run in runs]


def _spawn(seed: int | None, chains: int) -> list[np.random.SeedSequence]:
    """Independent per-chain seed sequences from one seed (fresh entropy when None)."""
    return list(np.random.SeedSequence(seed).spawn(chains))
