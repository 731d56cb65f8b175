"""The alerts page: what changed since a date, the watches, and forms to start and stop them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from headcount.api.alerts import default_since
from headcount.api.auth import Viewing, Watching
from headcount.security import Action
from headcount.views.alerts import alerts_for, start_watch, stop_watch
from headcount.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/alerts")
def alerts_page(
    caller: Viewing, request: Request, since: Annotated[date | None, Query()] = None
) -> Response:
    when = since or default_since()
    found = alerts_for(request.app.state.store, caller.user, when)
    context = {
        "title": "Alerts",
        "found": found,
        "since": when,
        "may_watch": caller.user.can(Action.watch),
        "json_twin": f"/api/alerts?since={when}",
        "csv_twin": f"/api/alerts.csv?since={when}",
    }
    return page(request, "alerts.html", context, caller=caller)


@router.post("/alerts/watch")
def watch_page(
    caller: Watching,
    request: Request,
    object_type: Annotated[Literal["person", "country"], Form()],
    object_id: Annotated[str, Form(min_length=1, max_length=20)],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    start_watch(request.app.state.store, caller.user, object_type, object_id, note)
    return RedirectResponse("/alerts", status_code=303)


@router.post("/alerts/unwatch")
def unwatch_page(
    caller: Watching, request: Request, watch_id: Annotated[int, Form(ge=1)]
) -> Response:
    stop_watch(request.app.state.store, caller.user, watch_id)
    return RedirectResponse("/alerts", status_code=303)
