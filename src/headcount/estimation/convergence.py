"""Convergence of Markov chains: rank-normalised split R-hat and effective sample size.

The definitions are those of Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021), as in
Stan, ArviZ and R's posterior package: draws are rank-normalised (so heavy tails, common
in posteriors of N, do not mask disagreement), each chain is split in two, and the effective
sample size sums autocorrelations with Geyer's initial monotone sequence. Hand-written in
NumPy because those libraries are not dependencies of headcount and the formulas are short.
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats


def _split(draws: np.ndarray) -> np.ndarray:
    """(chains, n) draws as (2 chains, n // 2) halves."""
    half = draws.shape[1] // 2
    return np.concatenate([draws[:, :half], draws[:, draws.shape[1] - half :]], axis=0)


def _rank_normal(draws: np.ndarray) -> np.ndarray:
    """Normal scores of the pooled ranks (Blom's offset), in the draws' shape."""
    ranks = stats.rankdata(draws, method="average").reshape(draws.shape)
    return np.asarray(special.ndtri((ranks - 0.375) / (draws.size + 0.25)))


def _rhat(chains: np.ndarray) -> float:
    """Classic R-hat of (chains, n) draws."""
    n = chains.shape[1]
    within = chains.var(axis=1, ddof=1).mean()
    between = n * chains.mean(axis=1).var(ddof=1)
    if within <= 0.0:
        return 1.0 if between <= 0.0 else float("inf")
    pooled = (n - 1) / n * within + between / n
    return float(np.sqrt(pooled / within))


def rhat(draws: np.ndarray) -> float:
    """Rank-normalised split R-hat (the larger of bulk and tail); near 1 when chains agree."""
    split = _split(np.asarray(draws, dtype=float))
    bulk = _rhat(_rank_normal(split))
    folded = np.abs(split - np.median(split))
    tail = _rhat(_rank_normal(folded))
    return max(bulk, tail)


def _autocovariance(x: np.ndarray) -> np.ndarray:
    """Autocovariance of one chain at every lag (by FFT)."""
    n = x.shape[0]
    centred = x - x.mean()
    size = 1 << (2 * n - 1).bit_length()
    spectrum = np.fft.rfft(centred, size)
    return np.fft.irfft(spectrum * np.conj(spectrum), size)[:n] / n


def ess(draws: np.ndarray) -> float:
    """Bulk effective sample size of (chains, n) draws (rank-normalised, split chains)."""
    chains = _rank_normal(_split(np.asarray(draws, dtype=float)))
    m, n = chains.shape
    acov = np.array([_autocovariance(c) for c in chains])
    chain_var = acov[:, 0] * n / (n - 1)
    within = chain_var.mean()
    pooled = (n - 1) / n * within + chains.mean(axis=1).var(ddof=1)
    if pooled <= 0.0:
        return float(m * n)
    rho = 1.0 - (within - acov.mean(axis=0)) / pooled
    rho[0] = 1.0
    total, previous = 0.0, np.inf
    for t in range(0, n - 1, 2):
        pair = rho[t] + rho[t + 1]
        if pair < 0.0:
            break
        pair = min(pair, previous)
        total += pair
        previous = pair
    tau = -1.0 + 2.0 * total
    return float(m * n / max(tau, 1.0 / np.log10(m * n)))
