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

from headcount.security.accounts import User, user_from_row
from headcount.storage.accounts import end_open_session, insert_session, live_session
from headcount.storage.audit import record_audit
from headcount.storage.engine import Store, now

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
        insert_session(
            connection,
            token_hash=_hash(token),
            user_id=user.id,
            csrf_token=csrf,
            created_at=started,
            expires_at=expires,
        )
        record_audit(connection, user.name, "login", "user", user.name)
    return token, Session(user, csrf, expires)


def find_session(store: Store, token: str | None) -> Session | None:
    """The live session a token opens, or None (unknown, ended, expired, account disabled)."""
    if not token or len(token) > 200:
        return None
    with store.reading() as connection:
        row = live_session(connection, _hash(token), now())
    if row is None:
        return None
    return Session(user_from_row(row), row["csrf_token"], row["expires_at"])


def end_session(store: Store, token: str) -> bool:
    """Log out: end the session a token opens; return whether there was one."""
    with store.transaction() as connection:
        name = end_open_session(connection, _hash(token), now())
        if name is None:
            return False
        record_audit(connection, name, "logout", "user", name)
    return True
