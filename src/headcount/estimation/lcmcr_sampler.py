"""The Gibbs sampler of the latent-class model LCMCR (Manrique-Vallier 2016), in Numba.

People belong to one of K latent classes (a truncated stick-breaking Dirichlet process,
concentration alpha ~ Gamma(a, b)); within a class, lists record them independently with
probabilities lambda[j, k] ~ Beta(1, 1). The unrecorded n0 are imputed each sweep from
their negative-binomial full conditional, which corresponds to the prior p(N) ∝ 1/N, and
N = n + n0. One sweep updates, in the order of the reference C++ implementation: class
counts per observed pattern, lambda, the class weights nu, n0, the classes of the
unrecorded, and alpha. Written here (not bound to the GPL C++) so that it is NumPy-only,
seeded per chain and runs with the GIL released, one chain per thread.

Invariant: every draw comes from Numba's per-thread generator seeded at the start of the
chain, so a chain's trace is a pure function of its inputs and seed.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def _multinomial(total: int, weights: np.ndarray, out: np.ndarray) -> None:
    """Split `total` over categories with unnormalised `weights` (sequential binomials)."""
    k_max = weights.shape[0]
    mass = 0.0
    for k in range(k_max):
        mass += weights[k]
    remaining = total
    for k in range(k_max - 1):
        if remaining == 0 or mass <= 0.0:
            out[k] = 0
            continue
        p = weights[k] / mass
        if p >= 1.0:
            out[k] = remaining
            remaining = 0
        elif p <= 0.0:
            out[k] = 0
        else:
            draw = np.random.binomial(remaining, p)
            out[k] = draw
            remaining -= draw
        mass -= weights[k]
    out[k_max - 1] = remaining


@njit(cache=True, nogil=True)
def _categorical(weights: np.ndarray, out: np.ndarray) -> None:
    """One draw over categories with unnormalised `weights`, as counts (a single 1)."""
    k_max = weights.shape[0]
    mass = 0.0
    for k in range(k_max):
        mass += weights[k]
    u = np.random.random() * mass
    for k in range(k_max):
        out[k] = 0
    acc = 0.0
    for k in range(k_max - 1):
        acc += weights[k]
        if u < acc:
            out[k] = 1
            return
    out[k_max - 1] = 1


@njit(cache=True, nogil=True)
def _log_gamma(shape: float) -> float:
    """log of a Gamma(shape, 1) draw, accurate for tiny shapes (no underflow to log 0)."""
    if shape >= 1.0:
        return np.log(np.random.gamma(shape, 1.0))
    return np.log(np.random.gamma(shape + 1.0, 1.0)) + np.log(np.random.random()) / shape


@njit(cache=True, nogil=True)
def _log_add(a: float, b: float) -> float:
    hi = max(a, b)
    return hi + np.log(np.exp(a - hi) + np.exp(b - hi))


@njit(cache=True, nogil=True)
def _negative_binomial(successes: int, p_success: float) -> int:
    """Failures before `successes` successes, as a Gamma-Poisson mixture (any scale)."""
    if p_success >= 1.0:
        return 0
    rate = np.random.gamma(successes, (1.0 - p_success) / p_success)
    if rate > 1e12:
        return int(rate + np.sqrt(rate) * np.random.standard_normal())
    return np.random.poisson(rate)


@njit(cache=True, nogil=True)
def _sweep(cells, freq, lam, log_nu, nu, count_cell, count0, state, work, a_alpha, b_alpha, upd):
    """One Gibbs sweep; `state` holds [alpha, n0] and is updated in place."""
    n_cells, n_lists = cells.shape
    k_max = lam.shape[1]
    n_obs = 0
    weights = work[0]
    draw = work[1]
    class_count = work[2]
    for m in range(n_cells):
        n_obs += freq[m]
        for k in range(k_max):
            w = nu[k]
            for j in range(n_lists):
                w *= lam[j, k] if cells[m, j] == 1 else 1.0 - lam[j, k]
            weights[k] = w
        if freq[m] == 1:
            _categorical(weights, draw)
        else:
            _multinomial(freq[m], weights, draw)
        for k in range(k_max):
            count_cell[m, k] = draw[k]
    # lambda | classes: Beta(1 + recorded, 1 + not recorded), the unrecorded included
    for k in range(k_max):
        class_count[k] = count0[k]
    for j in range(n_lists):
        for k in range(k_max):
            ones = 0
            zeros = count0[k]
            for m in range(n_cells):
                if cells[m, j] == 1:
                    ones += count_cell[m, k]
                else:
                    zeros += count_cell[m, k]
            lam[j, k] = np.random.beta(1.0 + ones, 1.0 + zeros)
    for m in range(n_cells):
        for k in range(k_max):
            class_count[k] += count_cell[m, k]
    # nu | counts: stick-breaking in logs
    alpha = state[0]
    n_total = n_obs + int(state[1])
    seen = 0
    log_rest = 0.0
    for k in range(k_max - 1):
        seen += class_count[k]
        g1 = _log_gamma(1.0 + class_count[k])
        g2 = _log_gamma(alpha + (n_total - seen))
        s = _log_add(g1, g2)
        log_nu[k] = g1 - s + log_rest
        log_rest += g2 - s
        nu[k] = np.exp(log_nu[k])
    log_nu[k_max - 1] = log_rest
    nu[k_max - 1] = np.exp(log_rest)
    # n0 | rest: negative binomial; then the classes of the unrecorded
    recorded = 0.0
    for k in range(k_max):
        miss = nu[k]
        for j in range(n_lists):
            miss *= 1.0 - lam[j, k]
        weights[k] = miss
        recorded += nu[k] - miss
    n0 = _negative_binomial(n_obs, min(max(recorded, 0.0), 1.0))
    state[1] = n0
    _multinomial(n0, weights, count0)
    if upd:
        state[0] = np.random.gamma(a_alpha + k_max - 1.0, 1.0 / (b_alpha - log_nu[k_max - 1]))


@njit(cache=True, nogil=True)
def run_chain(cells, freq, k_max, a_alpha, b_alpha, warmup, burnin, samples, thinning, seed):
    """One chain: `warmup` sweeps without the alpha update, burn-in, then `samples` draws
    every `thinning` sweeps.

    Returns the traces of n0 and of the number of occupied classes.
    """
    np.random.seed(seed)
    n_cells, n_lists = cells.shape
    n_obs = freq.sum()
    lam = np.empty((n_lists, k_max))
    for j in range(n_lists):
        on = 0
        for m in range(n_cells):
            if cells[m, j] == 1:
                on += freq[m]
        for k in range(k_max):
            lam[j, k] = on / n_obs
    nu = np.empty(k_max)
    for k in range(k_max):
        nu[k] = 0.9 / min(4, k_max) if k < 4 else 0.1 / (k_max - 4)
    if k_max <= 4:
        nu[:] = 1.0 / k_max
    log_nu = np.log(nu)
    count_cell = np.zeros((n_cells, k_max), dtype=np.int64)
    count0 = np.zeros(k_max, dtype=np.int64)
    state = np.array([0.3 / k_max, 0.0])
    work = (np.empty(k_max), np.empty(k_max, dtype=np.int64), np.empty(k_max, dtype=np.int64))
    for _ in range(warmup):
        _sweep(
            cells, freq, lam, log_nu, nu, count_cell, count0, state, work, a_alpha, b_alpha, False
        )
    for _ in range(burnin):
        _sweep(
            cells, freq, lam, log_nu, nu, count_cell, count0, state, work, a_alpha, b_alpha, True
        )
    n0_trace = np.empty(samples, dtype=np.int64)
    occupied = np.empty(samples, dtype=np.int64)
    for s in range(samples):
        for _ in range(thinning):
            _sweep(
                cells,
                freq,
                lam,
                log_nu,
                nu,
                count_cell,
                count0,
                state,
                work,
                a_alpha,
                b_alpha,
                True,
            )
        n0_trace[s] = int(state[1])
        used = 0
        for k in range(k_max):
            total = count0[k]
            for m in range(n_cells):
                total += count_cell[m, k]
            if total > 0:
                used += 1
        occupied[s] = used
    return n0_trace, occupied
