"""One entry point for every method, and several methods side by side.

Method names are the CLI's: `lcmcr` (the default), `bma` (model averaging over
decomposable graphs, as R's dga), `loglinear` (one model, given or chosen by AIC/BIC), and
the heterogeneity models `mh-chao` … `mth-gamma`. The default is LCMCR because its
posterior averages over latent-class structures (the number of classes is learned), so
its interval carries the uncertainty of that choice, and because on simulated
heterogeneous, dependent lists (benchmarks/estimation.py) its intervals came closest to
their coverage (90.5% of 95% intervals; dga-style averaging over graphs 34%). A
comparison never hides disagreement: it lists every estimate, the refusals, the lowest and
highest, and warns when intervals miss each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from headcount.estimation.bma import estimate_bma
from headcount.estimation.catalogue import DEFAULT_METHOD, HETEROGENEITY_METHODS, METHODS
from headcount.estimation.checks import table_reasons
from headcount.estimation.errors import EstimationRefused, Reason
from headcount.estimation.heterogeneity import (
    HeterogeneityModel,
    estimate_heterogeneity,
)
from headcount.estimation.lcmcr import LcmcrSettings, estimate_lcmcr, estimate_lcmcr_tables
from headcount.estimation.loglinear import estimate_loglinear
from headcount.estimation.models import LogLinearModel
from headcount.estimation.results import Caveat, Comparison, Estimate
from headcount.estimation.selection import estimate_selected
from headcount.estimation.table import CaptureTable

DISAGREEMENT_RATIO = 1.25


def parse_methods(text: str) -> list[str]:
    """ "all", one method, or a comma-separated list, checked against METHODS."""
    if text.strip() == "all":
        return list(METHODS)
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [n for n in names if n not in METHODS]
    if unknown or not names:
        raise ValueError(
            f"unknown method {', '.join(unknown) or repr(text)}; "
            f"choose from {', '.join(METHODS)} or all"
        )
    return names


def check_lcmcr_settings(methods: Sequence[str], lcmcr: LcmcrSettings | None) -> None:
    """LCMCR's settings given for methods that do not include LCMCR are an error, not
    silently ignored."""
    if lcmcr is not None and "lcmcr" not in methods:
        raise ValueError(
            "the LCMCR settings (K, a_alpha, b_alpha, burnin, samples, thinning, chains) "
            f"apply to the lcmcr method only, not to {', '.join(methods)}"
        )


def estimate(
    table: CaptureTable,
    methods: str = DEFAULT_METHOD,
    *,
    model: str | None = None,
    select: str = "bic",
    seed: int | None = None,
    level: float = 0.95,
    lcmcr: LcmcrSettings | None = None,
) -> Estimate | Comparison:
    """One method's Estimate, or a Comparison for "all" or a comma-separated list."""
    names = parse_methods(methods)
    check_lcmcr_settings(names, lcmcr)
    if len(names) == 1 and methods.strip() != "all":
        return estimate_table(
            table, names[0], model=model, select=select, seed=seed, level=level, lcmcr=lcmcr
        )
    return compare_methods(
        table, names, model=model, select=select, seed=seed, level=level, lcmcr=lcmcr
    )


def estimate_table(
    table: CaptureTable,
    method: str = DEFAULT_METHOD,
    *,
    model: str | None = None,
    select: str = "bic",
    seed: int | None = None,
    level: float = 0.95,
    lcmcr: LcmcrSettings | None = None,
) -> Estimate:
    """Estimate the total from a capture table with one method (raises EstimationRefused)."""
    if model is not None and method != "loglinear":
        raise ValueError("a model can be given only with the loglinear method")
    if method == "loglinear":
        if model is None:
            return estimate_selected(table, select, level=level)
        return estimate_loglinear(table, LogLinearModel.parse(model, table.n_lists), level=level)
    if method == "bma":
        return estimate_bma(table, level=level, seed=seed)
    if method == "lcmcr":
        return estimate_lcmcr(table, lcmcr, seed=seed, level=level)
    if method in HETEROGENEITY_METHODS:
        base, form = method.split("-")
        het = HeterogeneityModel("Mh" if base == "mh" else "Mth", form)
        return estimate_heterogeneity(table, het, level=level)
    raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")


