"""Source compartments: what a user may see of the store.

A source is `open` or `restricted`. A user without restricted access sees nothing that
comes from a restricted source — not the source, nor any of its records, statements or
events — anywhere: pages, API, counts, search, the review queue. A person whose every
record is restricted does not exist for them; a person with some open records is the
person those records make.

These functions are the one filter every read path applies: SQL conditions for queries,
and the visible source ids that `accounting.visible.visible_evidence` keeps of
accounting's in-memory evidence. Command-line use sees every
compartment (whoever runs it holds the store itself).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, select, true

from headcount.model.vocabulary import (
    EVERY as EVERY,
    OPEN_ONLY as OPEN_ONLY,
    Compartments as Compartments,
)
from headcount.security.accounts import User
from headcount.storage.tables import records, sources


def compartments_for(user: User | None) -> Compartments:
    """The compartments a user may see; `None` (the command line) sees all."""
    if user is None or user.restricted_access:
        return EVERY
    return OPEN_ONLY


OPEN_COVERAGE = (
    "Open sources only: restricted sources are left out of every person, count and estimate "
    "you see here, as if they did not exist (your account has no restricted access)."
)


def coverage(compartments: Compartments) -> str | None:
    """What a user's figures leave out, said beside them; None when they see everything."""
    return None if compartments >= EVERY else OPEN_COVERAGE


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
