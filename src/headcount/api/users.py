"""`/api/users`: the accounts (admins only; made and changed with `headcount users`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from headcount.api.auth import Managing
from headcount.security import list_users

router = APIRouter(prefix="/api", tags=["accounts"])


@router.get("/users")
def users(caller: Managing, request: Request) -> list[dict[str, Any]]:
    """Every account: name, role, restricted access, created, disabled (never a hash)."""
    return [u.as_dict() for u in list_users(request.app.state.store)]
