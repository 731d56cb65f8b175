"""Contradictions between what a person's records say, flagged, never resolved.

A person's records may disagree; the workbench shows where, and leaves the judgement to
the analyst. Flagged:

- birth dates that cannot both be true (their intervals do not overlap: "1990" and
  "1990-04-02" agree, "1990-04-02" and "1991-04-02" do not);
- more than one gender;
- death reports whose dates cannot both be true;
- an event certainly after a death report (its earliest day after the report's latest):
  the person is `contested` in the counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from headcount.model.dates import InvalidDate, PartialDate, from_value
from headcount.model.vocabulary import EventKind, Property


@dataclass(frozen=True)
class Said:
    """One value as one record said it: what, the value, and which record (`SOURCE/KEY`)."""

    what: str
    value: str
    record: str


@dataclass(frozen=True)
class Contradiction:
    """Two or more things the records say that cannot all be true."""

    kind: str
    """`birth_date`, `gender`, `death_date` or `alive_after_death`."""
    text: str
    said: tuple[Said, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "said": [{"what": s.what, "value": s.value, "record": s.record} for s in self.said],
        }


def _date(value: str | None) -> PartialDate | None:
    if not value:
        return None
    try:
        return from_value(value)
    except InvalidDate:
        return None


def _disjoint_dates(kind: str, label: str, said: Sequence[Said]) -> list[Contradiction]:
    dated = [(s, d) for s in said if (d := _date(s.value)) is not None]
    out = []
    for (a, da), (b, db) in combinations(dated, 2):
        if not da.overlaps(db) and a.value != b.value:
            text = f"{label}: {a.value} ({a.record}) and {b.value} ({b.record}) cannot both be true"
            out.append(Contradiction(kind, text, (a, b)))
    return out


def find_contradictions(statements: Sequence[Said], events: Sequence[Said]) -> list[Contradiction]:
    """The contradictions among a person's statements and events (see the module doc).

    `statements` carry the property in `what`; `events` the event kind, with the event's
    date as `value`."""
    out: list[Contradiction] = []
    births = [s for s in statements if s.what == Property.birth_date]
    out += _disjoint_dates("birth_date", "birth dates", births)
    genders = [s for s in statements if s.what == Property.gender]
    if len({s.value for s in genders}) > 1:
        values = ", ".join(sorted({f"{s.value} ({s.record})" for s in genders}))
        out.append(Contradiction("gender", f"genders disagree: {values}", tuple(genders)))
    deaths = [e for e in events if e.what == EventKind.killed]
    out += _disjoint_dates("death_date", "death dates", deaths)
    out += _alive_after_death(deaths, events)
    return out


def _alive_after_death(deaths: Sequence[Said], events: Sequence[Said]) -> list[Contradiction]:
    out = []
    for death in deaths:
        died = _date(death.value)
        if died is None:
            continue
        for event in events:
            when = _date(event.value)
            if event.what == EventKind.killed or when is None or when.earliest <= died.latest:
                continue
            text = (
                f"{event.what.replace('_', ' ')} on {event.value} ({event.record}) after a death "
                f"reported for {death.value} ({death.record})"
            )
            out.append(Contradiction("alive_after_death", text, (death, event)))
    return out
