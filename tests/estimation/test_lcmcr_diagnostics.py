"""Convergence figures of a posterior pooled over partitions: taken partition by partition."""

from __future__ import annotations

import numpy as np

from headcount.estimation.convergence import ess, rhat
from headcount.estimation.lcmcr import LcmcrSettings
from headcount.estimation.lcmcr_chains import Posterior
from headcount.estimation.lcmcr_diagnostics import caveats, diagnostics


def _posterior(parts: list[np.ndarray]) -> Posterior:
    n = np.concatenate(parts, axis=1)
    return Posterior(
        n, np.ones_like(n), sweeps=n.shape[1], met_target=True, part_draws=parts[0].shape[1]
    )


def _codes(posterior: Posterior) -> set[str]:
    found = diagnostics(posterior.n, posterior, LcmcrSettings().to_dict(), seed=1)
    return {c.code for c in caveats(found, 900, float(posterior.n.max()), 20)}


def test_two_well_mixed_partitions_that_differ_are_no_convergence_failure() -> None:
    # Four chains, two partitions of independent draws around 1,000 and 1,300: each part
    # has mixed (R-hat about 1, about 2,000 effective draws). Over the concatenation, split
    # R-hat and the bulk ESS see a jump in every chain (the 1.7 reading, asserted first).
    rng = np.random.default_rng(5)
    low, high = rng.normal(1000, 20, (4, 500)), rng.normal(1300, 20, (4, 500))
    posterior = _posterior([low, high])
    assert rhat(posterior.n) > 1.05 and ess(posterior.n) < 400
    found = diagnostics(posterior.n, posterior, LcmcrSettings().to_dict(), seed=1)
    assert found["rhat"] < 1.02
    assert found["ess"] > 3000 and found["ess_tail"] > 3000
    assert _codes(posterior).isdisjoint({"chains_disagree", "few_effective_draws"})


def test_a_partition_that_mixes_slowly_is_still_warned() -> None:
    # The same, the second partition's chains a random walk (autocorrelation near 1): its
    # few effective draws and its disagreeing chains are not hidden by the first's.
    rng = np.random.default_rng(6)
    low = rng.normal(1000, 20, (4, 500))
    walk = 1300 + np.cumsum(rng.normal(0, 5, (4, 500)), axis=1)
    codes = _codes(_posterior([low, walk]))
    assert "chains_disagree" in codes


def test_one_table_s_draws_are_read_whole() -> None:
    rng = np.random.default_rng(7)
    draws = rng.normal(1000, 20, (4, 600))
    posterior = _posterior([draws])
    found = diagnostics(draws, posterior, LcmcrSettings().to_dict(), seed=1)
    assert found["rhat"] == rhat(draws) and found["ess"] == ess(draws)
