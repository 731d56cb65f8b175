"""Human judgements: on a pair of records (same person, different persons, or unsure), and
on a person's status ("from this date, this person is killed").

Judgements are what an analyst knows and the model does not, so they always win over the
model. A pair is stored with `record_a < record_b`.

The rules decide every status from the events; where the events contradict each other (a
death report, then a sighting: `contested`), only a person can weigh them. A status
judgement records that person's conclusion, with a note saying why. Both kinds are
append-only: withdrawn by a retraction, never changed.

A status judgement names a person but is anchored on a record of theirs (the smallest record
id when it was made), so it follows that record into whichever person holds it after another
linkage run. The judgement in force for a person from a date is their latest one not
retracted; accounting applies it on every date from `as_of`, and on the time axis of
knowledge only from the day it was made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from headcount.model.vocabulary import Decision, Status


@dataclass(frozen=True)
class Judgement:
    """One judgement as stored."""

    id: int
    record_a: int
    record_b: int
    decision: Decision
    user: str
    created_at: datetime
    note: str | None


class StatusJudgementError(ValueError):
    """A status judgement that cannot be made: an unknown person or status, no note."""


def check_status_judgement(status: str, note: str) -> None:
    """Refuse a status judgement of an unknown status or without a reason."""
    if status not in {s.value for s in Status}:
        raise StatusJudgementError(
            f"{status!r} is not a status: one of {', '.join(s.value for s in Status)}"
        )
    if not note.strip():
        raise StatusJudgementError("say why in --note: a judgement without a reason is no evidence")


@dataclass(frozen=True)
class StatusJudgement:
    """One status judgement in force."""

    id: int
    record_id: int
    person_id: str
    status: str
    as_of: date
    note: str
    user: str
    created_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "person_id": self.person_id,
            "status": self.status,
            "as_of": self.as_of.isoformat(),
            "note": self.note,
            "user": self.user,
            "created_at": self.created_at.isoformat(),
        }
