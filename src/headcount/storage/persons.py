"""The persons of a linkage run, as stored: which record belongs to which person."""

from __future__ import annotations

from sqlalchemy import Connection, select

from headcount.storage.tables import person_records


def run_persons(connection: Connection, run_id: int) -> dict[int, str]:
    """Record id → person id, as the run `run_id` saw them."""
    rows = connection.execute(
        select(person_records.c.record_id, person_records.c.person_id).where(
            person_records.c.run_id == run_id
        )
    )
    return {r.record_id: r.person_id for r in rows}
