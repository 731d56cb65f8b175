"""Hierarchical log-linear models (Fienberg 1972), equal to Rcapture's closedpCI.t.

The estimate is the maximum of the multinomial profile likelihood and the interval is
the profile-likelihood interval, as `closedpCI.t(X, dfreq=TRUE, mX=...)` reports them;
the Poisson estimate n + exp(b0) and its standard error, deviance, AIC and BIC are the
diagnostics `closedp.t`/`closedpMS.t` print.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from headcount.estimation.checks import model_reasons, require_table
from headcount.estimation.errors import EstimationRefused
from headcount.estimation.models import LogLinearModel
from headcount.estimation.poisson import PoissonFit, fit_poisson, unseen_stderr
from headcount.estimation.profile import profile_interval
from headcount.estimation.results import Caveat, Estimate
from headcount.estimation.table import CaptureTable

METHOD = "loglinear"
BIAS_LIMIT = 0.1


@dataclass(frozen=True)
class ModelFit:
    """One fitted log-linear model with the figures model selection compares."""

    model: LogLinearModel
    fit: PoissonFit
    observed: int

    @property
    def poisson_estimate(self) -> float:
        """n + exp(b0): Rcapture's 'abundance' in closedp.t and closedpMS.t."""
        return self.observed + self.fit.unseen

    @property
    def aic(self) -> float:
        """R's AIC of the Poisson fit."""
        return self.fit.aic()

    @property
    def bic(self) -> float:
        """Rcapture's BIC (penalty: log of the number of people observed)."""
        return self.fit.bic(self.observed)

    @property
    def bias(self) -> float:
        """Asymptotic bias of the Poisson estimate (Rcapture's closedp.fitone formula)."""
        exog = np.column_stack([np.ones(self.model.design().shape[0]), self.model.design()])
        mu = np.exp(exog @ self.fit.coef)
        xi = -0.5 * np.einsum("ij,jk,ik->i", exog, self.fit.cov, exog)
        psi = -2.0 * exog.T @ (mu * xi)
        psi[0] -= 1.0
        return float(0.5 * self.fit.unseen * (-self.fit.cov @ psi)[0])

    @property
    def bias_is_large(self) -> bool:
        """Rcapture's warning: asymptotic bias above a tenth of the estimate."""
        return abs(self.bias) > BIAS_LIMIT * self.poisson_estimate

    def summary(self) -> dict[str, object]:
        """The figures of this fit as plain data, for diagnostics."""
        return {
            "model": self.model.name,
            "poisson_estimate": self.poisson_estimate,
            "stderr": unseen_stderr(self.fit),
            "deviance": self.fit.deviance,
            "df": self.fit.df_resid,
            "aic": self.aic,
            "bic": self.bic,
            "asymptotic_bias": self.bias,
        }


def fit_model(table: CaptureTable, model: LogLinearModel) -> ModelFit:
    """Fit one model by Poisson regression; refuses if not identifiable or no MLE exists."""
    counts = table.counts[1:]
    design = model.design()
    reasons = model_reasons(counts, design, model.name)
    if reasons:
        raise EstimationRefused(reasons)
    return ModelFit(model, fit_poisson(counts, design), table.observed)


def estimate_loglinear(
    table: CaptureTable,
    model: LogLinearModel,
    *,
    level: float = 0.95,
    selection: dict[str, object] | None = None,
) -> Estimate:
    """Profile-likelihood estimate and interval of N under one log-linear model."""
    require_table(table)
    fitted = fit_model(table, model)
    interval = profile_interval(
        table.counts[1:], model.design(), fitted.poisson_estimate, level=level
    )
    diagnostics: dict[str, object] = {"interval": "profile likelihood", **fitted.summary()}
    diagnostics["rcapture_model"] = model.rcapture_name
    if selection is not None:
        diagnostics["selection"] = selection
    caveats = fit_caveats(fitted.fit, interval.upper, interval.lower_at_observed)
    if selection is not None:
        caveats.append(
            Caveat(
                "interval_ignores_selection",
                "the interval is that of the selected model alone and ignores the "
                "uncertainty of choosing it; lcmcr (the default) and bma account for model uncertainty",
            )
        )
    return Estimate(
        method=METHOD,
        model=model.name,
        observed=table.observed,
        estimate=interval.estimate,
        lower=interval.lower,
        upper=interval.upper,
        lists=table.lists,
        level=level,
        diagnostics=diagnostics,
        warnings=tuple(caveats),
    )


def fit_caveats(fit: PoissonFit, upper: float | None, lower_at_observed: bool) -> list[Caveat]:
    """Cautions any Poisson-model estimate shares: convergence, unbounded interval."""
    caveats = []
    if not fit.converged or fit.messages:
        detail = "; ".join(fit.messages) or "no convergence"
        caveats.append(Caveat("fit_unstable", f"the model fit is unstable ({detail})"))
    if upper is None:
        caveats.append(
            Caveat(
                "no_upper_bound",
                "the data put no upper bound on the total: the profile likelihood stays "
                "high however large N is",
            )
        )
    if lower_at_observed:
        caveats.append(
            Caveat(
                "lower_at_observed",
                "the lower limit is the number observed: the data are compatible with no "
                "one having been missed",
            )
        )
    return caveats
