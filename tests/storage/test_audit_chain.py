"""The audit log is chained by hash: `verify_chain` names the first entry changed or
removed, on SQLite and on PostgreSQL, even by someone who went around headcount."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from headcount.model.vocabulary import Compartment
from headcount.storage import Store
from headcount.storage.audit import GENESIS, entry_hash, record_audit, verify_chain
from headcount.storage.tables import audit_log


def _log(store: Store, count: int) -> list[int]:
    with store.transaction() as c:
        for i in range(count):
            record_audit(c, "rev", "view", "person", f"P{i:07d}", {"i": i})
    with store.reading() as c:
        return list(c.execute(select(audit_log.c.id).order_by(audit_log.c.id)).scalars())


def _tamper(store: Store, statement: str) -> None:
    """Run SQL as a hostile owner would: around headcount, the triggers lifted."""
    if store.dialect == "sqlite":
        database = store.engine.url.database
        assert database
        raw = sqlite3.connect(database)
        raw.executescript(
            f"DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;{statement};"
        )
        raw.close()
    else:
        with store.transaction() as c:
            c.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
            c.execute(text(statement))
            c.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))


def test_the_hash_of_an_entry_is_fixed_by_its_fields() -> None:
    # part of the stored format: a change here would break every chain already written
    at = datetime(2026, 12, 5, 23, 0, 0, 123456, tzinfo=UTC)
    digest = entry_hash(GENESIS, at, "ada", "view", "person", "P0000001", '{"a": 1}', "open")
    assert digest == entry_hash(
        GENESIS, at.replace(tzinfo=None), "ada", "view", "person", "P0000001", '{"a": 1}', "open"
    )
    assert digest == "8cf56b0321b71247237abe455af0401242a411e333201f7b983acf781788db74"
    assert digest != entry_hash(
        GENESIS, at, "ada", "view", "person", "P0000002", '{"a": 1}', "open"
    )


def test_an_intact_log_verifies_and_each_entry_holds_the_hash_before_it(db: Store) -> None:
    _log(db, 4)
    with db.reading() as c:
        rows = c.execute(select(audit_log).order_by(audit_log.c.id)).all()
        report = verify_chain(c)
    assert rows[0].prev_hash == GENESIS
    assert [r.prev_hash for r in rows[1:]] == [r.entry_hash for r in rows[:-1]]
    assert report.first_break is None and report.entries == 4
    assert report.head == rows[-1].entry_hash


def test_a_changed_entry_is_named(db: Store) -> None:
    ids = _log(db, 5)
    _tamper(db, f"UPDATE audit_log SET object_id = 'P9999999' WHERE id = {ids[2]}")
    with db.reading() as c:
        broken = verify_chain(c).first_break
    assert broken is not None
    assert (broken.entry_id, broken.reason) == (ids[2], "this entry was changed")


def test_a_removed_entry_is_named_by_the_one_after_it(db: Store) -> None:
    ids = _log(db, 5)
    _tamper(db, f"DELETE FROM audit_log WHERE id = {ids[1]}")
    with db.reading() as c:
        broken = verify_chain(c).first_break
    assert broken is not None and broken.entry_id == ids[2]
    assert "changed or removed" in broken.reason


def test_entries_removed_at_the_end_are_found_against_a_kept_head(db: Store) -> None:
    ids = _log(db, 3)
    with db.reading() as c:
        head = verify_chain(c).head
    _tamper(db, f"DELETE FROM audit_log WHERE id = {ids[-1]}")
    with db.reading() as c:
        assert verify_chain(c).first_break is None  # the chain alone cannot tell
        broken = verify_chain(c, kept_head=head).first_break
    assert broken is not None and broken.entry_id is None and "removed" in broken.reason


def test_insert_or_replace_cannot_rewrite_an_entry_unseen(sqlite_store: Store) -> None:
    ids = _log(sqlite_store, 3)
    database = sqlite_store.engine.url.database
    assert database
    raw = sqlite3.connect(database)
    row = raw.execute("SELECT * FROM audit_log WHERE id = ?", (ids[1],)).fetchone()
    changed = list(row)
    changed[5] = "P7777777"  # object_id
    marks = ", ".join("?" * len(changed))
    raw.execute(f"INSERT OR REPLACE INTO audit_log VALUES ({marks})", changed)
    raw.commit()
    raw.close()
    with sqlite_store.reading() as c:
        broken = verify_chain(c).first_break
    assert broken is not None and broken.entry_id == ids[1]


def test_headcounts_own_connections_refuse_replace_too(sqlite_store: Store) -> None:
    ids = _log(sqlite_store, 2)
    with pytest.raises(Exception, match="append-only"), sqlite_store.transaction() as c:
        c.execute(
            text(
                "INSERT OR REPLACE INTO audit_log (id, at, user_name, action, object_type, "
                "compartment, prev_hash, entry_hash) VALUES (:id, '2020-01-01', 'x', 'x', 'x', "
                "'open', 'x', 'x')"
            ),
            {"id": ids[0]},
        )


def test_entries_carry_their_compartment(db: Store) -> None:
    with db.transaction() as c:
        record_audit(
            c, "ada", "search", "name", None, {"name": "x"}, compartment=Compartment.restricted
        )
        record_audit(c, "ada", "login", "user", "ada")
    with db.reading() as c:
        found = c.execute(select(audit_log.c.action, audit_log.c.compartment)).all()
        assert verify_chain(c).first_break is None
    assert sorted(found) == [("login", "open"), ("search", "restricted")]
