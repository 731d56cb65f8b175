"""Person ids survive re-linking wherever the cluster survives."""

from hypothesis import given, strategies as st
from sqlalchemy import select

from headcount.linkage.persons import assign_ids, current_persons, format_person_id, save_run
from headcount.storage import Store
from headcount.storage.tables import person_records


def _records(db: Store, count: int) -> list[int]:
    """`count` stored records to cluster (persons point at real records)."""
    from headcount.storage.bulk import insert_rows
    from headcount.storage.engine import now
    from headcount.storage.tables import ingests, records, sources

    with db.transaction() as c:
        c.execute(
            sources.insert(),
            {
                "id": 1,
                "name": "s",
                "kind": "other",
                "reliability": "F",
                "compartment": "open",
                "created_at": now(),
            },
        )
        c.execute(
            ingests.insert(),
            {
                "id": 1,
                "source_id": 1,
                "file_name": "f",
                "file_hash": "h",
                "rows_read": count,
                "records_added": count,
                "user_name": "t",
                "started_at": now(),
                "finished_at": now(),
            },
        )
        insert_rows(
            c,
            records,
            [
                {
                    "id": i,
                    "source_id": 1,
                    "ingest_id": 1,
                    "record_key": str(i),
                    "row_number": i,
                    "content_hash": str(i),
                    "raw": "{}",
                    "reported_on": None,
                }
                for i in range(1, count + 1)
            ],
        )
    return list(range(1, count + 1))


def test_the_same_clusters_keep_the_same_ids(db: Store) -> None:
    _records(db, 3)
    first = save_run(db, {"a": [1, 2], "b": [3]}, engine="test", user="t")
    assert (first.persons, first.new_ids, first.kept_ids) == (2, 2, 0)
    with db.reading() as c:
        before = current_persons(c)
    again = save_run(db, {"x": [3], "y": [2, 1]}, engine="test", user="t")
    assert (again.kept_ids, again.new_ids) == (2, 0)
    with db.reading() as c:
        after = current_persons(c)
        assert {p: a.record_ids for p, a in after.items()} == {
            p: b.record_ids for p, b in before.items()
        }
        assert {a.run_id for a in after.values()} == {again.run_id}
        assert {a.first_run_id for a in after.values()} == {first.run_id}
        reasons = dict(
            c.execute(
                select(person_records.c.record_id, person_records.c.reason).where(
                    person_records.c.run_id == again.run_id
                )
            ).all()
        )
    assert reasons == {1: "model", 2: "model", 3: "singleton"}


def test_a_split_keeps_the_id_with_the_larger_part_and_a_merge_with_the_larger_person() -> None:
    previous = {1: "P0000001", 2: "P0000001", 3: "P0000001", 4: "P0000002"}
    ids, kept = assign_ids({"big": [1, 2], "small": [3]}, previous, first_new=3)
    assert ids == {"big": "P0000001", "small": format_person_id(3)} and kept == 1
    ids, kept = assign_ids({"all": [1, 2, 3, 4]}, previous, first_new=3)
    assert ids == {"all": "P0000001"} and kept == 1


def test_records_new_to_the_store_get_new_persons() -> None:
    ids, kept = assign_ids({"n": [9]}, {1: "P0000001"}, first_new=2)
    assert ids == {"n": "P0000002"} and kept == 0


partitions = st.lists(st.integers(0, 5), min_size=1, max_size=30)


@given(partitions, partitions)
def test_ids_are_unique_within_a_run_and_unchanged_clusters_keep_theirs(
    first: list[int], second: list[int]
) -> None:
    old = {f"c{k}": [r for r, g in enumerate(first) if g == k] for k in set(first)}
    previous_ids, _ = assign_ids(old, {}, first_new=1)
    previous = {r: previous_ids[f"c{g}"] for r, g in enumerate(first)}
    new = {f"d{k}": [r for r, g in enumerate(second) if g == k] for k in set(second)}
    ids, _ = assign_ids(new, previous, first_new=100)
    assert len(set(ids.values())) == len(ids)
    for key, members in new.items():
        if any(sorted(members) == sorted(m) for m in old.values()):
            assert ids[key] == previous[members[0]]
