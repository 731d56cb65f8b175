"""Checks made before fitting: can these data support an estimate at all?

Refusing is part of the method. A table needs three lists or more (with two, list
dependence cannot be modelled at all), every list must have recorded someone, enough
people must have been seen, and some of them on more than one list (with no overlap there
is nothing to estimate the unseen from). For a given log-linear model, its parameters must
be identifiable from the observed cells (full column rank) and its maximum-likelihood
estimate must exist: Haberman's condition, checked as a linear programme, that some
strictly positive table has the same sufficient statistics as the observed one (zero
margins and their subtler kin make it fail; Fienberg and Rinaldo 2012).
"""

from __future__ import annotations

import numpy as np
from scipy import optimize

from headcount.estimation.errors import EstimationRefused, Reason
from headcount.estimation.table import CaptureTable

MIN_LISTS = 3
MIN_OBSERVED = 20
MIN_OVERLAP = 1


def table_reasons(table: CaptureTable, min_observed: int = MIN_OBSERVED) -> list[Reason]:
    """Every reason this table cannot support any estimate (empty when it can)."""
    reasons: list[Reason] = []
    if table.n_lists < MIN_LISTS:
        reasons.append(
            Reason(
                "too_few_lists",
                f"multiple systems estimation needs at least {MIN_LISTS} lists; this table "
                f"has {table.n_lists} ({', '.join(table.lists)}), and with fewer the "
                "dependence between lists cannot be checked",
            )
        )
    for name, total in table.list_totals().items():
        if total == 0:
            reasons.append(Reason("empty_list", f"list '{name}' recorded no one; drop it"))
    if table.observed < min_observed:
        reasons.append(
            Reason(
                "too_few_observed",
                f"only {table.observed} people were recorded; at least {min_observed} are "
                "needed for an estimate worth reporting",
            )
        )
    multiple = int(table.counts[table.patterns.sum(axis=1) >= 2].sum())
    if table.observed and multiple < MIN_OVERLAP:
        reasons.append(
            Reason(
                "no_overlap",
                "no one was recorded by more than one list, so nothing links the lists and "
                "the number never recorded cannot be estimated",
            )
        )
    return reasons


def require_table(table: CaptureTable, min_observed: int = MIN_OBSERVED) -> None:
    """Raise EstimationRefused with every reason the table cannot support an estimate."""
    reasons = table_reasons(table, min_observed)
    if reasons:
        raise EstimationRefused(reasons)


def model_reasons(counts: np.ndarray, design: np.ndarray, name: str) -> list[Reason]:
    """Reasons model `name` cannot be fitted: not identifiable, or no MLE (empty if fine).

    The linear programme runs only when some observed pattern count is zero: with every
    count positive the observed table itself satisfies Haberman's condition.
    """
    exog = np.column_stack([np.ones(design.shape[0]), design])
    if np.linalg.matrix_rank(exog) < exog.shape[1]:
        return [
            Reason(
                "not_identifiable",
                f"model {name} has {exog.shape[1]} parameters that the "
                f"{exog.shape[0]} observable patterns cannot separate; choose a simpler model",
            )
        ]
    if (np.asarray(counts) == 0).any() and not mle_exists(counts, exog):
        return [
            Reason(
                "estimate_does_not_exist",
                f"under model {name} the maximum-likelihood estimate does not exist: zero "
                "counts where the model needs information (such as a zero margin) push a "
                "parameter to infinity; choose a simpler model or merge sparse lists",
            )
        ]
    return []


def mle_exists(counts: np.ndarray, exog: np.ndarray, tol: float = 1e-9) -> bool:
    """Haberman's condition: a table w > 0 with exog.T @ w == exog.T @ counts exists.

    Solved as: maximise s subject to exog.T w = exog.T counts, w_i >= s, s <= 1.
    """
    m = exog.shape[0]
    target = exog.T @ np.asarray(counts, dtype=float)
    scale = max(float(np.abs(target).max()), 1.0)
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_eq = np.column_stack([exog.T, np.zeros(exog.shape[1])])
    a_ub = np.column_stack([-np.eye(m), np.ones(m)])
    bounds = [(0.0, None)] * m + [(None, 1.0)]
    result = optimize.linprog(
        c,
        A_ub=a_ub,
        b_ub=np.zeros(m),
        A_eq=a_eq,
        b_eq=target / scale,
        bounds=bounds,
        method="highs",
    )
    return bool(result.status == 0 and -result.fun > tol)
