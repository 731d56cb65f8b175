"""Cross-site request forgery: every form and every state-changing API call carries a token
an attacker's page cannot know.

Within a session the token is the session's own (`Session.csrf_token`), sent back in a
hidden form field or the `X-CSRF-Token` header. Before login there is no session, so the
login form uses a signed double submit: a random nonce in a cookie, and in the form an
HMAC of that nonce under the server's secret; a page on another site can neither read the
cookie nor compute the HMAC.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

FIELD = "csrf_token"
"""The form field that carries the token."""
HEADER = "X-CSRF-Token"
"""The header that carries the token on API calls and htmx requests."""


def same_token(expected: str | None, given: str | None) -> bool:
    """Whether a request's token is the expected one (in constant time)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def new_nonce() -> str:
    """A random nonce for the login form's cookie."""
    return secrets.token_urlsafe(24)


def login_token(secret: bytes, nonce: str) -> str:
    """The login form's token for a nonce: an HMAC only this server can compute."""
    return hmac.new(secret, nonce.encode("utf-8"), hashlib.sha256).hexdigest()


def check_login_token(secret: bytes, nonce: str | None, given: str | None) -> bool:
    """Whether a login form's token matches its cookie's nonce."""
    if not nonce or not given:
        return False
    return same_token(login_token(secret, nonce), given)
