"""`/api/audit`: the audit log, newest first (admins only; nothing can change it)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from headcount.api.auth import Auditing
from headcount.api.csv_twin import csv_response
from headcount.security import read_audit
from headcount.security.audit import PAGE

router = APIRouter(prefix="/api", tags=["audit"])
Text = Annotated[str | None, Query(max_length=200)]


Before = Annotated[int | None, Query(ge=1, le=2**62)]
Limit = Annotated[int, Query(ge=1, le=1000)]


@router.get("/audit")
def audit(
    caller: Auditing,
    request: Request,
    user: Text = None,
    action: Text = None,
    object_type: Text = None,
    object_id: Text = None,
    before: Before = None,
    limit: Limit = PAGE,
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


@router.get("/audit.csv", response_class=Response)
def audit_csv(
    caller: Auditing,
    request: Request,
    user: Text = None,
    action: Text = None,
    object_type: Text = None,
    object_id: Text = None,
    before: Before = None,
    limit: Limit = PAGE,
) -> Response:
    """The same entries as CSV, one line each (`detail` as JSON text)."""
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
    rows = [
        {**e.as_dict(), "detail": json.dumps(e.detail, ensure_ascii=False)} for e in found.entries
    ]
    return csv_response(rows, "audit.csv")