def estimate_tables(
    tables: Sequence[CaptureTable],
    method: str = DEFAULT_METHOD,
    *,
    seeds: Sequence[int | None] | None = None,
    level: float = 0.95,
    lcmcr: LcmcrSettings | None = None,
    workers: int | None = None,
) -> list[Estimate | EstimationRefused]:
    """`estimate_table` of many tables at once (the strata of a stratification, or the
    same strata under several plausible partitions of the records): for each table in
    order, its Estimate (with its posterior `draws` of N for the Bayesian methods) or the
    EstimationRefused saying why it has none. `seeds[i]` seeds table i, so that a table's
    result does not depend on the others. With `lcmcr`, the chains of every table share
    `workers` threads (default: every core) and each stops when it has converged."""
    seeds = list(seeds) if seeds is not None else [None] * len(tables)
    if len(seeds) != len(tables):
        raise ValueError(f"{len(tables)} tables but {len(seeds)} seeds")
    if method != "lcmcr":
        out: list[Estimate | EstimationRefused] = []
        for table, seed in zip(tables, seeds, strict=True):
            try:
                out.append(estimate_table(table, method, seed=seed, level=level))
            except EstimationRefused as refusal:
                out.append(refusal)
        return out
    reasons = [table_reasons(t) for t in tables]
    fit = [i for i, r in enumerate(reasons) if not r]
    estimates = estimate_lcmcr_tables(
        [tables[i] for i in fit], lcmcr, seeds=[seeds[i] for i in fit], level=level, workers=workers
    )
    done: dict[int, Estimate] = dict(zip(fit, estimates, strict=True))
    return [done[i] if i in done else EstimationRefused(reasons[i]) for i in range(len(tables))]


def compare_methods(
    table: CaptureTable,
    methods: list[str],
    *,
    model: str | None = None,
    select: str = "bic",
    seed: int | None = None,
    level: float = 0.95,
    lcmcr: LcmcrSettings | None = None,
) -> Comparison:
    """Every method's estimate side by side; a method that refuses is listed with why."""
    estimates: list[Estimate] = []
    refused: dict[str, list[dict[str, str]]] = {}
    for method in methods:
        try:
            estimates.append(
                estimate_table(
                    table,
                    method,
                    model=model if method == "loglinear" else None,
                    select=select,
                    seed=seed,
                    level=level,
                    lcmcr=lcmcr,
                )
            )
        except EstimationRefused as refusal:
            refused[method] = [r.to_dict() for r in refusal.reasons]
    if not estimates and refused:
        raise EstimationRefused(
            [Reason(r["code"], f"{m}: {r['message']}") for m, rs in refused.items() for r in rs]
        )
    comparison = Comparison(table.observed, table.lists, tuple(estimates), refused)
    return replace(comparison, warnings=tuple(_disagreement_caveats(comparison)))


def _disagreement_caveats(comparison: Comparison) -> list[Caveat]:
    """Say so when methods disagree beyond their intervals or by a wide ratio."""
    summary = comparison.disagreement()
    out = []
    if summary and summary["disjoint_intervals"]:
        pairs = "; ".join(f"{a} and {b}" for a, b in summary["disjoint_intervals"])
        out.append(
            Caveat(
                "intervals_disjoint",
                f"some methods' intervals do not overlap ({pairs}): their assumptions about "
                "list dependence and heterogeneity cannot all hold",
            )
        )
    ratio = summary.get("ratio") if summary else None
    if isinstance(ratio, float) and ratio > DISAGREEMENT_RATIO:
        out.append(
            Caveat(
                "methods_disagree",
                f"the highest estimate is {ratio:.2f} times the lowest: the choice of method "
                "matters more than any single interval shows",
            )
        )
    return out
