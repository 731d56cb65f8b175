"""The Gibbs sampler of the latent-class model LCMCR (Manrique-Vallier 2016), compiled by Numba.

The model and the sweep are those of R's LCMCR (the C++ class `CNPLCM_CR_Basic_Freq`):
people belong to one of K latent classes (a stick-breaking prior truncated at K,
concentration alpha ~ Gamma(a, b)); within a class, lists record them independently with
probabilities lambda[j, k] ~ Beta(1, 1). The unrecorded n0 are imputed each sweep from their
negative-binomial full conditional (prior p(N) proportional to 1/N) and N = n + n0. One
sweep updates, in R's order: the class counts of each observed pattern, lambda, the class
weights nu, n0, the classes of the unrecorded, and alpha. A chain starts as R's does:
lambda at each list's share of the observed, alpha = 0.3 / K, 90% of the weight on four
classes, 500 sweeps without the alpha update, then the classes ordered by weight.

Written here rather than bound to the GPL C++ so that each chain draws from its own NumPy
`Generator` (seeded from one `SeedSequence`, independent of which thread runs it) and runs
with the interpreter lock released, so that chains of many strata share the cores. Draws
that are equal in distribution to R's but cheaper are taken where they exist: a class no
one is in has lambda ~ Beta(1, 1), a uniform; a pattern seen a few times gets its
classes one person at a time rather than by K binomials.

Invariant: a chain's draws are a pure function of the table, the prior and its generator's
state; the caller's arrays hold the whole chain state between calls.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.random import Generator

Array = np.ndarray
State = tuple[Array, Array, Array, Array, Array, Array]
"""A chain's arrays, (lam, nu, log_nu, count_cell, count0, scalars): the caller's, updated in
place; `scalars` holds [alpha, n0]."""

FEW = 16
"""Up to this many people in a pattern, their classes are drawn one by one."""
ALMOST_ONE = 1.0 - 1e-12
"""A capture probability of 1 within rounding is taken as this, so that odds stay finite."""


@njit(cache=True, nogil=True)
def _split(rng: Generator, total: int, weights: Array, out: Array, cumulative: Array) -> None:
    """Allocate `total` people over classes with unnormalised `weights` (a multinomial)."""
    k_max = weights.shape[0]
    for k in range(k_max):
        out[k] = 0
    if total == 0:
        return
    if total <= FEW:
        acc = 0.0
        for k in range(k_max):
            acc += weights[k]
            cumulative[k] = acc
        for _ in range(total):
            u = rng.random() * acc
            k = 0
            while k < k_max - 1 and cumulative[k] <= u:
                k += 1
            out[k] += 1
        return
    mass = 0.0
    for k in range(k_max):
        mass += weights[k]
    remaining = total
    for k in range(k_max - 1):
        if remaining == 0 or mass <= 0.0:
            break
        p = weights[k] / mass
        if p >= 1.0:
            out[k] = remaining
            remaining = 0
        elif p > 0.0:
            draw = rng.binomial(remaining, p)
            out[k] = draw
            remaining -= draw
        mass -= weights[k]
    out[k_max - 1] += remaining


@njit(cache=True, nogil=True)
def _log_gamma(rng: Generator, shape: float) -> float:
    """log of a Gamma(shape, 1) draw, accurate for tiny shapes (R's `dan_log_gamma_1`)."""
    if shape >= 0.5:
        return float(np.log(rng.standard_gamma(shape)))
    return float(np.log(1.0 - rng.random()) / shape + np.log(rng.standard_gamma(shape + 1.0)))


@njit(cache=True, nogil=True)
def _log_add(a: float, b: float) -> float:
    hi = max(a, b)
    return float(hi + np.log1p(np.exp(min(a, b) - hi)))


@njit(cache=True, nogil=True)
def _negative_binomial(rng: Generator, successes: int, p_success: float) -> int:
    """Failures before `successes` successes, as a Gamma-Poisson mixture (any scale)."""
    if p_success >= 1.0:
        return 0
    rate = rng.standard_gamma(successes) * (1.0 - p_success) / max(p_success, 1e-300)
    if rate > 1e12:
        return int(rate + np.sqrt(rate) * rng.standard_normal())
    return rng.poisson(rate)


@njit(cache=True, nogil=True)
def _missed(lam: Array, nu: Array, base: Array, ratio: Array) -> None:
    """Per class: base[k] = nu[k] times the chance no list records a member, and
    ratio[j, k] the odds that list j does; a pattern's weight in class k is then base[k]
    times the odds of the lists it is on."""
    n_lists, k_max = lam.shape
    for k in range(k_max):
        w = nu[k]
        for j in range(n_lists):
            p = min(lam[j, k], ALMOST_ONE)
            w *= 1.0 - p
            ratio[j, k] = p / (1.0 - p)
        base[k] = w


@njit(cache=True, nogil=True)
def _sweep(
    rng: Generator,
    on_ptr: Array,
    on_list: Array,
    freq: Array,
    state: State,
    prior: Array,
    upd: bool,
    work: tuple[Array, ...],
) -> None:
    """One Gibbs sweep (R's `Update`) of a chain's `state`.

    A pattern m is given by the lists it is on: on_list[on_ptr[m]:on_ptr[m + 1]]."""
    lam, nu, log_nu, count_cell, count0, scalars = state
    n_cells = freq.shape[0]
    n_lists, k_max = lam.shape
    weights, cumulative, base, ratio, ones, draw, class_count, observed = work
    n_obs = 0
    for k in range(k_max):
        class_count[k] = count0[k]
        observed[k] = 0
        for j in range(n_lists):
            ones[j, k] = 0
    # classes of the observed, pattern by pattern
    _missed(lam, nu, base, ratio)
    for m in range(n_cells):
        n_obs += freq[m]
        # list by list, each over every class (a contiguous row of `ratio`): each
        # weight's product is taken in the same order as class by class, so the draws are
        # the same, and the class loop vectorises
        for k in range(k_max):
            weights[k] = base[k]
        for i in range(on_ptr[m], on_ptr[m + 1]):
            j = on_list[i]
            for k in range(k_max):
                weights[k] *= ratio[j, k]
        _split(rng, freq[m], weights, draw, cumulative)
        for k in range(k_max):
            c = draw[k]
            count_cell[m, k] = c
            if c > 0:
                class_count[k] += c
                observed[k] += c
                for i in range(on_ptr[m], on_ptr[m + 1]):
                    ones[on_list[i], k] += c
    # lambda | classes: Beta(1 + recorded, 1 + not recorded), the unrecorded included
    for j in range(n_lists):
        for k in range(k_max):
            if class_count[k] == 0:
                lam[j, k] = rng.random()
            else:
                hit = ones[j, k]
                lam[j, k] = rng.beta(1.0 + hit, 1.0 + class_count[k] - hit)
    # nu | counts: stick-breaking, in logs
    alpha = scalars[0]
    n_total = n_obs + int(scalars[1])
    seen = 0
    log_rest = 0.0
    for k in range(k_max - 1):
        seen += class_count[k]
        g1 = _log_gamma(rng, 1.0 + class_count[k])
        g2 = _log_gamma(rng, alpha + (n_total - seen))
        s = _log_add(g1, g2)
        log_nu[k] = g1 - s + log_rest
        log_rest += g2 - s
        nu[k] = np.exp(log_nu[k])
    log_nu[k_max - 1] = log_rest
    nu[k_max - 1] = np.exp(log_rest)
    # n0 | rest: negative binomial; then the classes of the unrecorded
    _missed(lam, nu, base, ratio)
    missed = 0.0
    for k in range(k_max):
        missed += base[k]
    n0 = _negative_binomial(rng, n_obs, 1.0 - min(missed, 1.0))
    scalars[1] = n0
    _split(rng, n0, base, count0, cumulative)
    if upd:
        shape = prior[0] + k_max - 1.0
        scalars[0] = rng.standard_gamma(shape) / (prior[1] - log_nu[k_max - 1])


@njit(cache=True, nogil=True)
def _workspace(n_lists: int, k_max: int) -> tuple[Array, ...]:
    return (
        np.empty(k_max),
        np.empty(k_max),
        np.empty(k_max),
        np.empty((n_lists, k_max)),
        np.empty((n_lists, k_max), dtype=np.int64),
        np.empty(k_max, dtype=np.int64),
        np.empty(k_max, dtype=np.int64),
        np.zeros(k_max, dtype=np.int64),
    )


@njit(cache=True, nogil=True)
def _on_lists(cells: Array) -> tuple[Array, Array]:
    """The lists each pattern is on, as (pointers, list indices)."""
    n_cells, n_lists = cells.shape
    on_ptr = np.zeros(n_cells + 1, dtype=np.int64)
    for m in range(n_cells):
        on_ptr[m + 1] = on_ptr[m]
        for j in range(n_lists):
            if cells[m, j] == 1:
                on_ptr[m + 1] += 1
    on_list = np.empty(on_ptr[n_cells], dtype=np.int64)
    i = 0
    for m in range(n_cells):
        for j in range(n_lists):
            if cells[m, j] == 1:
                on_list[i] = j
                i += 1
    return on_ptr, on_list


@njit(cache=True, nogil=True)
def _order_by_weight(
    lam: Array, nu: Array, log_nu: Array, count_cell: Array, count0: Array
) -> None:
    """Relabel the classes by decreasing weight (R's `permute_latent_classes_by_nu`)."""
    order = np.argsort(-nu, kind="mergesort")
    lam[:, :] = lam[:, order]
    nu[:] = nu[order]
    log_nu[:] = log_nu[order]
    count_cell[:, :] = count_cell[:, order]
    count0[:] = count0[order]


@njit(cache=True, nogil=True)
def start_chain(
    rng: Generator,
    cells: Array,
    freq: Array,
    state: State,
    prior: Array,
    warmup: int,
) -> None:
    """Initialise a chain as R does, run `warmup` sweeps without the alpha update, and
    order its classes by weight."""
    lam, nu, log_nu, count_cell, count0, scalars = state
    n_cells, n_lists = cells.shape
    k_max = lam.shape[1]
    n_obs = 0
    for m in range(n_cells):
        n_obs += freq[m]
    for j in range(n_lists):
        on = 0
        for m in range(n_cells):
            if cells[m, j] == 1:
                on += freq[m]
        for k in range(k_max):
            lam[j, k] = on / n_obs
    for k in range(k_max):
        if k_max <= 4:
            nu[k] = 1.0 / k_max
        else:
            nu[k] = 0.225 if k < 4 else 0.1 / (k_max - 4)
        log_nu[k] = np.log(nu[k])
        count0[k] = 0
    count_cell[:, :] = 0
    scalars[0] = 0.3 / k_max
    scalars[1] = 0.0
    work = _workspace(n_lists, k_max)
    on_ptr, on_list = _on_lists(cells)
    for _ in range(warmup):
        _sweep(rng, on_ptr, on_list, freq, state, prior, False, work)
    _order_by_weight(lam, nu, log_nu, count_cell, count0)


@njit(cache=True, nogil=True)
def advance_chain(
    rng: Generator,
    cells: Array,
    freq: Array,
    state: State,
    prior: Array,
    sweeps: int,
    thin: int,
    n0: Array,
    used: Array,
) -> None:
    """Run `sweeps` sweeps and record n0 and the number of occupied classes into `n0` and
    `used` (of equal length, at most sweeps // thin) at the last sweeps `thin` apart, the
    last sweep last (as R's trace when sweeps = samples * thinning)."""
    lam, _, _, _, count0, scalars = state
    n_lists = cells.shape[1]
    k_max = lam.shape[1]
    work = _workspace(n_lists, k_max)
    on_ptr, on_list = _on_lists(cells)
    kept = 0
    first = sweeps - n0.shape[0] * thin
    for s in range(1, sweeps + 1):
        _sweep(rng, on_ptr, on_list, freq, state, prior, True, work)
        if s > first and (sweeps - s) % thin == 0:
            n0[kept] = int(scalars[1])
            occupied = 0
            observed = work[7]  # each class's observed people this sweep (`_sweep`)
            for k in range(k_max):
                if count0[k] + observed[k] > 0:
                    occupied += 1
            used[kept] = occupied
            kept += 1
