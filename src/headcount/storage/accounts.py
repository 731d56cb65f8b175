"""The rows of accounts and login sessions.

What an account may do, how its password is checked and when a session ends are
security's rules (`security.accounts`, `security.sessions`); these functions only read and
write the `users` and `web_sessions` rows those rules decide on. A row is returned as a
plain mapping of column to value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from headcount.storage.tables import users, web_sessions

Row = Mapping[str, Any]


def user_row(connection: Connection, name: str) -> Row | None:
    """The account named `name`, or None."""
    row = connection.execute(select(users).where(users.c.name == name)).first()
    return None if row is None else dict(row._mapping)


def user_rows(connection: Connection) -> list[Row]:
    """Every account, by name."""
    return [dict(r._mapping) for r in connection.execute(select(users).order_by(users.c.name))]


def insert_user(connection: Connection, **values: Any) -> None:
    """Add an account row."""
    connection.execute(insert(users), values)


def update_user(connection: Connection, user_id: int, **values: Any) -> None:
    """Change columns of the account `user_id`."""
    connection.execute(update(users).where(users.c.id == user_id).values(**values))


def insert_session(connection: Connection, **values: Any) -> None:
    """Add a login session row."""
    connection.execute(insert(web_sessions), values)


def live_session(connection: Connection, token_hash: str, at: datetime) -> Row | None:
    """The account of the session whose token hashes to `token_hash`, with the session's
    `csrf_token` and `expires_at`, if it has not ended, expires after `at`, and its account
    is not disabled; else None."""
    query = (
        select(users, web_sessions.c.csrf_token, web_sessions.c.expires_at)
        .join(web_sessions, web_sessions.c.user_id == users.c.id)
        .where(
            web_sessions.c.token_hash == token_hash,
            web_sessions.c.ended_at.is_(None),
            web_sessions.c.expires_at > at,
            users.c.disabled_at.is_(None),
        )
    )
    row = connection.execute(query).first()
    return None if row is None else dict(row._mapping)


def end_open_session(connection: Connection, token_hash: str, at: datetime) -> str | None:
    """End the open session whose token hashes to `token_hash` at `at`; return the name of
    its account, or None when no such session is open."""
    found = connection.execute(
        select(web_sessions.c.id, users.c.name)
        .join(users, users.c.id == web_sessions.c.user_id)
        .where(web_sessions.c.token_hash == token_hash, web_sessions.c.ended_at.is_(None))
    ).first()
    if found is None:
        return None
    connection.execute(
        update(web_sessions).where(web_sessions.c.id == found.id).values(ended_at=at)
    )
    return str(found.name)
