"""A human judgement on a pair of records: same person, different persons, or unsure.

Judgements are what an analyst knows and the model does not, so they always win over the
model. The pair is stored with `record_a < record_b`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from headcount.model.vocabulary import Decision


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
