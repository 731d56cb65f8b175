"""Reading and checking the audit log: who viewed, searched, ingested, judged or exported
what, when. Only admins read it.

Writing is `storage.audit.record_audit`, always in the transaction of the act it records.
An admin without restricted access sees every entry's who, when and what, but the object
and detail of an entry about restricted data are withheld (`redacted`), and filtering by
object never finds one (it would tell that it exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from headcount.model.audit import AuditEntry as AuditEntry
from headcount.security.accounts import User
from headcount.security.compartments import compartments_for
from headcount.security.roles import Action
from headcount.storage.audit import ChainReport, audit_rows, verify_chain
from headcount.storage.engine import Store

PAGE = 100
MAX_PAGE = 1000


class NotAllowed(PermissionError):
    """The user's role does not allow this."""


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
    with store.reading() as connection:
        rows = audit_rows(
            connection,
            compartments_for(reader),
            user=user,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=before,
            limit=limit + 1,
        )
    entries = rows[:limit]
    return AuditPage(entries, entries[-1].id if len(rows) > limit else None)


def verify_audit(store: Store, kept_head: str | None = None) -> ChainReport:
    """Check the whole log's hash chain (and that a head kept from an earlier check is
    still in it); the report names the first entry changed or removed."""
    with store.reading() as connection:
        return verify_chain(connection, kept_head)
