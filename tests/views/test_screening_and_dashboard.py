"""Screening and the dashboard through compartments: a name only a restricted source knows
is never a candidate, nor counted, for a user without access; searches are audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.security.world import SECRET_NAME, build_world

from headcount.security import add_user
from headcount.storage import Store
from headcount.storage.tables import audit_log
from headcount.views.dashboard import dashboard
from headcount.views.screening import screen

PASSWORD = "correct horse battery staple"


def test_screening_ranks_candidates_within_the_users_compartments(
    db: Store, tmp_path: Path
) -> None:
    world = build_world(db, tmp_path)
    cleared = add_user(db, "carl", "viewer", PASSWORD, restricted_access=True, by="t")
    plain = add_user(db, "vera", "viewer", PASSWORD, by="t")
    found = screen(db, cleared, "Muhammad Benali", "1990-04-02", "France")
    assert found.candidates[0].person_id in {world.persons["benali"], world.persons["benali2"]}
    assert found.candidates[0].match
    secret = screen(db, cleared, SECRET_NAME)
    assert secret.candidates[0].person_id == world.persons["secret"]
    hidden = screen(db, plain, SECRET_NAME)
    assert world.persons["secret"] not in {c.person_id for c in hidden.candidates}
    assert "Restrictedson" not in repr(hidden.as_dict()["candidates"])
    with db.reading() as c:
        searches = c.execute(select(audit_log).where(audit_log.c.action == "search")).all()
    assert [s.user_name for s in searches] == ["carl", "carl", "vera"]
    assert SECRET_NAME in searches[-1].detail


def test_the_dashboard_counts_only_what_the_user_may_see(db: Store, tmp_path: Path) -> None:
    build_world(db, tmp_path)
    cleared = add_user(db, "carl", "viewer", PASSWORD, restricted_access=True, by="t")
    plain = add_user(db, "vera", "viewer", PASSWORD, by="t")
    everything = dashboard(db, cleared, date(2017, 12, 8), metric="killed")
    limited = dashboard(db, plain, date(2017, 12, 8), metric="killed")
    assert everything.counts.row("DEU") is not None
    assert limited.counts.row("DEU") is None
    assert "DEU" not in repr(limited.as_dict()["counts"]["rows"])
    france = everything.published["FRA"].metrics
    assert france["departed"].low == 1700 and france["departed"].records is not None
    killed = {v.country: v.value for v in everything.map}
    assert killed == {"FRA": 2}  # Dupont (open) and Benali (only the restricted source)
    assert {v.country: v.value for v in limited.map} == {"FRA": 1}
    earlier = dashboard(db, cleared, date(2014, 1, 1))
    assert earlier.counts.row("FRA") is None


def test_a_result_being_computed_elsewhere_is_not_ready_rather_than_queued() -> None:
    import threading

    from headcount.views.cache import NotReady, cached

    started, release = threading.Event(), threading.Event()

    def slow() -> int:
        started.set()
        release.wait(10)
        return 42

    worker = threading.Thread(target=lambda: cached(("test", "slow"), slow, what="name index"))
    worker.start()
    started.wait(10)
    try:
        cached(("test", "slow"), lambda: 0, wait=False, what="name index")
    except NotReady as exc:
        assert "name index" in str(exc) and "try again" in str(exc)
    else:
        raise AssertionError("a result being computed elsewhere was not refused")
    release.set()
    worker.join(10)
    assert cached(("test", "slow"), lambda: 0, wait=False) == 42


def test_a_background_computation_that_fails_is_reported_not_retried_forever() -> None:
    import time

    from headcount.views.cache import NotReady, in_background

    calls = []

    def broken() -> int:
        calls.append(1)
        raise ValueError("the estimates could not be computed")

    key = ("test", "broken", time.monotonic())
    with pytest.raises(NotReady):
        in_background(key, broken, what="estimates")  # starts it
    for _ in range(200):  # the thread records the failure
        time.sleep(0.01)
        try:
            in_background(key, broken, what="estimates")
        except NotReady:
            continue
        except ValueError as exc:
            assert "could not be computed" in str(exc)
            break
    else:
        raise AssertionError("the failure was never reported")
    assert len(calls) == 1  # reported once, not recomputed behind the caller's back
