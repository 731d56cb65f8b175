"""The rows a persons list is made from: each visible record of a linkage run with its
person and source, and the names and citizenships those records state.

Invariant: only records of sources `compartments` may see are read, so a list built from
these rows neither shows nor counts what the reader may not see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, select

from headcount.model.vocabulary import NAME_PROPERTIES, Compartments, Property
from headcount.storage.tables import person_records, records, sources, statements
from headcount.storage.visibility import source_visible


@dataclass(frozen=True)
class ListedRecord:
    """One record of the run, as a persons list needs it."""

    record_id: int
    person_id: str
    source: str


@dataclass(frozen=True)
class ListedValue:
    """A name or citizenship a record states (`original` as written, in its script)."""

    record_id: int
    prop: str
    value: str
    original: str | None
    script: str | None


LISTED_PROPERTIES = sorted(p.value for p in NAME_PROPERTIES | {Property.citizenship})


def run_records(
    connection: Connection, run_id: int, compartments: Compartments
) -> Iterator[ListedRecord]:
    """Every record of the run these compartments may see, with its person and source."""
    query = (
        select(person_records.c.record_id, person_records.c.person_id, sources.c.name)
        .join(records, records.c.id == person_records.c.record_id)
        .join(sources, sources.c.id == records.c.source_id)
        .where(person_records.c.run_id == run_id, source_visible(compartments))
    )
    for row in connection.execute(query):
        yield ListedRecord(int(row.record_id), row.person_id, row.name)


def run_names(
    connection: Connection, run_id: int, compartments: Compartments
) -> Iterator[ListedValue]:
    """The names (every name property) and citizenships of those records."""
    query = (
        select(
            statements.c.record_id,
            statements.c.prop,
            statements.c.value,
            statements.c.original,
            statements.c.script,
        )
        .join(person_records, person_records.c.record_id == statements.c.record_id)
        .join(records, records.c.id == statements.c.record_id)
        .join(sources, sources.c.id == records.c.source_id)
        .where(
            person_records.c.run_id == run_id,
            statements.c.prop.in_(LISTED_PROPERTIES),
            source_visible(compartments),
        )
    )
    for row in connection.execute(query):
        yield ListedValue(int(row.record_id), row.prop, row.value, row.original, row.script)
