"""Serving the application with uvicorn, as `headcount serve` and `headcount demo` do.

uvicorn believes `X-Forwarded-For` from 127.0.0.1 unless told otherwise; headcount
believes it only from the proxies named in the settings (none by default), so that a
client cannot pick the address login throttling counts and the audit log keeps.
"""

from __future__ import annotations

import uvicorn

from headcount.api.settings import Settings
from headcount.storage.engine import Store
from headcount.web.app import create_app


def server_config(
    store: Store,
    settings: Settings,
    host: str,
    port: int,
    *,
    warm: bool = True,
    log_level: str = "info",
) -> uvicorn.Config:
    """uvicorn's configuration for the workbench over `store` (`warm`: compute today's
    dashboard and the name index at start-up)."""
    proxies = list(settings.trusted_proxies)
    return uvicorn.Config(
        create_app(store, settings, warm=warm),
        host=host,
        port=port,
        log_level=log_level,
        access_log=log_level == "info",
        lifespan="on" if warm else "off",
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or [],
    )


def serve(store: Store, settings: Settings, host: str, port: int) -> None:
    """Serve until interrupted."""
    uvicorn.Server(server_config(store, settings, host, port)).run()
