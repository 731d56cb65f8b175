"""Read-side queries shared by every interface: what the store holds, the latest linkage run."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from headcount.storage.engine import Store
from headcount.storage.migrate import current_revision, require_current
from headcount.storage.tables import COUNTED_TABLES, linkage_runs, person_records


def latest_run_id(connection: Connection) -> int | None:
    """The latest finished linkage run, whose persons are the current ones."""
    value = connection.execute(
        select(func.max(linkage_runs.c.id)).where(linkage_runs.c.finished_at.is_not(None))
    ).scalar()
    return int(value) if value is not None else None


def store_counts(store: Store) -> dict[str, object]:
    """What the store holds: counts of sources, records, statements, events, published
    figures, persons (of the latest linkage run) and judgements, with where and which schema."""
    require_current(store)
    with store.reading() as connection:
        counts: dict[str, object] = {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in COUNTED_TABLES.items()
        }
        run = latest_run_id(connection)
        counts["persons"] = (
            connection.execute(
                select(func.count(func.distinct(person_records.c.person_id))).where(
                    person_records.c.run_id == run
                )
            ).scalar_one()
            if run is not None
            else 0
        )
    ordered = {
        key: counts[key]
        for key in (
            "sources",
            "records",
            "statements",
            "events",
            "published_figures",
            "persons",
            "judgements",
        )
    }
    return {"store": store.url, "schema": current_revision(store), "counts": ordered}
