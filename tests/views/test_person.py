"""A person's page data: names in every script, timeline, contradictions, links, judgements;
restricted records out of sight; every view audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from tests.security.world import SECRET_NAME, build_world

from headcount.linkage.judgements import add_judgement
from headcount.security import add_user
from headcount.storage import Store
from headcount.storage.tables import audit_log
from headcount.views import NotFound
from headcount.views.person import view_person

PASSWORD = "correct horse battery staple"


def test_a_person_with_everything_their_records_say(db: Store, tmp_path: Path) -> None:
    world = build_world(db, tmp_path)
    cleared = add_user(db, "cleared", "reviewer", PASSWORD, restricted_access=True, by="t")
    add_judgement(db, "open-list/o1", "open-list/o5", "different", user="cleared", note="not him")
    person = view_person(db, cleared, world.persons["benali"])
    assert [r.record for r in person.records] == ["open-list/o1", "secret-list/s1"]
    assert {n.value for n in person.names} >= {"Mohamed Benali", "Abu Hamza al-Faransi"}
    assert [e.kind for e in person.timeline][:2] == ["departed", "departed"]
    kinds = {c.kind for c in person.contradictions}
    assert "birth_date" in kinds  # 1990-04-02 against 1991-04-02
    assert person.pairs[0].probability == pytest.approx(0.97)
    assert [(j.decision, j.user, j.note) for j in person.judgements] == [
        ("different", "cleared", "not him")
    ]
    assert person.fields["birth_date"] == {
        "open-list/o1": ["1990-04-02"],
        "secret-list/s1": ["1991-04-02"],
    }
    with db.reading() as c:
        entry = c.execute(select(audit_log).where(audit_log.c.action == "view")).one()
    assert (entry.user_name, entry.object_type, entry.object_id) == (
        "cleared",
        "person",
        world.persons["benali"],
    )


def test_restricted_records_stay_out_of_a_person(db: Store, tmp_path: Path) -> None:
    world = build_world(db, tmp_path)
    plain = add_user(db, "plain", "admin", PASSWORD, by="t")
    person = view_person(db, plain, world.persons["benali"])
    assert [r.record for r in person.records] == ["open-list/o1"]
    assert "secret-list" not in repr(person.as_dict())
    assert person.contradictions == []
    with pytest.raises(NotFound):
        view_person(db, plain, world.persons["secret"])
    with pytest.raises(NotFound):
        view_person(db, plain, "P9999999")
    cleared = add_user(db, "cleared", "viewer", PASSWORD, restricted_access=True, by="t")
    assert view_person(db, cleared, world.persons["secret"]).names[0].value == SECRET_NAME


def test_a_sighting_after_a_death_report_is_flagged(db: Store, tmp_path: Path) -> None:
    world = build_world(db, tmp_path)
    cleared = add_user(db, "cleared", "viewer", PASSWORD, restricted_access=True, by="t")
    dupont = view_person(db, cleared, world.persons["dupont"])
    assert dupont.contradictions == []
    petrov = view_person(db, cleared, world.persons["petrov"])
    assert any(n.script == "Cyrl" or n.value == "Абу Умар" for n in petrov.names)
