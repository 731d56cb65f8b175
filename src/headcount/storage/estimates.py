"""Estimates kept once computed (`saved_estimates`): the workbench's estimates of the unseen
take minutes, and are a function of what their key hashes, so a server started again, or
a second process on the same store, reads them instead of estimating again.

Invariant: a saved estimate is never changed; the first writer of a key wins (another
process computing the same key at the same moment inserts nothing).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from headcount.storage.engine import Store, now
from headcount.storage.tables import saved_estimates


def estimate_key(*parts: object) -> str:
    """The key of an estimate: a SHA-256 of its parts as text, in order."""
    return hashlib.sha256(json.dumps([str(p) for p in parts]).encode()).hexdigest()


def saved_estimate(store: Store, key: str) -> dict[str, Any] | None:
    """The estimate saved under `key`, as it was saved (JSON), or None."""
    with store.reading() as connection:
        text = connection.execute(
            select(saved_estimates.c.result).where(saved_estimates.c.key == key)
        ).scalar()
    return None if text is None else dict(json.loads(text))


def save_estimate(store: Store, key: str, run_id: int, result: dict[str, Any]) -> None:
    """Keep `result` (JSON-able) under `key`, unless an estimate is already saved there."""
    row = {
        "run_id": run_id,
        "key": key,
        "result": json.dumps(result, ensure_ascii=False, default=str),
        "created_at": now(),
    }
    with store.transaction() as connection:
        insert: Any = (
            postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        )
        connection.execute(
            insert(saved_estimates).values(row).on_conflict_do_nothing(index_elements=["key"])
        )
