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
from datetime import date
from typing import Any

from headcount.model.figures import PublishedFigure
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


def figure_of(row: Sequence[Any]) -> PublishedFigure:
    """A figure from a row of `storage.figures.FIGURE_FIELDS`, its metric read from the
    publisher's own name."""
    original, low, high, as_of, earliest, latest, publisher, note = row
    metric = METRIC_OF.get(original)
    return PublishedFigure(
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


def figure_flags(
    figure: PublishedFigure,
    when: date,
    known_on: date | None = None,
    stale_after: int = STALE_AFTER_DAYS,
) -> list[str]:
    """The flags of a figure for a reconciliation on `when` (see the module doc)."""
    out = []
    if figure.latest is not None and (when - figure.latest).days > stale_after:
        out.append("stale")
    if figure.earliest is not None and figure.earliest > when:
        out.append("later")
    if not figure.knowable(known_on):
        out.append("unknowable")
    undated = figure.as_of.strip()[:1] in ("~", "(") or "c." in figure.as_of
    if figure.earliest is None or undated:
        out.append("undated")
    if figure.metric_original == "departed_or_present":
        out.append("includes_present")
    if figure.metric_original.endswith("_share"):
        out.append("share")
    note = figure.note or ""
    out += [flag for flag, pattern, _ in NOTE_FLAGS if pattern.search(note)]
    return out


def figure_dict(
    figure: PublishedFigure,
    when: date | None = None,
    known_on: date | None = None,
    chosen: bool = False,
) -> dict[str, Any]:
    """A figure as JSON, with its flags on `when` and whether it was chosen."""
    out: dict[str, Any] = {
        "publisher": figure.publisher,
        "as_of": figure.as_of,
        "low": number(figure.low),
        "high": number(figure.high),
        "metric": figure.metric,
        "metric_original": figure.metric_original,
        "note": figure.note,
    }
    if when is not None:
        out["flags"] = figure_flags(figure, when, known_on)
        out["chosen"] = chosen
    return out


def country_figures(connection: Connection, country: str) -> list[PublishedFigure]:
    """Every published figure for a country that gives a number (a note alone gives none),
    in the order they were loaded."""
    return [figure_of(row) for row in country_figure_rows(connection, country)]


def number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
