"""A figure someone published (a ministry, a think tank, the press): a range of persons on a
date, of a metric named as the publisher names it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PublishedFigure:
    """One published figure: who published it, about what date, its range, and its metric in
    headcount's terms (None for a population headcount does not count) beside the
    publisher's own name of it."""

    metric: str | None
    metric_original: str
    low: float | None
    high: float | None
    as_of: str
    earliest: date | None
    latest: date | None
    publisher: str
    note: str | None

    def distance(self, when: date) -> int | None:
        """Days between the figure's as-of interval and `when` (None when undated)."""
        if self.earliest is None or self.latest is None:
            return None
        if self.earliest <= when <= self.latest:
            return 0
        return min(abs((self.earliest - when).days), abs((self.latest - when).days))

    def midpoint_distance(self, when: date) -> int | None:
        """Days between `when` and the middle of the period the figure refers to: a figure
        of "2017" is about mid-2017, farther from December than one of 31 October."""
        if self.earliest is None or self.latest is None:
            return None
        middle = self.earliest + (self.latest - self.earliest) / 2
        return abs((middle - when).days)

    def knowable(self, known_on: date | None) -> bool:
        """Whether someone could have read it on `known_on` (it refers to no later date)."""
        return known_on is None or self.earliest is None or self.earliest <= known_on
