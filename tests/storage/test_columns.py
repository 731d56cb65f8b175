"""Reading columns fast gives what the cursor gives, on both databases, NULLs and all."""

from __future__ import annotations

import math
from datetime import date

from sqlalchemy import Connection, select

from headcount.storage import Store
from headcount.storage.bulk import insert_rows
from headcount.storage.columns import UNIT_SEPARATOR, _fetched, day_number, read_columns
from headcount.storage.engine import now
from headcount.storage.tables import events, ingests, records, sources

FIELDS = [("record", "i8"), ("day", "f8"), ("credibility", "i1"), ("place", "O")]


def _query():  # type: ignore[no-untyped-def]
    return select(
        events.c.record_id,
        day_number(events.c.date_earliest),
        events.c.credibility,
        events.c.place_country,
    ).order_by(events.c.id)


def _fill(connection: Connection, places: list[str | None]) -> None:
    stamp = now()
    insert_rows(
        connection,
        sources,
        [
            {
                "id": 1,
                "name": "s",
                "kind": "other",
                "reliability": "B",
                "compartment": "open",
                "created_at": stamp,
            }
        ],
    )
    insert_rows(
        connection,
        ingests,
        [
            {
                "id": 1,
                "source_id": 1,
                "file_name": "f",
                "file_hash": "h",
                "rows_read": 1,
                "records_added": 1,
                "user_name": "t",
                "started_at": stamp,
                "finished_at": stamp,
            }
        ],
    )
    insert_rows(
        connection,
        records,
        [
            {
                "id": 1,
                "source_id": 1,
                "ingest_id": 1,
                "record_key": "r",
                "row_number": 1,
                "content_hash": "c",
                "raw": "{}",
                "reported_on": None,
            }
        ],
    )
    days = [date(2015, 3, 1), None, date(1969, 12, 31)]
    insert_rows(
        connection,
        events,
        [
            {
                "record_id": 1,
                "kind": "sighted",
                "date_earliest": days[i % 3],
                "credibility": 1 + i % 6,
                "place_country": place,
            }
            for i, place in enumerate(places)
        ],
    )


def test_columns_read_fast_equal_the_cursors(db: Store) -> None:
    with db.transaction() as connection:
        _fill(connection, ["SYR", None, "IRQ", "", "TUR", None])
    with db.reading() as connection:
        fast = read_columns(connection, _query(), FIELDS)
        slow = _fetched(connection, _query(), FIELDS)
    assert fast["record"].tolist() == slow["record"].tolist() == [1] * 6
    assert [None if math.isnan(d) else d for d in fast["day"].tolist()] == [
        16495.0,
        None,
        -1.0,
        16495.0,
        None,
        -1.0,
    ]
    assert fast["credibility"].tolist() == [1, 2, 3, 4, 5, 6]
    assert fast["place"].tolist() == ["SYR", "", "IRQ", "", "TUR", ""]
    assert slow["place"].tolist() == fast["place"].tolist()


def test_no_rows_and_separators_in_text(db: Store) -> None:
    with db.reading() as connection:
        empty = read_columns(connection, _query(), FIELDS)
    assert all(len(v) == 0 for v in empty.values())
    with db.transaction() as connection:
        _fill(connection, [f"A{UNIT_SEPARATOR}B", "SYR"])
    with db.reading() as connection:
        found = read_columns(connection, _query(), FIELDS)
    assert found["place"].tolist() == [f"A{UNIT_SEPARATOR}B", "SYR"]
