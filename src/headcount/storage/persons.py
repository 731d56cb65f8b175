"""The persons of a linkage run, as stored: which record belongs to which person.

`run_person_list` and `run_person` read persons whole (`model.persons.Person`: members with
their reasons, the run that first gave the id); `run_persons` is the bare record → person
index, for the linkage steps that look up every record of a large run."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, select, true

from headcount.model.persons import Member, Person
from headcount.model.vocabulary import EVERY, Compartments
from headcount.storage.tables import person_records, persons, records, sources, statements
from headcount.storage.visibility import record_visible, visible_record_query


def run_person_list(
    connection: Connection, run_id: int, compartments: Compartments = EVERY
) -> list[Person]:
    """Every person of the run, by id, with the records `compartments` see (a person with
    none of them is left out)."""
    return _persons(connection, run_id, true(), compartments)


def run_person(
    connection: Connection, run_id: int, person_id: str, compartments: Compartments = EVERY
) -> Person | None:
    """One person of the run with the records `compartments` see; None if the run has no
    such person or they see none of its records."""
    found = _persons(connection, run_id, person_records.c.person_id == person_id, compartments)
    return found[0] if found else None


def _persons(
    connection: Connection,
    run_id: int,
    which: ColumnElement[bool],
    compartments: Compartments,
) -> list[Person]:
    placed = person_records.c
    query = (
        select(
            placed.person_id,
            placed.record_id,
            placed.reason,
            persons.c.first_run_id,
            persons.c.created_at,
        )
        .join(persons, persons.c.id == placed.person_id)
        .where(placed.run_id == run_id, which)
        .order_by(placed.person_id, placed.record_id)
    )
    if not compartments >= EVERY:
        query = query.where(placed.record_id.in_(visible_record_query(compartments)))
    rows = connection.execute(query).all()
    out: list[Person] = []
    for person_id, group in groupby(rows, key=lambda r: r.person_id):
        members = list(group)
        first = members[0]
        out.append(
            Person(
                id=str(person_id),
                run_id=run_id,
                members=tuple(Member(int(m.record_id), m.reason) for m in members),
                first_run_id=int(first.first_run_id),
                created_at=first.created_at,
            )
        )
    return out


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


def records_with_sources(connection: Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """These records with their sources, by source and key: id, record_key, reported_on,
    source (name), kind, reliability, compartment."""
    query = (
        select(
            records.c.id,
            records.c.record_key,
            records.c.reported_on,
            sources.c.name.label("source"),
            sources.c.kind,
            sources.c.reliability,
            sources.c.compartment,
        )
        .join(sources, sources.c.id == records.c.source_id)
        .where(records.c.id.in_(list(ids)))
        .order_by(sources.c.name, records.c.record_key)
    )
    return [dict(r) for r in connection.execute(query).mappings()]


def record_sides(connection: Connection, run_id: int, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Each of these records with its source and the person the run put it in: id,
    record_key, source (name), reliability, compartment, person_id (None if unplaced)."""
    placed = person_records.c
    rows = connection.execute(
        select(
            records.c.id,
            records.c.record_key,
            sources.c.name.label("source"),
            sources.c.reliability,
            sources.c.compartment,
            placed.person_id,
        )
        .join(sources, sources.c.id == records.c.source_id)
        .outerjoin(person_records, and_(placed.record_id == records.c.id, placed.run_id == run_id))
        .where(records.c.id.in_(list(ids)))
    ).mappings()
    return [dict(r) for r in rows]
