"""Judgements: named as users name records, append-only, retractable, the latest in force."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from tests.linkage.stored import store_records

from headcount.linkage.judgements import (
    JudgementError,
    active_judgements,
    add_judgement,
    effective_judgements,
    resolve_record,
    retract_judgement,
)
from headcount.model.vocabulary import Decision
from headcount.storage import Store
from headcount.storage.tables import audit_log, judgements


@pytest.fixture
def named(db: Store) -> dict[str, int]:
    return store_records(db, {"fr-watchlist": ["FR-1", "FR-2"], "news/2017": ["A/1", "A/2"]})


def test_records_are_named_by_source_and_own_id_or_by_store_id(db: Store, named) -> None:
    with db.reading() as c:
        assert resolve_record(c, "fr-watchlist/FR-2") == named["fr-watchlist/FR-2"]
        assert resolve_record(c, "news/2017/A/1") == named["news/2017/A/1"]
        assert resolve_record(c, str(named["fr-watchlist/FR-1"])) == named["fr-watchlist/FR-1"]
        with pytest.raises(JudgementError, match="no record is named"):
            resolve_record(c, "fr-watchlist/FR-9")
        with pytest.raises(JudgementError, match="store id 99"):
            resolve_record(c, "99")


def test_a_judgement_is_stored_in_order_with_its_user_and_audited(db: Store, named) -> None:
    made = add_judgement(db, "news/2017/A/2", "fr-watchlist/FR-1", "same", user="ana", note="x")
    assert (made.record_a, made.record_b) == (named["fr-watchlist/FR-1"], named["news/2017/A/2"])
    assert made.decision is Decision.same and made.user == "ana"
    with db.reading() as c:
        [active] = active_judgements(c)
        assert active.id == made.id and active.note == "x"
        actions = c.execute(select(audit_log.c.action, audit_log.c.user_name)).all()
    assert actions == [("judge", "ana")]


def test_bad_judgements_are_refused_and_leave_nothing(db: Store, named) -> None:
    with pytest.raises(JudgementError, match="not a decision"):
        add_judgement(db, "fr-watchlist/FR-1", "fr-watchlist/FR-2", "maybe", user="ana")
    with pytest.raises(JudgementError, match="same record"):
        add_judgement(db, "fr-watchlist/FR-1", str(named["fr-watchlist/FR-1"]), "same", user="a")
    with db.reading() as c:
        assert c.execute(select(func.count()).select_from(judgements)).scalar_one() == 0


def test_retraction_withdraws_without_deleting_and_the_latest_judgement_wins(
    db: Store, named
) -> None:
    first = add_judgement(db, "fr-watchlist/FR-1", "fr-watchlist/FR-2", "same", user="ana")
    second = add_judgement(db, "fr-watchlist/FR-2", "fr-watchlist/FR-1", "different", user="bo")
    pair = (first.record_a, first.record_b)
    with db.reading() as c:
        assert effective_judgements(active_judgements(c)) == {pair: Decision.different}
    retract_judgement(db, second.id, user="ana", note="wrong pair")
    with pytest.raises(JudgementError, match="already retracted"):
        retract_judgement(db, second.id, user="ana")
    with pytest.raises(JudgementError, match="no judgement 999"):
        retract_judgement(db, 999, user="ana")
    with db.reading() as c:
        assert effective_judgements(active_judgements(c)) == {pair: Decision.same}
        assert c.execute(select(func.count()).select_from(judgements)).scalar_one() == 2
