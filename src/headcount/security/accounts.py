"""Local accounts: a name, a role, an argon2id password hash, and whether the account may
see restricted source compartments.

Invariants: there is no default account and no default password — every account is made by
`add_user` with a password someone chose (or the demo's random one); an account is never
deleted, only disabled (its name stays in the audit log); every change is audited in the
same transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from headcount.security.passwords import (
    check_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from headcount.security.roles import Action, Role, allowed, parse_role
from headcount.storage.accounts import Row, insert_user, update_user, user_row, user_rows
from headcount.storage.audit import record_audit
from headcount.storage.engine import Connection, Store, now

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")


class AccountError(ValueError):
    """An account that cannot be made or changed: a bad name, a taken name, no such account."""


@dataclass(frozen=True)
class User:
    """An account as the rest of headcount sees it (never its password hash)."""

    id: int
    name: str
    role: Role
    restricted_access: bool
    created_at: datetime | None = None
    disabled_at: datetime | None = None

    def can(self, action: Action) -> bool:
        """Whether this user's role allows `action`."""
        return allowed(self.role, action)

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "role": self.role.value,
            "restricted_access": self.restricted_access,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "disabled_at": self.disabled_at.isoformat() if self.disabled_at else None,
        }


def user_from_row(r: Row) -> User:
    """The account a `users` row holds."""
    return User(
        int(r["id"]),
        r["name"],
        Role(r["role"]),
        bool(r["restricted_access"]),
        r["created_at"],
        r["disabled_at"],
    )


def check_name(name: str) -> str:
    """An account name: letters, digits and . _ @ -, at most 100 characters."""
    if not _NAME.match(name):
        raise AccountError(
            f"{name!r} is not an account name: use letters, digits and . _ @ - "
            "(starting with a letter or digit, at most 100 characters)"
        )
    return name


def add_user(
    store: Store,
    name: str,
    role: Role | str,
    password: str,
    *,
    restricted_access: bool = False,
    by: str,
) -> User:
    """Create an account; `by` is who made it (for the audit log)."""
    chosen = role if isinstance(role, Role) else parse_role(role)
    check_name(name)
    check_password(password, name)
    with store.transaction() as connection:
        if user_row(connection, name) is not None:
            raise AccountError(f"there is already an account named {name!r}")
        insert_user(
            connection,
            name=name,
            role=chosen.value,
            password_hash=hash_password(password),
            restricted_access=restricted_access,
            created_at=now(),
        )
        detail = {"role": chosen.value, "restricted_access": restricted_access}
        record_audit(connection, by, "add_user", "user", name, detail)
        return _require(connection, name)


def _require(connection: Connection, name: str) -> User:
    row = user_row(connection, name)
    if row is None:
        raise AccountError(f"there is no account named {name!r}")
    return user_from_row(row)


def get_user(store: Store, name: str) -> User:
    """An account by name (disabled ones included)."""
    with store.reading() as connection:
        return _require(connection, name)


def list_users(store: Store) -> list[User]:
    """Every account, by name."""
    with store.reading() as connection:
        return [user_from_row(r) for r in user_rows(connection)]


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The account `name` if `password` is its password and it is not disabled, else None.

    A hash made with weaker parameters than today's is replaced on success."""
    with store.reading() as connection:
        row = user_row(connection, name) if _NAME.match(name) else None
    stored: str | None = row["password_hash"] if row is not None else None
    if not verify_password(stored, password) or row is None or stored is None:
        return None
    user = user_from_row(row)
    if user.disabled_at is not None:
        return None
    if needs_rehash(stored):
        with store.transaction() as connection:
            update_user(connection, user.id, password_hash=hash_password(password))
    return user


def set_password(store: Store, name: str, password: str, *, by: str) -> None:
    """Give an account a new password."""
    check_password(password, name)
    with store.transaction() as connection:
        user = _require(connection, name)
        update_user(connection, user.id, password_hash=hash_password(password))
        record_audit(connection, by, "set_password", "user", name)


def set_role(
    store: Store, name: str, role: Role | str, *, restricted_access: bool | None = None, by: str
) -> User:
    """Change an account's role (and, when given, its access to restricted compartments)."""
    chosen = role if isinstance(role, Role) else parse_role(role)
    with store.transaction() as connection:
        user = _require(connection, name)
        access = user.restricted_access if restricted_access is None else restricted_access
        update_user(connection, user.id, role=chosen.value, restricted_access=access)
        detail = {"role": chosen.value, "restricted_access": access}
        record_audit(connection, by, "set_role", "user", name, detail)
        return _require(connection, name)


def disable_user(store: Store, name: str, *, by: str) -> User:
    """Disable an account: it can no longer log in, and its sessions stop at once."""
    with store.transaction() as connection:
        user = _require(connection, name)
        if user.disabled_at is None:
            update_user(connection, user.id, disabled_at=now())
            record_audit(connection, by, "disable_user", "user", name)
        return _require(connection, name)


def command_line_user(name: str) -> User:
    """Whoever runs a command: they hold the store itself, so they see every compartment
    and may do what an admin may (the name is what the audit log records)."""
    return User(id=0, name=name, role=Role.admin, restricted_access=True)
