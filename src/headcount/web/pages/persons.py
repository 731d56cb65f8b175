"""The person page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from headcount.api.auth import Viewing
from headcount.charts import specs
from headcount.views import NotFound
from headcount.views.person import explain_link, view_person
from headcount.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/persons/{person_id}")
def person_page(
    person_id: Annotated[str, Path(max_length=20)], caller: Viewing, request: Request
) -> Response:
    person = view_person(request.app.state.store, caller.user, person_id)
    data = person.as_dict()
    context = {
        "title": f"Person {person_id}",
        "person": person,
        "timeline_spec": specs.timeline(data["timeline"]),
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
