"""Login sessions: a random token in the browser's cookie, its SHA-256 in the store.

A session belongs to one account, carries its own CSRF token, and ends at `expires_at`,
at logout, or as soon as its account is disabled. Only the hash of a token is stored, so
reading the store (or a backup of it) gives no one a way in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update

from headcount.security.accounts import User, user_from_row
from headcount.storage.audit import record_audit
from headcount.storage.engine import Store, now
from headcount.storage.tables import users, web_sessions

SESSION_HOURS = 12
"""How long a session lasts from login: one working day, then log in again."""


@dataclass(frozen=True)
class Session:
    """A live session: whose it is, its CSRF token, when it ends."""

    user: User
    csrf_token: str
    expires_at: datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(store: Store, user: User, *, hours: float = SESSION_HOURS) -> tuple[str, Session]:
    """Open a session for `user` (already authenticated); return its token and the session.

    The login is audited in the same transaction."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    started = now()
    expires = started + timedelta(hours=hours)
    with store.transaction() as connection:
        connection.execute(
            insert(web_sessions),
            {"token_hash": _hash(token), "user_id": user.id, "csrf_token": csrf,
             "created_at": started, "expires_at": expires},
        )  # fmt: skip
        record_audit(connection, user.name, "login", "user", user.name)
    return token, Session(user, csrf, expires)


def find_session(store: Store, token: str | None) -> Session | None:
    """The live session a token opens, or None (unknown, ended, expired, account disabled)."""
    if not token or len(token) > 200:
        return None
    query = (
        select(users, web_sessions.c.csrf_token, web_sessions.c.expires_at)
        .join(web_sessions, web_sessions.c.user_id == users.c.id)
        .where(
            web_sessions.c.token_hash == _hash(token),
            web_sessions.c.ended_at.is_(None),
            web_sessions.c.expires_at > now(),
            users.c.disabled_at.is_(None),
        )
    )
    with store.reading() as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    return Session(user_from_row(row), row.csrf_token, row.expires_at)


def end_session(store: Store, token: str) -> bool:
    """Log out: end the session a token opens; return whether there was one."""
    with store.transaction() as connection:
        found = connection.execute(
            select(web_sessions.c.id, users.c.name)
            .join(users, users.c.id == web_sessions.c.user_id)
            .where(web_sessions.c.token_hash == _hash(token), web_sessions.c.ended_at.is_(None))
        ).first()
        if found is None:
            return False
        connection.execute(
            update(web_sessions).where(web_sessions.c.id == found.id).values(ended_at=now())
        )
        record_audit(connection, found.name, "logout", "user", found.name)
    return True
