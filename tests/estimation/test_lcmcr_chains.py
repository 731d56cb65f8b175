"""LCMCR's schedules: R's fixed one exactly, the early stop within its cap and within Monte
Carlo error of the fixed one, and draws that depend only on a table and its seed."""

from __future__ import annotations

import numpy as np
import pytest

from headcount.estimation import CaptureTable, EstimationRefused, simulate_histories
from headcount.estimation.convergence import ESS_TARGET, RHAT_TARGET
from headcount.estimation.lcmcr import (
    LcmcrSettings,
    estimate_lcmcr_tables,
    estimate_partitions,
    sample_groups,
    sample_tables,
)
from headcount.estimation.methods import estimate_tables

SHORT = LcmcrSettings(burnin=300, samples=100, thinning=3, chains=2, stop_early=False)


def _table(people: int, seed: int) -> CaptureTable:
    histories = simulate_histories(people, (0.3, 0.25, 0.2, 0.3), seed=seed)
    return CaptureTable.from_histories(histories, list(histories.columns))


def test_fixed_schedule_runs_exactly_r_s_sweeps_and_keeps_its_draws() -> None:
    (posterior,) = sample_tables([_table(500, 1)], SHORT, [4])
    assert posterior.sweeps == 300 + 100 * 3
    assert posterior.n.shape == posterior.occupied.shape == (2, 100)
    assert not posterior.met_target


def test_early_stop_meets_its_target_well_before_the_cap() -> None:
    # Independent homogeneous lists mix fast: the first check (2,000 sweeps after the
    # warm-up) should already pass, far below the cap of 110,000.
    table = _table(2000, 2)
    (got,) = estimate_lcmcr_tables([table], LcmcrSettings(), seeds=[5])
    d = got.diagnostics
    assert d["stopped_early"] and d["schedule"] == "early stop"
    assert d["sweeps_per_chain"] < LcmcrSettings().sweeps_per_chain
    assert d["rhat"] < RHAT_TARGET and min(d["ess"], d["ess_tail"]) >= ESS_TARGET
    assert d["draws_per_chain"] == 1000


def test_early_stop_never_runs_past_the_fixed_schedule() -> None:
    cap = LcmcrSettings(burnin=10, samples=20, thinning=1, chains=2, ess_target=1e9)
    (posterior,) = sample_tables([_table(500, 3)], cap, [1])
    assert posterior.sweeps == 30 and not posterior.met_target
    assert posterior.n.shape[1] >= 4


def test_early_stop_agrees_with_the_fixed_schedule_within_monte_carlo_error() -> None:
    # The same posterior sampled both ways; tolerance: the medians within 4 combined
    # Monte Carlo standard errors (each from its draws' bulk ESS).
    table = _table(1500, 4)
    fixed = LcmcrSettings(burnin=2000, samples=1000, thinning=10, stop_early=False)
    early, full = (
        estimate_lcmcr_tables([table], s, seeds=[9])[0] for s in (LcmcrSettings(), fixed)
    )
    se = [
        np.subtract(*np.quantile(e.draws, [0.75, 0.25])) * 1.25 / np.sqrt(e.diagnostics["ess"])
        for e in (early, full)
    ]
    assert abs(early.estimate - full.estimate) <= 4 * np.hypot(*se)


def test_a_table_s_draws_do_not_depend_on_the_tables_beside_it_or_the_threads() -> None:
    a, b = _table(400, 5), _table(800, 6)
    alone = sample_tables([a], SHORT, [11], workers=1)[0]
    together = sample_tables([b, a, b], SHORT, [3, 11, 4], workers=2)
    assert np.array_equal(alone.n, together[1].n)
    assert not np.array_equal(together[0].n, together[2].n)


def test_many_tables_at_once_keep_refusals_in_place() -> None:
    tiny = CaptureTable.from_counts(["a", "b", "c"], [0, 3, 2, 1, 4, 0, 1, 0])
    got = estimate_tables([_table(600, 7), tiny], "lcmcr", seeds=[1, 2], lcmcr=SHORT)
    assert got[0].kind == "estimate" and got[0].draws is not None
    assert isinstance(got[1], EstimationRefused)
    assert "too_few_observed" in {r.code for r in got[1].reasons}
    with pytest.raises(ValueError, match="2 tables but 1 seeds"):
        estimate_tables([tiny, tiny], "lcmcr", seeds=[1])


