"""The workbench: one FastAPI application serving the REST API under `/api` (its OpenAPI
document at `/openapi.json`) and the pages, over one store.

Nothing is fetched from elsewhere: the pages' scripts, charts and map geometry are served
from the package (`/static`), and the Content-Security-Policy forbids any other origin.
Responses that carry data are never cached (`Cache-Control: no-store`).
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from headcount.api.routes import ROUTERS as API_ROUTERS
from headcount.api.settings import Settings
from headcount.security import LoginThrottle
from headcount.storage import Store
from headcount.views.cache import serving, warming
from headcount.views.warm import warm_up
from headcount.web import errors
from headcount.web.pages import ROUTERS as PAGE_ROUTERS

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds the security headers to every response, and `no-store` to all but static files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + HEADERS
                if static:
                    headers.append((b"cache-control", b"public, max-age=86400"))
                else:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, sending)


class InFlight:
    """Counts the requests in flight (`views.cache.serving`), for the background work to
    wait for them: it runs in this process and shares the interpreter lock with them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        with serving():
            await self.app(scope, receive, send)


def _warming(store: Store) -> Any:
    """A lifespan that warms the views' cache in the background once the server is up."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        warming.set()  # before the first request can arrive
        threading.Thread(target=warm_up, args=(store,), name="warm-up", daemon=True).start()
        yield

    return lifespan


def create_app(store: Store, settings: Settings | None = None, *, warm: bool = False) -> FastAPI:
    """The application over `store` (migrated), with `settings` (defaults: Secure cookies);
    with `warm`, today's dashboard and the screening index are computed at start-up."""
    settings = settings or Settings()
    app = FastAPI(
        lifespan=_warming(store) if warm else None,
        title="headcount workbench",
        summary="Name, count and track a hidden population: the analyst's REST API.",
        version="1",
        docs_url=None,  # the interactive docs load scripts from a CDN: not here
        redoc_url=None,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.throttle = LoginThrottle(
        settings.login_failures_per_name,
        settings.login_failures_per_address,
        settings.login_window_seconds,
    )
    errors.install(app)
    for router in (*API_ROUTERS, *PAGE_ROUTERS):
        app.include_router(router)
    static = resources.files("headcount.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(InFlight)
    return app
