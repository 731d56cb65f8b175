"""Who is calling, and may they: the one dependency every protected route declares.

`need(action)` authenticates the request (a session token from the session cookie, or an
`Authorization: Bearer` header for scripts), checks the CSRF token on every state-changing
request that came with the cookie (browsers attach cookies by themselves; they never
attach a bearer token), and checks the role. The aliases `Viewing`, `Ingesting`,
`Exporting`, `Watching`, `Reviewing`, `Auditing` and `Managing` are what routes write; a test walks
every route and fails when one has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from headcount.api.settings import Settings
from headcount.security import Action, Session, User, find_session
from headcount.security.csrf import FIELD, HEADER, same_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class NotAuthenticated(Exception):
    """No live session: log in first."""


class Forbidden(Exception):
    """Logged in, but the role (or a missing CSRF token) does not allow this."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Caller:
    """The user behind a request, their session and how it was presented."""

    session: Session
    via: Literal["cookie", "bearer"]
    token: str

    @property
    def user(self) -> User:
        return self.session.user

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token


def set_session_cookie(response: Response, settings: Settings, token: str) -> None:
    """The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's
    page or link sends it), Secure unless turned off for plain HTTP on loopback; it lasts
    as long as the session."""
    response.set_cookie(
        settings.session_cookie,
        token,
        max_age=int(settings.session_hours * 3600),
        path="/",
        secure=settings.secure_cookies,
        httponly=True,
        samesite="strict",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        settings.session_cookie,
        path="/",
        secure=settings.secure_cookies,
        httponly=True,
        samesite="strict",
    )


def address_of(request: Request) -> str:
    """The caller's address, for login throttling."""
    return request.client.host if request.client else "unknown"


def _token(request: Request) -> tuple[str | None, Literal["cookie", "bearer"]]:
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip(), "bearer"
    return request.cookies.get(request.app.state.settings.session_cookie), "cookie"


async def _csrf_given(request: Request) -> str | None:
    if given := request.headers.get(HEADER):
        return given
    if request.headers.get("content-type", "").startswith(FORM_TYPES):
        value = (await request.form()).get(FIELD)
        return value if isinstance(value, str) else None
    return None


async def _check_csrf(request: Request, caller: Caller) -> None:
    if not same_token(caller.csrf_token, await _csrf_given(request)):
        raise Forbidden("the form is out of date or did not come from this site (CSRF)")


async def caller_of(request: Request) -> Caller | None:
    """The caller of a request, or None without a live session (no checks of role or CSRF)."""
    token, via = _token(request)
    session = await run_in_threadpool(find_session, request.app.state.store, token)
    return Caller(session, via, token) if session is not None and token else None


def need(action: Action) -> Any:
    """A dependency: the caller, authenticated, CSRF-checked and allowed to take `action`."""

    async def dependency(request: Request) -> Caller:
        caller = await caller_of(request)
        if caller is None:
            raise NotAuthenticated()
        request.state.caller = caller  # for the error page's menu, should a check fail
        if caller.via == "cookie" and request.method not in SAFE_METHODS:
            await _check_csrf(request, caller)
        if not caller.user.can(action):
            raise Forbidden(f"your role ({caller.user.role.value}) does not allow this")
        return caller

    dependency.action = action  # type: ignore[attr-defined]
    return Depends(dependency)


Viewing = Annotated[Caller, need(Action.view)]
Ingesting = Annotated[Caller, need(Action.ingest)]
Exporting = Annotated[Caller, need(Action.export)]
Watching = Annotated[Caller, need(Action.watch)]
Reviewing = Annotated[Caller, need(Action.review)]
Auditing = Annotated[Caller, need(Action.audit)]
Managing = Annotated[Caller, need(Action.manage_users)]
