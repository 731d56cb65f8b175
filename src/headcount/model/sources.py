"""A source as the store holds it: what it is, who published it, its grade and compartment,
how many records it holds, and the files ingested into it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple


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


class SourceLabel(NamedTuple):
    """What a source is called and who published what kind of it: how estimation groups
    sources into systems."""

    id: int
    name: str
    publisher: str | None
    kind: str
