"""Reading the audit log: who viewed, searched, ingested, judged or exported what, when.

Writing is `storage.audit.record_audit`, always in the transaction of the act it records.
The log is append-only: nothing in headcount updates or deletes an entry, and the store's
triggers (migration 0003) refuse it to any other program too. Only admins read it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from headcount.security.accounts import User
from headcount.security.roles import Action
from headcount.storage.engine import Store
from headcount.storage.tables import audit_log

PAGE = 100
MAX_PAGE = 1000


class NotAllowed(PermissionError):
    """The user's role does not allow this."""


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    user: str
    action: str
    object_type: str
    object_id: str | None
    detail: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "user": self.user,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class AuditPage:
    """Entries newest first, and the id to pass as `before` for the next page (None: no more)."""

    entries: list[AuditEntry]
    next_before: int | None

    def as_dict(self) -> dict[str, Any]:
        return {"entries": [e.as_dict() for e in self.entries], "next_before": self.next_before}


def read_audit(
    store: Store,
    reader: User,
    *,
    user: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    before: int | None = None,
    limit: int = PAGE,
) -> AuditPage:
    """Audit entries newest first, filtered by who, what and which object; admins only."""
    if not reader.can(Action.audit):
        raise NotAllowed("only admins read the audit log")
    limit = max(1, min(limit, MAX_PAGE))
    t = audit_log.c
    query = select(audit_log).order_by(t.id.desc()).limit(limit + 1)
    for column, value in ((t.user_name, user), (t.action, action),
                          (t.object_type, object_type), (t.object_id, object_id)):  # fmt: skip
        if value:
            query = query.where(column == value)
    if before is not None:
        query = query.where(t.id < before)
    with store.reading() as connection:
        rows = connection.execute(query).all()
    entries = [
        AuditEntry(r.id, r.at, r.user_name, r.action, r.object_type, r.object_id,
                   json.loads(r.detail) if r.detail else None)
        for r in rows[:limit]
    ]  # fmt: skip
    return AuditPage(entries, entries[-1].id if len(rows) > limit else None)
