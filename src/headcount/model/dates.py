"""Partial dates: what a source said about when, at the precision it said it.

Sources write "2014", "2015-03", "12/05/2016", "spring 2016", "c. 1990" or "19560715". A
`PartialDate` keeps the text as it came, its precision, and the interval of days it can
mean (`earliest`..`latest`, both inclusive). Comparisons happen at the precision both
sides have: "2015" and "2015-03-04" agree; "2015-03" and "2015-04-01" do not.

Invariants: `earliest <= latest`; a `day` date has `earliest == latest`; an ambiguous
day–month date (`03/04/2015` with no declared order) keeps both readings in
`alternatives` and is never silently resolved.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

MIN_YEAR = 1850
MAX_YEAR = 2100


class Precision(StrEnum):
    """How much of a date a source gave."""

    day = "day"
    month = "month"
    year = "year"
    range = "range"
    ambiguous = "ambiguous"  # day and month could be either way round


class DateOrder(StrEnum):
    """How to read `nn/nn/nnnn`: declared day-first, month-first, or not declared."""

    DMY = "DMY"
    MDY = "MDY"
    auto = "auto"


class InvalidDate(ValueError):
    """A date that cannot be read, or that cannot exist (30 February, month 13)."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as precise as its source: a day, a month, a year, a range, or two readings."""

    earliest: date
    latest: date
    precision: Precision
    text: str = field(default="", compare=False)
    approximate: bool = False
    alternatives: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        if self.earliest > self.latest:
            raise InvalidDate(f"{self.text or self.earliest!s}: ends before it starts")

    @property
    def value(self) -> str:
        """The canonical text: `2016-05-12`, `2015-03`, `2014`, `2015-03/2015-06`, or `a|b`."""
        if self.precision is Precision.day:
            return self.earliest.isoformat()
        if self.precision is Precision.month:
            return self.earliest.isoformat()[:7]
        if self.precision is Precision.year:
            return f"{self.earliest.year:04d}"
        if self.precision is Precision.ambiguous:
            return "|".join(d.isoformat() for d in self.alternatives)
        return f"{_interval_text(self.earliest, self.latest, start=True)}/" + _interval_text(
            self.earliest, self.latest, start=False
        )

    def __str__(self) -> str:
        return ("~" if self.approximate else "") + self.value

    def contains(self, day: date) -> bool:
        """Whether the day is one this date can mean."""
        if self.alternatives:
            return day in self.alternatives
        return self.earliest <= day <= self.latest

    def overlaps(self, other: PartialDate) -> bool:
        """Whether both dates can mean the same day: agreement at the precision both have."""
        if self.alternatives or other.alternatives:
            mine = self.alternatives or None
            theirs = other.alternatives or None
            if mine and theirs:
                return bool(set(mine) & set(theirs))
            days = mine or theirs or ()
            rest = other if mine else self
            return any(rest.contains(d) for d in days)
        return self.earliest <= other.latest and other.earliest <= self.latest

    def is_before(self, day: date) -> bool:
        """Certainly on or before `day` (every reading is)."""
        return self.latest <= day

    @classmethod
    def of_day(cls, day: date) -> PartialDate:
        return cls(day, day, Precision.day, day.isoformat())


def _interval_text(earliest: date, latest: date, *, start: bool) -> str:
    """Shortest text for one end of a range (a whole month or year shows as such)."""
    day = earliest if start else latest
    if earliest.day == 1 and latest == _month_end(latest.year, latest.month):
        if earliest.month == 1 and latest.month == 12:
            return f"{day.year:04d}"
        return day.isoformat()[:7]
    return day.isoformat()


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _make_day(year: int, month: int, day: int, text: str) -> date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidDate(f"{text!r}: year {year} is outside {MIN_YEAR}–{MAX_YEAR}")
    if not 1 <= month <= 12:
        raise InvalidDate(f"{text!r}: there is no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise InvalidDate(f"{text!r}: {calendar.month_name[month]} {year} has no day {day}")
    return date(year, month, day)


def _year(year: int, text: str, approximate: bool = False) -> PartialDate:
    _make_day(year, 1, 1, text)
    return PartialDate(date(year, 1, 1), date(year, 12, 31), Precision.year, text, approximate)


def _month(year: int, month: int, text: str, approximate: bool = False) -> PartialDate:
    first = _make_day(year, month, 1, text)
    return PartialDate(first, _month_end(year, month), Precision.month, text, approximate)


def _day(year: int, month: int, day: int, text: str, approximate: bool = False) -> PartialDate:
    d = _make_day(year, month, day, text)
    return PartialDate(d, d, Precision.day, text, approximate)


_SEASONS = {
    # Northern-hemisphere meteorological seasons; winter YYYY is Dec YYYY – Feb YYYY+1.
    "spring": (3, 5),
    "printemps": (3, 5),
    "summer": (6, 8),
    "été": (6, 8),
    "ete": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "automne": (9, 11),
    "winter": (12, 2),
    "hiver": (12, 2),
}
_HALVES = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "début": (1, 4), "fin": (9, 12)}
_MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i])
} | {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
    "sept": 9,
}

