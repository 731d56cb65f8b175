"""The review queue: pairs near the threshold, undecided, both records visible; judgements
appended (two reviewers at once both keep theirs), never by a viewer."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.security.world import build_world

from headcount.linkage.judgements import active_judgements
from headcount.security import NotAllowed, add_user
from headcount.storage import Store
from headcount.views import NotFound
from headcount.views.review import judge, review_queue

PASSWORD = "correct horse battery staple"


def test_the_queue_holds_undecided_pairs_near_the_threshold(db: Store, tmp_path: Path) -> None:
    world = build_world(db, tmp_path)
    rid = world.record
    cleared = add_user(db, "rita", "reviewer", PASSWORD, restricted_access=True, by="t")
    plain = add_user(db, "otto", "reviewer", PASSWORD, by="t")
    queue = review_queue(db, cleared)
    assert queue.threshold == 0.6
    assert [(p.a.id, p.b.id) for p in queue.pairs] == [
        (rid["o1"], rid["o5"]),  # 0.55, closest to 0.6
        (rid["o5"], rid["s1"]),  # 0.50
        (rid["o2"], rid["o4"]),  # 0.45
    ]
    first = queue.pairs[0]
    agreement = {f.prop: f.agreement for f in first.fields}
    assert agreement["citizenship"] == "same" and agreement["birth_date"] == "different"
    assert agreement["alias"] == "one side"
    assert [p.b.source for p in review_queue(db, plain).pairs] == ["open-list", "open-list"]
    judge(db, cleared, rid["o1"], rid["o5"], "different", "born a month apart")
    after = review_queue(db, cleared).pairs[0]
    assert (after.a.id, after.b.id) == (rid["o5"], rid["s1"])


def test_two_reviewers_judging_at_once_both_keep_their_judgement(db: Store, tmp_path: Path) -> None:
    world = build_world(db, tmp_path)
    a, b = world.record["o2"], world.record["o4"]
    rita = add_user(db, "rita", "reviewer", PASSWORD, restricted_access=True, by="t")
    otto = add_user(db, "otto", "reviewer", PASSWORD, by="t")
    first = judge(db, rita, a, b, "same")
    second = judge(db, otto, a, b, "different", "different genders")
    assert [j.user for j in second.on_pair] == ["rita", "otto"]
    assert first.judgement.id != second.judgement.id
    with db.reading() as c:
        kept = [(j.user, j.decision.value) for j in active_judgements(c)]
    assert kept == [("rita", "same"), ("otto", "different")]


def test_viewers_cannot_judge_and_no_one_judges_what_they_cannot_see(
    db: Store, tmp_path: Path
) -> None:
    world = build_world(db, tmp_path)
    viewer = add_user(db, "vera", "viewer", PASSWORD, restricted_access=True, by="t")
    otto = add_user(db, "otto", "reviewer", PASSWORD, by="t")
    with pytest.raises(NotAllowed):
        review_queue(db, viewer)
    with pytest.raises(NotAllowed):
        judge(db, viewer, world.record["o1"], world.record["o5"], "same")
    with pytest.raises(NotFound):
        judge(db, otto, world.record["o5"], world.record["s1"], "same")
    with db.reading() as c:
        assert active_judgements(c) == []
