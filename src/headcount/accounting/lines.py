"""The lines of a reconciliation: one metric's published range, its figures with their
flags, the records' count beside it, the gap and the warnings (`accounting.reconciliation`
makes them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from headcount.accounting.counts import Cell, Counts
from headcount.accounting.figures import (
    DEFINITION_FLAGS,
    FLAG_MEANINGS,
    STALE_AFTER_DAYS,
    figure_dict,
    figure_flags,
    number,
)
from headcount.model.figures import PublishedFigure


@dataclass(frozen=True)
class Share:
    """A fraction with its interval (the records' `returned_share`)."""

    value: float
    low: float
    high: float
    kind: str = "enumeration"

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": round(self.value, 4),
            "low": round(self.low, 4),
            "high": round(self.high, 4),
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Line:
    """One metric: the published range and the figures it comes from, every other figure
    of the metric with its flags, the records' count, the gap, the warnings."""

    metric: str
    low: float | None
    high: float | None
    sources: list[PublishedFigure]
    derived: bool = False
    records: Cell | Share | None = None
    figures: list[PublishedFigure] = field(default_factory=list)
    """Every figure of this metric for the country, the chosen ones included."""
    when: date | None = None
    known_on: date | None = None

    @property
    def gap(self) -> int | float | None:
        """Records minus published where the two intervals do not overlap, else 0 (None
        when either side is missing). Negative: the records hold fewer."""
        if self.records is None or (self.low is None and self.high is None):
            return None
        if self.low is not None and self.records.high < self.low:
            return _gap(self.records.high - self.low)
        if self.high is not None and self.records.low > self.high:
            return _gap(self.records.low - self.high)
        return 0

    def warnings(self) -> list[str]:
        """What to know before comparing (see the module doc)."""
        if self.when is None:
            return []
        out = []
        chosen_flags = {
            flag for f in self.sources for flag in figure_flags(f, self.when, self.known_on)
        }
        if "stale" in chosen_flags and not self.derived:
            out.append(
                "the nearest figure refers to a date more than a year before this one: "
                "nothing more recent was published for this metric"
            )
        for flag in sorted(chosen_flags & DEFINITION_FLAGS):
            out.append(f"the figure {FLAG_MEANINGS[flag]}: read its note before comparing")
        near = [
            f
            for f in self.figures
            if f not in self.sources
            and f.knowable(self.known_on)
            and (d := f.distance(self.when)) is not None
            and d <= STALE_AFTER_DAYS
        ]
        apart = [f for f in near if not _overlaps(f, self.low, self.high)]
        if apart and not self.derived:
            others = "; ".join(
                f"{range_text(f.low, f.high)} ({f.publisher}, {f.as_of})" for f in apart[:3]
            )
            out.append(f"figures of the same year disagree with it: {others}")
        hidden = [f for f in self.figures if not f.knowable(self.known_on)]
        if hidden:
            out.append(f"{len(hidden)} figure(s) dated after the known-on date are left out")
        return out

    def text(self) -> str:
        """E.g. "killed: 278 in records (250–300); published 400–450, AFP 2017-12"."""
        parts = [self.metric + ":"]
        if isinstance(self.records, Cell):
            r = self.records
            spread = f" ({r.low:,}–{r.high:,})" if r.low != r.high else ""
            parts.append(f"{r.value:,} in records{spread};")
        elif isinstance(self.records, Share):
            parts.append(f"{self.records.value:.0%} in records;")
        who = "; ".join(self.by)
        if not self.sources:
            parts.append("no published figure")
        elif self.derived:
            parts.append(f"{range_text(self.low, self.high)} implied by the figures of {who}")
        else:
            parts.append(
                f"published {range_text(self.low, self.high)}" + (f", {who}" if who else "")
            )
        return " ".join(parts)

    @property
    def by(self) -> list[str]:
        """Who published the figures behind the line, and as of when, once each."""
        return sorted({f"{f.publisher} {f.as_of}" for f in self.sources})

    def as_dict(self) -> dict[str, Any]:
        return {
            "low": number(self.low),
            "high": number(self.high),
            "by": self.by,
            "sources": [figure_dict(f) for f in self.sources],
            "derived": self.derived,
            "records": self.records.as_dict() if self.records else None,
            "gap": self.gap,
            "text": self.text(),
            "warnings": self.warnings(),
            "figures": [
                figure_dict(f, self.when, self.known_on, chosen=f in self.sources)
                for f in self.figures
            ]
            if self.when is not None
            else [],
        }


@dataclass(frozen=True)
class Reconciliation:
    """A country's published figures beside the records' counts on a date."""

    country: str
    as_of: date
    metrics: dict[str, Line]
    records_note: str | None = None
    counts: Counts | None = field(default=None, repr=False)
    known_on: date | None = None
    others: list[PublishedFigure] = field(default_factory=list)
    """Figures of other populations (no metric of ours): shown, never compared."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "as_of": self.as_of.isoformat(),
            "known_on": self.known_on.isoformat() if self.known_on else None,
            "metrics": {m: line.as_dict() for m, line in self.metrics.items()},
            "other_figures": [figure_dict(f, self.as_of, self.known_on) for f in self.others],
            "flags": FLAG_MEANINGS,
            "records_note": self.records_note,
        }


def _overlaps(f: PublishedFigure, low: float | None, high: float | None) -> bool:
    """Whether a figure's range meets [low, high] (an open end meets everything past it)."""
    f_low = f.low if f.low is not None else float("-inf")
    f_high = f.high if f.high is not None else float("inf")
    lo = low if low is not None else float("-inf")
    hi = high if high is not None else float("inf")
    return f_low <= hi and lo <= f_high


def _gap(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 4)


def range_text(low: float | None, high: float | None) -> str:
    """'400–450', '1,700', 'at least 800', 'up to 250', or 'no figure'."""
    if low is None and high is None:
        return "no figure"
    if high is None:
        return f"at least {number(low):,}"
    if low is None:
        return f"up to {number(high):,}"
    if low == high:
        return f"{number(low):,}"
    return f"{number(low):,}–{number(high):,}"
