"""Sources as stored, with their record counts and ingest history, as `model.sources`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, func, select

from headcount.model.sources import Ingest, Source, SourceLabel
from headcount.model.vocabulary import Compartments
from headcount.storage.tables import ingests, records, sources
from headcount.storage.visibility import source_visible


def visible_sources(
    connection: Connection, compartments: Compartments, name: str | None = None
) -> list[Source]:
    """Every source `compartments` see (or the one named `name`), by name, with its number
    of records and its ingests, latest first."""
    query = _query(compartments)
    if name is not None:
        query = query.where(sources.c.name == name)
    return [_source(r._mapping, _history(connection, r.id)) for r in connection.execute(query)]


def _query(compartments: Compartments) -> Select[Any]:
    held = (
        select(records.c.source_id, func.count().label("n"))
        .group_by(records.c.source_id)
        .subquery()
    )
    return (
        select(sources, func.coalesce(held.c.n, 0).label("records"))
        .outerjoin(held, held.c.source_id == sources.c.id)
        .where(source_visible(compartments))
        .order_by(sources.c.name)
    )


def _source(r: Any, history: list[Ingest]) -> Source:
    return Source(
        r["name"],
        r["kind"],
        r["publisher"],
        r["published"],
        r["language"],
        r["reliability"],
        r["compartment"],
        r["description"],
        r["created_at"],
        int(r["records"]),
        history,
    )


def _history(connection: Connection, source_id: int) -> list[Ingest]:
    rows = connection.execute(
        select(ingests).where(ingests.c.source_id == source_id).order_by(ingests.c.id.desc())
    )
    return [
        Ingest(r.file_name, r.rows_read, r.records_added, r.user_name, r.started_at, r.finished_at)
        for r in rows
    ]


def source_labels(connection: Connection) -> list[SourceLabel]:
    """Every source's id, name, publisher and kind."""
    rows = connection.execute(
        select(sources.c.id, sources.c.name, sources.c.publisher, sources.c.kind)
    )
    return [SourceLabel(int(i), str(n), p, str(k)) for i, n, p, k in rows]
