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

Several plausible partitions of the records give a stratum several tables; their draws are
pooled (multiple imputation) by the same chains visiting the tables in turn. The pool adds
the tables' effective draws up, so the first table only has to show that the chains agree
and how fast they mix: it runs the schedule above to its share of the target (`ess_target`
divided by the number of tables), but to no fewer than `POOLED_ESS_FLOOR` effective draws,
from which the autocorrelation time is estimated. Each other table then gets that share
too: as many sweeps as its share of effective draws takes at that autocorrelation time
(at least the draws it records; at most its share of the fixed schedule), after a burn-in
of two autocorrelation times (at least `SWITCH_BURNIN` sweeps) to leave the previous
table's posterior; every table keeps the same number of draws, the first table's thinned
to it. Tables of one stratum under different partitions differ a little; a chain that has
converged on one is close to the next, so each further table costs a fraction of a fresh
start. All the tables together run at most `POOLED_SHARE` of the fixed schedule per chain
(since version 1.10; the first table at most half of that): when the first reaches its cap
without converging, the others share what is left (burn-ins included, all shortened in
proportion). Longer runs would not make the pool converge: at 40,000 persons the strata
that reached the cap under 1.9 (a whole schedule on the first table, then one more over
the others) still carried few effective draws, and took two thirds of every chain's
sweeps.
A list a table does not have is left out of its model; its capture probabilities wait in
the chain for the next table with it.

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
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from headcount.estimation.convergence import ESS_TARGET, converged, ess
from headcount.model.progress import Tally, untold

Segment = tuple[np.ndarray, np.ndarray]
"""One chain's draws of N and of the occupied classes over a segment."""
WARMUP_SWEEPS = 500
"""Sweeps without the alpha update before anything else, as R's `Initializes`."""
FIRST_SEGMENT = 1_000
"""Sweeps of the first burn-in and of the first segment kept, when stopping early."""
SWITCH_BURNIN = 200
"""Fewest sweeps dropped after the chains move on to another partition's table."""
POOLED_ESS_FLOOR = 100.0
"""Fewest effective draws (bulk and tails) the first of several pooled tables stops at:
enough to estimate the autocorrelation time that sizes the others' share."""
POOLED_SHARE = 0.5
"""The share of the fixed schedule's sweeps that all the tables of a pooled job run
together, per chain, when stopping early (version 1.10; the first table at most half of
it)."""


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
class Part:
    """One table of a job: its observed patterns over its lists (`columns`: their places
    among the job's lists) and how many people each pattern holds."""

    cells: np.ndarray
    freq: np.ndarray
    columns: np.ndarray

    @property
    def observed(self) -> int:
        return int(self.freq.sum())


@dataclass(frozen=True)
class Job:
    """What one set of chains samples: one table, or one stratum's tables under several
    plausible partitions of the records (`parts`, visited in turn); the prior; the seed."""

    parts: tuple[Part, ...]
    lists: int
    latent_classes: int
    prior: np.ndarray
    seed: int | None

    @property
    def cost(self) -> int:
        """Work per sweep, roughly (patterns x classes x lists), to start big tables first."""
        part = self.parts[0]
        return int(part.cells.shape[0] * self.latent_classes * max(part.cells.shape[1], 1))


@dataclass(frozen=True)
class Posterior:
    """Draws of N (seen and unseen) and of the occupied classes, each (chains, draws), the
    parts' draws one after the other (`part_draws` per chain each); `sweeps` run per chain
    after the warm-up; `met_target` when the first part met the early stop's target
    (convergence and effective draws; always False on a fixed schedule)."""

    n: np.ndarray
    occupied: np.ndarray
    sweeps: int
    met_target: bool
    part_draws: int
    switch_burnin: int = 0


@dataclass
class _Chain:
    """The whole state of one chain between segments; `lam` has a row per list of the job
    (NaN until a part with that list is visited)."""

    rng: np.random.Generator
    lam: np.ndarray
    nu: np.ndarray
    log_nu: np.ndarray
    count_cell: np.ndarray
    count0: np.ndarray
    scalars: np.ndarray

    @classmethod
    def new(cls, job: Job, seed: np.random.SeedSequence) -> _Chain:
        k = job.latent_classes
        return cls(
            np.random.default_rng(seed),
            np.full((job.lists, k), np.nan),
            np.empty(k),
            np.empty(k),
            np.zeros((job.parts[0].cells.shape[0], k), dtype=np.int64),
            np.zeros(k, dtype=np.int64),
            np.zeros(2),
        )


