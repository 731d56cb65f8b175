"""`/api/dashboard`: countries × statuses on a date with intervals, the published figures
beside them, a metric per country for the map, and the flows for the Sankey."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from headcount.api.auth import Caller, Viewing
from headcount.api.csv_twin import csv_response
from headcount.security.compartments import compartments_for
from headcount.views.dashboard import Dashboard, dashboard, default_as_of

router = APIRouter(prefix="/api", tags=["dashboard"])

MapMetric = Literal[
    "departed",
    "killed",
    "en_route",
    "in_theatre",
    "killed_confirmed",
    "killed_reported",
    "detained",
    "returned",
    "relocated",
    "unknown",
    "contested",
]
"""`views.dashboard.MAP_METRICS` (a test checks that they agree)."""
AsOf = Annotated[
    date | None,
    Query(description="the date counted (default: the latest date the records cover)"),
]
KnownOn = Annotated[date | None, Query(description="count only what was reported by this date")]
Breakdown = Literal["sex", "age_group", "destination", "detention"]
"""`accounting.breakdowns.BREAKDOWNS` (a test checks that they agree)."""
BreakdownQuery = Annotated[
    Breakdown | None,
    Query(description="also count each part of: sex, age_group, destination, detention"),
]


@router.get("/dashboard")
def dashboard_data(
    caller: Viewing,
    request: Request,
    as_of: AsOf = None,
    known_on: KnownOn = None,
    metric: MapMetric = "departed",
    flows_from: Annotated[date | None, Query(description="start of the flows' period")] = None,
    breakdown: BreakdownQuery = None,
) -> dict[str, Any]:
    """Counts per country × status on `as_of` (with what was known on `known_on`), each an
    enumeration with its interval; published figures nearest the date; map values; flows."""
    return _dashboard(request, caller, as_of, known_on, metric, flows_from, breakdown).as_dict()


@router.get("/dashboard.csv", response_class=Response)
def dashboard_csv(
    caller: Viewing,
    request: Request,
    as_of: AsOf = None,
    known_on: KnownOn = None,
    breakdown: BreakdownQuery = None,
) -> Response:
    """The counts as CSV, one line per country × status (and part, with `breakdown`): the
    value, its interval and its kind, as `headcount count --format csv` prints them."""
    found = _dashboard(request, caller, as_of, known_on, "departed", None, breakdown)
    return csv_response(found.counts.flat(), "counts.csv")


def _dashboard(
    request: Request,
    caller: Caller,
    as_of: date | None,
    known_on: date | None,
    metric: str,
    flows_from: date | None,
    breakdown: str | None,
) -> Dashboard:
    store = request.app.state.store
    return dashboard(
        store,
        caller.user,
        as_of or default_as_of(store, compartments_for(caller.user)),
        known_on,
        metric=metric,
        flows_from=flows_from,
        breakdown=breakdown,
    )
