"""`/api/linkage`: the latest linkage run's model, match weights and, where pairs have been
judged, precision and recall against the judgements at each threshold."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from headcount.api.auth import Viewing
from headcount.views.linkage import inspect_linkage

router = APIRouter(prefix="/api", tags=["linkage"])


@router.get("/linkage")
def linkage(caller: Viewing, request: Request) -> dict[str, Any]:
    """Each comparison level's m, u and match weight; the histogram of the scored pairs'
    match weights; precision and recall against the judged pairs (empty without any judged
    `same`). Only pairs between records you may see are counted."""
    return inspect_linkage(request.app.state.store, caller.user).as_dict()
