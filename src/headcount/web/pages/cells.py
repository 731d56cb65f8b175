"""The persons of one count cell: where every count on the dashboard leads."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from headcount.api.auth import Viewing
from headcount.api.cells import CellQuery
from headcount.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/cells")
def cell_page(
    caller: Viewing, request: Request, query: Annotated[CellQuery, Depends()]
) -> Response:
    found = query.run(request, caller)
    when, code, split = found.as_of, found.country, found.part
    twin = f"?country={code}&status={query.status}&as_of={when}" + (
        f"&known_on={query.known_on}" if query.known_on else ""
    )
    twin += f"&breakdown={query.breakdown}&part={quote(query.part or '')}" if split else ""
    context = {
        "title": f"{code} × {query.status} on {when}",
        "cell": found,
        "json_twin": f"/api/cells{twin}",
        "csv_twin": f"/api/cells.csv{twin}",
    }
    return page(request, "cells.html", context, caller=caller)
