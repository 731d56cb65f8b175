"""The review queue page: one pair at a time, side by side, judged with buttons or keys."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from headcount.api.auth import Reviewing
from headcount.views import NotFound
from headcount.views.review import explain, judge, review_queue
from headcount.web.render import is_htmx, page

router = APIRouter(include_in_schema=False)
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


def _pair_page(
    request: Request, caller: Reviewing, offset: int, judged: object = None, full: bool = True
) -> Response:
    queue = review_queue(request.app.state.store, caller.user, limit=1, offset=offset)
    context = {
        "title": "Review",
        "queue": queue,
        "pair": queue.pairs[0] if queue.pairs else None,
        "offset": offset,
        "judged": judged,
        "json_twin": f"/api/review?offset={offset}",
        "csv_twin": f"/api/review.csv?offset={offset}",
    }
    return page(request, "review.html" if full else "_pair.html", context, caller=caller)


@router.get("/review")
def review_page(caller: Reviewing, request: Request, offset: Offset = 0) -> Response:
    return _pair_page(request, caller, offset)


@router.post("/review/judge")
def judge_page(
    caller: Reviewing,
    request: Request,
    record_a: Annotated[int, Form(ge=1)],
    record_b: Annotated[int, Form(ge=1)],
    decision: Annotated[Literal["same", "different", "unsure"], Form()],
    note: Annotated[str, Form(max_length=2000)] = "",
    offset: Annotated[int, Form(ge=0)] = 0,
) -> Response:
    """Judge, then show the next undecided pair (the judged one has left the queue)."""
    made = judge(request.app.state.store, caller.user, record_a, record_b, decision, note)
    if is_htmx(request):
        return _pair_page(request, caller, offset, judged=made, full=False)
    return RedirectResponse(f"/review?offset={offset}&judged={made.judgement.id}", status_code=303)


@router.get("/review/explanation/{record_a}/{record_b}")
def explanation_fragment(
    record_a: Annotated[int, Path(ge=1)],
    record_b: Annotated[int, Path(ge=1)],
    caller: Reviewing,
    request: Request,
) -> Response:
    """The model's explanation of a pair, loaded into the review page after it shows."""
    try:
        found: dict[str, object] | None = explain(
            request.app.state.store, caller.user, record_a, record_b
        )
        missing = None
    except NotFound as exc:
        found, missing = None, str(exc)
    context = {"explanation": found, "missing": missing}
    return page(request, "_explanation.html", context, caller=caller)
