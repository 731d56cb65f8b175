"""What accounting reads of a linkage run's records, as columns (`storage.columns`): the
records with their persons and sources, their events with dates as day numbers, and the
statements that say where a person is from. A million records are read as arrays, never
as row objects."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sqlalchemy import Connection, case, select

from headcount.storage.columns import Columns, day_number, read_columns
from headcount.storage.tables import events, person_records, records, sources, statements


def run_record_columns(connection: Connection, run_id: int) -> Columns:
    """The run's records: `id`, `person`, `source` (id) and `reported` (partial date text)."""
    query = (
        select(
            person_records.c.record_id,
            person_records.c.person_id,
            records.c.source_id,
            records.c.reported_on,
        )
        .join(records, records.c.id == person_records.c.record_id)
        .where(person_records.c.run_id == run_id)
    )
    fields = [("id", "i8"), ("person", "O"), ("source", "i8"), ("reported", "O")]
    return read_columns(connection, query, fields)


def source_grades(connection: Connection) -> list[tuple[int, str, str | None]]:
    """Every source's id, reliability grade (A–F) and country (for a national source)."""
    rows = connection.execute(select(sources.c.id, sources.c.reliability, sources.c.country))
    return [(int(i), str(grade), country) for i, grade, country in rows]


def event_columns(connection: Connection, codes: Mapping[str, int]) -> Columns:
    """Every event: `record`, `kind` (its code in `codes`, -1 for another kind), `earliest`,
    `latest` and `reported` (day numbers, NaN when unknown), `credibility`, `place`,
    `region`, `note`."""
    query = select(
        events.c.record_id,
        case(dict(codes), value=events.c.kind, else_=-1),
        day_number(events.c.date_earliest),
        day_number(events.c.date_latest),
        day_number(events.c.reported_earliest),
        events.c.credibility,
        events.c.place_country,
        events.c.place_region,
        events.c.note,
    )
    fields = [
        ("record", "i8"),
        ("kind", "i1"),
        ("earliest", "f8"),
        ("latest", "f8"),
        ("reported", "f8"),
        ("credibility", "i1"),
        ("place", "O"),
        ("region", "O"),
        ("note", "O"),
    ]
    return read_columns(connection, query, fields)


def statement_columns(connection: Connection, priorities: Mapping[str, int]) -> Columns:
    """The statements of the properties in `priorities`: `record`, `priority` (the
    property's), `value`."""
    query = select(
        statements.c.record_id,
        case(dict(priorities), value=statements.c.prop),
        statements.c.value,
    ).where(statements.c.prop.in_(list(priorities)))
    return read_columns(connection, query, [("record", "i8"), ("priority", "i1"), ("value", "O")])


def shareable(connection: Connection) -> bool:
    """Whether a second connection sees the same database (not so for in-memory SQLite)."""
    url = connection.engine.url
    return url.get_backend_name() != "sqlite" or url.database not in (None, "", ":memory:")


def on_own_connection(connection: Connection, read: Callable[[Connection], Columns]) -> Columns:
    """`read` on a second connection to the same database (for a second thread)."""
    with connection.engine.connect() as own:
        return read(own)