def _fragmented(table: CaptureTable, share: float, seed: int) -> CaptureTable:
    """The table as a linkage that split `share` of the people on two lists would give it:
    each such person becomes two people, one on each list (a partition of the records)."""
    rng = np.random.default_rng(seed)
    counts = table.counts.copy()
    patterns = table.patterns
    for index in np.flatnonzero(patterns.sum(axis=1) == 2):
        split = rng.binomial(counts[index], share)
        counts[index] -= split
        for j in np.flatnonzero(patterns[index]):
            counts[1 << (table.n_lists - 1 - j)] += split
    return CaptureTable(table.lists, counts)


def test_partitions_of_one_stratum_pool_into_one_posterior_at_a_fraction_of_the_cost() -> None:
    # Three partitions of 1,500 people's records: as linked, and with 5% and 10% of the
    # people on two lists split in two. Each raises the unseen; the pool lies among them.
    # Tolerance: each partition's median within 4 combined Monte Carlo standard errors of
    # its own separate estimate; the pooled interval spans the separate medians.
    base = _table(1500, 8)
    tables = [base, _fragmented(base, 0.05, 1), _fragmented(base, 0.10, 2)]
    separate = estimate_lcmcr_tables(tables, seeds=[1, 2, 3])
    (pooled,) = estimate_partitions([tables], seeds=[4])
    d = pooled.diagnostics
    assert d["partitions"] == 3 and d["draws_per_partition"] == 1000 // 3
    assert d["observed_by_partition"] == [t.observed for t in tables]
    for alone, median in zip(separate, d["partition_medians"], strict=True):
        se = np.subtract(*np.quantile(alone.draws, [0.75, 0.25])) * 1.25 / np.sqrt(200)
        assert abs(median - alone.estimate) <= 4 * se * np.sqrt(2)
    assert pooled.lower <= min(e.estimate for e in separate)
    assert max(e.estimate for e in separate) <= pooled.upper
    assert pooled.draws is not None and pooled.draws.size == 4 * 3 * (1000 // 3)
    cold = sum(e.diagnostics["sweeps_per_chain"] for e in separate)
    assert d["sweeps_per_chain"] < 0.6 * cold


def test_a_list_one_partition_lacks_is_left_out_of_that_partition_only() -> None:
    people = simulate_histories(800, (0.3, 0.25, 0.2, 0.3), seed=9)
    people.columns = ["a", "b", "c", "d"]
    full = CaptureTable.from_histories(people, ["a", "b", "c", "d"])
    seen_without_d = people[people[["a", "b", "c"]].sum(axis=1) > 0]
    fewer = CaptureTable.from_histories(seen_without_d, ["a", "b", "c"])
    (pooled,) = estimate_partitions([[full, fewer]], SHORT, seeds=[2])
    assert pooled.lists == ("a", "b", "c", "d")
    assert pooled.diagnostics["observed_by_partition"] == [full.observed, fewer.observed]
    assert pooled.draws is not None and (pooled.draws >= fewer.observed).all()
    first, second = np.split(pooled.draws.reshape(2, 2, -1), 2, axis=1)
    assert (first >= full.observed).all() and second.size == first.size


def test_partitions_of_a_stratum_that_does_not_converge_share_half_a_schedule() -> None:
    # A target no chain meets: the first partition runs its cap (a quarter of the fixed
    # schedule's 2,000 sweeps after the warm-up); the nine others share what is left of
    # half of it, however slowly the chains mix (up to 1.9: the whole schedule on the first
    # partition, then one more over the others).
    base = _table(600, 10)
    tables = [base] + [_fragmented(base, 0.01 * p, p) for p in range(1, 10)]
    never = LcmcrSettings(burnin=1000, samples=100, thinning=10, chains=2, ess_target=1e9)
    (posterior,) = sample_groups([tables], never, [3])
    assert not posterior.met_target
    half = never.schedule().max_sweeps // 2
    assert half * 0.9 < posterior.sweeps <= half * 1.05  # whole sweeps: a few over
    assert posterior.n.shape == (2, 10 * posterior.part_draws)
