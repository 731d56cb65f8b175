"""`/api/persons/{person_id}`: one person, as the records you may see say they are."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from headcount.api.auth import Viewing
from headcount.views.person import explain_link, view_person

router = APIRouter(prefix="/api", tags=["persons"])


@router.get("/persons/{person_id}")
def person(
    person_id: Annotated[str, Path(max_length=20)],
    caller: Viewing,
    request: Request,
) -> dict[str, Any]:
    """Every name in every script, every statement and event with its source and grades,
    contradictions, the linked records and why, the judgements made. The view is audited."""
    return view_person(request.app.state.store, caller.user, person_id).as_dict()


RecordId = Annotated[int, Path(ge=1, le=2**62, description="a record's store id")]


@router.get("/persons/{person_id}/pairs/{record_a}/{record_b}/explanation")
def link_explanation(
    person_id: Annotated[str, Path(max_length=20)],
    record_a: RecordId,
    record_b: RecordId,
    caller: Viewing,
    request: Request,
) -> dict[str, Any]:
    """Why the model links (or does not link) two of this person's records: the prior, each
    comparison's level and match weight, the total (404 when the run has no trained model)."""
    return explain_link(request.app.state.store, caller.user, person_id, record_a, record_b)
