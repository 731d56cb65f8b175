"""Roles and what each may do: viewer < analyst < reviewer < admin, each role able to do
everything the roles below it can.

Every route of the API and of the pages names one `Action`; `allowed` is the only place
that decides whether a role may take it, so the rules are read (and tested) here alone.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A user's role, lowest first."""

    viewer = "viewer"
    analyst = "analyst"
    reviewer = "reviewer"
    admin = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)


class Action(StrEnum):
    """What a request does, as far as permissions go."""

    view = "view"
    """Read counts, sources, persons, estimates, alerts; screen a name."""
    ingest = "ingest"
    """Upload a file to ingest."""
    export = "export"
    """Export what the store holds."""
    watch = "watch"
    """Start or stop watching a person or a country."""
    review = "review"
    """Open the review queue and judge pairs of records."""
    audit = "audit"
    """Read the audit log."""
    manage_users = "manage_users"
    """See and manage accounts."""


LOWEST_ROLE: dict[Action, Role] = {
    Action.view: Role.viewer,
    Action.ingest: Role.analyst,
    Action.export: Role.analyst,
    Action.watch: Role.analyst,
    Action.review: Role.reviewer,
    Action.audit: Role.admin,
    Action.manage_users: Role.admin,
}
"""The lowest role that may take each action."""


def allowed(role: Role, action: Action) -> bool:
    """Whether `role` may take `action`."""
    return role.rank >= LOWEST_ROLE[action].rank


def parse_role(text: str) -> Role:
    """A role from its name, with the choices in the error."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValueError(f"{text!r} is not a role: use one of {choices}") from None
