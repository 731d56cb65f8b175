"""The screening page: a name in any script, optional birth date and citizenship."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from headcount.api.auth import Viewing
from headcount.views.screening import screen
from headcount.web.render import is_htmx, page

router = APIRouter(include_in_schema=False)


@router.get("/screening")
def screening_page(
    caller: Viewing,
    request: Request,
    name: Annotated[str, Query(max_length=300)] = "",
    birth_date: Annotated[str, Query(max_length=40)] = "",
    citizenship: Annotated[str, Query(max_length=80)] = "",
) -> Response:
    found = None
    if name.strip():
        found = screen(request.app.state.store, caller.user, name, birth_date, citizenship)
    context = {
        "title": "Screening",
        "found": found,
        "name": name,
        "birth_date": birth_date,
        "citizenship": citizenship,
        "json_twin": f"/api/screening?{request.url.query}" if found else None,
        "csv_twin": f"/api/screening.csv?{request.url.query}" if found else None,
    }
    template = "_candidates.html" if is_htmx(request) else "screening.html"
    return page(request, template, context, caller=caller)
