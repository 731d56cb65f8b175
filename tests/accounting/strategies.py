"""Builders for testing the status rules without a store: evidence written by hand.

>>> from tests.accounting.strategies import RecordSpec, EventSpec, build_evidence
>>> from headcount.accounting import person_statuses
>>> from datetime import date
>>> ev = build_evidence([RecordSpec("A", "2016-01-10", events=[
...     EventSpec("entered_theatre", "2015-03-02", place="SYR"),
...     EventSpec("killed", "2015-11", credibility=4, place="SYR")])])
>>> person_statuses(ev, date(2016, 6, 1))["status"].tolist()
['killed_reported']

A hypothesis strategy of such records (`records_strategy`) feeds the property tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from headcount.accounting.timeline import (
    KINDS,
    NEVER,
    PLACE_PRIORITY,
    Evidence,
    day_number,
    encode,
)
from headcount.model.dates import parse_date
from headcount.model.vocabulary import EventKind

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


@dataclass(frozen=True)
class EventSpec:
    """One event of a hand-built record; `reported` defaults to the record's."""

    kind: str
    date: str | None
    credibility: int = 2
    place: str = ""
    reported: str | None = None


@dataclass(frozen=True)
class RecordSpec:
    """One hand-built record of a person, with where it says they are from."""

    person: str
    reported: str | None
    events: list[EventSpec] = field(default_factory=list)
    reliability: str = "B"
    citizenship: str | tuple[str, ...] | None = None
    """One citizenship, or several (a dual national's record)."""
    residence: str | None = None
    birth_place: str | None = None
    source_id: int = 1
    source_country: str = ""
    """The country of a national source the record comes from ('' for none)."""
    mention: bool = False
    """Whether the record carries nothing beyond a name (`linkage.mentions`)."""


def _span(text: str | None) -> tuple[int, int]:
    if text is None:
        return int(NEVER), int(NEVER)
    parsed = parse_date(text)
    return day_number(parsed.earliest), day_number(parsed.latest)


def build_evidence(records: Iterable[RecordSpec], run_id: int = 0) -> Evidence:
    """Evidence as `load_evidence` would read it from a store holding these records."""
    recs: dict[str, list] = {
        k: []
        for k in (
            "record_id",
            "person",
            "source_id",
            "reliability",
            "reported",
            "source_country",
            "mention",
        )
    }
    evs: dict[str, list] = {
        k: [] for k in ("record", "kind", "earliest", "latest", "reported", "credibility", "place")
    }
    places: dict[str, list] = {"record": [], "priority": [], "country": []}
    for i, r in enumerate(records):
        reported = _span(r.reported)[0]
        for key, value in (
            ("record_id", i + 1),
            ("person", r.person),
            ("source_id", r.source_id),
            ("reliability", "ABCDEF".index(r.reliability)),
            ("reported", reported),
            ("source_country", r.source_country),
            ("mention", r.mention),
        ):
            recs[key].append(value)
        for e in r.events:
            earliest, latest = _span(e.date)
            told = _span(e.reported)[0] if e.reported else reported
            for key, value in (
                ("record", i),
                ("kind", KINDS.index(EventKind(e.kind))),
                ("earliest", earliest),
                ("latest", latest),
                ("reported", told),
                ("credibility", e.credibility),
                ("place", e.place),
            ):
                evs[key].append(value)
        for prop in ("residence", "citizenship", "birth_place"):
            value = getattr(r, prop)
            for country in (value,) if isinstance(value, str) else value or ():
                places["record"].append(i)
                places["priority"].append(PLACE_PRIORITY[prop])
                places["country"].append(country)
    types = {
        "record_id": np.int64,
        "source_id": np.int64,
        "reliability": np.int8,
        "reported": np.int32,
        "record": np.int64,
        "kind": np.int8,
        "earliest": np.int32,
        "latest": np.int32,
        "credibility": np.int8,
        "priority": np.int8,
        "mention": bool,
    }
    return encode(run_id, _arrays(recs, types), _arrays(evs, types), _arrays(places, types))


def _arrays(columns: dict[str, list], types: Mapping[str, Any]) -> dict[str, np.ndarray]:
    return {k: np.array(v, dtype=types.get(k, object)) for k, v in columns.items()}


FIRST_DAY = day_number(parse_date("2013-01-01").earliest)
LAST_DAY = day_number(parse_date("2019-12-31").earliest)


def _iso(day: int) -> str:
    return str(np.datetime64(day, "D"))


def records_strategy(persons: int = 4) -> SearchStrategy[list[RecordSpec]]:
    """A few persons' records with random events, grades, report lags and countries
    (imports hypothesis, a development dependency, when called)."""
    from hypothesis import strategies as st

    days = st.integers(FIRST_DAY, LAST_DAY)

    @st.composite
    def event(draw: st.DrawFn) -> EventSpec:
        day = draw(days)
        return EventSpec(
            kind=draw(st.sampled_from([k.value for k in EventKind])),
            date=draw(st.sampled_from([_iso(day), _iso(day)[:7], _iso(day)[:4]])),
            credibility=draw(st.integers(1, 6)),
            place=draw(st.sampled_from(["", "SYR", "IRQ", "TUR", "FRA"])),
            reported=_iso(day + draw(st.integers(0, 400))),
        )

    record = st.builds(
        RecordSpec,
        person=st.sampled_from([f"P{i}" for i in range(persons)]),
        reported=days.map(_iso),
        events=st.lists(event(), max_size=4),
        reliability=st.sampled_from("ABCDEF"),
        citizenship=st.sampled_from([None, "FRA", "BEL", "TUN"]),
    )
    return st.lists(record, min_size=1, max_size=persons * 2)
