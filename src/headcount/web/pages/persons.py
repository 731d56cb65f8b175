"""The persons list and the person page."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from headcount.api.auth import Reviewing, Viewing
from headcount.api.persons import JudgedStatus, ListQuery
from headcount.charts import specs
from headcount.security.roles import Action
from headcount.views import NotFound
from headcount.views.history import judge_person_status, person_history
from headcount.views.person import explain_link
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
    history = person_history(request.app.state.store, caller.user, person_id)
    person = history.person
    data = history.as_dict()
    context = {
        "title": f"Person {person_id}",
        "person": person,
        "history": data["status_history"],
        "origin": data["origin"],
        "may_judge": caller.user.can(Action.review),
        "statuses": get_args(JudgedStatus),
        "timeline_spec": specs.timeline(data["timeline"]),
        "json_twin": f"/api/persons/{person_id}",
    }
    return page(request, "person.html", context, caller=caller)


@router.post("/persons/{person_id}/status-judgements")
def judge_status_page(
    person_id: Annotated[str, Path(max_length=20)],
    caller: Reviewing,
    request: Request,
    status: Annotated[JudgedStatus, Form()],
    as_of: Annotated[date, Form()],
    note: Annotated[str, Form(min_length=1, max_length=2000)],
) -> Response:
    """Record the judgement, then show the person again, the judgement in their history."""
    judge_person_status(request.app.state.store, caller.user, person_id, status, as_of, note)
    return RedirectResponse(f"/persons/{person_id}#status-history", status_code=303)


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
