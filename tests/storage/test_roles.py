"""PostgreSQL: the workbench's role reads and appends, but cannot change or remove the
audit log (a trigger alone does not stop an owner or a superuser)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError
from tests.conftest import REPO, _empty_postgres
from tests.security.world import build_world

from headcount.security import add_user, log_in
from headcount.security.throttle import LoginThrottle
from headcount.storage import Store, connect
from headcount.storage.audit import verify_chain
from headcount.storage.roles import audit_guard, grant_app_role


@pytest.fixture
def db(postgres_database: str) -> Iterator[Store]:
    """An empty PostgreSQL store: roles are PostgreSQL's, so these tests have no SQLite twin."""
    store = connect(postgres_database)
    _empty_postgres(store)
    yield store
    store.close()


@pytest.fixture
def app_role(db: Store) -> Iterator[str]:
    role = "headcount_app_" + hashlib.sha256(str(REPO).encode()).hexdigest()[:8]
    with db.transaction() as c:
        c.execute(text(f"DROP OWNED BY {role}") if _exists(c, role) else text("SELECT 1"))
        c.execute(text(f"DROP ROLE IF EXISTS {role}"))
        c.execute(text(f"CREATE ROLE {role} LOGIN"))
    yield role
    with db.transaction() as c:
        c.execute(text(f"DROP OWNED BY {role}"))
        c.execute(text(f"DROP ROLE IF EXISTS {role}"))


def _exists(connection: object, role: str) -> bool:
    found = connection.execute(  # type: ignore[attr-defined]
        text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).first()
    return found is not None


@pytest.mark.postgres
def test_the_app_role_works_but_cannot_touch_the_audit_log(
    db: Store, app_role: str, tmp_path: Path
) -> None:
    grant_app_role(db, app_role)
    assert audit_guard(db) is not None  # the test's own connection is a superuser
    url = db.engine.url.set(username=app_role).render_as_string(hide_password=False)
    app = connect(url)
    try:
        assert audit_guard(app) is None
        build_world(app, tmp_path)  # ingest, figures, a linkage run with its open twin
        add_user(app, "ada", "admin", "correct horse battery staple", by="setup")
        log_in(app, LoginThrottle(5, 20, 300), "ada", "correct horse battery staple", "127.0.0.1")
        for statement in (
            "UPDATE audit_log SET user_name = 'x'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
            "DELETE FROM records",
        ):
            with (
                pytest.raises(ProgrammingError, match=r"permission denied|must be owner"),
                app.transaction() as c,
            ):
                c.execute(text(statement))
        with app.reading() as c:
            assert verify_chain(c).first_break is None
    finally:
        app.close()


@pytest.mark.postgres
def test_granting_an_unknown_role_says_what_to_do(db: Store) -> None:
    with pytest.raises(Exception, match="CREATE ROLE"):
        grant_app_role(db, "no_such_role_here")


def test_sqlite_has_no_roles_to_guard(sqlite_store: Store) -> None:
    assert audit_guard(sqlite_store) is None
    with pytest.raises(Exception, match="PostgreSQL"):
        grant_app_role(sqlite_store, "anyone")
