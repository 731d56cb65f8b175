"""Sources and uploads through a user's compartments; every bad row reported at once."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.conftest import snapshot
from tests.security.world import build_world

from headcount.security import NotAllowed, add_user
from headcount.storage import Store
from headcount.storage.tables import audit_log, records, unparsed_statements
from headcount.views import NotFound
from headcount.views.sources import get_source, list_sources
from headcount.views.uploads import upload

PASSWORD = "correct horse battery staple"
BAD = """record_id,full_name,birth_date,citizenship,killed_date
b1,Yusuf Testman,1990-02-30,FRA,
b2,Omar Testman,1991,Atlantis,
b3,Ali Testman,1992,FRA,2015
b4,Hamza Testman,1993,FRA,2099-01-01
"""


def test_sources_are_listed_through_compartments(db: Store, tmp_path: Path) -> None:
    build_world(db, tmp_path)
    cleared = add_user(db, "cleared", "viewer", PASSWORD, restricted_access=True, by="t")
    plain = add_user(db, "plain", "viewer", PASSWORD, by="t")
    assert [s.name for s in list_sources(db, cleared)] == ["open-list", "secret-list"]
    assert [s.name for s in list_sources(db, plain)] == ["open-list"]
    source = get_source(db, plain, "open-list")
    assert (source.records, source.compartment, source.reliability) == (5, "open", "B")
    assert [i.user for i in source.ingests] == ["loader"]
    with pytest.raises(NotFound):
        get_source(db, plain, "secret-list")
    assert get_source(db, cleared, "secret-list").records == 2


def test_a_strict_upload_reports_every_bad_row_and_writes_nothing(
    db: Store, tmp_path: Path
) -> None:
    analyst = add_user(db, "ana", "analyst", PASSWORD, by="t")
    before = snapshot(db)
    result = upload(db, analyst, "../../etc/bad list.csv", io.BytesIO(BAD.encode()), strict=True)
    assert not result.ok and result.file == "bad_list.csv"
    found = [(e.row, e.column) for e in result.errors]
    assert found == [(2, "birth_date"), (3, "citizenship"), (5, "killed_date")]
    assert result.rows_checked == 4
    after = snapshot(db)
    audit = after.pop("audit_log")
    before.pop("audit_log")
    assert after == before
    assert [row[3] for row in audit] == ["add_user", "ingest_refused"]


def test_an_upload_keeps_bad_values_unparsed_and_lists_them(db: Store) -> None:
    analyst = add_user(db, "ana", "analyst", PASSWORD, by="t")
    result = upload(db, analyst, "bad list.csv", io.BytesIO(BAD.encode()))
    assert result.ok and result.ingested[0].records_added == 4
    assert [(w["row"], w["column"], w["value"]) for w in result.warnings] == [
        (2, "birth_date", "1990-02-30"),
        (3, "citizenship", "Atlantis"),
        (5, "killed_date", "2099-01-01"),
    ]
    assert result.as_dict()["warnings_total"] == 3
    with db.reading() as c:
        assert c.execute(select(func.count()).select_from(unparsed_statements)).scalar() == 3


def test_a_good_upload_is_ingested_and_a_viewer_may_not_upload(db: Store) -> None:
    analyst = add_user(db, "ana", "analyst", PASSWORD, by="t")
    viewer = add_user(db, "vic", "viewer", PASSWORD, by="t")
    good = "record_id,full_name,birth_date\ng1,Yusuf Testman,1990\ng2,Omar Testman,1991\n"
    with pytest.raises(NotAllowed):
        upload(db, viewer, "good.csv", io.BytesIO(good.encode()))
    result = upload(db, analyst, "good.csv", io.BytesIO(good.encode()), grade="C")
    assert result.ok and result.source == "good"
    assert result.ingested[0].records_added == 2
    with db.reading() as c:
        assert c.execute(select(func.count()).select_from(records)).scalar() == 2
        actions = list(c.execute(select(audit_log.c.action)).scalars())
    assert "ingest" in actions
    assert not upload(db, analyst, "list.pdf", io.BytesIO(b"x")).ok


def test_uploads_cannot_reach_into_a_restricted_source(db: Store, tmp_path: Path) -> None:
    build_world(db, tmp_path)
    analyst = add_user(db, "ana", "analyst", PASSWORD, by="t")
    good = "record_id,full_name\nx1,Yusuf Testman\n"
    into_secret = upload(db, analyst, "x.csv", io.BytesIO(good.encode()), source="secret-list")
    assert not into_secret.ok and "taken" in into_secret.errors[0].message
    mapping = b"source:\n  name: new-secret\n  compartment: restricted\n"
    made = upload(db, analyst, "x.csv", io.BytesIO(good.encode()), mapping=io.BytesIO(mapping))
    assert not made.ok and "restricted access" in made.errors[0].message
    broken = upload(db, analyst, "x.csv", io.BytesIO(good.encode()), mapping=io.BytesIO(b"- ["))
    assert not broken.ok and broken.errors[0].message.startswith("in the mapping")


def test_an_upload_past_the_size_limit_is_refused(
    sqlite_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from headcount.views import uploads

    monkeypatch.setattr(uploads, "MAX_BYTES", 10)
    analyst = add_user(sqlite_store, "ana", "analyst", PASSWORD, by="t")
    result = upload(sqlite_store, analyst, "big.csv", io.BytesIO(b"record_id,full_name\n" * 3))
    assert not result.ok and "larger than" in result.errors[0].message
