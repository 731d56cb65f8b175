"""Choosing a log-linear model by AIC or BIC, as Rcapture's closedpMS.t.

Up to five lists every hierarchical model with interactions up to order J-1 is fitted
(8 models for three lists, 113 for four, 7,580 for five); beyond, a stepwise search adds or
removes one term at a time from independence while the criterion improves. A model is not
eligible when it is not identifiable, its maximum-likelihood estimate does not exist, its
fit did not converge, or its asymptotic bias exceeds a tenth of its estimate (the models
Rcapture flags with a warning; on the hepatitis A table the best-BIC model is such a
one, fitting exactly with an estimate of 1,313 and a bias of 169).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from headcount.estimation.checks import require_table
from headcount.estimation.errors import EstimationRefused, Reason
from headcount.estimation.loglinear import ModelFit, estimate_loglinear, fit_model
from headcount.estimation.models import LogLinearModel, Term, all_hierarchical
from headcount.estimation.results import Estimate
from headcount.estimation.table import CaptureTable

CRITERIA = ("aic", "bic")
EXHAUSTIVE_MAX_LISTS = 5


@dataclass(frozen=True)
class Selection:
    """The models compared, ranked by the criterion, and why some were set aside."""

    criterion: str
    search: str
    ranked: tuple[ModelFit, ...]
    excluded: dict[str, str]

    @property
    def best(self) -> ModelFit:
        """The eligible model with the smallest criterion."""
        return self.ranked[0]

    def summary(self, top: int = 5) -> dict[str, object]:
        """The search and its leading models, for an estimate's diagnostics."""
        return {
            "criterion": self.criterion,
            "search": self.search,
            "models_searched": len(self.ranked) + len(self.excluded),
            "models_excluded": len(self.excluded),
            "leading_models": [
                {
                    "model": f.model.name,
                    self.criterion: _criterion(f, self.criterion),
                    "poisson_estimate": f.poisson_estimate,
                }
                for f in self.ranked[:top]
            ],
        }


def _criterion(fit: ModelFit, criterion: str) -> float:
    return fit.aic if criterion == "aic" else fit.bic


def select_model(
    table: CaptureTable, criterion: str = "bic", max_order: int | None = None
) -> Selection:
    """Fit the candidate models and rank the eligible ones by `criterion` (aic or bic)."""
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {', '.join(CRITERIA)}, not {criterion!r}")
    require_table(table)
    fits: dict[LogLinearModel, ModelFit] = {}
    excluded: dict[str, str] = {}
    if table.n_lists <= EXHAUSTIVE_MAX_LISTS:
        search = "exhaustive"
        for model in all_hierarchical(table.n_lists, max_order):
            _try_fit(table, model, fits, excluded)
    else:
        search = "stepwise"
        _stepwise(table, criterion, max_order, fits, excluded)
    ranked = sorted(fits.values(), key=lambda f: _criterion(f, criterion))
    eligible = []
    for fit in ranked:
        if fit.bias_is_large:
            excluded[fit.model.name] = "asymptotic bias above a tenth of the estimate"
        else:
            eligible.append(fit)
    if not eligible:
        raise EstimationRefused(
            [Reason("no_eligible_model", "no log-linear model could be fitted to this table")]
        )
    return Selection(criterion, search, tuple(eligible), excluded)


def _try_fit(
    table: CaptureTable,
    model: LogLinearModel,
    fits: dict[LogLinearModel, ModelFit],
    excluded: dict[str, str],
) -> ModelFit | None:
    """Fit `model` once; record it as excluded (with the reason) when it cannot be used."""
    if model in fits:
        return fits[model]
    if model.name in excluded:
        return None
    try:
        fit = fit_model(table, model)
    except EstimationRefused as refusal:
        excluded[model.name] = refusal.reasons[0].code
        return None
    if not fit.fit.converged:
        excluded[model.name] = "fit did not converge"
        return None
    fits[model] = fit
    return fit


def _neighbours(model: LogLinearModel, max_order: int) -> list[LogLinearModel]:
    """Models one hierarchical step away: one interaction added or one removed."""
    terms = set(model.interactions)
    out = []
    for size in range(2, max_order + 1):
        for term in itertools.combinations(range(model.n_lists), size):
            if term in terms:
                continue
            faces = itertools.combinations(term, size - 1)
            if size == 2 or all(f in terms for f in faces):
                out.append(LogLinearModel.of(model.n_lists, [*terms, term]))
    for term in terms:
        if not any(set(term) < set(other) for other in terms):
            rest: list[Term] = [t for t in terms if t != term]
            out.append(LogLinearModel.of(model.n_lists, rest))
    return out


def _stepwise(
    table: CaptureTable,
    criterion: str,
    max_order: int | None,
    fits: dict[LogLinearModel, ModelFit],
    excluded: dict[str, str],
) -> None:
    """Greedy search from independence; fills `fits` with every model visited."""
    order = table.n_lists - 1 if max_order is None else max_order
    current = _try_fit(table, LogLinearModel.independence(table.n_lists), fits, excluded)
    while current is not None:
        best = current
        for model in _neighbours(current.model, order):
            fit = _try_fit(table, model, fits, excluded)
            if (
                fit is not None
                and not fit.bias_is_large
                and _criterion(fit, criterion) < _criterion(best, criterion)
            ):
                best = fit
        if best is current:
            return
        current = best


def estimate_selected(
    table: CaptureTable, criterion: str = "bic", *, level: float = 0.95
) -> Estimate:
    """The profile-likelihood estimate under the model chosen by `criterion`."""
    selection = select_model(table, criterion)
    return estimate_loglinear(
        table, selection.best.model, level=level, selection=selection.summary()
    )
