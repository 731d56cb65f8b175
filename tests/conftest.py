"""Shared fixtures: one `db` fixture runs each storage test on SQLite and on PostgreSQL.

PostgreSQL tests use `HEADCOUNT_TEST_POSTGRES_URL` (a server URL whose user may create
databases). Where it is unset the PostgreSQL half is skipped, and the run says so; with
`HEADCOUNT_TEST_STRICT=1` (CI) a missing PostgreSQL or Chromium fails instead.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from headcount.storage import Store, connect, upgrade
from headcount.storage.tables import metadata
from tests.simulated import simulated  # noqa: F401  (the suite's shared simulated store)

STRICT = os.environ.get("HEADCOUNT_TEST_STRICT") == "1"
POSTGRES_URL = os.environ.get("HEADCOUNT_TEST_POSTGRES_URL")
REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HEADCOUNT_SHARED", REPO.parent / "shared"))


def need(reason: str) -> None:
    """Skip for a missing part on a user's machine; fail in CI, where every part must be."""
    if STRICT:
        pytest.fail(f"CI requires this: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The folder of real public data beside the repository (read, never copied)."""
    if not (SHARED / "data" / "published_figures.csv").exists():
        need(f"the shared data folder is not at {SHARED} (set HEADCOUNT_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def postgres_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """A database of this test worker's own on the PostgreSQL server, migrated once."""
    worker_id = getattr(request.config, "workerinput", {}).get("workerid", "master")
    if not POSTGRES_URL:
        need("PostgreSQL tests need HEADCOUNT_TEST_POSTGRES_URL")
    admin_url = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    # One database per checkout and worker, so that two checkouts can test side by side.
    checkout = hashlib.sha256(str(REPO).encode()).hexdigest()[:8]
    name = f"headcount_test_{checkout}_{worker_id}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    store = connect(url)
    upgrade(store)
    store.close()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_postgres(store: Store) -> None:
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with store.transaction() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated store: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        store = connect(f"sqlite:///{tmp_path / 'headcount.sqlite'}")
        upgrade(store)
    else:
        store = connect(request.getfixturevalue("postgres_database"))
        _empty_postgres(store)
    yield store
    store.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated SQLite store, for tests that are not about the database."""
    store = connect(f"sqlite:///{tmp_path / 'headcount.sqlite'}")
    upgrade(store)
    yield store
    store.close()


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to show that a failed operation left the store as it was."""
    with store.reading() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(table.select())), key=repr)
            for table in metadata.sorted_tables
        }
