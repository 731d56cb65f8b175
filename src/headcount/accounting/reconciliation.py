"""Published figures beside the records' counts, and what the figures imply on their own.

For a country and a date, each metric gets the published figures *nearest the date*: those
whose as-of interval is closest to it (distance 0 when it contains the date), the more
precisely dated first (a month before a year); when several tie, all are shown and their
range spans them. Undated figures are never the
nearest. Beside them: the records' count for the same metric (`counts.Counts.metric`) and
the gap between the two intervals (0 when they overlap).

What the figures imply alone: from one publication (one publisher, one as-of) that gives
`departed`, `killed` (or confirmed and reported deaths), `returned` and `in_theatre` but
no `unknown` — the nearest such to the date — the whereabouts of the rest are unknown:
unknown = departed − Σ fates, with low = departed.low − Σ highs and high = departed.high −
Σ lows (never below 0; an open end stays open). From AFP's December 2017 figures for
France (1,700 went; 400–450 killed; 250 returned; 500 in theatre) that gives 500–550.
Where a publication splits deaths into confirmed and reported but gives no total, `killed`
is their sum. Derived metrics say `derived: true`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from headcount.accounting.counts import Cell, Counts, count
from headcount.accounting.rules import Rules
from headcount.accounting.timeline import NoPersons
from headcount.model.vocabulary import Metric
from headcount.storage.engine import Store
from headcount.storage.migrate import require_current
from headcount.storage.tables import published_figures

FATES: tuple[Metric, ...] = (
    Metric.killed,
    Metric.returned,
    Metric.in_theatre,
    Metric.detained,
    Metric.relocated,
    Metric.en_route,
)
"""The metrics that, with `unknown`, make up `departed` in a publisher's figures."""
REQUIRED: tuple[Metric, ...] = (Metric.departed, Metric.returned, Metric.in_theatre)
"""What a publication must give, with its deaths, for `unknown` to be derived from it."""
METRIC_ORDER: tuple[Metric, ...] = (
    Metric.departed,
    *FATES,
    Metric.killed_confirmed,
    Metric.killed_reported,
    Metric.unknown,
    Metric.women,
    Metric.minors,
)


@dataclass(frozen=True)
class Figure:
    """One published figure as stored."""

    metric: str
    metric_original: str
    low: float | None
    high: float | None
    as_of: str
    earliest: date | None
    latest: date | None
    publisher: str
    note: str | None

    @classmethod
    def of(cls, row: Sequence[Any]) -> Figure:
        """A figure from a row of `FIGURE_COLUMNS`."""
        metric, original, low, high, as_of, earliest, latest, publisher, note = row
        return cls(metric, original, low, high, as_of, earliest, latest, publisher, note)

    def distance(self, when: date) -> int | None:
        """Days between the figure's as-of interval and `when` (None when undated)."""
        if self.earliest is None or self.latest is None:
            return None
        if self.earliest <= when <= self.latest:
            return 0
        return min(abs((self.earliest - when).days), abs((self.latest - when).days))

    def as_dict(self) -> dict[str, Any]:
        return {
            "publisher": self.publisher,
            "as_of": self.as_of,
            "low": _number(self.low),
            "high": _number(self.high),
            "metric_original": self.metric_original,
            "note": self.note,
        }


@dataclass(frozen=True)
class Line:
    """One metric: the published range and its figures, the records' count, the gap."""

    metric: str
    low: float | None
    high: float | None
    sources: list[Figure]
    derived: bool = False
    records: Cell | None = None

    @property
    def gap(self) -> int | None:
        """Records minus published where the two intervals do not overlap, else 0 (None
        when either side is missing). Negative: the records hold fewer."""
        if self.records is None or (self.low is None and self.high is None):
            return None
        if self.low is not None and self.records.high < self.low:
            return int(self.records.high - self.low)
        if self.high is not None and self.records.low > self.high:
            return int(self.records.low - self.high)
        return 0

    def text(self) -> str:
        """E.g. "killed: 278 in records (250–300); published 400–450, AFP 2017-12"."""
        parts = [self.metric + ":"]
        if self.records is not None:
            r = self.records
            spread = f" ({r.low:,}–{r.high:,})" if r.low != r.high else ""
            parts.append(f"{r.value:,} in records{spread};")
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
            "low": _number(self.low),
            "high": _number(self.high),
            "by": self.by,
            "sources": [f.as_dict() for f in self.sources],
            "derived": self.derived,
            "records": self.records.as_dict() if self.records else None,
            "gap": self.gap,
            "text": self.text(),
        }


@dataclass(frozen=True)
class Reconciliation:
    """A country's published figures nearest a date, beside the records' counts."""

    country: str
    as_of: date
    metrics: dict[str, Line]
    records_note: str | None = None
    counts: Counts | None = field(default=None, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "as_of": self.as_of.isoformat(),
            "metrics": {m: line.as_dict() for m, line in self.metrics.items()},
            "records_note": self.records_note,
        }


def reconcile(
    store: Store,
    country: str,
    as_of: date,
    *,
    known_on: date | None = None,
    rules: Rules | None = None,
    counts: Counts | None = None,
) -> Reconciliation:
    """Published figures nearest `as_of` for `country`, beside the records' counts (when
    the store has persons; otherwise the figures alone, with a note saying so)."""
    require_current(store)
    with store.reading() as connection:
        figures = country_figures(connection, country)
    note = None
    if counts is None:
        try:
            counts = count(store, as_of, known_on, country=country, rules=rules)
        except NoPersons as exc:
            note = str(exc)
    return reconcile_figures(figures, country, as_of, counts, note)


