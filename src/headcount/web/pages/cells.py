"""The persons of one count cell: where every count on the dashboard leads."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from headcount.api.auth import Viewing
from headcount.api.cells import CountryQuery, PartQuery, StatusQuery
from headcount.api.dashboard import AsOf, BreakdownQuery, KnownOn
from headcount.views.drill import user_cell
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
    breakdown: BreakdownQuery = None,
    part: PartQuery = None,
) -> Response:
    found = user_cell(
        request.app.state.store,
        caller.user,
        country=country,
        status=status,
        as_of=as_of,
        known_on=known_on,
        breakdown=breakdown,
        part=part,
    )
    when, code, split = found.as_of, found.country, found.part
    query = f"?country={code}&status={status}&as_of={when}" + (
        f"&known_on={known_on}" if known_on else ""
    )
    query += f"&breakdown={breakdown}&part={quote(part or '')}" if split else ""
    context = {
        "title": f"{code} × {status} on {when}",
        "cell": found,
        "json_twin": f"/api/cells{query}",
        "csv_twin": f"/api/cells.csv{query}",
    }
    return page(request, "cells.html", context, caller=caller)
