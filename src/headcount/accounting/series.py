"""Counts over time: the same count on a run of dates, for "when did it fall below 500?".

Each date is counted exactly as `count` counts it (every reading, every alternative
clustering, the linkage margins), on evidence read once and regrouped once per clustering;
only the dates change. Dates run by month (the last day of each month from the first to
the last date given, both ends included) or by year.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from headcount.accounting.counts import (
    GROUPINGS,
    Counts,
    count_evidence,
    linkage_alternatives,
    regrouped as regroup,
)
from headcount.accounting.rules import Rules
from headcount.accounting.timeline import load_evidence
from headcount.storage.engine import Store
from headcount.storage.migrate import require_current

STEPS = ("month", "year")
MAX_DATES = 240
"""At most twenty years of months in one series: each date is a full count."""


def series_dates(start: date, end: date, step: str = "month") -> list[date]:
    """The last day of each month (or year) from `start` to `end`, and `end` itself."""
    if step not in STEPS:
        raise ValueError(f"a series steps by {' or '.join(STEPS)}, not {step!r}")
    if end < start:
        raise ValueError(f"a series ends after it starts: {start} … {end}")
    dates: list[date] = []
    when = _period_end(start, step)
    while when < end:
        dates.append(when)
        when = _period_end(when + timedelta(days=1), step)
    dates.append(end)
    if len(dates) > MAX_DATES:
        raise ValueError(f"a series has at most {MAX_DATES} dates; this one has {len(dates)}")
    return dates


def _period_end(when: date, step: str) -> date:
    if step == "year":
        return date(when.year, 12, 31)
    following = date(when.year + when.month // 12, when.month % 12 + 1, 1)
    return following - timedelta(days=1)


def count_series(
    store: Store,
    dates: Sequence[date],
    known_on: date | None = None,
    *,
    by: Sequence[str] = GROUPINGS,
    country: str | None = None,
    rules: Rules | None = None,
) -> list[Counts]:
    """`count` on each of `dates`, with what was known on `known_on` (default: now)."""
    require_current(store)
    with store.reading() as connection:
        evidence = load_evidence(connection)
        alternatives = regroup(evidence, linkage_alternatives(connection, evidence.run_id))
    return [
        count_evidence(
            evidence,
            when,
            known_on,
            by=by,
            country=country,
            rules=rules,
            alternatives=dict(alternatives),
        )
        for when in dates
    ]
