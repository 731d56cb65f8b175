"""Reading records whole: each with its statements, events and unread values, as
`model.records.Record`, in chunks so that memory stays bounded on any store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, RowMapping, Table, select

from headcount.model.records import Event, Record, RecordFacts, Statement, Unparsed
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
    yield from _statement_values(connection, statements.c.prop.in_(list(props)))


def records_stating_other_than(connection: Connection, props: Iterable[str]) -> list[int]:
    """The ids of the records with a statement of a property not among `props`."""
    query = select(statements.c.record_id).where(statements.c.prop.not_in(sorted(props)))
    return [int(r) for r in connection.execute(query.distinct()).scalars()]


def statement_values(connection: Connection, ids: Sequence[int]) -> Iterator[tuple[int, str, str]]:
    """(record id, property, value) of every statement of these records, in the order they
    were written."""
    yield from _statement_values(connection, statements.c.record_id.in_(list(ids)))


def _statement_values(
    connection: Connection, which: ColumnElement[bool]
) -> Iterator[tuple[int, str, str]]:
    """(record id, property, value) of the statements `which` picks, in the order they were
    written."""
    query = (
        select(statements.c.record_id, statements.c.prop, statements.c.value)
        .where(which)
        .order_by(statements.c.id)
    )
    for record_id, prop, value in connection.execute(query):
        yield int(record_id), str(prop), str(value)


def store_facts(
    connection: Connection,
    ids: Iterable[int] | None = None,
    *,
    compartments: Compartments = EVERY,
) -> Iterator[RecordFacts]:
    """Records of the store (all, or those of `ids`) with their statements and events, of
    the sources `compartments` see."""
    wanted = sorted(set(ids)) if ids is not None else None
    names = dict(connection.execute(select(sources.c.id, sources.c.name)).all())
    query = select(records.c.id, records.c.source_id)
    said_query = select(statements.c.record_id, statements.c.prop, statements.c.value)
    event_query = select(events.c.record_id, events.c.kind, events.c.date, events.c.place_country)
    if not compartments >= EVERY:
        seen = visible_record_query(compartments)
        query = query.where(records.c.id.in_(seen))
        said_query = said_query.where(statements.c.record_id.in_(seen))
        event_query = event_query.where(events.c.record_id.in_(seen))
    if wanted is not None:
        query = query.where(records.c.id.in_(wanted))
        said_query = said_query.where(statements.c.record_id.in_(wanted))
        event_query = event_query.where(events.c.record_id.in_(wanted))
    source_of = {rid: names[sid] for rid, sid in connection.execute(query)}
    # one object per distinct statement and event: a million records repeat a few million
    # of them (a name, a country, a date), and each copy costs a tuple and a string
    one: dict[Any, Any] = {}
    said: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for record_id, prop, value in connection.execute(said_query.order_by(statements.c.id)):
        item = (prop, value)
        said[record_id].append(one.setdefault(item, item))
    happened: dict[int, list[tuple[str, str | None, str | None]]] = defaultdict(list)
    for record_id, kind, when, country in connection.execute(event_query.order_by(events.c.id)):
        event = (kind, when, country)
        happened[record_id].append(one.setdefault(event, event))
    del one
    for record_id in sorted(source_of):
        yield RecordFacts(
            record_id,
            source_of[record_id],
            tuple(said.get(record_id, ())),
            tuple(happened.get(record_id, ())),
        )


def first_scripts(connection: Connection, props: Iterable[str]) -> dict[int, str]:
    """The script of each record's first statement of these properties that has one."""
    rows = connection.execute(
        select(statements.c.record_id, statements.c.script)
        .where(statements.c.prop.in_(list(props)), statements.c.script.is_not(None))
        .order_by(statements.c.id)
    )
    out: dict[int, str] = {}
    for record_id, script in rows:
        out.setdefault(int(record_id), str(script))
    return out
