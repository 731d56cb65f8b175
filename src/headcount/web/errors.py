"""How refusals and failures reach the caller: JSON under `/api`, pages elsewhere.

Not logged in: 401 from the API, a redirect to the login page from a page. A role that
does not allow it: 403. Not there, or not visible to this user: 404 (the two are never
told apart). A bad value in a request: 422 from the API, 400 with the message on a page.
An estimate the data cannot support (the method refuses it, with its reasons): 422.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from headcount.accounting.timeline import NoPersons
from headcount.api.auth import Forbidden, NotAuthenticated
from headcount.estimation.errors import EstimationRefused
from headcount.linkage.judgements import JudgementError
from headcount.model.judgements import StatusJudgementError
from headcount.security import LoginRefused, NotAllowed, TooManyAttempts
from headcount.views import NotFound
from headcount.views.cache import NotReady
from headcount.web.render import page


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _error_page(request: Request, status: int, title: str, message: str) -> Response:
    caller = getattr(request.state, "caller", None)
    context = {"title": title, "message": message, "status": status}
    return page(request, "error.html", context, caller=caller, status_code=status)


def _respond(request: Request, status: int, title: str, message: str) -> Response:
    if is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    return _error_page(request, status, title, message)


async def not_authenticated(request: Request, exc: Exception) -> Response:
    if is_api(request):
        return JSONResponse(
            {"detail": "log in first"}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


async def forbidden(request: Request, exc: Exception) -> Response:
    message = exc.message if isinstance(exc, Forbidden) else str(exc)
    return _respond(request, 403, "Not allowed", message)


async def not_found(request: Request, exc: Exception) -> Response:
    return _respond(request, 404, "Not found", str(exc))


async def invalid(request: Request, exc: Exception) -> Response:
    if is_api(request) and isinstance(exc, RequestValidationError):
        return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
    if isinstance(exc, RequestValidationError):
        message = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
        )
    else:
        message = str(exc)
    return _respond(request, 422 if is_api(request) else 400, "Bad request", message)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if is_api(request):
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )
    return _error_page(request, exc.status_code, "Error", str(exc.detail))


async def no_persons(request: Request, exc: Exception) -> Response:
    return _respond(request, 409, "No persons yet", str(exc))


async def bad_value(request: Request, exc: Exception) -> Response:
    return _respond(request, 422, "Bad request", str(exc))


async def estimation_refused(request: Request, exc: Exception) -> Response:
    """The data cannot support the method asked for: every reason, not a server error."""
    assert isinstance(exc, EstimationRefused)
    return _respond(request, 422, "No estimate", exc.message)


async def not_ready(request: Request, exc: Exception) -> Response:
    response = _respond(request, 202, "Not ready yet", str(exc))
    response.headers["Retry-After"] = str(NotReady.retry_after)
    return response


async def too_many(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TooManyAttempts)
    headers = {"Retry-After": str(exc.retry_after)}
    return JSONResponse({"detail": str(exc)}, status_code=429, headers=headers)


async def refused(request: Request, exc: Exception) -> Response:
    return JSONResponse({"detail": LoginRefused.message}, status_code=401)


def install(app: FastAPI) -> None:
    """Register the handlers on the application."""
    app.add_exception_handler(NotAuthenticated, not_authenticated)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(NotAllowed, forbidden)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(NoPersons, no_persons)
    app.add_exception_handler(NotReady, not_ready)
    app.add_exception_handler(EstimationRefused, estimation_refused)
    app.add_exception_handler(JudgementError, bad_value)
    app.add_exception_handler(StatusJudgementError, bad_value)
    app.add_exception_handler(TooManyAttempts, too_many)
    app.add_exception_handler(LoginRefused, refused)
