"""Builders for linkage tests: records in a store, named `SOURCE/RECORD_ID` as users name them."""

from __future__ import annotations

from headcount.storage import Store
from headcount.storage.bulk import insert_rows
from headcount.storage.engine import now
from headcount.storage.tables import ingests, records, sources


def store_records(db: Store, keys: dict[str, list[str]]) -> dict[str, int]:
    """Records with no statements: source name → its record keys. Returns `SOURCE/KEY` → id."""
    out: dict[str, int] = {}
    next_id = 1
    with db.transaction() as c:
        for number, (source, names) in enumerate(sorted(keys.items()), start=1):
            c.execute(
                sources.insert(),
                {
                    "id": number,
                    "name": source,
                    "kind": "other",
                    "reliability": "F",
                    "compartment": "open",
                    "created_at": now(),
                },
            )
            c.execute(
                ingests.insert(),
                {
                    "id": number,
                    "source_id": number,
                    "file_name": f"{source}.csv",
                    "file_hash": source,
                    "rows_read": len(names),
                    "records_added": len(names),
                    "user_name": "t",
                    "started_at": now(),
                    "finished_at": now(),
                },
            )
            rows = []
            for row, key in enumerate(names, start=1):
                rows.append(
                    {
                        "id": next_id,
                        "source_id": number,
                        "ingest_id": number,
                        "record_key": key,
                        "row_number": row,
                        "content_hash": f"{source}/{key}/{row}",
                        "raw": "{}",
                        "reported_on": None,
                    }
                )
                out[f"{source}/{key}"] = next_id
                next_id += 1
            insert_rows(c, records, rows)
    return out
