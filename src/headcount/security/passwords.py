"""Password hashing with argon2id (RFC 9106), and what a password must be.

Hashes are PHC strings (`$argon2id$v=19$m=…`), so the parameters travel with each hash and
`needs_rehash` tells when a stored hash is weaker than today's parameters.

One hash is computed at a time: each takes every core for a moment (four lanes, 64 MiB), so
twenty analysts logging in at once would otherwise hold every page back by a second or
more; in turn, the logins of a burst wait for each other.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

MIN_LENGTH = 12
MAX_LENGTH = 1024
_one_at_a_time = threading.Lock()


@cache
def _hasher() -> Any:
    """argon2-cffi's hasher, argon2id with its default (RFC 9106 low-memory) parameters;
    imported when first needed, as it comes with the `web` extra."""
    try:
        from argon2 import PasswordHasher, Type
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("accounts need argon2-cffi: pip install 'headcount[web]'") from exc
    return PasswordHasher(type=Type.ID)


@cache
def _dummy() -> str:
    return str(_hasher().hash("a password no account has, to spend the same time"))


class WeakPassword(ValueError):
    """A password headcount refuses to store."""


def check_password(password: str, name: str) -> None:
    """Refuse a password too short, too long, blank, or the account's own name."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"a password has at most {MAX_LENGTH} characters")
    if not password.strip():
        raise WeakPassword("a password cannot be only spaces")
    if password.casefold() == name.casefold():
        raise WeakPassword("a password cannot be the account's name")


def hash_password(password: str) -> str:
    """The argon2id hash of a password, with a fresh salt."""
    with _one_at_a_time:
        return str(_hasher().hash(password))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether `password` matches `stored_hash`. With no hash (no such account), the same
    work is done against a dummy hash, so timing does not tell which names exist."""
    from argon2.exceptions import InvalidHashError, VerificationError

    against = stored_hash or _dummy()
    try:
        with _one_at_a_time:
            return bool(_hasher().verify(against, password)) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether a hash was made with weaker parameters than today's."""
    return bool(_hasher().check_needs_rehash(stored_hash))
