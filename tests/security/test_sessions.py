"""Sessions: only token hashes stored; they end at logout, expiry or when the account is
disabled. Login throttling counts failures per name and per address."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from headcount.security import (
    LoginThrottle,
    add_user,
    disable_user,
    end_session,
    find_session,
    start_session,
)
from headcount.security.csrf import (
    LOGIN_FORM_SECONDS,
    check_login_token,
    login_token,
    new_nonce,
    same_token,
)
from headcount.storage import Store
from headcount.storage.tables import audit_log, web_sessions

PASSWORD = "correct horse battery staple"


def test_a_session_lives_until_logout_and_only_its_hash_is_stored(db: Store) -> None:
    user = add_user(db, "amina", "analyst", PASSWORD, by="root")
    token, session = start_session(db, user)
    found = find_session(db, token)
    assert found is not None and found.user.name == "amina"
    assert found.csrf_token == session.csrf_token and len(session.csrf_token) >= 32
    with db.reading() as c:
        stored = c.execute(select(web_sessions.c.token_hash)).scalar_one()
    assert token not in stored and len(stored) == 64
    assert find_session(db, token + "x") is None
    assert find_session(db, None) is None
    assert end_session(db, token)
    assert find_session(db, token) is None
    assert not end_session(db, token)
    with db.reading() as c:
        actions = list(c.execute(select(audit_log.c.action).order_by(audit_log.c.id)).scalars())
    assert actions == ["add_user", "login", "logout"]


def test_expired_sessions_and_disabled_accounts_open_nothing(db: Store) -> None:
    user = add_user(db, "omar", "viewer", PASSWORD, by="root")
    expired, _ = start_session(db, user, hours=-1)
    assert find_session(db, expired) is None
    live, _ = start_session(db, user)
    assert find_session(db, live) is not None
    disable_user(db, "omar", by="root")
    assert find_session(db, live) is None


def test_csrf_tokens_compare_in_constant_time_and_login_tokens_are_signed() -> None:
    assert same_token("abc", "abc")
    assert not same_token("abc", "abd")
    assert not same_token(None, "abc") and not same_token("abc", "")
    nonce = new_nonce()
    token = login_token(b"secret", nonce)
    assert check_login_token(b"secret", nonce, token)
    assert not check_login_token(b"other secret", nonce, token)
    assert not check_login_token(b"secret", new_nonce(), token)
    assert not check_login_token(b"secret", None, token)
    # a signature's first character carries six bits of it (its last only four, and "A" and
    # "B" decode alike there: changing it was a test that failed one time in sixteen)
    value, signature = token.rsplit(".", 1)
    forged = value + "." + ("A" if signature[0] != "A" else "B") + signature[1:]
    assert not check_login_token(b"secret", nonce, forged)


def test_a_login_form_left_open_too_long_must_be_reloaded(monkeypatch: pytest.MonkeyPatch) -> None:
    from itsdangerous import TimestampSigner

    nonce = new_nonce()
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(
        TimestampSigner, "get_timestamp", lambda self: real(self) - LOGIN_FORM_SECONDS - 5
    )
    stale = login_token(b"secret", nonce)
    monkeypatch.undo()
    assert not check_login_token(b"secret", nonce, stale)
    assert check_login_token(b"secret", nonce, login_token(b"secret", nonce))


def test_the_throttle_counts_failures_per_name_and_per_address() -> None:
    now = [1000.0]
    throttle = LoginThrottle(per_name=3, per_address=5, window_seconds=60, clock=lambda: now[0])
    for _ in range(3):
        assert throttle.retry_after("amina", "10.0.0.1") == 0
        throttle.failed("amina", "10.0.0.1")
    assert 0 < throttle.retry_after("amina", "10.0.0.2") <= 61  # the name, from anywhere
    assert throttle.retry_after("AMINA", "10.0.0.2") > 0
    assert throttle.retry_after("omar", "10.0.0.2") == 0
    throttle.failed("omar", "10.0.0.1")
    throttle.failed("zaid", "10.0.0.1")
    assert throttle.retry_after("yusuf", "10.0.0.1") > 0  # the address, for any name
    now[0] += 61
    assert throttle.retry_after("amina", "10.0.0.1") == 0
