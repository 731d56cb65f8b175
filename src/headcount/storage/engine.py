"""Opening the store: SQLite by default (a file, WAL), PostgreSQL by `HEADCOUNT_DB_URL`.

Every difference between the two dialects lives here and nowhere else: the URL forms
accepted, SQLite's pragmas (WAL, foreign keys, busy timeout), and bulk-insert batch size.
`Connection` is the one database type other packages name: they receive it from
`Store.transaction` or `Store.reading` and hand it to storage's functions.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection as Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_URL = "sqlite:///headcount.sqlite"
ENV_URL = "HEADCOUNT_DB_URL"


class StoreError(RuntimeError):
    """The store cannot be opened or is not at the schema this headcount expects."""


def database_url(url: str | None = None) -> str:
    """The URL to use: the one given, else `HEADCOUNT_DB_URL`, else `headcount.sqlite` here."""
    chosen = url or os.environ.get(ENV_URL) or DEFAULT_URL
    parsed = make_url(chosen)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def now() -> datetime:
    """The time stamps the store writes: timezone-aware UTC."""
    return datetime.now(UTC)


@dataclass
class Store:
    """An open store: its engine and dialect."""

    engine: Engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back on any exception.

        On SQLite it takes the write lock when it begins (`BEGIN IMMEDIATE`): a transaction
        that read first and wrote later could otherwise fail at once when another writer
        committed in between, whatever the busy timeout."""
        with self.engine.connect() as connection:
            connection.execution_options(headcount_writes=True)
            with connection.begin():
                yield connection

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads."""
        with self.engine.connect() as connection:
            yield connection

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # headcount emits BEGIN itself (`_sqlite_begin`), not the driver
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-131072")  # 128 MB: index inserts stay in memory
    cursor.execute("PRAGMA temp_store=MEMORY")
    # REPLACE deletes the rows it replaces: with recursive triggers on, the audit log's
    # delete trigger refuses that too
    cursor.execute("PRAGMA recursive_triggers=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    writes = connection.get_execution_options().get("headcount_writes", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def connect(url: str | None = None) -> Store:
    """Open the store at `url` (see `database_url`); a SQLite file's folder must exist."""
    resolved = database_url(url)
    parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not Path(database).parent.exists():
            raise StoreError(f"cannot create {database}: its folder does not exist")
        engine = create_engine(resolved)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    elif parsed.get_backend_name() == "postgresql":
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise StoreError(
                "PostgreSQL needs the driver: pip install 'headcount[postgres]'"
            ) from exc
        engine = create_engine(resolved, pool_pre_ping=True)
    else:
        raise StoreError(f"{parsed.get_backend_name()} is not supported: use SQLite or PostgreSQL")
    return Store(engine)
