"""`/api/estimates`: per country, the enumeration and the estimate of the total seen and
unseen, side by side (202 Accepted with Retry-After while they are being computed)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from headcount.api.auth import Viewing
from headcount.api.dashboard import AsOf, KnownOn
from headcount.estimation import DEFAULT_METHOD
from headcount.security.compartments import compartments_for
from headcount.views.dashboard import default_as_of
from headcount.views.estimates import estimates

router = APIRouter(prefix="/api", tags=["estimates"])

Method = Literal[
    "lcmcr",
    "bma",
    "loglinear",
    "mh-chao",
    "mh-poisson",
    "mh-darroch",
    "mh-gamma",
    "mth-chao",
    "mth-poisson",
    "mth-darroch",
    "mth-gamma",
]


@router.get(
    "/estimates",
    responses={
        202: {"description": "accepted and being computed: try again after Retry-After seconds"}
    },
)
def estimates_data(
    caller: Viewing,
    request: Request,
    as_of: AsOf = None,
    known_on: KnownOn = None,
    method: Annotated[Method, Query(description="estimation's method")] = DEFAULT_METHOD,  # type: ignore[assignment]
) -> dict[str, Any]:
    """Each country's enumeration (persons seen) beside estimation's estimate of the total
    (seen and unseen): interval, method, model, diagnostics, warnings — or its refusal with
    every reason. Computed in the background once per run, date, method and compartments."""
    store = request.app.state.store
    when = as_of or default_as_of(store, compartments_for(caller.user))
    found = estimates(store, caller.user, when, known_on, method=method)
    return found.as_dict()
