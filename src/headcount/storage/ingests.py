"""The store's side of an ingest: sources found or made, files already read, new records
written with their statements, events and unparsed statements, and the `ingests` row.

Ingest decides what is new and builds the rows; this module is where they meet SQL. Rows
are plain dicts keyed by column name (see `storage.tables`), written in the caller's
transaction through `storage.bulk`, the fastest safe path on each dialect.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from headcount.storage.bulk import allocate_ids, insert_rows, refresh_statistics
from headcount.storage.engine import now
from headcount.storage.tables import (
    events,
    ingests,
    records,
    sources,
    statements,
    unparsed_statements,
)

Row = dict[str, Any]


def source_row(connection: Connection, name: str) -> tuple[int, str] | None:
    """The id and compartment of the source named `name`, if the store has it."""
    found = connection.execute(
        select(sources.c.id, sources.c.compartment).where(sources.c.name == name)
    ).first()
    return None if found is None else (int(found.id), str(found.compartment))


def insert_source_if_absent(connection: Connection, row: Row) -> None:
    """Insert a source unless one of its name exists. An ingest creating the same source
    at the same moment waits for this one and then finds it, instead of failing on the
    unique name (both dialects spell ON CONFLICT the same)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect_insert: Any = (
        postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    )
    connection.execute(
        dialect_insert(sources).values(row).on_conflict_do_nothing(index_elements=["name"])
    )


def rows_read_before(connection: Connection, source_id: int, file_hash: str) -> int | None:
    """How many rows an earlier ingest of this very file into this source read, if any."""
    found = connection.execute(
        select(ingests.c.rows_read).where(
            ingests.c.source_id == source_id, ingests.c.file_hash == file_hash
        )
    ).first()
    return None if found is None else int(found.rows_read)


def source_has_records(connection: Connection, source_id: int) -> bool:
    """Whether the source holds any record; if it does, the planner's statistics on records
    are refreshed, so that the hash look-ups of the coming batches use the index."""
    held = (
        connection.execute(
            select(records.c.id).where(records.c.source_id == source_id).limit(1)
        ).first()
        is not None
    )
    if held:
        refresh_statistics(connection, records)
    return held


def known_hashes(connection: Connection, source_id: int, hashes: Sequence[str]) -> set[str]:
    """Which of these content hashes the source already holds."""
    return set(
        connection.execute(
            select(records.c.content_hash).where(
                records.c.source_id == source_id, records.c.content_hash.in_(list(hashes))
            )
        ).scalars()
    )


def open_ingest(connection: Connection, row: Row) -> int:
    """Insert a file's `ingests` row; its id."""
    return int(connection.execute(insert(ingests).returning(ingests.c.id), row).scalar_one())


def finish_ingest(connection: Connection, ingest_id: int, rows_read: int, added: int) -> None:
    connection.execute(
        update(ingests)
        .where(ingests.c.id == ingest_id)
        .values(rows_read=rows_read, records_added=added, finished_at=now())
    )


def record_ids(connection: Connection, count: int) -> list[int]:
    """`count` fresh record ids, reserved for this transaction."""
    return allocate_ids(connection, records, count)


def write_records(
    connection: Connection,
    record_rows: Sequence[Row],
    statement_rows: Sequence[Row],
    event_rows: Sequence[Row],
    unparsed_rows: Sequence[Row],
) -> None:
    """Write a batch of records (their ids from `record_ids`) and what hangs on them."""
    insert_rows(connection, records, record_rows)
    insert_rows(connection, statements, statement_rows)
    insert_rows(connection, events, event_rows)
    insert_rows(connection, unparsed_statements, unparsed_rows)


def write_collisions() -> tuple[type[Exception], ...]:
    """The errors another writer at the same moment can cause: SQLAlchemy's, and the driver's
    own from PostgreSQL's COPY (which `storage.bulk` runs on the driver's connection)."""
    found: list[type[Exception]] = [IntegrityError, OperationalError]
    try:
        import psycopg
    except ImportError:  # pragma: no cover - without the postgres extra
        return tuple(found)
    return (*found, psycopg.IntegrityError, psycopg.OperationalError)


def is_integrity(exc: Exception) -> bool:
    """Whether a collision was on a unique key (rather than a lock)."""
    return any(cls.__name__ == "IntegrityError" for cls in type(exc).__mro__)
