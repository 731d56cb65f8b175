"""A person: the records one linkage run put together, under an id that outlives the run.

Like a followthemoney entity assembled from its statements, a person is not stored whole:
the store keeps each person's id with the run that first gave it and when (`persons`), and,
per run, which record belongs to which person and why (`person_records`). A `Person` is
what those rows say of one person in one run, as far as the reader may see its records.

Invariant: a person's members are sorted by record id and hold each record once; ids are
never reused for another person (`linkage.persons` keeps that), so the same id in two runs
is the same person, however its records changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Member:
    """One record of a person in a run, and why the run put it there (`model`,
    `judgement`, `singleton`, `truth`, … — the words `web.render.REASONS` explains)."""

    record_id: int
    reason: str | None


@dataclass(frozen=True)
class Person:
    """One person of one linkage run: its records (those the reader may see) and why each is
    there, the run, and the run that first gave the id and when."""

    id: str
    run_id: int
    members: tuple[Member, ...]
    first_run_id: int
    created_at: datetime

    def __post_init__(self) -> None:
        ids = [m.record_id for m in self.members]
        if ids != sorted(set(ids)):
            raise ValueError(f"person {self.id}: members must be sorted record ids, each once")

    @property
    def record_ids(self) -> tuple[int, ...]:
        """The person's record ids, ascending."""
        return tuple(m.record_id for m in self.members)

    def reason_of(self, record_id: int) -> str | None:
        """Why the run put this record in the person (None if it is not one of its)."""
        for member in self.members:
            if member.record_id == record_id:
                return member.reason
        return None


def record_index(persons: Iterable[Person]) -> dict[int, str]:
    """Record id → person id over these persons: how a record finds its person."""
    return {m.record_id: p.id for p in persons for m in p.members}
