"""The persons behind a count cell, each with the events that put them there.

A cell of `count` (a country × status on a date, with a date of knowledge) is a number of
current persons under the `reported` reading; this lists exactly those persons, by the same
`Snapshot`, so the list's length is the cell's value. Each person comes with the events of
the day that decided their status (kind, dates, record and source), or with the reason they
are `unknown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from headcount.accounting.breakdowns import parts_of
from headcount.accounting.history import Cause, causes_on, deciding_days
from headcount.accounting.rules import STATUS_ORDER, Reading, Rules
from headcount.accounting.status import Snapshot
from headcount.accounting.timeline import NEVER, Evidence, day_date

DEPARTED = "departed"
"""Not a status but a column of the counts: every counted person of the country."""


@dataclass(frozen=True)
class CellPerson:
    """One person of a cell, with why they are in it."""

    person_id: str
    status: str
    since: date | None
    """The day of the deciding event (the death report for the killed and the contested;
    None when no event decided: `unknown` for lack of whereabouts)."""
    reason: str
    causes: tuple[Cause, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "status": self.status,
            "since": self.since.isoformat() if self.since else None,
            "reason": self.reason,
            "causes": [c.as_dict() for c in self.causes],
        }


def cell_persons(
    evidence: Evidence,
    as_of: date,
    known_on: date | None = None,
    *,
    country: str,
    status: str,
    rules: Rules | None = None,
    part: tuple[str, str] | None = None,
) -> list[CellPerson]:
    """The current persons counted in `country` × `status` on `as_of` (`status` may be
    `departed`: every person of the country), ordered by person id; only those of one
    part of a breakdown with `part` = (breakdown, part), as `count --by` counts them."""
    known = {s.value for s in STATUS_ORDER} | {DEPARTED}
    if status not in known:
        raise ValueError(f"{status!r} is not a status: one of {', '.join(sorted(known))}")
    snapshot = Snapshot(evidence, as_of, known_on, rules)
    rows = snapshot.statuses(Reading.reported)
    if part is not None:
        codes = snapshot.status_codes(Reading.reported)[0]
        rows = rows[parts_of(snapshot, Reading.reported, codes, part[0]) == part[1]]
    rows = rows[rows["country"] == country]
    if status != DEPARTED:
        rows = rows[rows["status"] == status]
    decisive = (rows["status"].tolist(), rows["since"].tolist(), rows["death"].tolist())
    days = [
        (person, day)
        for person, *decided in zip(rows["person"].tolist(), *decisive, strict=True)
        for day in deciding_days(*decided)
    ]
    decided = pd.DataFrame(days, columns=["person", "since"])
    causes = causes_on(evidence, decided)
    return [
        CellPerson(
            person_id=person,
            status=status_of,
            since=day_date(since) if since < int(NEVER) else None,
            reason=reason,
            causes=causes.get(person, ()),
        )
        for person, status_of, since, reason in sorted(
            zip(
                rows["person"].astype(str).tolist(),
                rows["status"].tolist(),
                [deciding_days(*d)[0] for d in zip(*decisive, strict=True)],
                rows["reason"].tolist(),
                strict=True,
            )
        )
    ]
