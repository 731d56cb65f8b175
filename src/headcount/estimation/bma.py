"""Bayesian model averaging over decomposable graphical models (Madigan and York 1997).

headcount's default method, because its interval accounts for the choice of model: the
posterior of N is averaged over every decomposable graph of list dependence, each
weighted by its posterior probability, as R's dga (`bma.cr`) does. The prior is dga's:
hyper-Dirichlet with delta = 2^-J per cell, p(N) ∝ 1/N, graphs equally likely. One
difference, on purpose: the complete graph (the saturated model) is left out by default,
because the J-way interaction cannot be identified from the observed cells; with it, the
posterior of N piles up at the number observed whenever it fits well (dga reports
271-759 on the hepatitis A table, lower limit = observed). `include_saturated=True`
gives dga's behaviour.

The posterior is computed exactly on a grid of N (every integer while the range is short,
evenly spaced points with their widths otherwise), extended until the tail beyond it is
negligible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

from headcount.estimation.checks import require_table
from headcount.estimation.errors import EstimationRefused, Reason
from headcount.estimation.graphs import MAX_LISTS, DecomposableGraph, decomposable_graphs
from headcount.estimation.results import Caveat, Estimate
from headcount.estimation.table import CaptureTable

METHOD = "bma"
GRID_BUDGET = 30_000_000
"""Graphs times grid points evaluated at most (keeps six lists to about a second)."""
TAIL_DROP = 30.0
"""The grid ends where the log posterior is this far below its maximum (e^-30)."""
MAX_FACTOR = 1000.0


@dataclass(frozen=True)
class BmaPosterior:
    """Posterior probabilities over graphs (rows) and grid values of N (columns)."""

    graphs: tuple[DecomposableGraph, ...]
    totals: np.ndarray
    weights: np.ndarray

    @property
    def of_total(self) -> np.ndarray:
        """Marginal posterior of N over the grid."""
        return np.asarray(self.weights.sum(axis=0))

    @property
    def of_graph(self) -> np.ndarray:
        """Posterior probability of each graph."""
        return np.asarray(self.weights.sum(axis=1))

    def quantile(self, q: float) -> float:
        """The smallest grid value of N whose posterior cumulative probability reaches q."""
        cumulative = np.cumsum(self.of_total)
        index = int(np.searchsorted(cumulative, q * cumulative[-1]))
        return float(self.totals[min(index, len(self.totals) - 1)])

    def sample(self, size: int, seed: int | None) -> np.ndarray:
        """Draws of N from the marginal posterior (for combining strata)."""
        rng = np.random.default_rng(seed)
        p = self.of_total / self.of_total.sum()
        return np.asarray(rng.choice(self.totals, size=size, p=p))


def _subset_terms(table: CaptureTable, unseen: np.ndarray, delta: float) -> np.ndarray:
    """log ML of the marginal table over every subset of lists (bit j = list j), per N."""
    n_lists = table.n_lists
    patterns = table.patterns
    total_alpha = delta * 2**n_lists
    totals = table.observed + unseen
    out = np.zeros((2**n_lists, unseen.shape[0]))
    for subset in range(1, 2**n_lists):
        members = [j for j in range(n_lists) if subset >> j & 1]
        alpha = delta * 2 ** (n_lists - len(members))
        weights = 1 << np.arange(len(members) - 1, -1, -1)
        cell = patterns[:, members] @ weights
        margin = np.bincount(cell, weights=table.counts, minlength=2 ** len(members))
        fixed = special.gammaln(margin[1:] + alpha).sum() - (margin.size - 1) * special.gammaln(
            alpha
        )
        zero_cell = special.gammaln(margin[0] + unseen + alpha) - special.gammaln(alpha)
        out[subset] = (
            special.gammaln(total_alpha) - special.gammaln(totals + total_alpha) + fixed + zero_cell
        )
    return out


def _incidence(graphs: tuple[DecomposableGraph, ...], n_lists: int) -> np.ndarray:
    """(graphs, subsets) matrix: +1 per family, -1 per parent set."""
    matrix = np.zeros((len(graphs), 2**n_lists))
    for g, graph in enumerate(graphs):
        for family, parents in graph.factors:
            matrix[g, family] += 1.0
            matrix[g, parents] -= 1.0
    return matrix


def _log_posterior(
    table: CaptureTable, graphs: tuple[DecomposableGraph, ...], unseen: np.ndarray, delta: float
) -> np.ndarray:
    """Unnormalised log posterior of (graph, N) over the unseen grid."""
    terms = _subset_terms(table, unseen, delta)
    terms[0] = 0.0
    totals = table.observed + unseen
    multinomial = (
        special.gammaln(totals + 1.0)
        - special.gammaln(table.counts[1:] + 1.0).sum()
        - special.gammaln(unseen + 1.0)
    )
    log_prior = -np.log(np.maximum(totals, 1.0))
    return np.asarray(_incidence(graphs, table.n_lists) @ terms + multinomial + log_prior)


def _grid(upper: float, points: int) -> tuple[np.ndarray, np.ndarray]:
    """Unseen values 0..upper and the width each stands for.

    Every integer up to `points` / 2 (the posterior can spike at 0), then evenly spaced
    values up to `upper`, each standing for the integers around it.
    """
    dense = np.arange(0.0, min(np.floor(upper), points // 2) + 1.0)
    if dense[-1] >= upper:
        return dense, np.ones_like(dense)
    sparse = np.linspace(dense[-1], upper, points - dense.size + 1)[1:]
    widths = np.concatenate([np.ones_like(dense), np.full(sparse.size, sparse[1] - sparse[0])])
    return np.concatenate([dense, sparse]), widths


def bma_posterior(
    table: CaptureTable, *, delta: float | None = None, include_saturated: bool = False
) -> BmaPosterior:
    """The joint posterior of graph and N, on a grid that holds all but e^-30 of the mass."""
    require_table(table)
    if table.n_lists > MAX_LISTS:
        raise EstimationRefused(
            [
                Reason(
                    "too_many_lists_for_bma",
                    f"model averaging enumerates graphs for at most {MAX_LISTS} lists; "
                    "group the sources into fewer systems or use lcmcr",
                )
            ]
        )
    d = 2.0**-table.n_lists if delta is None else delta
    graphs = tuple(
        g for g in decomposable_graphs(table.n_lists) if include_saturated or not g.is_complete
    )
    points = int(np.clip(GRID_BUDGET // len(graphs), 1000, 200_000))
    upper = max(10.0 * table.observed, 100.0)
    limit = MAX_FACTOR * table.observed
    while True:
        unseen, widths = _grid(upper, points)
        logpost = _log_posterior(table, graphs, unseen, d)
        profile = logpost.max(axis=0)
        if profile[-1] < profile.max() - TAIL_DROP or upper >= limit:
            break
        upper *= 4.0
    weights = np.exp(logpost - logpost.max()) * widths
    return BmaPosterior(graphs, table.observed + unseen, weights / weights.sum())


def estimate_bma(
    table: CaptureTable,
    *,
    level: float = 0.95,
    seed: int | None = None,
    include_saturated: bool = False,
    delta: float | None = None,
) -> Estimate:
    """Posterior median and `level` interval of N averaged over decomposable graphs."""
    posterior = bma_posterior(table, delta=delta, include_saturated=include_saturated)
    tail = (1.0 - level) / 2.0
    graph_weights = posterior.of_graph
    order = np.argsort(graph_weights)[::-1]
    top = posterior.graphs[int(order[0])]
    diagnostics = {
        "interval": "posterior quantiles, averaged over models",
        "posterior_mean": float((posterior.totals * posterior.of_total).sum()),
        "top_model_weight": float(graph_weights[order[0]]),
        "leading_models": [
            {"model": posterior.graphs[int(i)].name, "weight": float(graph_weights[i])}
            for i in order[:5]
        ],
        "models_averaged": len(posterior.graphs),
        "delta": 2.0**-table.n_lists if delta is None else delta,
        "include_saturated": include_saturated,
    }
    upper = posterior.quantile(1.0 - tail)
    return Estimate(
        method=METHOD,
        model=top.name,
        observed=table.observed,
        estimate=posterior.quantile(0.5),
        lower=posterior.quantile(tail),
        upper=upper,
        lists=table.lists,
        level=level,
        diagnostics=diagnostics,
        warnings=tuple(_caveats(posterior, graph_weights[order[0]])),
        draws=posterior.sample(4000, seed),
    )


def _caveats(posterior: BmaPosterior, top_weight: float) -> list[Caveat]:
    """Cautions: weight spread over models, posterior mass at the ends of the grid."""
    out = []
    if top_weight < 0.5:
        out.append(
            Caveat(
                "models_disagree",
                f"no single model of list dependence dominates (the most probable has "
                f"weight {top_weight:.2f}); the interval includes that uncertainty",
            )
        )
    marginal = posterior.of_total
    if marginal[-1] > 1e-6 * marginal.max():
        out.append(
            Caveat(
                "no_upper_bound",
                "the posterior of N has not died out at 1000 times the number observed: "
                "the data put no upper bound on the total",
            )
        )
    if posterior.quantile(0.025) <= posterior.totals[0]:
        out.append(
            Caveat(
                "lower_at_observed",
                "the lower limit is the number observed: the data are compatible with no "
                "one having been missed",
            )
        )
    return out
