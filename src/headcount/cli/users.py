"""`headcount users`: accounts of the workbench (add, list, password, role, disable).

Passwords are always typed at a prompt (twice, not echoed), never given on the command
line where the shell history and the process list would keep them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from headcount.cli.app import app
from headcount.cli.common import console, current_user, fail, open_store, print_json
from headcount.security.roles import Role

if TYPE_CHECKING:
    from headcount.storage import Store

users_app = typer.Typer(help="Accounts of the workbench: add, list, password, role, disable.")
app.add_typer(users_app, name="users")

RoleOption = Annotated[Role, typer.Option("--role", help="viewer, analyst, reviewer or admin")]
Access = Annotated[
    bool,
    typer.Option(
        "--restricted-access/--no-restricted-access",
        help="whether the account sees sources in the restricted compartment",
    ),
]


def _ask_password(name: str) -> str:
    return str(
        typer.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True, err=True)
    )


def _store() -> Store:
    from headcount.storage.engine import StoreError
    from headcount.storage.migrate import require_current

    store = open_store()
    try:
        require_current(store)
    except StoreError as exc:
        fail(str(exc))
    return store


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="the account's name")],
    role: RoleOption,
    restricted_access: Access = False,
) -> None:
    """Add an account; prompts for its password (at least 12 characters)."""
    from headcount.security import AccountError, WeakPassword, add_user

    store = _store()
    password = _ask_password(name)
    try:
        user = add_user(
            store, name, role, password, restricted_access=restricted_access, by=current_user()
        )
    except (AccountError, WeakPassword, ValueError) as exc:
        fail(str(exc))
    access = "with" if user.restricted_access else "without"
    console.print(f"Added {user.name} ({user.role.value}, {access} restricted access).")


@users_app.command("list")
def users_list(
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Every account: name, role, restricted access, created, disabled."""
    from headcount.security import list_users

    found = list_users(_store())
    if format == "json":
        print_json([u.as_dict() for u in found])
        return
    table = Table(title="accounts")
    for column in ("name", "role", "restricted access", "created", "disabled"):
        table.add_column(column)
    for u in found:
        table.add_row(
            u.name,
            u.role.value,
            "yes" if u.restricted_access else "no",
            f"{u.created_at:%Y-%m-%d}" if u.created_at else "",
            f"{u.disabled_at:%Y-%m-%d %H:%M}" if u.disabled_at else "",
        )
    console.print(table)


@users_app.command("password")
def users_password(name: Annotated[str, typer.Argument(help="the account's name")]) -> None:
    """Give an account a new password (prompted)."""
    from headcount.security import AccountError, WeakPassword, set_password

    store = _store()
    password = _ask_password(name)
    try:
        set_password(store, name, password, by=current_user())
    except (AccountError, WeakPassword) as exc:
        fail(str(exc))
    console.print(f"Changed the password of {name}.")


@users_app.command("role")
def users_role(
    name: Annotated[str, typer.Argument(help="the account's name")],
    role: RoleOption,
    restricted_access: Annotated[
        bool | None,
        typer.Option(
            "--restricted-access/--no-restricted-access",
            help="change access to the restricted compartment too",
        ),
    ] = None,
) -> None:
    """Change an account's role (and access to restricted sources)."""
    from headcount.security import AccountError, set_role

    try:
        user = set_role(
            _store(), name, role, restricted_access=restricted_access, by=current_user()
        )
    except AccountError as exc:
        fail(str(exc))
    access = "with" if user.restricted_access else "without"
    console.print(f"{user.name} is now {user.role.value}, {access} restricted access.")


@users_app.command("disable")
def users_disable(name: Annotated[str, typer.Argument(help="the account's name")]) -> None:
    """Disable an account: it can no longer log in and its sessions end at once."""
    from headcount.security import AccountError, disable_user

    try:
        disable_user(_store(), name, by=current_user())
    except AccountError as exc:
        fail(str(exc))
    console.print(f"Disabled {name}.")