_APPROX = re.compile(r"^(?:c\.|ca\.?|circa|about|approx\.?|vers|~|env\.?)\s*", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_MONTH_YEAR_SLASH = re.compile(r"^(\d{1,2})[/.](\d{4})$")
_NAMED = re.compile(r"^(?:(\d{1,2})\s+)?([^\W\d_]+\.?)\s+(\d{4})$")
_NAMED_US = re.compile(r"^([^\W\d_]+\.?)\s+(\d{1,2}),?\s+(\d{4})$")
_SEASON = re.compile(r"^([^\W\d_]+)\s+(\d{4})$")


def parse_date(text: str, order: DateOrder | str = DateOrder.auto) -> PartialDate:
    """Read a date as a source wrote it; raise `InvalidDate` saying why when it cannot be.

    >>> parse_date("2015-03").value, parse_date("19560715").value, parse_date("spring 2016").value
    ('2015-03', '1956-07-15', '2016-03/2016-05')
    >>> parse_date("03/04/2015").precision, parse_date("03/04/2015", "DMY").value
    (<Precision.ambiguous: 'ambiguous'>, '2015-04-03')
    """
    raw = text
    text = " ".join(str(text).strip().split())
    if not text:
        raise InvalidDate("empty date")
    order = DateOrder(order)
    approximate = bool(_APPROX.match(text))
    body = _APPROX.sub("", text)
    if "/" in body and not _SLASHED.match(body) and not _MONTH_YEAR_SLASH.match(body):
        return _parse_range(body, raw, order, approximate)
    if " to " in body or " – " in body or " - " in body:
        return _parse_range(body, raw, order, approximate)
    result = _parse_single(body, raw, order, approximate)
    if result is None:
        raise InvalidDate(f"{raw!r} is not a date headcount can read")
    return result


def _parse_range(body: str, raw: str, order: DateOrder, approximate: bool) -> PartialDate:
    parts = re.split(r"\s*(?:/|\bto\b|–|\s-\s)\s*", body, maxsplit=1)
    if len(parts) != 2:
        raise InvalidDate(f"{raw!r} is not a date range headcount can read")
    start = _parse_single(parts[0], raw, order, approximate)
    end = _parse_single(parts[1], raw, order, approximate)
    if start is None or end is None:
        raise InvalidDate(f"{raw!r} is not a date range headcount can read")
    if start.earliest > end.latest:
        raise InvalidDate(f"{raw!r}: the range ends before it starts")
    return PartialDate(start.earliest, end.latest, Precision.range, raw, approximate)


def _parse_single(body: str, raw: str, order: DateOrder, approx: bool) -> PartialDate | None:
    if m := _ISO.match(body):
        year, month, day = int(m[1]), m[2], m[3]
        if day is not None and month is not None:
            return _day(year, int(month), int(day), raw, approx)
        if month is not None:
            return _month(year, int(month), raw, approx)
        return _year(year, raw, approx)
    if m := _COMPACT.match(body):
        return _day(int(m[1]), int(m[2]), int(m[3]), raw, approx)
    if m := _SLASHED.match(body):
        return _slashed(int(m[1]), int(m[2]), int(m[3]), raw, order, approx)
    if m := _MONTH_YEAR_SLASH.match(body):
        return _month(int(m[2]), int(m[1]), raw, approx)
    lowered = body.lower()
    if m := _NAMED.match(lowered):
        month_no = _MONTHS.get(m[2].rstrip("."))
        if month_no is not None:
            if m[1]:
                return _day(int(m[3]), month_no, int(m[1]), raw, approx)
            return _month(int(m[3]), month_no, raw, approx)
    if m := _NAMED_US.match(lowered):
        month_no = _MONTHS.get(m[1].rstrip("."))
        if month_no is not None:
            return _day(int(m[3]), month_no, int(m[2]), raw, approx)
    if m := _SEASON.match(lowered):
        return _season(m[1], int(m[2]), raw, approx)
    return None


def _slashed(a: int, b: int, year: int, raw: str, order: DateOrder, approx: bool) -> PartialDate:
    if order is DateOrder.DMY:
        return _day(year, b, a, raw, approx)
    if order is DateOrder.MDY:
        return _day(year, a, b, raw, approx)
    if a > 12 or b > 12 or a == b:
        day, month = (a, b) if a > 12 or a == b else (b, a)
        return _day(year, month, day, raw, approx)
    first = _make_day(year, b, a, raw)  # day-first reading
    second = _make_day(year, a, b, raw)  # month-first reading
    lo, hi = sorted((first, second))
    return PartialDate(lo, hi, Precision.ambiguous, raw, approx, (first, second))


def _season(word: str, year: int, raw: str, approx: bool) -> PartialDate | None:
    if word in _SEASONS:
        start, end = _SEASONS[word]
        end_year = year + 1 if end < start else year
        first = _make_day(year, start, 1, raw)
        return PartialDate(first, _month_end(end_year, end), Precision.range, raw, approx)
    if word in _HALVES:
        start, end = _HALVES[word]
        first = _make_day(year, start, 1, raw)
        return PartialDate(first, _month_end(year, end), Precision.range, raw, approx)
    return None


def from_value(value: str) -> PartialDate:
    """Rebuild a date from its canonical `value` (as stored)."""
    approximate = value.startswith("~")
    value = value.lstrip("~")
    if "|" in value:
        alternatives = tuple(date.fromisoformat(v) for v in value.split("|"))
        lo, hi = min(alternatives), max(alternatives)
        return PartialDate(lo, hi, Precision.ambiguous, value, approximate, alternatives)
    parsed = parse_date(value)
    return PartialDate(
        parsed.earliest, parsed.latest, parsed.precision, value, approximate, parsed.alternatives
    )
