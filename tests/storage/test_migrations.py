import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from headcount.storage import Store, connect, upgrade
from headcount.storage.engine import StoreError, database_url
from headcount.storage.migrate import current_revision, head_revision, require_current
from headcount.storage.queries import store_counts
from headcount.storage.tables import metadata


def test_migrations_build_exactly_the_declared_schema(db: Store) -> None:
    with db.reading() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert diff == []
    assert current_revision(db) == head_revision(db)


def test_upgrade_twice_changes_nothing(db: Store) -> None:
    before, after = upgrade(db)
    assert before == after == head_revision(db)


def test_an_empty_store_counts_zero_of_everything(db: Store) -> None:
    counts = store_counts(db)["counts"]
    assert counts == {
        "sources": 0,
        "records": 0,
        "statements": 0,
        "events": 0,
        "published_figures": 0,
        "persons": 0,
        "judgements": 0,
    }


def test_a_store_that_was_never_initialised_is_refused(tmp_path) -> None:
    store = connect(f"sqlite:///{tmp_path / 'new.sqlite'}")
    with pytest.raises(StoreError, match="headcount init"):
        require_current(store)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_store: Store) -> None:
    with sqlite_store.reading() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_url_setting_chooses_the_database(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("HEADCOUNT_DB_URL", raising=False)
    assert database_url() == "sqlite:///headcount.sqlite"
    monkeypatch.setenv("HEADCOUNT_DB_URL", "postgresql://postgres@127.0.0.1:5432/x")
    assert database_url() == "postgresql+psycopg://postgres@127.0.0.1:5432/x"
    with pytest.raises(StoreError, match="folder does not exist"):
        connect(f"sqlite:///{tmp_path / 'missing' / 'x.sqlite'}")
