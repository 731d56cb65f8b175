"""Published figures beside the records' counts, and what the figures imply on their own.

Version 2. For a country and a date, every published figure of each metric is shown, with
its flags (`accounting.figures`: stale, later, unknowable, definitions that differ), and the
line's range is that of the figures *nearest the date* among those that could be known on
`--known-on`: those whose period's middle is closest to it (a figure of "2017" is about
mid-2017, so Soufan's count of 31 October 2017 is nearer 8 December than a figure of the
whole year), the more precisely dated first at equal distance; when several tie, all are
chosen and their range spans them. Undated figures are never the nearest. Beside them: the records' count for the same metric (`counts.Counts.metric`) and
the gap between the two intervals (0 when they overlap).

What the figures imply alone: from one publication (one publisher, one as-of) that gives
`departed`, `killed` (or confirmed and reported deaths), `returned` and `in_theatre` but
no `unknown` — the nearest such to the date — the whereabouts of the rest are unknown:
unknown = departed − Σ fates, with low = departed.low − Σ highs and high = departed.high −
Σ lows (never below 0; an open end stays open). From AFP's December 2017 figures for
France (1,700 went; 400–450 killed; 250 returned; 500 in theatre) that gives 500–550.
Where a publication splits deaths into confirmed and reported but gives no total, `killed`
is their sum. Derived metrics say `derived: true`.

Each line carries its warnings: the nearest figure is stale; it counts another population
(the dead, other groups, those present); figures of the same metric near the date disagree
(their ranges do not overlap); figures dated after `--known-on` were left out. Metrics the
records can also count are set beside them: besides the statuses, `left_theatre`
(returned + relocated), `alive` (departed − killed) and `returned_share` (returned /
departed); women, men, minors and the repatriated are the counts' flags (`breakdowns`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from headcount.accounting.counts import Cell, Counts, count
from headcount.accounting.figures import country_figures
from headcount.accounting.implied import FATES, implied
from headcount.accounting.lines import Line, Reconciliation, Share, range_text
from headcount.accounting.rules import Rules
from headcount.accounting.timeline import NoPersons
from headcount.model.figures import PublishedFigure
from headcount.model.vocabulary import Metric
from headcount.storage.engine import Store
from headcount.storage.migrate import require_current

__all__ = [
    "Line",
    "Reconciliation",
    "country_figures",
    "range_text",
    "reconcile",
    "reconcile_figures",
]

METRIC_ORDER: tuple[Metric, ...] = (
    Metric.departed,
    Metric.reached_theatre,
    *FATES,
    Metric.killed_confirmed,
    Metric.killed_reported,
    Metric.unknown,
    Metric.left_theatre,
    Metric.repatriated,
    Metric.alive,
    Metric.returned_share,
    Metric.women,
    Metric.men,
    Metric.minors,
)
COUNTED = (Metric.departed, *FATES, Metric.unknown)
"""Metrics shown with the records' count even when no figure gives them."""


def reconcile(
    store: Store,
    country: str,
    as_of: date,
    *,
    known_on: date | None = None,
    rules: Rules | None = None,
    counts: Counts | None = None,
) -> Reconciliation:
    """Published figures for `country` beside the records' counts on `as_of` (when the
    store has persons; otherwise the figures alone, with a note saying so)."""
    require_current(store)
    with store.reading() as connection:
        figures = country_figures(connection, country)
    note = None
    if counts is None:
        try:
            counts = count(store, as_of, known_on, country=country, rules=rules)
        except NoPersons as exc:
            note = str(exc)
    return reconcile_figures(figures, country, as_of, counts, note, known_on=known_on)


def reconcile_figures(
    figures: list[PublishedFigure],
    country: str,
    as_of: date,
    counts: Counts | None = None,
    note: str | None = None,
    *,
    known_on: date | None = None,
) -> Reconciliation:
    """`reconcile` on figures already read (pure)."""
    knowable = [f for f in figures if f.metric is not None and f.knowable(known_on)]
    by_metric: dict[str, list[PublishedFigure]] = {}
    for f in figures:
        if f.metric is not None:
            by_metric.setdefault(f.metric, []).append(f)
    lines: dict[str, Line] = {}
    for metric, chosen in _nearest(knowable, as_of).items():
        lows = [f.low for f in chosen]
        highs = [f.high for f in chosen]
        low = None if any(v is None for v in lows) else min(v for v in lows if v is not None)
        high = None if any(v is None for v in highs) else max(v for v in highs if v is not None)
        lines[metric] = Line(metric, low, high, chosen)
    for derived in implied(knowable, as_of):
        lines.setdefault(derived.metric, derived)
    for metric in METRIC_ORDER:
        cell = _records(counts, country, metric) if counts is not None else None
        if metric in lines:
            lines[metric] = replace(lines[metric], records=cell)
        elif (cell is not None and metric in COUNTED) or metric in by_metric:
            lines[metric] = Line(metric, None, None, [], records=cell)
    ordered = {
        m.value: replace(
            lines[m], figures=by_metric.get(m.value, []), when=as_of, known_on=known_on
        )
        for m in METRIC_ORDER
        if m in lines
    }
    others = [f for f in figures if f.metric is None]
    return Reconciliation(country, as_of, ordered, note, counts, known_on, others)


def _records(counts: Counts, country: str, metric: Metric) -> Cell | Share | None:
    """The records' count for a metric, including those made of several statuses."""
    if metric is Metric.left_theatre:
        parts = [counts.metric(country, Metric.returned), counts.metric(country, Metric.relocated)]
        return _added(parts)
    if metric is Metric.alive:
        departed, killed = (
            counts.metric(country, Metric.departed),
            counts.metric(country, Metric.killed),
        )
        if departed is None or killed is None:
            return None
        return Cell(
            departed.value - killed.value,
            max(0, departed.low - killed.high),
            max(0, departed.high - killed.low),
        )
    if metric is Metric.returned_share:
        returned, departed = (
            counts.metric(country, Metric.returned),
            counts.metric(country, Metric.departed),
        )
        if returned is None or departed is None or departed.value == 0:
            return None
        return Share(
            returned.value / departed.value,
            returned.low / max(departed.high, 1),
            min(1.0, returned.high / max(departed.low, 1)),
        )
    return counts.metric(country, metric)


def _added(parts: list[Cell | None]) -> Cell | None:
    if any(p is None for p in parts):
        return None
    cells = [p for p in parts if p is not None]
    return Cell(sum(c.value for c in cells), sum(c.low for c in cells), sum(c.high for c in cells))


def _nearest(figures: list[PublishedFigure], when: date) -> dict[str, list[PublishedFigure]]:
    """Per metric, the dated figures whose period's middle is nearest `when` (a figure of
    "2017" is about mid-2017); at equal distance the most precisely dated, and all of those
    that tie."""
    best: dict[str, tuple[tuple[int, int], list[PublishedFigure]]] = {}
    for f in figures:
        d = f.midpoint_distance(when)
        if d is None or f.earliest is None or f.latest is None or f.metric is None:
            continue
        distance = (d, (f.latest - f.earliest).days)
        current = best.get(f.metric)
        if current is None or distance < current[0]:
            best[f.metric] = (distance, [f])
        elif distance == current[0]:
            current[1].append(f)
    return {metric: chosen for metric, (_, chosen) in best.items()}
