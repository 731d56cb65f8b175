"""`/api/screening`: is this name already known?"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from headcount.api.auth import Viewing
from headcount.views.screening import LIMIT, screen

router = APIRouter(prefix="/api", tags=["screening"])


@router.get("/screening")
def screening(
    caller: Viewing,
    request: Request,
    name: Annotated[
        str, Query(min_length=1, max_length=300, pattern=r"\S", description="any script")
    ],
    birth_date: Annotated[str | None, Query(max_length=40)] = None,
    citizenship: Annotated[str | None, Query(max_length=80)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = LIMIT,
) -> dict[str, Any]:
    """The persons you may see that the name may be, best first, each with its evidence;
    `match` where the score passes the screening threshold. Every search is audited."""
    found = screen(request.app.state.store, caller.user, name, birth_date, citizenship, limit=limit)
    return found.as_dict()
