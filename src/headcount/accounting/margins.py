"""Linkage error beyond the alternative clusterings: margins calibrated on simulated data.

The alternative clusterings (`headcount.linkage.alternatives`) only move records along the
scored pairs. They cannot model the persons linkage splits without ever scoring the pair
that would join them (a news report and a border record of one man, never blocked
together), nor pairs the model scores far too low; on simulated populations such splits
are most of linkage's error, and they all push the same way (more persons, most of them
`unknown`). So after the variants, each cell is widened by a *margin*: a share of its value,
per status and per kind of country, calibrated so that the truth falls inside the widened
intervals in `level` (95%) of calibration cells — split conformal calibration (Vovk et
al. 2005; Angelopoulos & Bates 2021, "A gentle introduction to conformal prediction").

For each calibration cell (a country × status count of 20 or more persons under perfect
linkage, with value x and interval [lo, hi] under the model's linkage), the scores are how
far the interval falls short of the truth v, as a share of x:

    down = max(0, (lo − v) / x)        up = max(0, (v − hi) / x)

and a group's margins are the ⌈(n + 1)·level⌉-th smallest of its n scores (the largest
when n is small). A widened cell is [lo − down·x, hi + up·x], rounded outwards; a cell of
several statuses (killed) adds its statuses' margins.

The margins measure one linkage model on one simulator: `LINKAGE_MARGINS` says where they
were calibrated, and they are only as good as the simulated sources resemble real ones.
Check them (`benchmarks/accounting_margins.py`) whenever linkage changes: after session 3's
changes the shipped margins still held 95.1–100% on six held-out populations, while margins
recalibrated on the new linkage were narrower and held 89.8–98.6%, so the shipped ones were
kept (docs/methodology/accounting.md).

Invariant: a margin is never negative; widening never narrows an interval.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from headcount.accounting.timeline import UNATTRIBUTED

ALL = "all"
LEVEL = 0.95
SCOPES = ("attributed", "unattributed", "all")
"""Kinds of country a margin is calibrated for: a country the records name, `XXX` (persons
no record places: mostly records linkage could not join to anyone), and the `all` row."""
MIN_CELLS = 10
"""A group with fewer calibration cells takes the margins of its whole scope."""


def scope_of(country: str) -> str:
    """The kind of country a cell belongs to, for its margins."""
    if country == ALL:
        return "all"
    return "unattributed" if country == UNATTRIBUTED else "attributed"


@dataclass(frozen=True)
class Observation:
    """One calibration cell: the perfect-linkage count and the model's reported cell."""

    country: str
    column: str
    truth: int
    value: int
    low: int
    high: int


@dataclass(frozen=True)
class Margins:
    """Shares of a cell's value to widen its interval by, downwards and upwards, per
    (scope, column); `scope` alone (key `scope:*`) for columns not calibrated."""

    down: Mapping[str, float]
    up: Mapping[str, float]
    level: float = LEVEL
    calibrated_on: str = ""
    cells: Mapping[str, int] = field(default_factory=dict)

    def share(self, country: str, column: str) -> tuple[float, float]:
        """(down, up) for one column of one country."""
        scope = scope_of(country)
        key = f"{scope}:{column}"
        fallback = f"{scope}:*"
        return (
            self.down.get(key, self.down.get(fallback, 0.0)),
            self.up.get(key, self.up.get(fallback, 0.0)),
        )

    def widen(
        self, country: str, values: Mapping[str, int], low: int, high: int
    ) -> tuple[int, int]:
        """The interval [low, high] of a cell summing `values` (column → value) widened."""
        down = sum(self.share(country, c)[0] * v for c, v in values.items())
        up = sum(self.share(country, c)[1] * v for c, v in values.items())
        return max(0, math.floor(low - down + 1e-9)), math.ceil(high + up - 1e-9)

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "calibrated_on": self.calibrated_on,
            "down": dict(sorted(self.down.items())),
            "up": dict(sorted(self.up.items())),
        }


def conformal_quantile(scores: list[float], level: float = LEVEL) -> float:
    """The ⌈(n + 1)·level⌉-th smallest score (the largest when that exceeds n)."""
    if not scores:
        return 0.0
    ordered = sorted(scores)
    rank = min(len(ordered), math.ceil((len(ordered) + 1) * level))
    return float(ordered[rank - 1])


