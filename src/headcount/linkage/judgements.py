"""Human judgements on pairs of records: same person, different persons, or unsure.

Judgements are what an analyst knows and the model does not, so they always win over the
model (`cluster.cluster_records` applies them). They are append-only: a judgement is never
updated or deleted; it is withdrawn by a row in `judgement_retractions`, and a new judgement
on the same pair supersedes the older one.

Records are named either by their store id (`1234`) or as `SOURCE/RECORD_ID`, the source's
name and the source's own record id (`fr-watchlist/FR-000123`).

Invariants: a pair is stored with `record_a < record_b`; every judgement and retraction is
written with its user and time, and an audit entry in the same transaction; the judgement in
force on a pair is its latest one that is not retracted (`effective_judgements`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, insert, select

from headcount.model.vocabulary import EVERY, OPEN_ONLY, Compartment, Compartments, Decision
from headcount.storage.audit import record_audit
from headcount.storage.engine import Store, now
from headcount.storage.queries import visible_records
from headcount.storage.tables import judgement_retractions, judgements, records, sources


class JudgementError(ValueError):
    """A judgement that cannot be made: an unknown or ambiguous record, a bad decision."""


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


def resolve_record(connection: Connection, ref: str) -> int:
    """The store id of the record `ref` names: a store id, or `SOURCE/RECORD_ID`.

    A source's name or record id may itself hold a slash, so every split is tried; a name
    that fits no record or several is refused with the candidates.
    """
    text = ref.strip()
    if text.isdigit():
        found = connection.execute(select(records.c.id).where(records.c.id == int(text))).scalar()
        if found is None:
            raise JudgementError(f"no record has the store id {text}")
        return int(found)
    candidates: set[int] = set()
    for i, char in enumerate(text):
        if char != "/":
            continue
        source, key = text[:i], text[i + 1 :]
        rows = connection.execute(
            select(records.c.id)
            .join(sources, sources.c.id == records.c.source_id)
            .where(and_(sources.c.name == source, records.c.record_key == key))
        )
        candidates.update(int(r) for r in rows.scalars())
    if not candidates:
        raise JudgementError(
            f"no record is named {text!r}: use SOURCE/RECORD_ID (the source's own id) or a store id"
        )
    if len(candidates) > 1:
        ids = ", ".join(str(c) for c in sorted(candidates))
        raise JudgementError(f"{text!r} names several records (store ids {ids}): use a store id")
    return candidates.pop()


def add_judgement(
    store: Store, record_a: str, record_b: str, decision: str, *, user: str, note: str | None = None
) -> Judgement:
    """Record that two records are the same person, different persons, or unsure."""
    try:
        chosen = Decision(decision)
    except ValueError:
        options = ", ".join(d.value for d in Decision)
        raise JudgementError(f"{decision!r} is not a decision: use one of {options}") from None
    with store.transaction() as connection:
        a, b = resolve_record(connection, record_a), resolve_record(connection, record_b)
        if a == b:
            raise JudgementError(f"{record_a} and {record_b} are the same record")
        a, b = min(a, b), max(a, b)
        created = now()
        judgement_id = connection.execute(
            insert(judgements).returning(judgements.c.id),
            {"record_a": a, "record_b": b, "decision": chosen.value, "user_name": user,
             "created_at": created, "note": note},
        ).scalar_one()  # fmt: skip
        detail = {"record_a": a, "record_b": b, "decision": chosen.value, "note": note}
        record_audit(
            connection, user, "judge", "judgement", str(judgement_id), detail,
            compartment=_compartment_of(connection, a, b),
        )  # fmt: skip
    return Judgement(int(judgement_id), a, b, chosen, user, created, note)


def _compartment_of(connection: Connection, *ids: int) -> Compartment:
    """Restricted if any of the records is of a restricted source."""
    restricted = select(records.c.id).where(
        records.c.id.in_(ids), records.c.id.not_in(visible_records(OPEN_ONLY))
    )
    found = connection.execute(restricted.limit(1)).first()
    return Compartment.restricted if found is not None else Compartment.open


def retract_judgement(
    store: Store, judgement_id: int, *, user: str, note: str | None = None
) -> Judgement:
    """Withdraw a judgement (it stays in the store, marked retracted); return it."""
    with store.transaction() as connection:
        row = connection.execute(select(judgements).where(judgements.c.id == judgement_id)).first()
        if row is None:
            raise JudgementError(f"there is no judgement {judgement_id}")
        done = connection.execute(
            select(judgement_retractions.c.id).where(
                judgement_retractions.c.judgement_id == judgement_id
            )
        ).scalar()
        if done is not None:
            raise JudgementError(f"judgement {judgement_id} is already retracted")
        connection.execute(
            insert(judgement_retractions),
            {"judgement_id": judgement_id, "user_name": user, "created_at": now(), "note": note},
        )
        record_audit(
            connection, user, "retract", "judgement", str(judgement_id), {"note": note},
            compartment=_compartment_of(connection, row.record_a, row.record_b),
        )  # fmt: skip
    return _judgement(row)


def _judgement(row: object) -> Judgement:
    r = row._mapping  # type: ignore[attr-defined]
    return Judgement(
        int(r["id"]), int(r["record_a"]), int(r["record_b"]), Decision(r["decision"]),
        r["user_name"], r["created_at"], r["note"],
    )  # fmt: skip


def active_judgements(
    connection: Connection,
    as_of: datetime | None = None,
    *,
    compartments: Compartments = EVERY,
) -> list[Judgement]:
    """Judgements not retracted, oldest first; with `as_of`, as they stood at that time;
    only those between two records of sources `compartments` see."""
    retracted = select(judgement_retractions.c.judgement_id)
    query = select(judgements)
    if not compartments >= EVERY:
        seen = visible_records(compartments)
        query = query.where(judgements.c.record_a.in_(seen), judgements.c.record_b.in_(seen))
    if as_of is not None:
        retracted = retracted.where(judgement_retractions.c.created_at <= as_of)
        query = query.where(judgements.c.created_at <= as_of)
    query = query.where(judgements.c.id.not_in(retracted)).order_by(judgements.c.id)
    return [_judgement(row) for row in connection.execute(query)]


def effective_judgements(items: Sequence[Judgement]) -> dict[tuple[int, int], Decision]:
    """The decision in force on each judged pair: its latest judgement (by id)."""
    out: dict[tuple[int, int], Decision] = {}
    for j in sorted(items, key=lambda j: j.id):
        out[(j.record_a, j.record_b)] = j.decision
    return out
