"""Migration 0007 on a store that already has audit entries and linkage runs: the entries
get a compartment and a verified chain, the runs count their restricted records."""

from __future__ import annotations

from sqlalchemy import select, text

from headcount.storage import Store
from headcount.storage.audit import verify_chain
from headcount.storage.migrate import head_revision, migrate_to
from headcount.storage.tables import audit_log, linkage_runs

ROWS = [
    "INSERT INTO sources (id, name, kind, reliability, compartment, created_at) VALUES "
    "(1, 'open-list', 'other', 'B', 'open', '2026-01-01'), "
    "(2, 'secret-list', 'other', 'B', 'restricted', '2026-01-01')",
    "INSERT INTO ingests (id, source_id, file_name, file_hash, rows_read, records_added, "
    "user_name, started_at, finished_at) VALUES "
    "(1, 1, 'o.csv', 'h1', 1, 1, 'x', '2026-01-01', '2026-01-01'), "
    "(2, 2, 's.csv', 'h2', 1, 1, 'x', '2026-01-01', '2026-01-01')",
    "INSERT INTO records (id, source_id, ingest_id, record_key, row_number, content_hash, raw) "
    "VALUES (1, 1, 1, 'o1', 2, 'c1', '{}'), (2, 2, 2, 's1', 2, 'c2', '{}')",
    "INSERT INTO linkage_runs (id, engine, user_name, started_at, finished_at) VALUES "
    "(1, 'duckdb', 'x', '2026-01-01', '2026-01-01'), (2, 'duckdb', 'x', '2026-01-02', '2026-01-02')",
    "INSERT INTO persons (id, first_run_id, created_at) VALUES ('P0000001', 1, '2026-01-01')",
    "INSERT INTO person_records (run_id, record_id, person_id) VALUES "
    "(1, 1, 'P0000001'), (2, 1, 'P0000001'), (2, 2, 'P0000001')",
    "INSERT INTO audit_log (at, user_name, action, object_type, object_id, detail) VALUES "
    "('2026-01-01 10:00:00', 'ada', 'login', 'user', 'ada', NULL), "
    "('2026-01-01 10:01:00', 'ada', 'search', 'name', NULL, '{\"name\": \"Secret\"}'), "
    "('2026-01-01 10:02:00', 'ada', 'view', 'person', 'P0000001', NULL)",
]


def test_0007_marks_old_entries_and_chains_them(db: Store) -> None:
    migrate_to(db, "0006")
    try:
        with db.transaction() as c:
            for statement in ROWS:
                c.execute(text(statement))
        migrate_to(db, head_revision(db))
        with db.reading() as c:
            marks = c.execute(
                select(audit_log.c.action, audit_log.c.compartment).order_by(audit_log.c.id)
            ).all()
            report = verify_chain(c)
            runs = c.execute(
                select(
                    linkage_runs.c.id, linkage_runs.c.scope, linkage_runs.c.restricted_records
                ).order_by(linkage_runs.c.id)
            ).all()
    finally:
        migrate_to(db, head_revision(db))
    assert [tuple(m) for m in marks] == [
        ("login", "open"),
        ("search", "restricted"),
        ("view", "restricted"),
    ]
    assert report.first_break is None and report.entries == 3
    assert [tuple(r) for r in runs] == [(1, "every", 0), (2, "every", 1)]
