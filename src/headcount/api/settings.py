"""The workbench's settings: cookies, sessions, login throttling, the server's secret.

Session cookies are `Secure` by default: a browser sends them only over HTTPS. On plain
HTTP a browser would drop them, so `headcount serve` on a loopback address (127.0.0.1,
::1, localhost) turns `secure_cookies` off and says so; anywhere else it stays on and
the workbench belongs behind HTTPS.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field

from headcount.security.sessions import SESSION_HOURS

ENV_SECURE = "HEADCOUNT_SECURE_COOKIES"
ENV_SECRET = "HEADCOUNT_SECRET_KEY"
ENV_PROXIES = "HEADCOUNT_TRUSTED_PROXIES"
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def _secret() -> bytes:
    given = os.environ.get(ENV_SECRET)
    return given.encode("utf-8") if given else secrets.token_bytes(32)


@dataclass(frozen=True)
class Settings:
    """How the workbench runs. `secret` signs the login form's CSRF token only (sessions are
    random tokens checked against the store), so a fresh random one per process is fine."""

    secure_cookies: bool = True
    session_hours: float = SESSION_HOURS
    login_failures_per_name: int = 5
    login_failures_per_address: int = 20
    login_window_seconds: float = 300.0
    secret: bytes = field(default_factory=_secret, repr=False)
    trusted_proxies: tuple[str, ...] = ()
    """Addresses of the reverse proxies whose `X-Forwarded-For` names the client. None by
    default: the header is then ignored, whoever sends it (loopback included), so no client
    can choose the address that throttling counts and the audit log keeps."""

    @property
    def session_cookie(self) -> str:
        """The session cookie's name: `__Host-` prefixed when Secure, which browsers only
        accept from HTTPS, for path `/`, with no domain (no subdomain can overwrite it)."""
        return "__Host-headcount_session" if self.secure_cookies else "headcount_session"

    @property
    def login_cookie(self) -> str:
        return "__Host-headcount_login" if self.secure_cookies else "headcount_login"


def is_loopback(host: str) -> bool:
    """Whether `host` is only reachable from this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def secure_from_env(default: bool = True) -> bool:
    """`HEADCOUNT_SECURE_COOKIES` (1/0, true/false) or the default."""
    value = os.environ.get(ENV_SECURE)
    if value is None or not value.strip():
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")


def proxies_from_env() -> tuple[str, ...]:
    """`HEADCOUNT_TRUSTED_PROXIES`: addresses or networks, comma-separated."""
    given = os.environ.get(ENV_PROXIES, "")
    return tuple(p.strip() for p in given.split(",") if p.strip())


def settings_for(
    host: str, secure_cookies: bool | None = None, trusted_proxies: tuple[str, ...] | None = None
) -> tuple[Settings, str | None]:
    """The settings `headcount serve` uses on `host`, and a line to log about cookies.

    Not given (`None`): Secure cookies everywhere but on a loopback address, where plain
    HTTP is the norm and a browser would not send them back. Turning them off on any
    other address is refused: the session would then cross the network in clear."""
    loopback = is_loopback(host)
    chosen = secure_from_env(default=not loopback) if secure_cookies is None else secure_cookies
    if not chosen and not loopback:
        raise ValueError(
            f"session cookies without the Secure flag are only allowed on a loopback address, "
            f"not {host}: serve behind HTTPS and keep them Secure"
        )
    note = None
    if not chosen:
        note = (
            f"Serving plain HTTP on the loopback address {host}: session cookies are sent "
            "without the Secure flag (a browser would not send a Secure cookie back over "
            "http://). Only this machine can reach the workbench."
        )
    proxies = proxies_from_env() if trusted_proxies is None else trusted_proxies
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise ValueError(f"{proxy!r} is not an address or network of a proxy") from None
    return Settings(secure_cookies=chosen, trusted_proxies=proxies), note
