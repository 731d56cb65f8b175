"""Storage: the one seam between headcount and its database (SQLite or PostgreSQL)."""

from headcount.storage.engine import Store, connect, database_url
from headcount.storage.migrate import upgrade

__all__ = ["Store", "connect", "database_url", "upgrade"]
