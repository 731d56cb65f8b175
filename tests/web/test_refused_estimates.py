"""An estimate the data cannot support is a refusal with its reasons (422), never a 500."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import anyio
import httpx
from fastapi import FastAPI

from headcount.estimation.errors import EstimationRefused, Reason
from headcount.web import errors

REASONS = [
    Reason("no_overlap", "no person is recorded by two lists"),
    Reason("too_few_lists", "fewer than three lists recorded anyone"),
]


def _app() -> FastAPI:
    app = FastAPI()
    errors.install(app)

    @app.get("/api/estimates")
    def api() -> None:
        raise EstimationRefused(REASONS)

    @app.get("/estimates")
    def page() -> None:
        raise EstimationRefused(REASONS)

    return app


async def _get(*paths: str) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return [await client.get(p) for p in paths]


def test_a_refused_estimate_answers_422_with_every_reason() -> None:
    # on a thread of its own: a browser test before it may have left this one's event loop running
    with ThreadPoolExecutor(1) as pool:
        api, shown = pool.submit(anyio.run, _get, "/api/estimates", "/estimates").result()
    assert api.status_code == 422
    assert api.json()["detail"].splitlines() == [f"no estimate: {r.message}" for r in REASONS]
    assert shown.status_code == 422 and "text/html" in shown.headers["content-type"]
    assert all(r.message in shown.text for r in REASONS)
