"""Decomposable graphical models of list dependence, for Bayesian model averaging.

A decomposable (chordal) graph on the lists is a log-linear model whose likelihood and
hyper-Dirichlet marginal likelihood factorise over its cliques and separators (Dawid and
Lauritzen 1993). With a perfect elimination order from maximum cardinality search, each
list v_i joins the set P_i of its earlier neighbours, which is complete; the graph's log
marginal likelihood is then the sum over i of ML(P_i + v_i) - ML(P_i), which equals the
clique-over-separator form R's dga precomputes. Graphs are enumerated by testing every
edge set, so this is for up to six lists (18,154 graphs); R's dga ships lists for 3-5.
Hand-written because networkx is not a dependency and the algorithms are a few lines.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

MAX_LISTS = 6


@dataclass(frozen=True)
class DecomposableGraph:
    """A chordal graph on J lists: its edges and its (family, parents) subset bitmasks."""

    n_lists: int
    edges: tuple[tuple[int, int], ...]
    factors: tuple[tuple[int, int], ...]

    @property
    def cliques(self) -> tuple[tuple[int, ...], ...]:
        """Maximal cliques as sorted 0-based tuples, larger first."""
        families = {f for f, _ in self.factors}
        maximal = [f for f in families if not any(f != g and f & g == f for g in families)]
        tuples = [tuple(j for j in range(self.n_lists) if f >> j & 1) for f in maximal]
        return tuple(sorted(tuples, key=lambda t: (-len(t), t)))

    @property
    def name(self) -> str:
        """Cliques in Rcapture's notation ("[13,24,34]"); "independence" without edges."""
        if not self.edges:
            return "independence"
        sep = "" if self.n_lists <= 9 else "."
        return "[" + ",".join(sep.join(str(j + 1) for j in c) for c in self.cliques) + "]"

    @property
    def is_complete(self) -> bool:
        """Whether every pair of lists is joined (the saturated, unidentifiable model)."""
        return len(self.edges) == self.n_lists * (self.n_lists - 1) // 2


def _elimination(n_lists: int, adjacency: list[int]) -> list[tuple[int, int]] | None:
    """(family, parents) bitmasks in maximum-cardinality-search order, or None if not chordal."""
    numbered = 0
    factors = []
    for _ in range(n_lists):
        best, best_count = -1, -1
        for v in range(n_lists):
            if not numbered >> v & 1:
                count = bin(adjacency[v] & numbered).count("1")
                if count > best_count:
                    best, best_count = v, count
        parents = adjacency[best] & numbered
        for u in range(n_lists):
            if parents >> u & 1 and (parents & ~(1 << u)) & ~adjacency[u]:
                return None
        factors.append((parents | (1 << best), parents))
        numbered |= 1 << best
    return factors


@cache
def decomposable_graphs(n_lists: int) -> tuple[DecomposableGraph, ...]:
    """Every decomposable graph on `n_lists` lists (8, 61, 822, 18154 for J = 3..6)."""
    if n_lists > MAX_LISTS:
        raise ValueError(f"graphs are enumerated for at most {MAX_LISTS} lists")
    pairs = list(itertools.combinations(range(n_lists), 2))
    graphs = []
    for mask in range(1 << len(pairs)):
        edges = tuple(p for i, p in enumerate(pairs) if mask >> i & 1)
        adjacency = [0] * n_lists
        for a, b in edges:
            adjacency[a] |= 1 << b
            adjacency[b] |= 1 << a
        factors = _elimination(n_lists, adjacency)
        if factors is not None:
            graphs.append(DecomposableGraph(n_lists, edges, tuple(factors)))
    return tuple(graphs)