@dataclass
class _Run:
    """A job's progress through its schedule: its chains, the part they are on, the sweeps
    they have run, and the draws kept."""

    job: Job
    schedule: Schedule
    chains: list[_Chain]
    swept: int = 0
    started: bool = False
    part: int = 0
    n: np.ndarray | None = None
    occupied: np.ndarray | None = None
    met_target: bool = False
    plan: tuple[int, int, int] | None = None
    last_length: int = 0
    kept: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)

    def next_tasks(self) -> list[Callable[[], Segment | None]] | None:
        """One task per chain for the next step, or None when the run is over."""
        schedule, job = self.schedule, self.job
        if not self.started:
            self.started = True
            burn = schedule.burnin if not schedule.stop_early else self._first_burnin()
            self.swept = burn
            return [partial(_start, job, chain, burn) for chain in self.chains]
        if self.part == 0:
            length = self._next_length()
            if length is not None:
                self.swept += length
                self.last_length = length
                draws = min(schedule.samples, length)
                return [partial(_segment, job, c, 0, 0, length, draws) for c in self.chains]
            if len(job.parts) == 1:
                return None
            self._switch_plan()
        if self.part + 1 >= len(job.parts):
            return None
        self.part += 1
        assert self.plan is not None
        burn, sweeps, draws = self.plan
        self.swept += burn + sweeps
        return [partial(_segment, job, c, self.part, burn, sweeps, draws) for c in self.chains]

    def _next_length(self) -> int | None:
        schedule = self.schedule
        if not schedule.stop_early:
            return schedule.samples * schedule.thinning if self.n is None else None
        remaining = self._first_cap() - self.swept
        if self.met_target or remaining <= 0:
            return None
        # as long as everything before it: the run doubles, the kept half is the newest
        return min(max(self.swept, 1), remaining)

    def _budget(self) -> int:
        """The most sweeps per chain of the whole run: the fixed schedule's for one part;
        for several, POOLED_SHARE of it (module doc)."""
        max_sweeps = self.schedule.max_sweeps
        return max_sweeps if len(self.job.parts) == 1 else max(int(max_sweeps * POOLED_SHARE), 2)

    def _first_cap(self) -> int:
        """The most sweeps the first part runs: all the budget for one part; for several,
        half of it."""
        return self._budget() if len(self.job.parts) == 1 else self._budget() // 2

    def _first_burnin(self) -> int:
        """The first burn-in when stopping early (half the first part's cap for very short
        schedules)."""
        return min(FIRST_SEGMENT, self._first_cap() // 2)

    def target(self) -> float:
        """The effective draws the first part stops at: all of `ess_target` for one part;
        for several, its share of it, but at least POOLED_ESS_FLOOR (module doc)."""
        parts = len(self.job.parts)
        if parts == 1:
            return self.schedule.ess_target
        return max(
            self.schedule.ess_target / parts, min(POOLED_ESS_FLOOR, self.schedule.ess_target)
        )

    def _switch_plan(self) -> None:
        """How the chains visit the other parts once the first is done: each part gets the
        sweeps its share of the effective draws takes at the first part's autocorrelation
        time (at least its draws, at most its share of the fixed schedule; when the first
        part ran a fixed schedule or its cap, an equal share of its last segment), and an equal
        share of the draws, after a burn-in of two autocorrelation times (at least
        SWITCH_BURNIN sweeps) to leave the previous part's posterior; the first part's
        draws are thinned to the same number."""
        assert self.n is not None and self.occupied is not None
        schedule = self.schedule
        parts, (chains, drawn) = len(self.job.parts), self.n.shape
        length = self.last_length
        draws = max(drawn // parts, 1)
        bulk, tail = ess(self.n), ess(self.n, tail=True)
        tau = chains * length / max(bulk, 1.0)  # sweeps per effective draw, in one chain
        slowest = chains * length / max(min(bulk, tail), 1.0)  # the tails' too
        share = int(np.ceil(slowest * schedule.ess_target / (parts * chains)))
        if not self.met_target:  # the fixed schedule, or the cap reached: the last segment
            share = length // parts
        sweeps = max(min(share, schedule.max_sweeps // parts), draws)
        burn = int(min(max(SWITCH_BURNIN, 2.0 * tau), max(length, SWITCH_BURNIN)))
        if schedule.stop_early:
            # all parts together run at most the budget: the others share what the first
            # left of it
            budget = max(self._budget() - self.swept, (parts - 1) * draws)
            scale = min(1.0, budget / ((parts - 1) * (burn + sweeps)))
            burn = int(burn * scale)
            sweeps = max(int(sweeps * scale), draws)
        self.plan = (burn, sweeps, draws)
        keep = drawn - 1 - (drawn // draws) * np.arange(draws)[::-1]
        self.kept = [(self.n[:, keep], self.occupied[:, keep])]

    def finish(self, segments: Sequence[Segment | None]) -> None:
        """Keep a finished segment's draws; on the first part when stopping early, check
        the target."""
        done = [s for s in segments if s is not None]
        if not done:
            return
        n = np.stack([s[0] for s in done])
        occupied = np.stack([s[1] for s in done])
        if self.part > 0:
            self.kept.append((n, occupied))
            return
        self.n, self.occupied = n, occupied
        if self.schedule.stop_early:
            self.met_target = converged(n, self.target())

    def posterior(self) -> Posterior:
        assert self.n is not None and self.occupied is not None
        if not self.kept:
            return Posterior(self.n, self.occupied, self.swept, self.met_target, self.n.shape[1])
        assert self.plan is not None
        return Posterior(
            np.concatenate([k[0] for k in self.kept], axis=1),
            np.concatenate([k[1] for k in self.kept], axis=1),
            self.swept,
            self.met_target,
            self.plan[2],
            self.plan[0],
        )


def _lambda(part: Part, chain: _Chain) -> np.ndarray:
    """The chain's capture probabilities of the part's lists; a list the chain has not met
    yet starts, as R starts every list, at its share of the part's observed."""
    lam = chain.lam[part.columns]
    fresh = np.isnan(lam[:, 0])
    if fresh.any():
        share = (part.cells[:, fresh] * part.freq[:, None]).sum(axis=0) / part.observed
        lam[fresh] = share[:, None]
    return np.ascontiguousarray(lam)


def _start(job: Job, chain: _Chain, burnin: int) -> None:
    """Initialise a chain on the first part, run R's warm-up, then `burnin` sweeps whose
    draws are dropped."""
    from headcount.estimation.lcmcr_sampler import advance_chain, start_chain

    part = job.parts[0]
    lam = np.empty((part.cells.shape[1], job.latent_classes))
    state = (lam, chain.nu, chain.log_nu, chain.count_cell, chain.count0, chain.scalars)
    start_chain(chain.rng, part.cells, part.freq, state, job.prior, WARMUP_SWEEPS)
    none = np.empty(0, dtype=np.int64)
    advance_chain(chain.rng, part.cells, part.freq, state, job.prior, burnin, 1, none, none)
    chain.lam[part.columns] = lam


def _segment(job: Job, chain: _Chain, index: int, burnin: int, sweeps: int, draws: int) -> Segment:
    """On part `index`: `burnin` sweeps dropped, then `sweeps` sweeps of which `draws` are
    recorded, evenly spaced, the last one last."""
    from headcount.estimation.lcmcr_sampler import advance_chain

    part = job.parts[index]
    lam = _lambda(part, chain)
    if chain.count_cell.shape[0] != part.cells.shape[0]:
        # every sweep draws the classes of each pattern afresh: only the shape carries over
        chain.count_cell = np.zeros((part.cells.shape[0], job.latent_classes), dtype=np.int64)
    state = (lam, chain.nu, chain.log_nu, chain.count_cell, chain.count0, chain.scalars)
    none = np.empty(0, dtype=np.int64)
    if burnin:
        advance_chain(chain.rng, part.cells, part.freq, state, job.prior, burnin, 1, none, none)
    n0 = np.zeros(draws, dtype=np.int64)
    used = np.zeros(draws, dtype=np.int64)
    thin = max(sweeps // draws, 1)
    advance_chain(chain.rng, part.cells, part.freq, state, job.prior, sweeps, thin, n0, used)
    chain.lam[part.columns] = lam
    return part.observed + n0, used


def sample_jobs(
    jobs: Sequence[Job],
    schedule: Schedule,
    workers: int | None = None,
    progress: Tally = untold,
) -> list[Posterior]:
    """Sample every job on `schedule`, sharing `workers` threads (default: every core).
    `progress` is told the sweeps each job's chains have finished, of those planned (the
    fixed schedule's length until a job stops early, then the sweeps it ran)."""
    runs = [
        _Run(job, schedule, [_Chain.new(job, s) for s in _spawn(job.seed, schedule.chains)])
        for job in jobs
    ]
    with ThreadPoolExecutor(max_workers=workers or len(os.sched_getaffinity(0))) as pool:
        pending: dict[Future[Segment | None], tuple[int, int]] = {}
        outcome: dict[int, list[Segment | None]] = {}
        left: dict[int, int] = {}

        swept = [0] * len(runs)
        planned = [schedule.max_sweeps] * len(runs)

        def launch(i: int) -> None:
            tasks = runs[i].next_tasks()
            if tasks is None:
                planned[i] = swept[i]
                return
            planned[i] = max(planned[i], runs[i].swept)
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
                    swept[i] = runs[i].swept
                    launch(i)
                    progress(sum(swept), sum(planned))
    return [run.posterior() for run in runs]


def _spawn(seed: int | None, chains: int) -> list[np.random.SeedSequence]:
    """Independent per-chain seed sequences from one seed (fresh entropy when None)."""
    return list(np.random.SeedSequence(seed).spawn(chains))
