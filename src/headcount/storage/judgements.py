"""Pair judgements and their retractions as stored (`judgements`, `judgement_retractions`).

Both tables are append-only: a judgement is withdrawn by a retraction row, never changed.
The rules on them (which judgement is in force, what a record reference names) are
`linkage.judgements`'."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select

from headcount.model.judgements import Judgement
from headcount.model.vocabulary import EVERY, OPEN_ONLY, Compartment, Compartments, Decision
from headcount.storage.engine import now
from headcount.storage.tables import judgement_retractions, judgements, records, sources
from headcount.storage.visibility import visible_record_query


def record_exists(connection: Connection, record_id: int) -> bool:
    found = connection.execute(select(records.c.id).where(records.c.id == record_id)).scalar()
    return found is not None


def records_keyed(connection: Connection, source: str, key: str) -> set[int]:
    """The ids of the records the source named `source` holds under its own id `key`."""
    rows = connection.execute(
        select(records.c.id)
        .join(sources, sources.c.id == records.c.source_id)
        .where(and_(sources.c.name == source, records.c.record_key == key))
    )
    return {int(r) for r in rows.scalars()}


def records_compartment(connection: Connection, *ids: int) -> Compartment:
    """Restricted if any of the records is of a restricted source."""
    restricted = select(records.c.id).where(
        records.c.id.in_(ids), records.c.id.not_in(visible_record_query(OPEN_ONLY))
    )
    found = connection.execute(restricted.limit(1)).first()
    return Compartment.restricted if found is not None else Compartment.open


def insert_judgement(
    connection: Connection, a: int, b: int, decision: Decision, user: str, note: str | None
) -> Judgement:
    created = now()
    row = {
        "record_a": a,
        "record_b": b,
        "decision": decision.value,
        "user_name": user,
        "created_at": created,
        "note": note,
    }
    judgement_id = connection.execute(
        insert(judgements).returning(judgements.c.id), row
    ).scalar_one()
    return Judgement(int(judgement_id), a, b, decision, user, created, note)


def judgement(connection: Connection, judgement_id: int) -> Judgement | None:
    row = connection.execute(select(judgements).where(judgements.c.id == judgement_id)).first()
    return None if row is None else _judgement(row._mapping)


def is_retracted(connection: Connection, judgement_id: int) -> bool:
    found = connection.execute(
        select(judgement_retractions.c.id).where(
            judgement_retractions.c.judgement_id == judgement_id
        )
    ).scalar()
    return found is not None


def insert_retraction(
    connection: Connection, judgement_id: int, user: str, note: str | None
) -> None:
    connection.execute(
        insert(judgement_retractions),
        {"judgement_id": judgement_id, "user_name": user, "created_at": now(), "note": note},
    )


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
        seen = visible_record_query(compartments)
        query = query.where(judgements.c.record_a.in_(seen), judgements.c.record_b.in_(seen))
    if as_of is not None:
        retracted = retracted.where(judgement_retractions.c.created_at <= as_of)
        query = query.where(judgements.c.created_at <= as_of)
    query = query.where(judgements.c.id.not_in(retracted)).order_by(judgements.c.id)
    return [_judgement(row._mapping) for row in connection.execute(query)]


def _judgement(r: Any) -> Judgement:
    return Judgement(
        int(r["id"]),
        int(r["record_a"]),
        int(r["record_b"]),
        Decision(r["decision"]),
        r["user_name"],
        r["created_at"],
        r["note"],
    )


def judgements_touching(
    connection: Connection, ids: Sequence[int]
) -> list[tuple[Judgement, str | None, datetime | None]]:
    """Every judgement on a pair with one of these records, retracted or not, oldest first,
    with who retracted it and when."""
    j, r = judgements.c, judgement_retractions.c
    rows = connection.execute(
        select(judgements, r.user_name.label("retracted_by"), r.created_at.label("retracted_at"))
        .outerjoin(judgement_retractions, r.judgement_id == j.id)
        .where(or_(j.record_a.in_(list(ids)), j.record_b.in_(list(ids))))
        .order_by(j.id)
    ).mappings()
    return [(_judgement(m), m["retracted_by"], m["retracted_at"]) for m in rows]


def decided_pairs(connection: Connection) -> set[tuple[int, int]]:
    """The pairs a judgement in force decides (any judgement not retracted)."""
    retracted = select(judgement_retractions.c.judgement_id)
    rows = connection.execute(
        select(judgements.c.record_a, judgements.c.record_b).where(
            judgements.c.id.not_in(retracted)
        )
    )
    return {(int(a), int(b)) for a, b in rows}


def judgements_between(connection: Connection, ids: Sequence[int]) -> list[tuple[Judgement, bool]]:
    """Every judgement on a pair of two of these records, oldest first, and whether it was
    retracted."""
    retracted = set(connection.execute(select(judgement_retractions.c.judgement_id)).scalars())
    rows = connection.execute(
        select(judgements)
        .where(judgements.c.record_a.in_(list(ids)), judgements.c.record_b.in_(list(ids)))
        .order_by(judgements.c.id)
    ).mappings()
    return [(_judgement(m), m["id"] in retracted) for m in rows]
