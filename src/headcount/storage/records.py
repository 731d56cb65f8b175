"""Reading records whole: each with its statements, events and unread values, as
`model.records.Record`, in chunks so that memory stays bounded on any store."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from datetime import date

from sqlalchemy import ColumnElement, Connection, RowMapping, Table, select

from headcount.model.records import Event, Record, Statement, Unparsed
from headcount.model.vocabulary import EVERY, Compartments
from headcount.storage.queries import as_date
from headcount.storage.tables import events, records, sources, statements, unparsed_statements
from headcount.storage.visibility import visible_record_query

CHUNK = 5000
"""Records read at a time."""


def iter_records(connection: Connection, compartments: Compartments = EVERY) -> Iterator[Record]:
    """Every record of the sources `compartments` see, whole, by id."""
    last = 0
    while True:
        query = (
            select(records.c.id, sources.c.name, records.c.record_key, records.c.reported_on)
            .join(sources)
            .where(records.c.id > last)
            .order_by(records.c.id)
            .limit(CHUNK)
        )
        if not compartments >= EVERY:
            query = query.where(records.c.id.in_(visible_record_query(compartments)))
        chunk = connection.execute(query).all()
        if not chunk:
            return
        found = {r.id: Record(r.id, r.name, r.record_key, r.reported_on) for r in chunk}
        _fill(connection, found, _between(chunk[0].id, chunk[-1].id))
        yield from found.values()
        last = chunk[-1].id


def records_by_id(connection: Connection, ids: Iterable[int]) -> dict[int, Record]:
    """These records, whole, by id (ids the store lacks are left out)."""
    wanted = sorted(set(ids))
    found: dict[int, Record] = {}
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start : start + CHUNK]
        rows = connection.execute(
            select(records.c.id, sources.c.name, records.c.record_key, records.c.reported_on)
            .join(sources)
            .where(records.c.id.in_(part))
        )
        chunk = {r.id: Record(r.id, r.name, r.record_key, r.reported_on) for r in rows}
        _fill(connection, chunk, _among(part))
        found |= chunk
    return found


Rows = Callable[[Table], ColumnElement[bool]]
"""Which rows of a table of record facts (statements, events, unparsed) to read."""


def _between(low: int, high: int) -> Rows:
    return lambda table: table.c.record_id.between(low, high)


def _among(ids: list[int]) -> Rows:
    return lambda table: table.c.record_id.in_(ids)


def _fill(connection: Connection, found: dict[int, Record], among: Rows) -> None:
    """Add to each record of `found` what it holds (`among` picks the rows to read)."""
    for s in connection.execute(
        select(statements).where(among(statements)).order_by(statements.c.id)
    ).mappings():
        if s["record_id"] in found:
            found[s["record_id"]].statements.append(
                Statement(s["prop"], s["value"], s["original"], s["script"], s["credibility"])
            )
    for e in connection.execute(
        select(events).where(among(events)).order_by(events.c.id)
    ).mappings():
        if e["record_id"] in found:
            found[e["record_id"]].events.append(
                Event(**{k: e[k] for k in _EVENT_FIELDS} | _days(e))
            )
    for u in connection.execute(
        select(unparsed_statements)
        .where(among(unparsed_statements))
        .order_by(unparsed_statements.c.id)
    ).mappings():
        if u["record_id"] in found:
            found[u["record_id"]].unparsed.append(
                Unparsed(u["prop"], u["source_column"], u["value"], u["error_type"], u["error"])
            )


_EVENT_FIELDS = [f.name for f in fields(Event) if f.name not in ("date_earliest", "date_latest")]


def _days(row: RowMapping) -> dict[str, date | None]:
    """An event's date bounds as dates (SQLite gives text, PostgreSQL a date)."""
    return {
        k: None if row[k] is None else as_date(row[k]) for k in ("date_earliest", "date_latest")
    }


def record_keys(connection: Connection) -> list[tuple[int, str, str]]:
    """Every record as (id, source name, the source's record key), by id."""
    rows = connection.execute(
        select(records.c.id, sources.c.name, records.c.record_key)
        .join(sources, sources.c.id == records.c.source_id)
        .order_by(records.c.id)
    )
    return [(int(i), str(name), str(key)) for i, name, key in rows]


def property_values(connection: Connection, props: Iterable[str]) -> Iterator[tuple[int, str, str]]:
    """(record id, property, value) of every statement of these properties, in the order
    they were written."""
    query = (
        select(statements.c.record_id, statements.c.prop, statements.c.value)
        .where(statements.c.prop.in_(list(props)))
        .order_by(statements.c.id)
    )
    for record_id, prop, value in connection.execute(query):
        yield int(record_id), str(prop), str(value)


def records_stating_other_than(connection: Connection, props: Iterable[str]) -> list[int]:
    """The ids of the records with a statement of a property not among `props`."""
    query = select(statements.c.record_id).where(statements.c.prop.not_in(sorted(props)))
    return [int(r) for r in connection.execute(query.distinct()).scalars()]
