"""Cross-site request forgery: every form and every state-changing API call carries a token
an attacker's page cannot know.

Within a session the token is the session's own (`Session.csrf_token`), sent back in a
hidden form field or the `X-CSRF-Token` header. Before login there is no session, so the
login form uses a signed double submit: a random nonce in a cookie, and in the form that
nonce signed with a timestamp under the server's secret (itsdangerous' `TimestampSigner`,
HMAC-SHA256); a page on another site can neither read the cookie nor compute the
signature, and a form left open longer than `LOGIN_FORM_SECONDS` must be reloaded.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from itsdangerous import BadSignature, TimestampSigner

FIELD = "csrf_token"
"""The form field that carries the token."""
HEADER = "X-CSRF-Token"
"""The header that carries the token on API calls and htmx requests."""
LOGIN_FORM_SECONDS = 3600
"""How long a login form stays valid."""


def same_token(expected: str | None, given: str | None) -> bool:
    """Whether a request's token is the expected one (in constant time)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def new_nonce() -> str:
    """A random nonce for the login form's cookie."""
    return secrets.token_urlsafe(24)


def _signer(secret: bytes) -> TimestampSigner:
    return TimestampSigner(secret, salt="headcount.login-form", digest_method=hashlib.sha256)


def login_token(secret: bytes, nonce: str) -> str:
    """The login form's token for a nonce: the nonce signed, with the time, by this server."""
    return _signer(secret).sign(nonce).decode("ascii")


def check_login_token(secret: bytes, nonce: str | None, given: str | None) -> bool:
    """Whether a login form's token is this server's signature of its cookie's nonce, made
    less than `LOGIN_FORM_SECONDS` ago."""
    if not nonce or not given:
        return False
    try:
        signed = _signer(secret).unsign(given, max_age=LOGIN_FORM_SECONDS)
    except BadSignature:  # also a signature too old (SignatureExpired)
        return False
    return same_token(nonce, signed.decode("utf-8", "replace"))
