"""The compartment filter in SQL: the conditions every read path adds to its queries.

Who may see what is security's decision (`security.compartments.compartments_for`); how a
query keeps only what a set of compartments may see is storage's, and lives here so that
no other package writes SQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, select, true

from headcount.model.vocabulary import EVERY, Compartments
from headcount.storage.tables import records, sources


def source_visible(compartments: Compartments) -> ColumnElement[bool]:
    """A condition on `sources` keeping the sources these compartments may see."""
    if compartments >= EVERY:
        return true()
    return sources.c.compartment.in_(sorted(c.value for c in compartments))


def visible_source_query(compartments: Compartments) -> Select[Any]:
    """The ids of the visible sources, as a subquery to filter on."""
    return select(sources.c.id).where(source_visible(compartments))


def record_visible(compartments: Compartments) -> ColumnElement[bool]:
    """A condition on `records` keeping the records of visible sources."""
    if compartments >= EVERY:
        return true()
    return records.c.source_id.in_(visible_source_query(compartments))


def visible_source_ids(connection: Connection, compartments: Compartments) -> frozenset[int]:
    """The ids of every source these compartments may see."""
    return frozenset(
        int(i) for i in connection.execute(visible_source_query(compartments)).scalars()
    )


def visible_record_query(compartments: Compartments) -> Select[Any]:
    """The ids of the records of visible sources, as a subquery to filter on."""
    return select(records.c.id).where(record_visible(compartments))


def visible_record_ids(connection: Connection, compartments: Compartments) -> set[int]:
    """The ids of every record these compartments may see."""
    found = connection.execute(visible_record_query(compartments)).scalars()
    return {int(i) for i in found}
