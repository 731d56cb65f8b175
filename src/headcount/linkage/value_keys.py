"""Comparison keys of the values names are not: a birth date read at the precision it has
(and the years a range allows), events as kind, month, day and country, and a street
address in one spelling (12 Oak Street and 12 oak st agree)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from headcount.model.dates import InvalidDate, Precision, from_value
from headcount.model.records import RecordFacts as RecordFacts
from headcount.model.vocabulary import EventKind
from headcount.storage.records import store_facts as store_facts

MAX_BIRTH_SPAN = 2
"""The most calendar years a birth-date range may span and still be compared (an age gives two)."""
Birth = tuple[int | None, int | None, int | None, str | None, str | None, int | None, int | None]
_NO_BIRTH: Birth = (None, None, None, None, None, None, None)


@lru_cache(maxsize=50_000)
def birth_of(value: str) -> Birth:
    """(year, month, day of month, ISO day, the other ISO day of an ambiguous date, first and
    last year it allows); a range of up to MAX_BIRTH_SPAN years (born 1992-01-24/1993-01-23,
    from an age) has only the years."""
    try:
        date = from_value(value)
    except InvalidDate:
        return _NO_BIRTH
    first, low, high = date.earliest, date.earliest.year, date.latest.year
    if date.precision is Precision.day:
        return first.year, first.month, first.day, first.isoformat(), None, low, high
    if date.precision is Precision.month:
        return first.year, first.month, None, None, None, low, high
    if date.precision is Precision.ambiguous:
        a, b = date.alternatives[0], date.alternatives[-1]
        return a.year, None, None, a.isoformat(), b.isoformat(), low, high
    if low == high:
        return first.year, None, None, None, None, low, high
    if high - low < MAX_BIRTH_SPAN:
        return None, None, None, None, None, low, high
    return _NO_BIRTH


def best_birth(values: list[str]) -> Birth:
    """The most precise of a record's birth dates, read into columns."""
    read = [r for r in map(birth_of, values) if r[5] is not None]
    if not read:
        return _NO_BIRTH
    return min(
        read, key=lambda r: (r[0] is None, r[3] is None, r[1] is None, (r[6] or 0) - (r[5] or 0))
    )


@dataclass(frozen=True)
class EventKeys:
    """A record's events as comparison keys (see the module doc)."""

    days: frozenset[str]
    months: frozenset[str]
    placed_months: frozenset[str]
    places: frozenset[str]
    death: str | None
    last: str | None


def event_keys(found: tuple[tuple[str, str | None, str | None], ...]) -> EventKeys:
    days: set[str] = set()
    months: set[str] = set()
    placed_months: set[str] = set()
    places: set[str] = set()
    deaths: list[str] = []
    others: list[str] = []
    for kind, date, place in found:
        if not date or "|" in date or "/" in date:
            continue
        text = date.lstrip("~")
        if len(text) >= 7:
            months.add(f"{kind}:{text[:7]}")
            (deaths if kind == EventKind.killed else others).append(text[:7])
            if place:
                placed_months.add(f"{kind}:{text[:7]}")
                places.add(f"{kind}:{text[:7]}:{place[:3]}")
        if len(text) == 10:
            days.add(f"{kind}:{text}")
    return EventKeys(
        frozenset(days),
        frozenset(months),
        frozenset(placed_months),
        frozenset(places),
        min(deaths, default=None),
        max(others, default=None),
    )


STREET_TYPES = {
    "street": "st",
    "road": "rd",
    "avenue": "ave",
    "av": "ave",
    "lane": "ln",
    "close": "cl",
    "crescent": "cres",
    "drive": "dr",
    "place": "pl",
    "court": "ct",
    "boulevard": "blvd",
    "square": "sq",
    "terrace": "tce",
}
"""Street types written out and their short forms (a list abbreviates or not as it likes)."""


def address_key(value: str) -> str:
    """A street address casefolded, its punctuation dropped and its street type shortened."""
    words = "".join(c if c.isalnum() else " " for c in value.casefold()).split()
    return " ".join(STREET_TYPES.get(w, w) for w in words)
