"""The prior re-estimated from the scored pairs: how many of them the model expects to match.

Splink's prior (the probability that two records drawn at random are the same person) comes
from deterministic rules and the recall the user assumes for them (`train.PRIOR_RULES`, "same
sorted name and birth day", recall 0.6). Here most records give no birth day — news reports,
death notices, camp registers with a year — so that rule finds far fewer than 60% of the
matches, and the prior came out 6.5 times too small on simulated populations (−15.7 bits
where the truth was −13.0): every pair was judged 2.7 bits too unlikely, and records with a
name and a country only (the bulk of the news) never reached the threshold.

With m and u trained, the prior is the one parameter left, and Fellegi and Sunter's EM
estimates it from the blocked pairs alone: λ is the share of all record pairs that the model,
given λ, expects to be matches,

    λ ← Σᵢ P(match | γᵢ, λ) / (n(n−1)/2),   P(match | γ, λ) = λ·BF(γ) / (λ·BF(γ) + 1 − λ),

iterated to its fixed point over the pairs scored (those below the scoring floor add next to
nothing). Pairs blocking never proposes count as non-matches, so λ errs low by the blocking's
recall: on 10,000 simulated persons the fixed point was −13.6 bits against a true −13.0 (68%
of true pairs were candidates). Splink's `estimate_probability_two_random_records_match`
cannot do this (it needs the rules' recall); this is its missing last step, written out
because it is a dozen lines over the scores Splink returns.

Invariant: the estimate depends only on the pairs' Bayes factors and the number of records;
a pair's Bayes factor is unchanged, only the prior under it moves.
"""

from __future__ import annotations

import numpy as np

ITERATIONS = 200
TOLERANCE = 1e-9
"""Stop when λ moves by less than this, relatively."""
CEILING = 0.5
"""λ is never let above this (a store where half of all pairs match has no persons to count)."""


def logit2(p: float) -> float:
    return float(np.log2(p / (1 - p)))


def reestimated_prior(weights: np.ndarray, prior: float, records: int) -> float:
    """The fixed point λ for pairs scored at match weights `weights` under `prior`."""
    total = records * (records - 1) / 2
    if total <= 0 or len(weights) == 0:
        return prior
    factors = np.asarray(weights, np.float64) - logit2(prior)
    # two buffers for every iteration's arrays (tens of millions of pairs at a million
    # records: each temporary of `odds / (1 + odds)` written out would be another copy)
    odds, shares = np.empty_like(factors), np.empty_like(factors)
    lam = prior
    for _ in range(ITERATIONS):
        np.add(factors, logit2(lam), out=odds)
        np.exp2(np.clip(odds, -1000, 1000, out=odds), out=odds)
        np.divide(odds, np.add(odds, 1, out=shares), out=shares)
        new = min(float(shares.sum()) / total, CEILING)
        if abs(new - lam) <= TOLERANCE * lam:
            return new
        lam = new
    return lam
