"""`/api/audit`: the audit log, newest first (admins only; nothing can change it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from headcount.api.auth import Auditing
from headcount.security import read_audit
from headcount.security.audit import PAGE

router = APIRouter(prefix="/api", tags=["audit"])
Text = Annotated[str | None, Query(max_length=200)]


@router.get("/audit")
def audit(
    caller: Auditing,
    request: Request,
    user: Text = None,
    action: Text = None,
    object_type: Text = None,
    object_id: Text = None,
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = PAGE,
) -> dict[str, Any]:
    """Who viewed, searched, ingested, judged or exported what, when; `next_before` pages."""
    found = read_audit(
        request.app.state.store,
        caller.user,
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        limit=limit,
    )
    return found.as_dict()
