"""The persons of one count cell: where every count on the dashboard leads."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from headcount.api.auth import Viewing
from headcount.api.cells import CountryQuery, StatusQuery
from headcount.api.dashboard import AsOf, KnownOn
from headcount.security.compartments import compartments_for
from headcount.views.dashboard import default_as_of
from headcount.views.drill import persons_in_cell
from headcount.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/cells")
def cell_page(
    caller: Viewing,
    request: Request,
    country: CountryQuery,
    status: StatusQuery,
    as_of: AsOf = None,
    known_on: KnownOn = None,
) -> Response:
    store = request.app.state.store
    compartments = compartments_for(caller.user)
    when = as_of or default_as_of(store, compartments)
    code = country.upper() if len(country) == 3 else country
    found = persons_in_cell(store, when, known_on, country=code, status=status,
                            user=caller.user.name, compartments=compartments)  # fmt: skip
    query = f"?country={code}&status={status}&as_of={when}" + (
        f"&known_on={known_on}" if known_on else ""
    )
    context = {
        "title": f"{code} × {status} on {when}",
        "cell": found,
        "json_twin": f"/api/cells{query}",
    }
    return page(request, "cells.html", context, caller=caller)
