"""Sources as a user sees them: description, grade, compartment, records, ingest history."""

from __future__ import annotations

from headcount.model.sources import Source
from headcount.security.accounts import User
from headcount.security.compartments import compartments_for
from headcount.storage.engine import Store
from headcount.storage.sources import visible_sources
from headcount.views.cache import require_schema
from headcount.views.errors import NotFound


def list_sources(store: Store, user: User) -> list[Source]:
    """Every source the user may see, by name, with its number of records and its ingests."""
    require_schema(store)
    with store.reading() as connection:
        return visible_sources(connection, compartments_for(user))


def get_source(store: Store, user: User, name: str) -> Source:
    """One source by name, with its ingest history (NotFound when not visible)."""
    require_schema(store)
    with store.reading() as connection:
        found = visible_sources(connection, compartments_for(user), name)
    if not found:
        raise NotFound(f"there is no source named {name!r}")
    return found[0]
