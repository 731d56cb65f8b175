"""Sources as a user sees them: description, grade, compartment, records, ingest history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, func, select

from headcount.security.accounts import User
from headcount.security.compartments import compartments_for
from headcount.storage.engine import Store
from headcount.storage.tables import ingests, records, sources
from headcount.storage.visibility import source_visible
from headcount.views.cache import require_schema
from headcount.views.errors import NotFound


@dataclass(frozen=True)
class Ingest:
    """One file ingested into a source."""

    file_name: str
    rows_read: int
    records_added: int
    user: str
    started_at: datetime
    finished_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name,
            "rows_read": self.rows_read,
            "records_added": self.records_added,
            "user": self.user,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat(),
        }


@dataclass(frozen=True)
class Source:
    """A source, how many records it holds, and (for one source) its ingests."""

    name: str
    kind: str
    publisher: str | None
    published: str | None
    language: str | None
    reliability: str
    compartment: str
    description: str | None
    created_at: datetime
    records: int
    ingests: list[Ingest] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "publisher": self.publisher,
            "published": self.published,
            "language": self.language,
            "reliability": self.reliability,
            "compartment": self.compartment,
            "description": self.description,
            "created_at": self.created_at.isoformat(),
            "records": self.records,
            "ingests": [i.as_dict() for i in self.ingests],
        }


def _query(user: User) -> Select[Any]:
    held = (
        select(records.c.source_id, func.count().label("n"))
        .group_by(records.c.source_id)
        .subquery()
    )
    return (
        select(sources, func.coalesce(held.c.n, 0).label("records"))
        .outerjoin(held, held.c.source_id == sources.c.id)
        .where(source_visible(compartments_for(user)))
        .order_by(sources.c.name)
    )


def _source(row: Any, history: list[Ingest]) -> Source:
    r = row._mapping
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


def list_sources(store: Store, user: User) -> list[Source]:
    """Every source the user may see, by name, with its number of records and its ingests."""
    require_schema(store)
    with store.reading() as connection:
        rows = connection.execute(_query(user)).all()
        return [_source(r, _history(connection, r.id)) for r in rows]


def get_source(store: Store, user: User, name: str) -> Source:
    """One source by name, with its ingest history (NotFound when not visible)."""
    require_schema(store)
    with store.reading() as connection:
        row = connection.execute(_query(user).where(sources.c.name == name)).first()
        if row is None:
            raise NotFound(f"there is no source named {name!r}")
        return _source(row, _history(connection, row.id))
