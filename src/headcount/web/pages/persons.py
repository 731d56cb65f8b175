"""The persons list and the person page."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from headcount.api.auth import Viewing
from headcount.api.persons import ListQuery
from headcount.views import NotFound
from headcount.views.person import explain_link, view_person
from headcount.web import charts
from headcount.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/persons")
def persons_page(
    caller: Viewing, request: Request, query: Annotated[ListQuery, Depends()]
) -> Response:
    found = query.run(request, caller)
    twin = f"/api/persons?{request.url.query}"
    current = {k: v for k, v in asdict(query).items() if v not in (None, "")}

    def link(**changes: object) -> str:
        """This list with some parameters changed (None drops one); a new filter goes back
        to the first page."""
        merged = (
            {**current, "page": 1, **changes} if "page" not in changes else {**current, **changes}
        )
        return "/persons?" + urlencode({k: v for k, v in merged.items() if v is not None})

    context = {
        "title": "Persons",
        "found": found,
        "query": query,
        "link": link,
        "json_twin": twin,
        "csv_twin": twin.replace("/api/persons?", "/api/persons.csv?", 1),
    }
    return page(request, "persons.html", context, caller=caller)


@router.get("/persons/{person_id}")
def person_page(
    person_id: Annotated[str, Path(max_length=20)], caller: Viewing, request: Request
) -> Response:
    person = view_person(request.app.state.store, caller.user, person_id)
    data = person.as_dict()
    context = {
        "title": f"Person {person_id}",
        "person": person,
        "timeline_spec": charts.timeline(data["timeline"]),
        "json_twin": f"/api/persons/{person_id}",
    }
    return page(request, "person.html", context, caller=caller)


@router.get("/persons/{person_id}/explanation/{record_a}/{record_b}")
def link_explanation_fragment(
    person_id: Annotated[str, Path(max_length=20)],
    record_a: Annotated[int, Path(ge=1)],
    record_b: Annotated[int, Path(ge=1)],
    caller: Viewing,
    request: Request,
) -> Response:
    """The model's explanation of a pair of the person's records, loaded on request."""
    try:
        found: dict[str, object] | None = explain_link(
            request.app.state.store, caller.user, person_id, record_a, record_b
        )
        missing = None
    except NotFound as exc:
        found, missing = None, str(exc)
    context = {"explanation": found, "missing": missing}
    return page(request, "_explanation.html", context, caller=caller)
