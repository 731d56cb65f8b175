"""The estimates page: enumeration and estimate side by side, per country."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from headcount.api.auth import Viewing
from headcount.api.dashboard import AsOf, KnownOn
from headcount.api.estimates import Method
from headcount.estimation import DEFAULT_METHOD, METHODS
from headcount.security.compartments import compartments_for
from headcount.views.cache import NotReady
from headcount.views.dashboard import default_as_of
from headcount.views.estimates import estimates
from headcount.web.render import is_htmx, page

router = APIRouter(include_in_schema=False)


@router.get("/estimates")
def estimates_page(
    caller: Viewing,
    request: Request,
    as_of: AsOf = None,
    known_on: KnownOn = None,
    method: Annotated[Method, Query()] = DEFAULT_METHOD,  # type: ignore[assignment]
) -> Response:
    when = as_of or default_as_of(request.app.state.store, compartments_for(caller.user))
    query = f"as_of={when}&method={method}" + (f"&known_on={known_on}" if known_on else "")
    try:
        found, pending = (
            estimates(request.app.state.store, caller.user, when, known_on, method=method),
            None,
        )
    except NotReady as exc:
        found, pending = None, str(exc)
    context = {
        "title": "Estimates",
        "found": found,
        "pending": pending,
        "as_of": when,
        "known_on": known_on,
        "method": method,
        "methods": METHODS,
        "query": query,
        "json_twin": f"/api/estimates?{query}",
        "csv_twin": f"/api/estimates.csv?{query}",
    }
    template = "_estimates.html" if is_htmx(request) else "estimates.html"
    return page(request, template, context, caller=caller, status_code=202 if pending else 200)
