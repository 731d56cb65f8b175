"""`/api/persons` (the list, searched and faceted; `/api/persons.csv` its CSV twin),
`/api/persons/{person_id}`: one person, as the records you may see say they are, with their
status history; `POST …/status-judgements`: a reviewer's judgement of their status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from headcount.api.auth import Caller, Reviewing, Viewing
from headcount.api.csv_twin import csv_response
from headcount.views.history import judge_person_status, person_history
from headcount.views.person import explain_link
from headcount.views.persons import PAGE_SIZE, SORTS, PersonList, list_persons

router = APIRouter(prefix="/api", tags=["persons"])
CSV_COLUMNS = ("person_id", "name", "names", "records", "sources", "countries", "scripts")


@dataclass(frozen=True)
class ListQuery:
    """What a persons list takes: the search, the facets, the order and the page."""

    q: Annotated[str, Query(max_length=300, description="part of any name, any script")] = ""
    country: Annotated[str | None, Query(max_length=3, description="a citizenship")] = None
    source: Annotated[str | None, Query(max_length=200)] = None
    script: Annotated[str | None, Query(max_length=20, description="Latin, Arabic…")] = None
    sort: Annotated[str, Query(description=", ".join(SORTS))] = "person_id"
    page: Annotated[int, Query(ge=1, le=100_000)] = 1
    size: Annotated[int, Query(ge=1, le=1000)] = PAGE_SIZE

    def run(self, request: Request, caller: Caller) -> PersonList:
        if self.sort not in SORTS:
            raise HTTPException(422, f"sort must be one of {', '.join(SORTS)}")
        return list_persons(
            request.app.state.store,
            caller.user,
            q=self.q,
            country=self.country,
            source=self.source,
            script=self.script,
            sort=self.sort,
            page=self.page,
            size=self.size,
        )


@router.get("/persons")
def persons(
    caller: Viewing, request: Request, query: Annotated[ListQuery, Depends()]
) -> dict[str, Any]:
    """The persons of the latest run you may see, a page at a time: `q` searches every name
    in every script; `country`, `source` and `script` narrow; `facets` count what the search
    finds. Audited."""
    return query.run(request, caller).as_dict()


@router.get("/persons.csv", response_class=Response)
def persons_csv(
    caller: Viewing, request: Request, query: Annotated[ListQuery, Depends()]
) -> Response:
    """The same page as CSV (lists joined with "; ")."""
    found = query.run(request, caller)
    return csv_response((p.flat() for p in found.persons), "persons.csv", CSV_COLUMNS)


PersonId = Annotated[str, Path(max_length=20)]
JudgedStatus = Literal[
    "en_route",
    "in_theatre",
    "killed_confirmed",
    "killed_reported",
    "detained",
    "returned",
    "relocated",
    "contested",
    "unknown",
]
"""`model.vocabulary.Status` (a test checks that they agree)."""


@router.get("/persons/{person_id}")
def person(
    person_id: PersonId,
    caller: Viewing,
    request: Request,
    until: Annotated[
        date | None, Query(description="the status history up to this date (default: latest)")
    ] = None,
    known_on: Annotated[
        date | None, Query(description="the history as it was known on this date")
    ] = None,
) -> dict[str, Any]:
    """Every name in every script, every statement and event with its source and grades,
    contradictions, the linked records and why, the judgements made; the status history
    (each spell with its start, end and the events and sources behind it) and the status
    judgements in force. The view is audited."""
    store = request.app.state.store
    return person_history(store, caller.user, person_id, until=until, known_on=known_on).as_dict()


class StatusJudgementIn(BaseModel):
    status: JudgedStatus
    as_of: date = Field(description="the status holds from this date")
    note: str = Field(min_length=1, max_length=2000, description="why: the evidence weighed")


@router.post("/persons/{person_id}/status-judgements", status_code=201)
def judge_status(
    person_id: PersonId, judged: StatusJudgementIn, caller: Reviewing, request: Request
) -> dict[str, Any]:
    """Judge a person's status from a date (a contested death, say): appended, never
    overwritten, audited; from its date the counts take this status for the person."""
    made = judge_person_status(
        request.app.state.store, caller.user, person_id, judged.status, judged.as_of, judged.note
    )
    return {"id": made, "person_id": person_id, **judged.model_dump(mode="json")}


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
