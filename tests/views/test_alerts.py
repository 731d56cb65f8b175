"""Alerts through compartments: a restricted source moves nothing for a user without access,
and a watch on a person they cannot see raises nothing for them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.security.world import build_world

from headcount.security import NotAllowed, add_user
from headcount.storage import Store
from headcount.views import NotFound
from headcount.views.alerts import alerts_for, start_watch, stop_watch

PASSWORD = "correct horse battery staple"


def test_alerts_follow_the_users_compartments(db: Store, tmp_path: Path) -> None:
    world = build_world(db, tmp_path)
    cleared = add_user(db, "ana", "analyst", PASSWORD, restricted_access=True, by="t")
    plain = add_user(db, "vic", "analyst", PASSWORD, by="t")
    viewer = add_user(db, "vera", "viewer", PASSWORD, by="t")
    benali, secret = world.persons["benali"], world.persons["secret"]
    start_watch(db, cleared, "person", benali, "the Raqqa one")
    start_watch(db, cleared, "country", "FRA")
    hidden = start_watch(db, cleared, "person", secret)
    with pytest.raises(NotFound):
        start_watch(db, plain, "person", secret)
    with pytest.raises(NotAllowed):
        start_watch(db, viewer, "country", "BEL")
    seen = alerts_for(db, cleared, date(2015, 1, 1), date(2018, 1, 1))
    limited = alerts_for(db, plain, date(2015, 1, 1), date(2018, 1, 1))
    assert {w.object_id for w in seen.watches} == {benali, "FRA", secret}
    assert {w.object_id for w in limited.watches} == {benali, "FRA"}
    status = {a.object_id: a.detail for a in seen.alerts if a.kind == "status_change"}
    assert status[benali].endswith("killed_confirmed")  # only the restricted source says so
    limited_status = {a.object_id: a.detail for a in limited.alerts if a.kind == "status_change"}
    assert not limited_status[benali].endswith("killed_confirmed")
    stop_watch(db, cleared, hidden)
    assert secret not in {w.object_id for w in alerts_for(db, cleared, date(2015, 1, 1)).watches}
