"""The rows of watches and of their removals (nothing is deleted: stopping a watch adds a
removal). What a watch raises is accounting's (`accounting.watch`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from headcount.storage.tables import persons, watch_removals, watches

WatchRow = tuple[int, str, str, str | None, str]
"""id, object type, object id, note, the user who made it."""

_COLUMNS = (
    watches.c.id,
    watches.c.object_type,
    watches.c.object_id,
    watches.c.note,
    watches.c.user_name,
)


def insert_watch(connection: Connection, **values: Any) -> int:
    """Add a watch row; return its id."""
    return int(connection.execute(insert(watches).returning(watches.c.id), values).scalar_one())


def person_exists(connection: Connection, person_id: str) -> bool:
    """Whether a person of this id is in the store (in any linkage run)."""
    return (
        connection.execute(select(persons.c.id).where(persons.c.id == person_id)).first()
        is not None
    )


def watch_row(connection: Connection, watch_id: int) -> WatchRow | None:
    """The watch of this id, stopped or not."""
    row = connection.execute(select(*_COLUMNS).where(watches.c.id == watch_id)).first()
    return None if row is None else (row[0], row[1], row[2], row[3], row[4])


def watch_stopped(connection: Connection, watch_id: int) -> bool:
    """Whether the watch has been stopped."""
    query = select(watch_removals.c.id).where(watch_removals.c.watch_id == watch_id)
    return connection.execute(query).first() is not None


def insert_watch_removal(connection: Connection, watch_id: int, user: str, at: datetime) -> None:
    """Stop a watch."""
    connection.execute(
        insert(watch_removals), {"watch_id": watch_id, "user_name": user, "created_at": at}
    )


def active_watch_rows(connection: Connection) -> list[WatchRow]:
    """The watches not stopped, oldest first."""
    stopped = select(watch_removals.c.watch_id)
    rows = connection.execute(
        select(*_COLUMNS).where(watches.c.id.not_in(stopped)).order_by(watches.c.id)
    ).all()
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]
