"""Logging in: throttle, check the password, open a session; every attempt audited.

The one sequence the login page, the API and any other interface share. A throttled
attempt is refused before any password is checked; a failed one is counted and audited
(under the name tried, with the address); a good one opens a session (`start_session`
audits it).
"""

from __future__ import annotations

from headcount.security.accounts import authenticate
from headcount.security.sessions import SESSION_HOURS, Session, start_session
from headcount.security.throttle import LoginThrottle
from headcount.storage.audit import record_audit
from headcount.storage.engine import Store


class LoginRefused(Exception):
    """The name and password do not open an account (which of the two is never said)."""

    message = "wrong name or password, or the account is disabled"


class TooManyAttempts(Exception):
    """Too many failed logins lately for this name or from this address."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins: try again in {retry_after} seconds")
        self.retry_after = retry_after


def log_in(
    store: Store,
    throttle: LoginThrottle,
    name: str,
    password: str,
    address: str,
    *,
    hours: float = SESSION_HOURS,
) -> tuple[str, Session]:
    """A session token and session for a good name and password; see the module doc."""
    name = name.strip()[:100]
    wait = throttle.retry_after(name, address)
    if wait:
        raise TooManyAttempts(wait)
    user = authenticate(store, name, password)
    if user is None:
        throttle.failed(name, address)
        with store.transaction() as connection:
            record_audit(
                connection, name or "-", "login_failed", "user", name or None, {"address": address}
            )
        raise LoginRefused()
    return start_session(store, user, hours=hours)
