"""A person whole: the person view (names, records, timeline, contradictions) and their
status history, each spell traced to the records and sources behind it.

The history is computed on the evidence the user may see (`dashboard.evidence_for`, the
same evidence the counts use), so a spell here is the status the person has in the counts
on each of its days, under the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from headcount.accounting.history import Spell, status_history
from headcount.accounting.origin import CountryVote, person_origin
from headcount.accounting.rules import Rules
from headcount.model.judgements import StatusJudgement
from headcount.security.accounts import User
from headcount.security.audit import NotAllowed
from headcount.security.compartments import compartments_for
from headcount.security.roles import Action
from headcount.storage.engine import Store
from headcount.storage.queries import latest_run_id
from headcount.storage.status_judgements import (
    active_status_judgements,
    judge_status,
    retract_status_judgement,
)
from headcount.views.cache import store_state
from headcount.views.dashboard import default_as_of, evidence_for
from headcount.views.errors import NotFound
from headcount.views.person import PersonView, person_exists, view_person


@dataclass(frozen=True)
class PersonHistory:
    """One person and their status spells up to `until`."""

    person: PersonView
    until: date
    known_on: date | None
    rules: Rules
    spells: list[Spell]
    judgements: list[StatusJudgement]
    """Analysts' status judgements in force on this person (they are in the spells too)."""
    origin: list[CountryVote]
    """The countries the person's records place them in, their country first (the rule of
    `accounting.origin`), the others kept beside it."""

    def source_of(self, record_id: int) -> str:
        """`SOURCE/RECORD_ID` of a record of this person (as users name records)."""
        for record in self.person.records:
            if record.id == record_id:
                return record.record
        return str(record_id)

    def as_dict(self) -> dict[str, Any]:
        spells = []
        for spell in self.spells:
            data = spell.as_dict()
            for cause, shown in zip(spell.causes, data["causes"], strict=True):
                shown["record"] = self.source_of(cause.record_id)
            spells.append(data)
        origin = [
            {**v.as_dict(), "records": [self.source_of(r) for r in v.records]} for v in self.origin
        ]
        return {
            **self.person.as_dict(),
            "origin": origin,
            "status_history": {
                "until": self.until.isoformat(),
                "known_on": self.known_on.isoformat() if self.known_on else None,
                "rules": self.rules.as_dict(),
                "spells": spells,
                "judgements": [j.as_dict() for j in self.judgements],
            },
        }


def person_history(
    store: Store,
    user: User,
    person_id: str,
    *,
    until: date | None = None,
    known_on: date | None = None,
    rules: Rules | None = None,
) -> PersonHistory:
    """The person (audited, through the user's compartments) with their status spells up to
    `until` (default: the latest date the records cover)."""
    person = view_person(store, user, person_id)
    compartments = compartments_for(user)
    evidence = evidence_for(store, store_state(store, compartments), compartments)
    until = until or default_as_of(store, compartments)
    rules = rules or Rules()
    spells = status_history(evidence, person_id, until=until, known_on=known_on, rules=rules)
    anchors = {r.id for r in person.records}
    with store.reading() as connection:
        judged = [j for j in active_status_judgements(connection) if j.record_id in anchors]
    origin = person_origin(evidence, person_id)
    return PersonHistory(person, until, known_on, rules, spells, judged, origin)


def judge_person_status(
    store: Store, user: User, person_id: str, status: str, as_of: date, note: str
) -> int:
    """Record an analyst's judgement of a person's status from a date (reviewers and
    above); audited. Returns its id."""
    if not user.can(Action.review):
        raise NotAllowed("judging a status needs the reviewer role or above")
    if not person_exists(store, user, person_id):
        raise NotFound(f"there is no person {person_id}")
    compartments = compartments_for(user)
    with store.transaction() as connection:
        run = latest_run_id(connection, compartments)
        if run is None:
            raise NotFound("no linkage run yet: there are no persons")
        return judge_status(connection, run, person_id, status, as_of, note, user.name)


def retract_person_status(store: Store, user: User, judgement_id: int, note: str | None) -> None:
    """Withdraw a status judgement (reviewers and above); audited."""
    if not user.can(Action.review):
        raise NotAllowed("judging a status needs the reviewer role or above")
    with store.transaction() as connection:
        retract_status_judgement(connection, judgement_id, user.name, note)
