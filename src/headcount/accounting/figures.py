"""Published figures as reconciliation reads them: each with its metric in headcount's
terms and the flags an analyst must see beside it.

A publisher's metric is read from its own name (`metric_original`) through
`model.vocabulary.METRIC_OF` when the figures are read, so figures loaded before a name was
known are read as they are now. Figures of other populations (a government's database, those
who tried to leave) have no metric: they are shown, never compared.

Flags (version 2):

- `stale`: the figure refers to a date more than `stale_after_days` before the date asked;
- `later`: it refers to a date after the date asked (it knows what had not happened yet);
- `unknowable`: it refers to a date after `--known-on`, so no one could have read it then
  (it is left out of the range, and said so);
- definition flags read from the publisher's notes and metric name: `includes_dead`,
  `other_factions` (al-Nusra and other groups, not only the Islamic State),
  `includes_present` (those present, not only those who left), `presumed` (a belief, not a
  finding), `undated` (an approximate or undated as-of), `share` (a fraction, not a count).

The notes are free text in several languages' habits; the patterns are deliberately
narrow: a flag says "read the note", it does not replace reading it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from headcount.model.vocabulary import METRIC_OF
from headcount.storage.engine import Connection
from headcount.storage.figures import country_figure_rows

STALE_AFTER_DAYS = 365
"""How old a figure may be, against the date asked, before it is flagged stale."""

NOTE_FLAGS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "includes_dead",
        re.compile(
            r"\b(includ\w*|incl\.|with)\b[^.;]{0,40}\b(dead|killed|deaths?)\b|\bor dead\b", re.I
        ),
        "counts the dead among them",
    ),
    (
        "other_factions",
        re.compile(r"al-?nusra|other (sunni )?(jihadist )?(factions|groups)", re.I),
        "counts members of other groups than the Islamic State",
    ),
    (
        "presumed",
        re.compile(r"\bpresum\w*|\bprobabl\w*|\bbelieved\b|\bsuspected\b", re.I),
        "is a belief of the publisher, not a finding",
    ),
)
"""Flag, pattern in the note, what it means."""
FLAG_MEANINGS: dict[str, str] = {
    "stale": "refers to a date long before the date asked",
    "later": "refers to a date after the date asked",
    "unknowable": "refers to a date after the known-on date: left out",
    "includes_present": "counts those present, not only those who left",
    "undated": "has an approximate date, or none",
    "share": "is a fraction, not a count",
    **{flag: meaning for flag, _, meaning in NOTE_FLAGS},
}
"""What each flag means, in words (shown beside the figure)."""
DEFINITION_FLAGS = frozenset({"includes_dead", "other_factions", "includes_present", "presumed"})


@dataclass(frozen=True)
class Figure:
    """One published figure as stored, its metric read from the publisher's own name."""

    metric: str | None
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
        """A figure from a row of `storage.figures.FIGURE_FIELDS`."""
        original, low, high, as_of, earliest, latest, publisher, note = row
        metric = METRIC_OF.get(original)
        return cls(
            metric.value if metric else None,
            original,
            low,
            high,
            as_of,
            earliest,
            latest,
            publisher,
            note,
        )

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

    def flags(
        self, when: date, known_on: date | None = None, stale_after: int = STALE_AFTER_DAYS
    ) -> list[str]:
        """The flags of this figure for a reconciliation on `when` (see the module doc)."""
        out = []
        if self.latest is not None and (when - self.latest).days > stale_after:
            out.append("stale")
        if self.earliest is not None and self.earliest > when:
            out.append("later")
        if not self.knowable(known_on):
            out.append("unknowable")
        if self.earliest is None or self.as_of.strip()[:1] in ("~", "(") or "c." in self.as_of:
            out.append("undated")
        if self.metric_original == "departed_or_present":
            out.append("includes_present")
        if self.metric_original.endswith("_share"):
            out.append("share")
        note = self.note or ""
        out += [flag for flag, pattern, _ in NOTE_FLAGS if pattern.search(note)]
        return out

    def as_dict(
        self, when: date | None = None, known_on: date | None = None, chosen: bool = False
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "publisher": self.publisher,
            "as_of": self.as_of,
            "low": number(self.low),
            "high": number(self.high),
            "metric": self.metric,
            "metric_original": self.metric_original,
            "note": self.note,
        }
        if when is not None:
            out["flags"] = self.flags(when, known_on)
            out["chosen"] = chosen
        return out


def country_figures(connection: Connection, country: str) -> list[Figure]:
    """Every published figure for a country that gives a number (a note alone gives none),
    in the order they were loaded."""
    return [Figure.of(row) for row in country_figure_rows(connection, country)]


def number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
