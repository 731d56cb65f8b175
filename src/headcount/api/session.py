"""`/api/session`: log in (a token for scripts, and the cookie for browsers), who am I,
log out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from headcount.api.auth import Viewing, address_of, clear_session_cookie, set_session_cookie
from headcount.security import end_session, log_in

router = APIRouter(prefix="/api", tags=["session"])


class Credentials(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1024)


def _session(caller_user: Any, csrf: str, expires: Any) -> dict[str, Any]:
    return {"user": caller_user.as_dict(), "csrf_token": csrf, "expires_at": expires.isoformat()}


@router.post("/session", status_code=201)
async def open_session(
    credentials: Credentials, request: Request, response: Response
) -> dict[str, Any]:
    """Log in. The answer holds a bearer token for scripts (`Authorization: Bearer …`), and
    sets the session cookie for browsers (whose state-changing calls then need the
    `X-CSRF-Token` header with `csrf_token`). Failed logins are throttled (429)."""
    app = request.app.state
    token, session = await run_in_threadpool(
        log_in,
        app.store,
        app.throttle,
        credentials.name,
        credentials.password,
        address_of(request),
        hours=app.settings.session_hours,
    )
    set_session_cookie(response, app.settings, token)
    return {"token": token, **_session(session.user, session.csrf_token, session.expires_at)}


@router.get("/session")
def who_am_i(caller: Viewing) -> dict[str, Any]:
    """The logged-in user, their session's CSRF token and when the session ends."""
    return _session(caller.user, caller.csrf_token, caller.session.expires_at)


@router.delete("/session")
def close_session(caller: Viewing, request: Request, response: Response) -> dict[str, Any]:
    """Log out: the session ends at once, whichever way its token is presented."""
    end_session(request.app.state.store, caller.token)
    clear_session_cookie(response, request.app.state.settings)
    return {"ended": True}
