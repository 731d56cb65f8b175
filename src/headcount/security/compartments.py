"""Source compartments: what a user may see of the store.

A source is `open` or `restricted`. A user without restricted access sees nothing that
comes from a restricted source — not the source, nor any of its records, statements or
events — anywhere: pages, API, counts, search, the review queue. A person whose every
record is restricted does not exist for them; a person with some open records is the
person those records make.

`compartments_for` is the one decision every read path applies: `storage.visibility` turns
it into SQL conditions, and `accounting.visible.visible_evidence` keeps accounting's
in-memory evidence of the visible sources. Command-line use sees every compartment
(whoever runs it holds the store itself).
"""

from __future__ import annotations

from headcount.model.vocabulary import (
    EVERY as EVERY,
    OPEN_ONLY as OPEN_ONLY,
    Compartments as Compartments,
)
from headcount.security.accounts import User


def compartments_for(user: User | None) -> Compartments:
    """The compartments a user may see; `None` (the command line) sees all."""
    if user is None or user.restricted_access:
        return EVERY
    return OPEN_ONLY


OPEN_COVERAGE = (
    "Open sources only: restricted sources are left out of every person, count and estimate "
    "you see here, as if they did not exist (your account has no restricted access)."
)


def coverage(compartments: Compartments) -> str | None:
    """What a user's figures leave out, said beside them; None when they see everything."""
    return None if compartments >= EVERY else OPEN_COVERAGE
