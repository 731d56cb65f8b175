"""The persons of a linkage run, as stored: which record belongs to which person."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, and_, select

from headcount.model.vocabulary import Compartments
from headcount.storage.tables import person_records, records, sources, statements
from headcount.storage.visibility import record_visible


def run_persons(connection: Connection, run_id: int) -> dict[int, str]:
    """Record id → person id, as the run `run_id` saw them."""
    rows = connection.execute(
        select(person_records.c.record_id, person_records.c.person_id).where(
            person_records.c.run_id == run_id
        )
    )
    return {r.record_id: r.person_id for r in rows}


def person_statements(
    connection: Connection, run_id: int, props: Iterable[str], compartments: Compartments
) -> Iterator[tuple[str, int, str, str]]:
    """(person id, record id, property, value) of every statement of these properties on a
    record `compartments` see, with the person the run `run_id` put the record in, in the
    order the statements were written."""
    query = (
        select(
            person_records.c.person_id,
            statements.c.record_id,
            statements.c.prop,
            statements.c.value,
        )
        .join(records, records.c.id == statements.c.record_id)
        .join(
            person_records,
            and_(person_records.c.record_id == records.c.id, person_records.c.run_id == run_id),
        )
        .where(statements.c.prop.in_(list(props)), record_visible(compartments))
        .order_by(statements.c.id)
    )
    for person, record, prop, value in connection.execute(query):
        yield str(person), int(record), str(prop), str(value)


def person_record_rows(
    connection: Connection, run_id: int, person_id: str, compartments: Compartments
) -> list[dict[str, Any]]:
    """The records the run put in this person that `compartments` see, by source and key:
    id, record_key, reported_on, source (name), kind, reliability, compartment, reason."""
    query = (
        select(
            records.c.id,
            records.c.record_key,
            records.c.reported_on,
            sources.c.name.label("source"),
            sources.c.kind,
            sources.c.reliability,
            sources.c.compartment,
            person_records.c.reason,
        )
        .join(records, records.c.id == person_records.c.record_id)
        .join(sources, sources.c.id == records.c.source_id)
        .where(person_records.c.run_id == run_id, person_records.c.person_id == person_id)
        .where(record_visible(compartments))
        .order_by(sources.c.name, records.c.record_key)
    )
    return [dict(r) for r in connection.execute(query).mappings()]
