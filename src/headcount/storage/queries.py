"""Read-side queries shared by every interface: what the store holds, the latest linkage run."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, func, select

from headcount.model.vocabulary import EVERY, Compartment, Compartments
from headcount.storage.engine import Store
from headcount.storage.migrate import current_revision, require_current
from headcount.storage.tables import (
    COUNTED_TABLES,
    events,
    linkage_runs,
    person_records,
    published_figures,
    records,
    sources,
    status_judgement_retractions,
    status_judgements,
)
from headcount.storage.visibility import record_visible, visible_record_query


def latest_run_id(connection: Connection, compartments: Compartments = EVERY) -> int | None:
    """The latest finished linkage run whose persons are the current ones for someone who
    sees `compartments`: with every compartment, the latest run of every record; with the
    open one only, the latest run that linked no restricted record (the open run made
    beside it, or a run of a store that had none), so that a restricted record never joins
    or splits the persons they see."""
    query = select(func.max(linkage_runs.c.id)).where(linkage_runs.c.finished_at.is_not(None))
    if Compartment.restricted in compartments:
        query = query.where(linkage_runs.c.scope == "every")
    else:
        query = query.where(linkage_runs.c.restricted_records == 0)
    value = connection.execute(query).scalar()
    return int(value) if value is not None else None


def latest_event_date(connection: Connection, compartments: Compartments = EVERY) -> date | None:
    """The latest date the records of sources `compartments` see cover: the last day an
    event may have happened on, or else the last day one was reported."""
    query = select(func.max(events.c.date_latest), func.max(events.c.reported_earliest))
    if not compartments >= EVERY:
        query = query.where(events.c.record_id.in_(visible_record_query(compartments)))
    happened, reported = connection.execute(query).one()
    found = [d for d in (happened, reported) if d is not None]
    return max(as_date(d) for d in found) if found else None


def as_date(value: object) -> date:
    """A date column's value as a date (SQLite gives text, PostgreSQL a date)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def record_count(connection: Connection, compartments: Compartments = EVERY) -> int:
    """How many records the sources `compartments` see hold."""
    query = select(func.count()).select_from(records)
    if not compartments >= EVERY:
        query = query.where(records.c.id.in_(visible_record_query(compartments)))
    return int(connection.execute(query).scalar_one())


def restricted_record_count(connection: Connection) -> int:
    """How many records the store holds from restricted sources."""
    query = (
        select(func.count())
        .select_from(records)
        .join(sources, sources.c.id == records.c.source_id)
        .where(sources.c.compartment == Compartment.restricted.value)
    )
    return int(connection.execute(query).scalar_one())


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


def source_names(connection: Connection) -> dict[int, str]:
    """Every source's name, by its id."""
    return {int(i): str(n) for i, n in connection.execute(select(sources.c.id, sources.c.name))}


def record_names(
    connection: Connection, record_ids: list[int], compartments: Compartments = EVERY
) -> dict[int, str]:
    """`SOURCE/RECORD_KEY` of each record id `compartments` see, as users name records."""
    names: dict[int, str] = {}
    for start in range(0, len(record_ids), 1000):
        rows = connection.execute(
            select(records.c.id, sources.c.name, records.c.record_key)
            .join(sources, sources.c.id == records.c.source_id)
            .where(records.c.id.in_(record_ids[start : start + 1000]))
            .where(record_visible(compartments))
        )
        names.update({int(i): f"{source}/{key}" for i, source, key in rows})
    return names


def change_marks(connection: Connection, run_id: int | None) -> tuple[str, int, int]:
    """What tells one state of the store's conclusions from another: the start time of the
    run `run_id` (a store emptied and filled again may reuse a run id), the latest published
    figure's id, and how many status judgements and retractions were made."""
    started = connection.execute(
        select(linkage_runs.c.started_at).where(linkage_runs.c.id == run_id)
    ).scalar()
    figures = connection.execute(select(func.max(published_figures.c.id))).scalar()
    judged = sum(
        int(connection.execute(select(func.count()).select_from(t)).scalar_one())
        for t in (status_judgements, status_judgement_retractions)
    )
    return str(started), int(figures or 0), judged
