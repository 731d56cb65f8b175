"""`/api/audit`: the audit log, newest first (admins only; nothing can change it)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from headcount.api.auth import Auditing, Caller
from headcount.api.csv_twin import csv_response
from headcount.security import read_audit
from headcount.security.audit import PAGE, AuditPage

router = APIRouter(prefix="/api", tags=["audit"])
Text = Annotated[str | None, Query(max_length=200)]


Before = Annotated[int | None, Query(ge=1, le=2**62)]
Limit = Annotated[int, Query(ge=1, le=1000)]


@dataclass(frozen=True)
class AuditQuery:
    """What the audit log and its CSV twin take: who, what, which object, and the page."""

    user: Text = None
    action: Text = None
    object_type: Text = None
    object_id: Text = None
    before: Before = None
    limit: Limit = PAGE

    def run(self, request: Request, caller: Caller) -> AuditPage:
        return read_audit(request.app.state.store, caller.user, **asdict(self))


@router.get("/audit")
def audit(
    caller: Auditing, request: Request, query: Annotated[AuditQuery, Depends()]
) -> dict[str, Any]:
    """Who viewed, searched, ingested, judged or exported what, when; `next_before` pages."""
    return query.run(request, caller).as_dict()


@router.get("/audit.csv", response_class=Response)
def audit_csv(
    caller: Auditing, request: Request, query: Annotated[AuditQuery, Depends()]
) -> Response:
    """The same entries as CSV, one line each (`detail` as JSON text)."""
    found = query.run(request, caller)
    rows = [
        {**e.as_dict(), "detail": json.dumps(e.detail, ensure_ascii=False)} for e in found.entries
    ]
    return csv_response(rows, "audit.csv")
