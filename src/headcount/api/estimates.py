"""`/api/estimates`: per country, the enumeration and the estimate of the total seen and
unseen, side by side (202 Accepted with Retry-After while they are being computed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from headcount.api.auth import Caller, Viewing
from headcount.api.csv_twin import csv_response, flat_row
from headcount.api.dashboard import AsOf, KnownOn
from headcount.estimation import DEFAULT_METHOD
from headcount.security.compartments import compartments_for
from headcount.views.dashboard import default_as_of
from headcount.views.estimates import Estimates, estimates

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


NOT_READY: dict[int | str, dict[str, Any]] = {
    202: {"description": "accepted and being computed: try again after Retry-After seconds"}
}
MethodQuery = Annotated[Method, Query(description="estimation's method")]


@dataclass(frozen=True)
class EstimatesQuery:
    """What the estimates and their CSV twin take: the date (default: the latest the records
    cover), the date of knowledge and the method."""

    as_of: AsOf = None
    known_on: KnownOn = None
    method: MethodQuery = DEFAULT_METHOD  # type: ignore[assignment]

    def run(self, request: Request, caller: Caller) -> Estimates:
        store = request.app.state.store
        when = self.as_of or default_as_of(store, compartments_for(caller.user))
        return estimates(store, caller.user, when, self.known_on, method=self.method)


@router.get("/estimates", responses=NOT_READY)
def estimates_data(
    caller: Viewing, request: Request, query: Annotated[EstimatesQuery, Depends()]
) -> dict[str, Any]:
    """Each country's enumeration (persons seen) beside estimation's estimate of the total
    (seen and unseen): interval, method, model, diagnostics, warnings — or its refusal with
    every reason. Computed in the background once per run, date, method and compartments."""
    return query.run(request, caller).as_dict()


@router.get("/estimates.csv", response_class=Response, responses=NOT_READY)
def estimates_csv(
    caller: Viewing, request: Request, query: Annotated[EstimatesQuery, Depends()]
) -> Response:
    """The same estimates as CSV: a line per country (`enumeration_…` beside `unseen_…`,
    as the JSON names them), then the small countries estimated together (`other`) and
    the total (`all`), each with the date, knowledge date and method."""
    data = query.run(request, caller).as_dict()
    asked = {"as_of": data["as_of"], "known_on": data["known_on"], "method": data["method"]}
    rows = [flat_row({**asked, **country}) for country in data["countries"]]
    for name, key in (("other", "other"), ("all", "total")):
        if data[key] is not None:
            rows.append(flat_row({**asked, "country": name, "unseen": data[key]}))
    return csv_response(rows, "estimates.csv")
