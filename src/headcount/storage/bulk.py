"""Bulk writes for ingest: the fastest safe path on each dialect, behind one interface.

SQLite takes plain `executemany` on its driver; PostgreSQL takes `COPY … FROM STDIN`
(psycopg 3), an order of magnitude faster than row-by-row inserts. Record ids are handed
out before the rows are written, so statements and events can point at their record
without a round trip per row:
- SQLite: the caller has already written in this transaction, so it holds SQLite's single
  write lock and `max(id) + 1 …` cannot be taken by anyone else;
- PostgreSQL: ids are drawn from the table's own sequence, which is safe under concurrency.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, select, text


def allocate_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """`count` fresh primary keys for `table`, reserved for this transaction."""
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": table.name, "n": count},
        )
        return [int(r[0]) for r in rows]
    start = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(int(start) + 1, int(start) + 1 + count))


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows with the same keys, in the caller's transaction."""
    if not rows:
        return
    columns = list(rows[0])
    insert_values(connection, table, columns, [tuple(row[c] for c in columns) for row in rows])


def insert_values(
    connection: Connection, table: Table, columns: Sequence[str], values: Sequence[tuple[Any, ...]]
) -> None:
    """Insert many rows given as tuples in the order of `columns` (no dict per row: a
    linkage run writes millions of scored pairs), in the caller's transaction."""
    if not values:
        return
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for value in values:
                copy.write_row(value)
        cursor.close()
        return
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', values)


def refresh_statistics(connection: Connection, table: Table) -> None:
    """Let PostgreSQL's planner see a table's real size, so look-ups use its indexes.

    Without it, a table that was empty when last analysed is scanned whole on every
    look-up, and an ingest into a large existing source slows to a crawl.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text(f'ANALYZE "{table.name}"'))
