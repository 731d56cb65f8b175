"""Restricted compartments stay out of reach of users without access; the audit log is
read by admins only and no one can change it, not even with SQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from tests.conftest import snapshot
from tests.security.world import build_world

from headcount.accounting.counts import count_evidence
from headcount.accounting.timeline import load_evidence
from headcount.accounting.visible import visible_evidence
from headcount.ingest import IngestError, ingest_path
from headcount.model.vocabulary import Compartment
from headcount.security import (
    EVERY,
    OPEN_ONLY,
    NotAllowed,
    add_user,
    compartments_for,
    read_audit,
)
from headcount.storage import Store
from headcount.storage.audit import record_audit
from headcount.storage.tables import audit_log, records, sources
from headcount.storage.visibility import record_visible, visible_source_ids

PASSWORD = "correct horse battery staple"


def test_users_without_access_see_only_open_sources(db: Store, tmp_path: Path) -> None:
    world = build_world(db, tmp_path)
    cleared = add_user(db, "cleared", "viewer", PASSWORD, restricted_access=True, by="root")
    plain = add_user(db, "plain", "admin", PASSWORD, by="root")
    assert compartments_for(cleared) == EVERY == compartments_for(None)
    assert compartments_for(plain) == OPEN_ONLY  # even an admin needs the access itself
    with db.reading() as c:
        assert len(visible_source_ids(c, EVERY)) == 2
        assert len(visible_source_ids(c, OPEN_ONLY)) == 1
        seen = set(
            c.execute(select(records.c.record_key).where(record_visible(OPEN_ONLY))).scalars()
        )
        evidence = load_evidence(c)
        open_ids = visible_source_ids(c, OPEN_ONLY)
    assert seen == {"o1", "o2", "o3", "o4", "o5"}
    everything = count_evidence(evidence, date(2017, 12, 8))
    limited = count_evidence(visible_evidence(evidence, open_ids), date(2017, 12, 8))
    assert everything.row("DEU") is not None  # the person only the restricted source knows
    assert limited.row("DEU") is None
    assert limited.metric("FRA", "departed").value == everything.metric("FRA", "departed").value
    assert world.persons["secret"] not in set(
        visible_evidence(evidence, open_ids).records["person"]
    )


def test_only_admins_read_the_audit_log(db: Store) -> None:
    admin = add_user(db, "root", "admin", PASSWORD, by="setup")
    reviewer = add_user(db, "rev", "reviewer", PASSWORD, by="root")
    with db.transaction() as c:
        for i in range(5):
            record_audit(c, "rev", "view", "person", f"P{i:07d}")
    with pytest.raises(NotAllowed):
        read_audit(db, reviewer)
    page = read_audit(db, admin, user="rev", limit=3)
    assert [e.object_id for e in page.entries] == ["P0000004", "P0000003", "P0000002"]
    rest = read_audit(db, admin, user="rev", limit=3, before=page.next_before)
    assert [e.object_id for e in rest.entries] == ["P0000001", "P0000000"]
    assert rest.next_before is None
    assert read_audit(db, admin, action="add_user").entries[0].object_id == "rev"


def test_no_one_can_change_or_delete_an_audit_entry(db: Store) -> None:
    with db.transaction() as c:
        record_audit(c, "rev", "view", "person", "P0000001")
    for statement in (update(audit_log).values(user_name="someone else"), delete(audit_log)):
        with (
            pytest.raises((IntegrityError, DBAPIError), match="append-only"),
            db.transaction() as c,
        ):
            c.execute(statement)
    with db.reading() as c:
        assert c.execute(select(audit_log.c.user_name)).scalar_one() == "rev"


def test_a_mapping_cannot_move_records_into_another_compartment(db: Store, tmp_path: Path) -> None:
    build_world(db, tmp_path)
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "more.csv").write_text("record_id,full_name\nm1,Someone Else\n", encoding="utf-8")
    (folder / "more.yaml").write_text(
        "source:\n  name: open-list\n  compartment: restricted\n", encoding="utf-8"
    )
    before = snapshot(db)
    with pytest.raises(IngestError, match="exists in the open compartment, but the mapping"):
        ingest_path(db, folder / "more.csv", user="loader")
    assert snapshot(db) == before
    (folder / "more.yaml").write_text("source:\n  name: secret-list\n", encoding="utf-8")
    ingest_path(db, folder / "more.csv", user="loader")  # unsaid: the source's own compartment
    with db.reading() as c:
        landed = c.execute(
            select(sources.c.compartment)
            .join(records, records.c.source_id == sources.c.id)
            .where(records.c.record_key == "m1")
        ).scalar_one()
    assert landed == "restricted"


def test_an_admin_without_access_reads_restricted_entries_redacted(db: Store) -> None:
    plain = add_user(db, "plain", "admin", PASSWORD, by="root")
    cleared = add_user(db, "cleared", "admin", PASSWORD, restricted_access=True, by="root")
    with db.transaction() as c:
        record_audit(
            c,
            "cleared",
            "search",
            "name",
            "secret-list",
            {"name": "Zubayr"},
            compartment=Compartment.restricted,
        )
        record_audit(c, "cleared", "view", "person", "P0000001", {"run_id": 1})
    seen = read_audit(db, plain, user="cleared").entries
    assert [(e.action, e.object_id, e.detail, e.redacted) for e in seen] == [
        ("view", "P0000001", {"run_id": 1}, False),
        ("search", None, None, True),
    ]
    assert read_audit(db, plain, object_id="secret-list").entries == []
    whole = read_audit(db, cleared, object_id="secret-list").entries
    assert [(e.detail, e.redacted) for e in whole] == [({"name": "Zubayr"}, False)]
