"""Persons round trip through storage: what a run writes is read back as `model.Person`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from headcount.model.persons import Member, Person, record_index
from headcount.model.vocabulary import EVERY, OPEN_ONLY, Scope
from headcount.storage import Store, runs
from headcount.storage.bulk import insert_rows
from headcount.storage.engine import now
from headcount.storage.persons import run_person, run_person_list, run_persons
from headcount.storage.tables import ingests, records, sources

OPEN, RESTRICTED = 1, 2


def _records(db: Store) -> None:
    """Records 1-4 of an open source, 5 of a restricted one."""
    with db.transaction() as c:
        for source, compartment in ((OPEN, "open"), (RESTRICTED, "restricted")):
            c.execute(
                sources.insert(),
                {
                    "id": source,
                    "name": f"s{source}",
                    "kind": "other",
                    "reliability": "F",
                    "compartment": compartment,
                    "created_at": now(),
                },
            )
            c.execute(
                ingests.insert(),
                {
                    "id": source,
                    "source_id": source,
                    "file_name": "f",
                    "file_hash": f"h{source}",
                    "rows_read": 5,
                    "records_added": 5,
                    "user_name": "t",
                    "started_at": now(),
                    "finished_at": now(),
                },
            )
        rows = [
            {
                "id": i,
                "source_id": RESTRICTED if i == 5 else OPEN,
                "ingest_id": RESTRICTED if i == 5 else OPEN,
                "record_key": str(i),
                "row_number": i,
                "content_hash": str(i),
                "raw": "{}",
                "reported_on": None,
            }
            for i in range(1, 6)
        ]
        insert_rows(c, records, rows)


def _run(db: Store, placed: dict[int, tuple[str, str]]) -> int:
    """A run placing each record (record → person id, reason); its id."""
    with db.transaction() as c:
        started = now()
        run = runs.open_run(
            c,
            engine="test",
            threshold=None,
            settings={},
            user="t",
            started=started,
            scope=Scope.every,
        )
        runs.insert_persons(c, {p for p, _ in placed.values()}, run, started)
        rows = [
            {"run_id": run, "record_id": r, "person_id": p, "reason": why}
            for r, (p, why) in placed.items()
        ]
        runs.insert_memberships(c, rows)
        runs.finish_run(c, run, 0)
    return run


def test_a_run_s_persons_are_read_back_whole(db: Store) -> None:
    _records(db)
    first = _run(db, {1: ("P1", "model"), 2: ("P1", "model"), 3: ("P2", "singleton")})
    second = _run(
        db,
        {
            3: ("P2", "judgement"),
            1: ("P1", "model"),
            4: ("P2", "judgement"),
            2: ("P3", "split"),
            5: ("P1", "model"),
        },
    )
    with db.reading() as c:
        found = run_person_list(c, second)
        one = run_person(c, second, "P2")
        index = run_persons(c, second)
    assert [p.id for p in found] == ["P1", "P2", "P3"]
    by_id = {p.id: p for p in found}
    assert by_id["P1"].members == (Member(1, "model"), Member(5, "model"))
    assert by_id["P2"].record_ids == (3, 4) and by_id["P2"].reason_of(4) == "judgement"
    assert {p.run_id for p in found} == {second}
    assert by_id["P1"].first_run_id == first and by_id["P3"].first_run_id == second
    assert isinstance(by_id["P3"].created_at, datetime)
    assert one == by_id["P2"]
    assert record_index(found) == index


def test_a_reader_sees_a_person_only_through_the_records_they_may_see(db: Store) -> None:
    _records(db)
    run = _run(db, {1: ("P1", "model"), 5: ("P1", "model"), 2: ("P2", "model")})
    hidden = _run(db, {5: ("P9", "singleton")})
    with db.reading() as c:
        everyone = run_person_list(c, run, EVERY)
        open_only = run_person_list(c, run, OPEN_ONLY)
        assert run_person(c, hidden, "P9", OPEN_ONLY) is None
        assert run_person_list(c, hidden, OPEN_ONLY) == []
        assert run_person(c, hidden, "P9") is not None
    assert {p.id: p.record_ids for p in everyone} == {"P1": (1, 5), "P2": (2,)}
    assert {p.id: p.record_ids for p in open_only} == {"P1": (1,), "P2": (2,)}


def test_unknown_persons_and_runs_read_as_nothing(db: Store) -> None:
    _records(db)
    run = _run(db, {1: ("P1", "model")})
    with db.reading() as c:
        assert run_person(c, run, "P404") is None
        assert run_person_list(c, run + 1) == []


def test_a_person_s_members_are_sorted_record_ids_each_once() -> None:
    when = datetime(2026, 1, 1, tzinfo=UTC)
    Person("P1", 1, (Member(1, "model"), Member(2, None)), 1, when)
    with pytest.raises(ValueError, match="sorted"):
        Person("P1", 1, (Member(2, "model"), Member(1, "model")), 1, when)
    with pytest.raises(ValueError, match="sorted"):
        Person("P1", 1, (Member(1, "model"), Member(1, "judgement")), 1, when)
