"""What a view raises when it cannot show what was asked."""

from __future__ import annotations


class NotFound(LookupError):
    """No such thing for this user: it does not exist, or it is in a compartment the user
    cannot see (the two are never told apart, so a refusal reveals nothing)."""
