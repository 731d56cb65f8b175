"""The login and logout pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from headcount.api.auth import (
    Viewing,
    address_of,
    caller_of,
    clear_session_cookie,
    set_session_cookie,
)
from headcount.security import LoginRefused, TooManyAttempts, end_session, log_in
from headcount.security.csrf import check_login_token, login_token, new_nonce
from headcount.web.render import page

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Where to go after login: a path on this site, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _form(request: Request, target: str, error: str | None = None, status: int = 200) -> Response:
    settings = request.app.state.settings
    nonce = new_nonce()
    context = {"token": login_token(settings.secret, nonce), "next": target, "error": error}
    response = page(request, "login.html", context, status_code=status)
    response.set_cookie(
        settings.login_cookie,
        nonce,
        max_age=3600,
        path="/",
        secure=settings.secure_cookies,
        httponly=True,
        samesite="strict",
    )
    return response


@router.get("/login")
async def login_page(request: Request, next: str | None = None) -> Response:
    """The login form (or straight on, for someone already logged in)."""
    if await caller_of(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _form(request, safe_next(next))


@router.post("/login")
async def login(
    request: Request,
    name: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1024)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the form's token, then the password; open a session and go on."""
    app = request.app.state
    target = safe_next(next)
    nonce = request.cookies.get(app.settings.login_cookie)
    if not check_login_token(app.settings.secret, nonce, csrf_token):
        return _form(request, target, "The form had expired: please log in again.", 403)
    try:
        token, _ = await run_in_threadpool(
            log_in,
            app.store,
            app.throttle,
            name,
            password,
            address_of(request),
            hours=app.settings.session_hours,
        )
    except TooManyAttempts as exc:
        return _form(request, target, str(exc).capitalize() + ".", 429)
    except LoginRefused:
        return _form(request, target, "Wrong name or password.", 401)
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, app.settings, token)
    response.delete_cookie(app.settings.login_cookie, path="/", secure=app.settings.secure_cookies)
    return response


@router.post("/logout")
def logout(caller: Viewing, request: Request) -> Response:
    """End the session and go back to the login page."""
    end_session(request.app.state.store, caller.token)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response, request.app.state.settings)
    return response
