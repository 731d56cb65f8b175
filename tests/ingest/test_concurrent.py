"""Two ingests at once: the store stays whole, and a loser gets a message, not a traceback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text

from headcount.ingest import IngestError, ingest_path
from headcount.ingest.readers import read_rows
from headcount.ingest.rows import content_hash
from headcount.storage import Store, connect
from headcount.storage.engine import now
from headcount.storage.tables import ingests, records, sources
from tests.conftest import _empty_postgres

ROWS = "record_id,full_name,birth_date\n" + "".join(
    f"c{i},Yusuf Testman{i},19{70 + i % 20}\n" for i in range(300)
)


@pytest.fixture
def pg(postgres_database: str) -> Iterator[Store]:
    """An empty PostgreSQL store."""
    store = connect(postgres_database)
    _empty_postgres(store)
    yield store
    store.close()


def _run(store: Store, path: Path, outcome: list[object]) -> None:
    try:
        outcome.append(ingest_path(store, path, source="same-new-source"))
    except IngestError as exc:
        outcome.append(exc)


def test_two_ingests_of_one_new_source_at_once_leave_each_record_once(
    db: Store, tmp_path: Path
) -> None:
    paths = []
    for name in ("first.csv", "second.csv"):
        (tmp_path / name).write_text(ROWS, encoding="utf-8")
        paths.append(tmp_path / name)
    outcomes: list[list[object]] = [[], []]
    threads = [
        threading.Thread(target=_run, args=(db, path, outcome))
        for path, outcome in zip(paths, outcomes, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results = [o[0] for o in outcomes]
    refused = [r for r in results if isinstance(r, IngestError)]
    assert all("same moment" in str(r) or "locked" in str(r) for r in refused), refused
    assert len(refused) < 2
    added = sum(r[0].records_added for r in results if isinstance(r, list))
    with db.reading() as c:
        assert c.execute(select(func.count()).select_from(sources)).scalar() == 1
        assert c.execute(select(func.count()).select_from(records)).scalar() == 300 == added


@pytest.mark.postgres
def test_the_loser_of_a_race_on_the_same_records_is_told_and_writes_nothing(
    pg: Store, tmp_path: Path
) -> None:
    """PostgreSQL only: SQLite lets one writer at a time, so this race cannot happen there."""
    db = pg
    path = tmp_path / "race.csv"
    path.write_text(ROWS, encoding="utf-8")
    ingest_path(db, tmp_path / _seed(tmp_path), source="same-new-source")
    _, first = next(iter(read_rows(path)))
    outcome: list[object] = []
    with db.engine.connect() as other:
        with other.begin():
            source = other.execute(select(sources.c.id)).scalar_one()
            ingest = other.execute(
                insert(ingests).returning(ingests.c.id),
                {
                    "source_id": source,
                    "file_name": "other",
                    "file_hash": "h",
                    "rows_read": 1,
                    "records_added": 1,
                    "user_name": "other",
                    "started_at": now(),
                    "finished_at": now(),
                },
            ).scalar_one()
            other.execute(
                insert(records),
                {
                    "source_id": source,
                    "ingest_id": ingest,
                    "record_key": "c0",
                    "row_number": 2,
                    "content_hash": content_hash(first),
                    "raw": "{}",
                },
            )
            thread = threading.Thread(target=_run, args=(db, path, outcome))
            thread.start()
            _wait_for_a_lock(db)
        # the other transaction has committed: the ingest, waiting on its row, now fails
        thread.join()
    [result] = outcome
    assert isinstance(result, IngestError) and "at the same moment" in str(result)
    with db.reading() as c:
        assert c.execute(select(func.count()).select_from(records)).scalar() == 2  # seed, other
        files = set(c.execute(select(ingests.c.file_name)).scalars())
    assert files == {"seed.csv", "other"}


def _seed(folder: Path) -> str:
    (folder / "seed.csv").write_text("record_id,full_name\nseed,Omar Testman\n", encoding="utf-8")
    return "seed.csv"


def _wait_for_a_lock(db: Store) -> None:
    """Until another session of this database waits on a lock (the ingest, on our row)."""
    with db.engine.connect() as watcher:
        while not watcher.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
        ).scalar():
            watcher.rollback()
            threading.Event().wait(0.05)
