"""Accounts: argon2id hashes, no default account, every change audited, disabled is out."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from headcount.security import (
    AccountError,
    Action,
    Role,
    WeakPassword,
    add_user,
    allowed,
    authenticate,
    disable_user,
    list_users,
    parse_role,
    set_password,
    set_role,
)
from headcount.security.passwords import hash_password, verify_password
from headcount.storage import Store
from headcount.storage.tables import audit_log, users

PASSWORD = "correct horse battery staple"


def test_roles_are_ordered_and_each_can_do_what_those_below_can() -> None:
    assert [r.value for r in Role] == ["viewer", "analyst", "reviewer", "admin"]
    table = {role: {a for a in Action if allowed(role, a)} for role in Role}
    assert table[Role.viewer] == {Action.view}
    assert table[Role.analyst] == {Action.view, Action.ingest, Action.export, Action.watch}
    assert table[Role.reviewer] == table[Role.analyst] | {Action.review}
    assert table[Role.admin] == set(Action)
    with pytest.raises(ValueError, match="viewer, analyst, reviewer, admin"):
        parse_role("superuser")


def test_passwords_are_hashed_with_argon2id_and_weak_ones_refused() -> None:
    stored = hash_password(PASSWORD)
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, PASSWORD + "!")
    assert not verify_password(None, PASSWORD)
    assert not verify_password("not a hash", PASSWORD)


def test_an_empty_store_has_no_account_at_all(db: Store) -> None:
    assert list_users(db) == []
    assert authenticate(db, "admin", "admin") is None


def test_adding_an_account_stores_a_hash_and_audits_it(db: Store) -> None:
    user = add_user(db, "amina", "reviewer", PASSWORD, restricted_access=True, by="root")
    assert (user.name, user.role, user.restricted_access) == ("amina", Role.reviewer, True)
    with db.reading() as c:
        stored = c.execute(select(users.c.password_hash)).scalar_one()
        entry = c.execute(select(audit_log)).one()
    assert PASSWORD not in stored and stored.startswith("$argon2id$")
    assert (entry.user_name, entry.action, entry.object_id) == ("root", "add_user", "amina")
    with pytest.raises(AccountError, match="already an account"):
        add_user(db, "amina", "viewer", PASSWORD, by="root")


@pytest.mark.parametrize(
    ("name", "password", "error"),
    [
        ("bad name", PASSWORD, AccountError),
        ("", PASSWORD, AccountError),
        ("ok", "short", WeakPassword),
        ("ok", " " * 20, WeakPassword),
        ("longaccountname", "LongAccountName", WeakPassword),
    ],
)
def test_bad_names_and_weak_passwords_are_refused(
    sqlite_store: Store, name: str, password: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        add_user(sqlite_store, name, "viewer", password, by="root")
    assert list_users(sqlite_store) == []


def test_authenticate_checks_the_password_and_refuses_disabled_accounts(db: Store) -> None:
    add_user(db, "omar", "viewer", PASSWORD, by="root")
    assert authenticate(db, "omar", PASSWORD) is not None
    assert authenticate(db, "omar", "wrong password here") is None
    assert authenticate(db, "nobody", PASSWORD) is None
    assert authenticate(db, "bad name!", PASSWORD) is None
    set_password(db, "omar", "another long passphrase", by="root")
    assert authenticate(db, "omar", PASSWORD) is None
    assert authenticate(db, "omar", "another long passphrase") is not None
    changed = set_role(db, "omar", "analyst", restricted_access=True, by="root")
    assert (changed.role, changed.restricted_access) == (Role.analyst, True)
    disable_user(db, "omar", by="root")
    assert authenticate(db, "omar", "another long passphrase") is None
    with db.reading() as c:
        actions = list(c.execute(select(audit_log.c.action).order_by(audit_log.c.id)).scalars())
    assert actions == ["add_user", "set_password", "set_role", "disable_user"]
