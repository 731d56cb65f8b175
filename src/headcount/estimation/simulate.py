"""Simulated capture histories from a population of known size, for tests and users.

Each person has a capture propensity shared by every list (heterogeneity: a normal
random effect of standard deviation `heterogeneity` on the log-odds of every list) and
lists may depend on each other (`dependence[(a, b)]`: being on list a adds that much to
the log-odds of being on list b, a < b; positive for referral, negative for avoidance).
Only people recorded by at least one list are returned, as an analyst would see them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import special


def simulate_histories(
    population: int,
    capture: Sequence[float] = (0.3, 0.25, 0.2, 0.3),
    *,
    heterogeneity: float = 0.0,
    dependence: Mapping[tuple[int, int], float] | None = None,
    names: Sequence[str] | None = None,
    seed: int | None = None,
) -> pd.DataFrame:
    """One row per recorded person, one 0/1 column per list (of `population` people).

    `capture` gives each list's capture probability for a person of average propensity.
    """
    rng = np.random.default_rng(seed)
    n_lists = len(capture)
    columns = list(names) if names is not None else [f"L{j + 1}" for j in range(n_lists)]
    if len(columns) != n_lists:
        raise ValueError("give one name per list")
    links = dict(dependence or {})
    for a, b in links:
        if not 0 <= a < b < n_lists:
            raise ValueError(f"dependence {(a, b)}: lists are 0..{n_lists - 1} and a < b")
    effect = rng.normal(0.0, heterogeneity, population) if heterogeneity > 0 else 0.0
    base = special.logit(np.asarray(capture, dtype=float))
    caught = np.zeros((population, n_lists), dtype=np.int64)
    for j in range(n_lists):
        logit = base[j] + effect
        for (a, b), strength in links.items():
            if b == j:
                logit = logit + strength * caught[:, a]
        caught[:, j] = rng.random(population) < special.expit(logit)
    seen = caught.sum(axis=1) > 0
    return pd.DataFrame(caught[seen], columns=columns)
