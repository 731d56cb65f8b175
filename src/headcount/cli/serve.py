"""`headcount serve`: the workbench (REST API under /api, OpenAPI at /openapi.json, pages)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from headcount.cli.app import app
from headcount.cli.common import console, fail, open_store


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="the address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="the port to listen on", min=1, max=65535)] = 8000,
    secure_cookies: Annotated[
        bool | None,
        typer.Option(
            "--secure-cookies/--no-secure-cookies",
            help="mark session cookies Secure (HTTPS only); default: on, except on a "
            "loopback address such as 127.0.0.1 (HEADCOUNT_SECURE_COOKIES overrides)",
        ),
    ] = None,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            help="a reverse proxy (address or network) whose X-Forwarded-For names the "
            "client (repeatable; HEADCOUNT_TRUSTED_PROXIES, comma-separated); default: none, "
            "and the header is ignored"
        ),
    ] = None,
) -> None:
    """Serve the workbench: the REST API under /api (OpenAPI at /openapi.json) and the pages."""
    from headcount.web.ports import PortTaken, check_port

    try:  # first, before the web stack takes seconds to import
        check_port(host, port)
    except PortTaken as exc:
        fail(str(exc))
    try:
        from headcount.api.settings import settings_for
        from headcount.web.server import serve as run
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        fail(f"the workbench needs its extra: pip install 'headcount[web]' ({exc.name} missing)")
    from headcount.storage.engine import StoreError
    from headcount.storage.migrate import require_current
    from headcount.storage.roles import audit_guard

    store = open_store()
    try:
        require_current(store)
        settings, note = settings_for(host, secure_cookies, tuple(trusted_proxy or ()) or None)
        guard = audit_guard(store)
    except (StoreError, ValueError) as exc:
        fail(str(exc))
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    log = logging.getLogger("headcount.workbench")
    for warning in (note, guard):
        if warning:
            log.warning(warning)
    console.print(f"The workbench is at http://{host}:{port}/ (store: {store.url}).")
    run(store, settings, host, port)
