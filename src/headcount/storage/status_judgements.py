"""Status judgements as stored (`status_judgements`, `status_judgement_retractions`): made
and retracted with their audit entry in the caller's transaction, read back as
`model.judgements.StatusJudgement`. What a status judgement means, and which one is in force,
is the model's and accounting's business (`model.judgements`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, insert, select

from headcount.model.judgements import (
    StatusJudgement,
    StatusJudgementError,
    check_status_judgement,
)
from headcount.storage.audit import record_audit
from headcount.storage.engine import now
from headcount.storage.queries import as_date
from headcount.storage.tables import (
    person_records,
    status_judgement_retractions,
    status_judgements,
)


def judge_status(
    connection: Connection,
    run_id: int,
    person_id: str,
    status: str,
    as_of: date,
    note: str,
    user: str,
) -> int:
    """Record that `person_id` (of linkage run `run_id`) is in `status` from `as_of`;
    audited in the same transaction. Returns the judgement's id."""
    check_status_judgement(status, note)
    anchor = connection.execute(
        select(person_records.c.record_id)
        .where(person_records.c.run_id == run_id, person_records.c.person_id == person_id)
        .order_by(person_records.c.record_id)
        .limit(1)
    ).scalar()
    if anchor is None:
        raise StatusJudgementError(f"there is no person {person_id}")
    made = connection.execute(
        insert(status_judgements).values(
            record_id=anchor,
            person_id=person_id,
            status=status,
            as_of=as_of,
            note=note.strip(),
            user_name=user,
            created_at=now(),
        )
    ).inserted_primary_key
    assert made is not None
    judgement = int(made[0])
    detail = {"status": status, "as_of": as_of.isoformat(), "note": note.strip(), "id": judgement}
    record_audit(connection, user, "judge_status", "person", person_id, detail)
    return judgement


def retract_status_judgement(
    connection: Connection, judgement_id: int, user: str, note: str | None = None
) -> None:
    """Withdraw a status judgement (once); audited."""
    found = connection.execute(
        select(status_judgements.c.person_id).where(status_judgements.c.id == judgement_id)
    ).scalar()
    if found is None:
        raise StatusJudgementError(f"there is no status judgement {judgement_id}")
    done = connection.execute(
        select(status_judgement_retractions.c.id).where(
            status_judgement_retractions.c.judgement_id == judgement_id
        )
    ).scalar()
    if done is not None:
        raise StatusJudgementError(f"status judgement {judgement_id} is already retracted")
    connection.execute(
        insert(status_judgement_retractions).values(
            judgement_id=judgement_id, user_name=user, created_at=now(), note=note
        )
    )
    record_audit(
        connection, user, "retract_status", "person", str(found), {"id": judgement_id, "note": note}
    )


def active_status_judgements(connection: Connection) -> list[StatusJudgement]:
    """Every status judgement not retracted, oldest first."""
    retracted = select(status_judgement_retractions.c.judgement_id)
    rows = connection.execute(
        select(status_judgements)
        .where(status_judgements.c.id.not_in(retracted))
        .order_by(status_judgements.c.id)
    ).mappings()
    return [
        StatusJudgement(
            id=int(r["id"]),
            record_id=int(r["record_id"]),
            person_id=r["person_id"],
            status=r["status"],
            as_of=as_date(r["as_of"]),
            note=r["note"],
            user=r["user_name"],
            created_at=r["created_at"],
        )
        for r in rows
    ]
