"""`/api/review` and `/api/judgements`: the review queue, and judging a pair."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from headcount.api.auth import Caller, Reviewing
from headcount.api.csv_twin import csv_response, flat_row
from headcount.views.review import BAND, PAGE, Queue, explain, judge, review_queue

router = APIRouter(prefix="/api", tags=["review"])


Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Limit = Annotated[int, Query(ge=1, le=200)]
Band = Annotated[float, Query(gt=0, le=0.5)]


@dataclass(frozen=True)
class QueueQuery:
    """What the review queue and its CSV twin take: the band around the threshold, the page."""

    offset: Offset = 0
    limit: Limit = PAGE
    band: Band = BAND

    def run(self, request: Request, caller: Caller) -> Queue:
        return review_queue(
            request.app.state.store,
            caller.user,
            band=self.band,
            limit=self.limit,
            offset=self.offset,
        )


@router.get("/review")
def queue(
    caller: Reviewing, request: Request, query: Annotated[QueueQuery, Depends()]
) -> dict[str, Any]:
    """Undecided candidate pairs within `band` of the threshold, most uncertain first, with
    both records' fields side by side and any past judgements."""
    return query.run(request, caller).as_dict()


@router.get("/review.csv", response_class=Response)
def queue_csv(
    caller: Reviewing, request: Request, query: Annotated[QueueQuery, Depends()]
) -> Response:
    """The same pairs as CSV, one line each: the JSON's `pairs`, flattened (`record_a_…`,
    `record_b_…`; the compared fields and past judgements as JSON text)."""
    pairs = query.run(request, caller).as_dict()["pairs"]
    return csv_response([flat_row(p) for p in pairs], "review.csv")


class Decision(BaseModel):
    record_a: int = Field(ge=1, le=2**62, description="a record's store id")
    record_b: int = Field(ge=1, le=2**62, description="the other record's store id")
    decision: Literal["same", "different", "unsure"]
    note: str | None = Field(default=None, max_length=2000)


@router.post("/judgements", status_code=201)
def judge_pair(decision: Decision, caller: Reviewing, request: Request) -> dict[str, Any]:
    """Judge a pair: appended (never overwritten), audited, in force from the next link.
    The answer lists every judgement the pair has, other reviewers' included."""
    made = judge(
        request.app.state.store,
        caller.user,
        decision.record_a,
        decision.record_b,
        decision.decision,
        decision.note,
    )
    return made.as_dict()


RecordId = Annotated[int, Path(ge=1, le=2**62, description="a record's store id")]


@router.get("/pairs/{record_a}/{record_b}/explanation")
def explanation(
    record_a: RecordId, record_b: RecordId, caller: Reviewing, request: Request
) -> dict[str, Any]:
    """Why the latest run's model scores this pair as it does: the prior, then each
    comparison's level and match weight, the total, and what headcount decided (404 when
    the run has no trained model, e.g. persons from a simulator's truth)."""
    return explain(request.app.state.store, caller.user, record_a, record_b)
