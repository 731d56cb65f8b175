"""Heterogeneous-capture models Mh and Mth as log-linear models (Rivest and Baillargeon).

When some people are easier to record than others, on every list, the count of people
recorded by k lists carries the heterogeneity. Mh models it with a common capture effect
(one column: the number of lists) and Mth with one effect per list; both add columns that
are functions of the number of lists k, as Rcapture's closedp.t:

- Chao (lower bound): eta_j = max(k - j + 1, 0) for j = 3..J; negative etas are removed one
  at a time and the model refitted (Rcapture's rule), which makes it a lower bound;
- Poisson2: 2^k - 1;  Darroch: k^2 / 2;  Gamma3.5: log(3.5) - log(3.5 + k).

The estimate and interval are the profile-likelihood ones (closedpCI.t); the Poisson
estimate n + exp(b0) that closedp.t prints is in the diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from headcount.estimation.checks import model_reasons, require_table
from headcount.estimation.errors import EstimationRefused
from headcount.estimation.loglinear import fit_caveats
from headcount.estimation.poisson import PoissonFit, fit_poisson, unseen_stderr
from headcount.estimation.profile import profile_interval
from headcount.estimation.results import Estimate
from headcount.estimation.table import CaptureTable, pattern_matrix


def _chao(k: np.ndarray, n_lists: int) -> np.ndarray:
    return np.column_stack([np.maximum(k - j + 1, 0) for j in range(3, n_lists + 1)])


_COLUMNS: dict[str, tuple[str, Callable[[np.ndarray, int], np.ndarray]]] = {
    "chao": ("Chao (LB)", _chao),
    "poisson": ("Poisson2", lambda k, _: (2.0**k - 1.0)[:, None]),
    "darroch": ("Darroch", lambda k, _: (k**2 / 2.0)[:, None]),
    "gamma": ("Gamma3.5", lambda k, _: (np.log(3.5) - np.log(3.5 + k))[:, None]),
}


@dataclass(frozen=True)
class HeterogeneityModel:
    """Mh (common capture effect) or Mth (one per list) with one heterogeneity form."""

    base: str
    form: str

    def __post_init__(self) -> None:
        if self.base not in ("Mh", "Mth") or self.form not in _COLUMNS:
            raise ValueError(f"unknown heterogeneity model {self.base} {self.form}")

    @property
    def name(self) -> str:
        """Rcapture's name, e.g. "Mth Chao (LB)", "Mh Gamma3.5"."""
        return f"{self.base} {_COLUMNS[self.form][0]}"

    @property
    def method(self) -> str:
        """headcount's method name, e.g. "mth-chao"."""
        return f"{self.base.lower()}-{self.form}"

    def base_columns(self, n_lists: int) -> int:
        """Columns before the heterogeneity ones (1 for Mh, J for Mth)."""
        return 1 if self.base == "Mh" else n_lists

    def design(self, n_lists: int) -> np.ndarray:
        """Columns over the observable patterns: capture effects then heterogeneity."""
        patterns = pattern_matrix(n_lists)[1:].astype(float)
        k = patterns.sum(axis=1)
        base = k[:, None] if self.base == "Mh" else patterns
        return np.column_stack([base, _COLUMNS[self.form][1](k, n_lists)])

    def refit(self, n_lists: int) -> Callable[[np.ndarray, np.ndarray], PoissonFit]:
        """The fitting rule: plain Poisson, or Chao's removal of negative etas."""
        if self.form != "chao":
            return fit_poisson
        keep = self.base_columns(n_lists)

        def fit_without_negative_eta(counts: np.ndarray, design: np.ndarray) -> PoissonFit:
            fit = fit_poisson(counts, design)
            while design.shape[1] > keep:
                negative = np.flatnonzero(fit.coef[keep + 1 :] < 0)
                if negative.size == 0:
                    break
                design = np.delete(design, keep + int(negative[0]), axis=1)
                fit = fit_poisson(counts, design)
            return fit

        return fit_without_negative_eta


def estimate_heterogeneity(
    table: CaptureTable, model: HeterogeneityModel, *, level: float = 0.95
) -> Estimate:
    """Profile-likelihood estimate and interval of N under a heterogeneity model."""
    require_table(table)
    counts = table.counts[1:]
    design = model.design(table.n_lists)
    # Chao's etas are constrained to be non-negative (a negative one is dropped), so a
    # direction along which an eta runs to minus infinity does not matter: check the rest.
    checked = design[:, : model.base_columns(table.n_lists)] if model.form == "chao" else design
    reasons = model_reasons(counts, checked, model.name)
    if reasons:
        raise EstimationRefused(reasons)
    refit = model.refit(table.n_lists)
    fit = refit(counts, design)
    poisson_estimate = table.observed + fit.unseen
    interval = profile_interval(counts, design, poisson_estimate, level=level, refit=refit)
    diagnostics = {
        "interval": "profile likelihood",
        "poisson_estimate": poisson_estimate,
        "stderr": unseen_stderr(fit),
        "deviance": fit.deviance,
        "df": fit.df_resid,
        "aic": fit.aic(),
        "bic": fit.bic(table.observed),
    }
    return Estimate(
        method=model.method,
        model=model.name,
        observed=table.observed,
        estimate=interval.estimate,
        lower=interval.lower,
        upper=interval.upper,
        lists=table.lists,
        level=level,
        diagnostics=diagnostics,
        warnings=tuple(fit_caveats(fit, interval.upper, interval.lower_at_observed)),
    )
