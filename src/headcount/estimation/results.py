"""What estimation returns: typed results that say "estimate", never "count".

Every result carries `kind: "estimate"` (or "comparison" for several methods side by
side) and keeps the enumeration (`observed`, what the lists saw) apart from the estimate
of the total with its interval. Cautions travel inside the result as `warnings`, never as
Python warnings. `METHOD_VERSION` is the version of the methodology
(docs/methodology/estimation.md): bump it when a change can move a published number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

METHOD_VERSION = "1.10"


@dataclass(frozen=True)
class Caveat:
    """A caution about an estimate: a stable code and a sentence for people."""

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """The caveat as JSON-ready data."""
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Estimate:
    """One method's estimate of the total population with its interval.

    `lower`/`upper` bound a `level` interval (profile likelihood, posterior quantiles or
    their combination, as `diagnostics["interval"]` says); `upper` is None when the data
    put no upper bound. `draws`, when present, are posterior or bootstrap draws of N used to
    combine strata; they are not part of the JSON.
    """

    method: str
    model: str
    observed: int
    estimate: float
    lower: float
    upper: float | None
    lists: tuple[str, ...]
    level: float = 0.95
    diagnostics: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[Caveat, ...] = ()
    draws: np.ndarray | None = field(default=None, repr=False, compare=False)
    kind: str = "estimate"

    @property
    def unseen(self) -> float:
        """The estimated number no list recorded (estimate minus observed)."""
        return self.estimate - self.observed

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: kind, observed, estimate, lower, upper, method, model, and the rest."""
        return {
            "kind": self.kind,
            "observed": self.observed,
            "estimate": _number(self.estimate),
            "lower": _number(self.lower),
            "upper": _number(self.upper),
            "level": self.level,
            "unseen": _number(self.unseen),
            "method": self.method,
            "model": self.model,
            "lists": list(self.lists),
            "diagnostics": _jsonable(self.diagnostics),
            "warnings": [w.to_dict() for w in self.warnings],
            "method_version": METHOD_VERSION,
        }


@dataclass(frozen=True)
class Comparison:
    """Several methods on the same table, side by side, with how much they disagree."""

    observed: int
    lists: tuple[str, ...]
    estimates: tuple[Estimate, ...]
    refused: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    warnings: tuple[Caveat, ...] = ()
    kind: str = "comparison"

    def disagreement(self) -> dict[str, Any]:
        """Lowest and highest estimates, their ratio, and pairs whose intervals do not meet."""
        if not self.estimates:
            return {}
        ordered = sorted(self.estimates, key=lambda e: e.estimate)
        low, high = ordered[0], ordered[-1]
        disjoint = []
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if a.upper is not None and a.upper < b.lower:
                    disjoint.append([a.method, b.method])
        return {
            "lowest": {"method": low.method, "estimate": _number(low.estimate)},
            "highest": {"method": high.method, "estimate": _number(high.estimate)},
            "ratio": _number(high.estimate / low.estimate),
            "disjoint_intervals": disjoint,
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: every estimate, the refusals by method, and the disagreement.

        The first method requested that gave an estimate is the headline: its estimate,
        interval, method and model are repeated at the top level, as for one method.
        """
        head = self.estimates[0] if self.estimates else None
        return {
            "kind": self.kind,
            "observed": self.observed,
            "estimate": _number(head.estimate) if head else None,
            "lower": _number(head.lower) if head else None,
            "upper": _number(head.upper) if head else None,
            "method": head.method if head else None,
            "model": head.model if head else None,
            "lists": list(self.lists),
            "estimates": [e.to_dict() for e in self.estimates],
            "refused": self.refused,
            "disagreement": self.disagreement(),
            "warnings": [w.to_dict() for w in self.warnings],
            "method_version": METHOD_VERSION,
        }


def _number(value: float | None) -> float | None:
    """A float for JSON: None stays None, infinities become None (JSON has no infinity)."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def _jsonable(value: Any) -> Any:
    """Plain Python data from numpy scalars, arrays, tuples and nested containers."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return _number(float(value))
    return value
