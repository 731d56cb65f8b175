"""LCMCR: reproducible with a seed, equal to R's LCMCR within Monte Carlo error, careful.

R's answers (reference.json, "lcmcr_doc") are posterior medians of single chains with K=10,
a=b=0.25, burn-in 10,000 and 1,000 draws thinned by 100, for three seeds. headcount runs
the same settings, given as the command line gives them (`lcmcr_settings`, R's argument
names; its own default prior differs), on four chains. Tolerance: the difference of the two
medians stays within 3.5 combined Monte Carlo standard errors: ours from our effective
sample size, R's from the spread of its three seeds (never below what one chain of ours
shows); and where R's three seeds agree within 0.5% (hepatitis A, HIV), within 3% of R's.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from headcount.estimation import CaptureTable, LcmcrSettings, estimate_table, simulate_histories
from headcount.estimation.lcmcr import R_SETTINGS, lcmcr_settings, posterior_draws, sample_lcmcr

from .mse_reference import DATASETS

QUICK = LcmcrSettings(burnin=500, samples=200, thinning=5, chains=2, stop_early=False)
AS_IN_R = {
    "k": 10,
    "a_alpha": 0.25,
    "b_alpha": 0.25,
    "burnin": 10_000,
    "samples": 1000,
    "thinning": 100,
}


def _median_se(draws: np.ndarray, ess: float) -> float:
    """Monte Carlo standard error of a posterior median from its draws and ESS."""
    spread = np.quantile(draws, 0.75) - np.quantile(draws, 0.25)
    density = 0.5 / max(spread, 1e-9)
    return float(np.sqrt(0.25 / ess) / density)


@pytest.mark.parametrize("name", DATASETS)
def test_posterior_median_within_monte_carlo_error_of_r(
    name: str, tables: dict[str, CaptureTable], reference: dict[str, Any]
) -> None:
    expected = reference["datasets"][name]["lcmcr_doc"]
    r_medians = np.array(json.loads(expected["detail"].split("|")[1]), dtype=float)
    settings = lcmcr_settings(**AS_IN_R)
    assert settings == R_SETTINGS
    got = estimate_table(tables[name], "lcmcr", seed=1, lcmcr=settings)
    assert got.draws is not None
    assert got.diagnostics["sweeps_per_chain"] == 500 + 10_000 + 1000 * 100
    ours = _median_se(got.draws, got.diagnostics["ess"])
    one_chain = ours * np.sqrt(got.diagnostics["settings"]["chains"])
    r_se = max(float(r_medians.std(ddof=1)), one_chain) / np.sqrt(r_medians.size)
    assert abs(got.estimate - r_medians.mean()) <= 3.5 * np.hypot(ours, r_se)
    if np.ptp(r_medians) < 0.005 * r_medians.mean():
        assert abs(got.estimate - expected["N"]) <= 0.03 * expected["N"]


def test_same_seed_same_draws_and_other_seed_other_draws(tables: dict[str, CaptureTable]) -> None:
    table = tables["hav_taiwan"]
    first, _ = sample_lcmcr(table, QUICK, seed=7)
    again, _ = sample_lcmcr(table, QUICK, seed=7)
    other, _ = sample_lcmcr(table, QUICK, seed=8)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)
    assert first.shape == (2, 200)
    assert (first >= table.observed).all()


def test_recovers_known_population_of_independent_lists() -> None:
    # 3,000 people, four independent lists with homogeneous capture (the model holds), the
    # default settings (early stop). Tolerance: the 95% interval holds the truth and the
    # median is within 10% of it.
    histories = simulate_histories(3000, (0.3, 0.25, 0.2, 0.3), seed=3)
    table = CaptureTable.from_histories(histories, list(histories.columns))
    got = estimate_table(table, "lcmcr", seed=1)
    assert got.lower <= 3000 <= (got.upper or np.inf)
    assert abs(got.estimate - 3000) < 300
    assert got.kind == "estimate"


def test_posterior_draws_are_every_chain_s_draws_of_n(tables: dict[str, CaptureTable]) -> None:
    table = tables["hav_taiwan"]
    draws = posterior_draws(table, QUICK, seed=7)
    chains, _ = sample_lcmcr(table, QUICK, seed=7)
    assert np.array_equal(draws, chains.ravel())
    assert draws.shape == (2 * 200,) and (draws >= table.observed).all()


def test_settings_by_r_names_fix_the_schedule_only_when_it_is_given() -> None:
    assert lcmcr_settings() is None
    prior_only = lcmcr_settings(k=10, a_alpha=0.25, b_alpha=0.25)
    assert prior_only is not None and prior_only.stop_early
    assert (prior_only.latent_classes, prior_only.burnin) == (10, LcmcrSettings().burnin)
    fixed = lcmcr_settings(thinning=7)
    assert fixed is not None and not fixed.stop_early and fixed.thinning == 7
    with pytest.raises(ValueError, match="a_alpha must be positive"):
        lcmcr_settings(a_alpha=0.0)
    with pytest.raises(ValueError, match="samples must be at least 1"):
        LcmcrSettings(samples=0)


def test_warns_when_chains_are_too_short_to_agree(tables: dict[str, CaptureTable]) -> None:
    tiny = LcmcrSettings(burnin=0, samples=20, thinning=1, chains=2, stop_early=False)
    got = estimate_table(tables["diabetes_italy"], "lcmcr", seed=3, lcmcr=tiny)
    codes = {w.code for w in got.warnings}
    assert "few_effective_draws" in codes


def test_single_chain_is_flagged(tables: dict[str, CaptureTable]) -> None:
    one = LcmcrSettings(burnin=200, samples=100, thinning=2, chains=1, stop_early=False)
    got = estimate_table(tables["hav_taiwan"], "lcmcr", seed=3, lcmcr=one)
    assert got.diagnostics["rhat"] is None
    assert "single_chain" in {w.code for w in got.warnings}


def test_loading_the_sampler_compiles_what_an_estimate_runs(
    tables: dict[str, CaptureTable],
) -> None:
    from headcount.estimation.lcmcr import load_sampler
    from headcount.estimation.lcmcr_sampler import advance_chain, start_chain

    load_sampler()
    compiled = [list(advance_chain.signatures), list(start_chain.signatures)]
    estimate_table(next(iter(tables.values())), "lcmcr", seed=1, lcmcr=QUICK)
    assert [list(advance_chain.signatures), list(start_chain.signatures)] == compiled
