"""What a publication implies on its own: `killed` from confirmed and reported deaths,
then `unknown` = departed − Σ fates (see `accounting.reconciliation`)."""

from __future__ import annotations

from datetime import date

from headcount.accounting.lines import Line
from headcount.model.figures import PublishedFigure
from headcount.model.vocabulary import Metric

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


def implied(figures: list[PublishedFigure], when: date) -> list[Line]:
    """What the publication nearest `when` that allows it implies: `killed` from its parts,
    then `unknown` from departed minus the fates (see the module docstring)."""
    publications: dict[tuple[str, str], dict[str, PublishedFigure]] = {}
    for f in figures:
        if f.distance(when) is not None and f.metric is not None:
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


def _fates(publication: dict[str, PublishedFigure]) -> list[PublishedFigure]:
    return [publication[m] for m in FATES if m in publication]


def _split(publication: dict[str, PublishedFigure]) -> list[PublishedFigure]:
    """A publication's confirmed and reported deaths, when it gives both."""
    parts = [publication.get(Metric.killed_confirmed), publication.get(Metric.killed_reported)]
    return [p for p in parts if p is not None] if all(parts) else []


def _distance(publication: dict[str, PublishedFigure], when: date) -> int:
    return min(d for f in publication.values() if (d := f.distance(when)) is not None)


def _killed_from_parts(publication: dict[str, PublishedFigure]) -> Line | None:
    parts = _split(publication)
    if Metric.killed in publication or not parts:
        return None
    low = _sum([f.low for f in parts])
    high = _sum([f.high for f in parts])
    return Line(Metric.killed.value, low, high, parts, derived=True)


def _unknown(
    departed: PublishedFigure,
    fates: list[tuple[float | None, float | None]],
    sources: list[PublishedFigure],
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
