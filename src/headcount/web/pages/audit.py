"""The audit log page (admins only)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from headcount.api.auth import Auditing
from headcount.security import read_audit
from headcount.web.render import page

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Query(max_length=200)]


@router.get("/audit")
def audit_page(
    caller: Auditing,
    request: Request,
    user: Text = "",
    action: Text = "",
    object_type: Text = "",
    object_id: Text = "",
    before: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    found = read_audit(
        request.app.state.store,
        caller.user,
        user=user or None,
        action=action or None,
        object_type=object_type or None,
        object_id=object_id or None,
        before=before,
    )
    filters = {"user": user, "action": action, "object_type": object_type, "object_id": object_id}
    query = urlencode({k: v for k, v in filters.items() if v})
    context = {
        "title": "Audit log",
        "page": found,
        "filters": filters,
        "query": query,
        "json_twin": "/api/audit" + (f"?{request.url.query}" if request.url.query else ""),
        "csv_twin": "/api/audit.csv" + (f"?{request.url.query}" if request.url.query else ""),
    }
    return page(request, "audit.html", context, caller=caller)
