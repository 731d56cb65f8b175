"""Storage: the one seam between headcount and its database (SQLite or PostgreSQL)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from headcount.lazy import exports

_WHERE = {
    "Store": "engine",
    "connect": "engine",
    "database_url": "engine",
    "upgrade": "migrate",
}
__getattr__ = exports(__name__, _WHERE)
__all__ = sorted(_WHERE)

if TYPE_CHECKING:
    from headcount.storage.engine import (
        Store as Store,
        connect as connect,
        database_url as database_url,
    )
    from headcount.storage.migrate import upgrade as upgrade
