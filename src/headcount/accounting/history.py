"""One person's status over time: the spells, each with the events and sources behind it.

A person's status on a date is what `status.Snapshot` decides from the events reported by
the date of knowledge, under the same rules as every count — so a spell here is exactly the
status the person has in `count` on each of its days. The status can only change on a day
an event begins or ends (its `earliest` or `latest` day), or when silence runs out (the
day after `staleness_days` or `en_route_days` without news); the history evaluates the
person on those days only, and a spell runs from one change to the next.

Each spell names the event that decided it (the event on the day `Snapshot` reports as
`since`, of the record that carries it), so every change traces to a record and its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from headcount.accounting.rules import STATUS_ORDER, Reading, Rules
from headcount.accounting.status import Snapshot
from headcount.accounting.timeline import KINDS, NEVER, Evidence, day_date, day_number
from headcount.accounting.visible import kept_records
from headcount.model.vocabulary import Status

DEATH_STATUSES = frozenset(
    {Status.killed_confirmed.value, Status.killed_reported.value, Status.contested.value}
)


@dataclass(frozen=True)
class Cause:
    """An event behind a spell: what happened, when, and the record that says so."""

    kind: str
    earliest: date
    latest: date
    record_id: int
    source_id: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "record_id": self.record_id,
            "source_id": self.source_id,
        }


@dataclass(frozen=True)
class Spell:
    """A stretch of days in one status (and, for `unknown`, one reason)."""

    status: str
    start: date
    end: date | None
    """The last day of the spell; None while it lasts (up to the history's end)."""
    reason: str
    """Why `unknown` (`stale`, `no_news_since_leaving`, `no_whereabouts`), else ''."""
    causes: tuple[Cause, ...]
    """The events of the deciding day (none for a spell that silence began)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "reason": self.reason,
            "causes": [c.as_dict() for c in self.causes],
        }


def status_history(
    evidence: Evidence,
    person: str,
    *,
    until: date,
    known_on: date | None = None,
    rules: Rules | None = None,
    reading: Reading = Reading.reported,
) -> list[Spell]:
    """The spells of `person` (a person key of the evidence) from the first day a record
    counts them to `until`, with what was known on `known_on` (default: all known now).
    Empty when no record of theirs counts them by `until`."""
    rules = rules or Rules()
    keys = evidence.person_keys[evidence.records["person"].to_numpy()]
    mine = kept_records(evidence, keys == person)
    if not len(mine.records):
        return []
    last = day_number(until)
    spells: list[Spell] = []
    for day in _change_days(mine, rules, last):
        snapshot = Snapshot(mine, day_date(day), known_on, rules)
        if not len(snapshot.people):
            continue
        codes, reasons, since, death = snapshot.status_codes(reading)
        status, reason = STATUS_ORDER[int(codes[0])].value, str(reasons[0])
        if spells and (spells[-1].status, spells[-1].reason) == (status, reason):
            continue
        if spells:
            spells[-1] = _ended(spells[-1], day - 1)
        decided = deciding_days(status, int(since[0]), int(death[0]))
        causes = () if reason else _deciding(mine, person, decided)
        spells.append(Spell(status, day_date(day), None, reason, causes))
    return spells


def deciding_days(status: str, since: int, death: int) -> tuple[int, ...]:
    """The days of the events that decided a status: the last death report for the killed
    (their `since` is the last news of them alive), the death report and the later news
    for the contested, else `since`."""
    if status == Status.contested.value and death < int(NEVER):
        return (death, since)
    return (death,) if status in DEATH_STATUSES and death < int(NEVER) else (since,)


def _change_days(evidence: Evidence, rules: Rules, last: int) -> list[int]:
    """Every day on which the status may change, up to `last`: each event's first and last
    day and the day after each, the days silence runs out, the day each record was first
    reported (a record can count a person before any event of theirs) and the day each
    status judgement holds from."""
    events = evidence.events
    earliest = events["earliest"].to_numpy().astype(np.int64)
    latest = events["latest"].to_numpy().astype(np.int64)
    latest = np.where(latest >= int(NEVER), earliest, latest)
    silence = [rules.staleness_days + 1, rules.en_route_days + 1]
    days = np.concatenate(
        [
            earliest,
            latest,
            latest + 1,
            *(latest + gap for gap in silence),
            evidence.records["first_reported"].to_numpy().astype(np.int64),
            evidence.judged["from_day"].to_numpy().astype(np.int64),
        ]
    )
    days = days[(days <= last) & (days < int(NEVER))]
    return sorted(set(days.tolist()))


def _deciding(evidence: Evidence, person: str, days: tuple[int, ...]) -> tuple[Cause, ...]:
    rows = pd.DataFrame({"person": [person] * len(days), "since": list(days)})
    return causes_on(evidence, rows).get(person, ())


def _ended(spell: Spell, last_day: int) -> Spell:
    return Spell(spell.status, spell.start, day_date(last_day), spell.reason, spell.causes)


def causes_on(evidence: Evidence, rows: pd.DataFrame) -> dict[str, tuple[Cause, ...]]:
    """Per person of `rows` (columns `person`, a person key, and `since`, a day number),
    the events of theirs that begin on that day, with the record and source of each."""
    records, events = evidence.records, evidence.events
    position = events["record"].to_numpy()
    frame = pd.DataFrame(
        {
            "person": evidence.person_keys[records["person"].to_numpy()[position]].astype(str),
            "earliest": events["earliest"].to_numpy(),
            "latest": events["latest"].to_numpy(),
            "kind": events["kind"].to_numpy(),
            "record_id": records["record_id"].to_numpy()[position],
            "source_id": records["source_id"].to_numpy()[position],
        }
    )
    wanted = pd.DataFrame({"person": rows["person"].astype(str), "earliest": rows["since"]})
    joined = frame.merge(wanted, on=["person", "earliest"])
    out: dict[str, list[Cause]] = {}
    for person, first, last, kind, record_id, source_id in zip(
        *(joined[c].tolist() for c in frame.columns), strict=True
    ):
        out.setdefault(person, []).append(
            Cause(
                kind=KINDS[kind].value,
                earliest=day_date(first),
                latest=day_date(last if last < int(NEVER) else first),
                record_id=record_id,
                source_id=source_id,
            )
        )
    return {
        person: tuple(sorted(found, key=lambda c: (c.earliest, c.kind, c.record_id)))
        for person, found in out.items()
    }
