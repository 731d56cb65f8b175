"""The audit log: who did what to which object, when. Append-only: nothing here updates."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert

from headcount.storage.engine import now
from headcount.storage.tables import audit_log


def record_audit(
    connection: Connection,
    user: str,
    action: str,
    object_type: str,
    object_id: str | None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one entry, in the caller's transaction (so it stands or falls with the change)."""
    connection.execute(
        insert(audit_log),
        {
            "at": now(),
            "user_name": user,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "detail": json.dumps(detail, ensure_ascii=False, default=str) if detail else None,
        },
    )