def reconcile_figures(
    figures: list[Figure],
    country: str,
    as_of: date,
    counts: Counts | None = None,
    note: str | None = None,
) -> Reconciliation:
    """`reconcile` on figures already read (pure)."""
    lines: dict[str, Line] = {}
    for metric, chosen in _nearest(figures, as_of).items():
        lows = [f.low for f in chosen]
        highs = [f.high for f in chosen]
        low = None if any(v is None for v in lows) else min(v for v in lows if v is not None)
        high = None if any(v is None for v in highs) else max(v for v in highs if v is not None)
        lines[metric] = Line(metric, low, high, chosen)
    for derived in implied(figures, as_of):
        lines.setdefault(derived.metric, derived)
    if counts is not None:
        for metric in METRIC_ORDER:
            cell = counts.metric(country, metric)
            if metric in lines:
                lines[metric] = _with_records(lines[metric], cell)
            elif cell is not None and metric in (Metric.departed, *FATES, Metric.unknown):
                lines[metric] = Line(metric, None, None, [], records=cell)
    ordered = {m.value: lines[m] for m in METRIC_ORDER if m in lines}
    return Reconciliation(country, as_of, ordered, note, counts)


def _with_records(line: Line, cell: Cell | None) -> Line:
    return Line(line.metric, line.low, line.high, line.sources, line.derived, cell)


FIGURE_COLUMNS = tuple(
    published_figures.c[name]
    for name in ("metric", "metric_original", "low", "high", "as_of", "as_of_earliest",
                 "as_of_latest", "publisher", "note")
)  # fmt: skip
"""The columns of `published_figures` a `Figure` is made of, in the order of its fields."""


def country_figures(connection: Connection, country: str) -> list[Figure]:
    """Every published figure for a country that maps to one of headcount's metrics."""
    t = published_figures.c
    rows = connection.execute(
        select(*FIGURE_COLUMNS)
        .where(t.country_code == country, t.metric.is_not(None))
        .order_by(t.id)
    ).all()
    return [Figure.of(row) for row in rows]


def _nearest(figures: list[Figure], when: date) -> dict[str, list[Figure]]:
    """Per metric, the dated figures nearest `when`; at equal distance the most precisely
    dated (a month before a year), and all of those that tie."""
    best: dict[str, tuple[tuple[int, int], list[Figure]]] = {}
    for f in figures:
        d = f.distance(when)
        if d is None or f.earliest is None or f.latest is None:
            continue
        distance = (d, (f.latest - f.earliest).days)
        current = best.get(f.metric)
        if current is None or distance < current[0]:
            best[f.metric] = (distance, [f])
        elif distance == current[0]:
            current[1].append(f)
    return {metric: chosen for metric, (_, chosen) in best.items()}


def implied(figures: list[Figure], when: date) -> list[Line]:
    """What the publication nearest `when` that allows it implies: `killed` from its parts,
    then `unknown` from departed minus the fates (see the module docstring)."""
    publications: dict[tuple[str, str], dict[str, Figure]] = {}
    for f in figures:
        if f.distance(when) is not None:
            publications.setdefault((f.publisher, f.as_of), {}).setdefault(f.metric, f)
    usable = [
        (_distance(p, when), key, p)
        for key, p in publications.items()
        if Metric.unknown not in p
        and all(m in p for m in REQUIRED)
        and (Metric.killed in p or _split(p))
    ]
    if not usable:
        return []
    _, _, publication = min(usable, key=lambda item: (item[0], item[1]))
    fates = _fates(publication)
    bounds = [(f.low, f.high) for f in fates]
    sources = [publication[Metric.departed], *fates]
    lines = []
    killed = _killed_from_parts(publication)
    if killed is not None:
        lines.append(killed)
        bounds.append((killed.low, killed.high))
        sources += killed.sources
    lines.append(_unknown(publication[Metric.departed], bounds, sources))
    return lines


def _fates(publication: dict[str, Figure]) -> list[Figure]:
    return [publication[m] for m in FATES if m in publication]


def _split(publication: dict[str, Figure]) -> list[Figure]:
    """A publication's confirmed and reported deaths, when it gives both."""
    parts = [publication.get(Metric.killed_confirmed), publication.get(Metric.killed_reported)]
    return [p for p in parts if p is not None] if all(parts) else []


def _distance(publication: dict[str, Figure], when: date) -> int:
    return min(d for f in publication.values() if (d := f.distance(when)) is not None)


def _killed_from_parts(publication: dict[str, Figure]) -> Line | None:
    parts = _split(publication)
    if Metric.killed in publication or not parts:
        return None
    low = _sum([f.low for f in parts])
    high = _sum([f.high for f in parts])
    return Line(Metric.killed.value, low, high, parts, derived=True)


def _unknown(
    departed: Figure, fates: list[tuple[float | None, float | None]], sources: list[Figure]
) -> Line:
    highs = _sum([high for _, high in fates])
    lows = _sum([low for low, _ in fates])
    low = 0.0 if departed.low is None or highs is None else max(0.0, departed.low - highs)
    high = None if departed.high is None or lows is None else max(0.0, departed.high - lows)
    return Line(Metric.unknown.value, low, high, sources, derived=True)


def _sum(values: list[float | None]) -> float | None:
    """A sum that stays open (None) when one term is open."""
    if any(v is None for v in values):
        return None
    return float(sum(v for v in values if v is not None))


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def range_text(low: float | None, high: float | None) -> str:
    """'400–450', '1,700', 'at least 800', 'up to 250', or 'no figure'."""
    if low is None and high is None:
        return "no figure"
    if high is None:
        return f"at least {_number(low):,}"
    if low is None:
        return f"up to {_number(high):,}"
    if low == high:
        return f"{_number(low):,}"
    return f"{_number(low):,}–{_number(high):,}"
