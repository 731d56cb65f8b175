"""`/api/alerts` and `/api/watches`: what changed since a date for the watched persons and
countries; start and stop watches."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from headcount.api.auth import Viewing, Watching
from headcount.api.csv_twin import csv_response, flat_row
from headcount.views.alerts import alerts_for, start_watch, stop_watch

router = APIRouter(prefix="/api", tags=["alerts"])
SINCE_DAYS = 30


def default_since() -> date:
    return date.today() - timedelta(days=SINCE_DAYS)


Since = Annotated[date | None, Query(description="default: 30 days ago")]


@router.get("/alerts")
def alerts(caller: Viewing, request: Request, since: Since = None) -> dict[str, Any]:
    """Status changes, new contradictions, counts that moved and published figures out of
    line with the records, for every watch, since `since` — as your compartments see it."""
    return alerts_for(request.app.state.store, caller.user, since or default_since()).as_dict()


@router.get("/alerts.csv", response_class=Response)
def alerts_csv(caller: Viewing, request: Request, since: Since = None) -> Response:
    """The same alerts as CSV, one line each (the JSON's `alerts`, flattened)."""
    found = alerts_for(request.app.state.store, caller.user, since or default_since())
    return csv_response([flat_row(a) for a in found.as_dict()["alerts"]], "alerts.csv")


class NewWatch(BaseModel):
    object_type: Literal["person", "country"]
    object_id: str = Field(min_length=1, max_length=20, description="a person id or an ISO3 code")
    note: str | None = Field(default=None, max_length=2000)


@router.post("/watches", status_code=201)
def watch(new: NewWatch, caller: Watching, request: Request) -> dict[str, Any]:
    """Watch a person or a country (audited)."""
    made = start_watch(
        request.app.state.store, caller.user, new.object_type, new.object_id, new.note
    )
    return {"id": made}


@router.delete("/watches/{watch_id}")
def unwatch(
    watch_id: Annotated[int, Path(ge=1, le=2**62)], caller: Watching, request: Request
) -> dict[str, Any]:
    """Stop a watch (kept in the store with who stopped it; audited)."""
    stop_watch(request.app.state.store, caller.user, watch_id)
    return {"stopped": watch_id}