def calibrate(
    observations: Iterable[Observation], level: float = LEVEL, calibrated_on: str = ""
) -> Margins:
    """Margins from calibration cells (see the module doc)."""
    down: dict[str, list[float]] = defaultdict(list)
    up: dict[str, list[float]] = defaultdict(list)
    for o in observations:
        x = max(o.value, 1)
        for key in (f"{scope_of(o.country)}:{o.column}", f"{scope_of(o.country)}:*"):
            down[key].append(max(0.0, (o.low - o.truth) / x))
            up[key].append(max(0.0, (o.truth - o.high) / x))
    kept = [k for k in down if k.endswith(":*") or len(down[k]) >= MIN_CELLS]
    return Margins(
        {k: round(conformal_quantile(down[k], level), 3) for k in kept},
        {k: round(conformal_quantile(up[k], level), 3) for k in kept},
        level,
        calibrated_on,
        {k: len(down[k]) for k in kept},
    )


NONE = Margins({}, {}, level=0.0, calibrated_on="no widening")
"""No margins: the persons are taken as certain (a run from a truth, or saved by hand)."""

LINKAGE_MARGINS = Margins(
    down={
        "all:*": 0.118,
        "all:contested": 0.0,
        "all:departed": 0.092,
        "all:detained": 0.0,
        "all:in_theatre": 0.0,
        "all:killed_confirmed": 0.0,
        "all:killed_reported": 0.0,
        "all:relocated": 0.0,
        "all:returned": 0.0,
        "all:unknown": 0.18,
        "attributed:*": 0.146,
        "attributed:departed": 0.114,
        "attributed:detained": 0.0,
        "attributed:in_theatre": 0.0,
        "attributed:killed_confirmed": 0.0,
        "attributed:killed_reported": 0.0,
        "attributed:relocated": 0.0,
        "attributed:returned": 0.0,
        "attributed:unknown": 0.196,
        "unattributed:*": 0.509,
        "unattributed:departed": 0.54,
        "unattributed:killed_reported": 0.0,
        "unattributed:unknown": 0.5,
    },
    up={
        "all:*": 0.0,
        "all:contested": 0.0,
        "all:departed": 0.0,
        "all:detained": 0.0,
        "all:in_theatre": 0.0,
        "all:killed_confirmed": 0.0,
        "all:killed_reported": 0.0,
        "all:relocated": 0.0,
        "all:returned": 0.0,
        "all:unknown": 0.0,
        "attributed:*": 0.0,
        "attributed:departed": 0.0,
        "attributed:detained": 0.0,
        "attributed:in_theatre": 0.111,
        "attributed:killed_confirmed": 0.092,
        "attributed:killed_reported": 1.25,
        "attributed:relocated": 0.0,
        "attributed:returned": 0.0,
        "attributed:unknown": 0.0,
        "unattributed:*": 0.0,
        "unattributed:departed": 0.0,
        "unattributed:killed_reported": 0.0,
        "unattributed:unknown": 0.0,
    },
    level=0.95,
    calibrated_on=(
        "simulated populations: 1,500 persons seeds 1-5 and 2,000 seeds 2-3 (default "
        "scenario), 2,500 seeds 1-3 (afp-2017); November 2026 linkage"
    ),
    cells={
        "all:*": 725,
        "all:contested": 14,
        "all:departed": 120,
        "all:detained": 74,
        "all:in_theatre": 97,
        "all:killed_confirmed": 55,
        "all:killed_reported": 100,
        "all:relocated": 17,
        "all:returned": 120,
        "all:unknown": 120,
        "attributed:*": 2650,
        "attributed:departed": 1318,
        "attributed:detained": 57,
        "attributed:in_theatre": 55,
        "attributed:killed_confirmed": 30,
        "attributed:killed_reported": 126,
        "attributed:relocated": 10,
        "attributed:returned": 160,
        "attributed:unknown": 887,
        "unattributed:*": 246,
        "unattributed:departed": 99,
        "unattributed:killed_reported": 85,
        "unattributed:unknown": 62,
    },
)
"""The margins shipped: calibrated on ten simulated populations (1,500 and 2,000 persons of
the default scenario, 2,500 of `afp-2017`), checked on six others (docs/methodology/
accounting.md, "Headcount's own linkage")."""
