"""An entry of the audit log as a reader is given it: who did what to which object, when,
in which compartment; `redacted` when its object and detail are withheld from the reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    user: str
    action: str
    object_type: str
    object_id: str | None
    detail: dict[str, Any] | None
    compartment: str
    redacted: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "user": self.user,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "detail": self.detail,
            "compartment": self.compartment,
            "redacted": self.redacted,
        }
