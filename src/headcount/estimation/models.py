"""Hierarchical log-linear models of list dependence, named in Rcapture's notation.

A model is the set of its generators: the highest-order interactions it contains, each a
set of 0-based list indices. Main effects of every list are always in the model, as in
Rcapture's `closedpMS.t`. The name lists the generators with lists numbered from 1 in
column order, higher orders first: "[13,24,34]", "[123,4]"; the model without
interactions is called "independence" (Rcapture writes it "[1,2,3,4]" and both are read).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from headcount.estimation.table import pattern_matrix

Term = tuple[int, ...]
INDEPENDENCE = "independence"


@dataclass(frozen=True)
class LogLinearModel:
    """A hierarchical model over `n_lists` lists; `generators` are its maximal terms."""

    n_lists: int
    generators: tuple[Term, ...]

    @classmethod
    def of(cls, n_lists: int, terms: Iterable[Sequence[int]]) -> LogLinearModel:
        """The hierarchical model containing `terms`, their subsets and all main effects."""
        sets = {frozenset(t) for t in terms if len(t) > 0}
        for t in sets:
            if not t <= set(range(n_lists)):
                raise ValueError(f"term {sorted(t)} names a list beyond the {n_lists} lists")
        sets |= {frozenset([j]) for j in range(n_lists)}
        maximal = [t for t in sets if not any(t < other for other in sets)]
        ordered = sorted((tuple(sorted(t)) for t in maximal), key=lambda t: (-len(t), t))
        return cls(n_lists, tuple(ordered))

    @classmethod
    def independence(cls, n_lists: int) -> LogLinearModel:
        """Main effects only: every list records people independently of the others."""
        return cls.of(n_lists, [])

    @classmethod
    def parse(cls, text: str, n_lists: int) -> LogLinearModel:
        """Read "independence" or Rcapture's notation ("[13,24,34]"; "." splits lists > 9)."""
        body = text.strip()
        if body.lower() == INDEPENDENCE:
            return cls.independence(n_lists)
        if not (body.startswith("[") and body.endswith("]")):
            raise ValueError(f"model {text!r}: write 'independence' or e.g. '[12,3]'")
        terms = []
        for chunk in body[1:-1].split(","):
            chunk = chunk.strip()
            if not chunk:
                continue
            parts = chunk.split(".") if "." in chunk else list(chunk)
            if not all(p.isdigit() for p in parts):
                raise ValueError(f"model {text!r}: term {chunk!r} is not a set of list numbers")
            term = [int(p) - 1 for p in parts]
            if any(j < 0 or j >= n_lists for j in term):
                raise ValueError(f"model {text!r}: lists are numbered 1 to {n_lists}")
            terms.append(term)
        return cls.of(n_lists, terms)

    @property
    def terms(self) -> tuple[Term, ...]:
        """Every term of the model (main effects first, then by order), no intercept."""
        out: set[Term] = set()
        for g in self.generators:
            for size in range(1, len(g) + 1):
                out.update(itertools.combinations(g, size))
        return tuple(sorted(out, key=lambda t: (len(t), t)))

    @property
    def interactions(self) -> tuple[Term, ...]:
        """The terms of order two and more."""
        return tuple(t for t in self.terms if len(t) > 1)

    @property
    def is_independence(self) -> bool:
        """Whether the model has no interaction."""
        return not self.interactions

    @property
    def is_saturated(self) -> bool:
        """Whether the model has the J-way interaction (then N is not identifiable)."""
        return len(self.generators[0]) == self.n_lists

    @property
    def name(self) -> str:
        """The model in Rcapture's notation, or "independence"."""
        return INDEPENDENCE if self.is_independence else self.rcapture_name

    @property
    def rcapture_name(self) -> str:
        """The model exactly as Rcapture's closedpMS.t names it ("[1,2,3]" included)."""
        sep = "" if self.n_lists <= 9 else "."
        return "[" + ",".join(sep.join(str(j + 1) for j in g) for g in self.generators) + "]"

    def design(self) -> np.ndarray:
        """Columns of the model's terms over the observable patterns 1..2**J-1."""
        patterns = pattern_matrix(self.n_lists)[1:]
        columns = [patterns[:, list(t)].prod(axis=1) for t in self.terms]
        return np.column_stack(columns).astype(float)


def interaction_terms(n_lists: int, max_order: int) -> list[Term]:
    """All interaction terms of order 2..max_order, by order then lexicographically."""
    return [
        t for size in range(2, max_order + 1) for t in itertools.combinations(range(n_lists), size)
    ]


def all_hierarchical(n_lists: int, max_order: int | None = None) -> list[LogLinearModel]:
    """Every hierarchical model with all main effects and interactions up to `max_order`.

    `max_order` defaults to J-1, as Rcapture's closedpMS.t (the J-way term is never
    identifiable). The count is 8 for three lists and 113 for four.
    """
    order = n_lists - 1 if max_order is None else max_order
    candidates = interaction_terms(n_lists, order)
    models: list[LogLinearModel] = []

    def extend(i: int, chosen: set[Term]) -> None:
        if i == len(candidates):
            models.append(LogLinearModel.of(n_lists, chosen))
            return
        term = candidates[i]
        extend(i + 1, chosen)
        faces = itertools.combinations(term, len(term) - 1)
        if len(term) == 2 or all(f in chosen for f in faces):
            chosen.add(term)
            extend(i + 1, chosen)
            chosen.remove(term)

    extend(0, set())
    return models
