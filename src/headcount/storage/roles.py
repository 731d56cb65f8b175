"""PostgreSQL roles: the store's owner migrates it; the workbench runs as a lesser role.

A trigger alone does not keep the audit log append-only against its owner or a superuser:
they may disable the trigger or TRUNCATE the table. So the server connects as an
application role that owns nothing and may only

- SELECT and INSERT on every table of evidence (sources, records, statements, events,
  judgements, persons, the audit log …), which headcount never changes once written;
- also UPDATE the few rows that do change: an ingest's or a linkage run's end, an account,
  a session.

No DELETE, TRUNCATE, ALTER or trigger change is granted on anything. `grant_app_role` is
idempotent: `headcount init --app-role NAME` runs it after every migration, so tables a
new migration adds are granted too. SQLite has no roles: a file's permissions are its
only guard there, and the audit log's hash chain shows any change (`storage.audit`).
"""

from __future__ import annotations

from sqlalchemy import text

from headcount.storage.engine import Store, StoreError
from headcount.storage.tables import ingests, linkage_runs, metadata, users, web_sessions

UPDATED = frozenset(t.name for t in (ingests, linkage_runs, users, web_sessions))
"""The tables whose rows headcount updates (never deletes)."""


def _quoted(store: Store, name: str) -> str:
    preparer = store.engine.dialect.identifier_preparer
    return str(preparer.quote_identifier(name))


def app_role_statements(store: Store, role: str) -> list[str]:
    """The GRANT statements that give `role` what the workbench needs and nothing more."""
    who = _quoted(store, role)
    statements = [f"GRANT USAGE ON SCHEMA public TO {who}"]
    for table in metadata.sorted_tables:
        rights = "SELECT, INSERT, UPDATE" if table.name in UPDATED else "SELECT, INSERT"
        statements.append(f"GRANT {rights} ON TABLE {_quoted(store, table.name)} TO {who}")
    statements.append(f"GRANT SELECT ON TABLE alembic_version TO {who}")
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}")
    return statements


def grant_app_role(store: Store, role: str) -> list[str]:
    """Grant `role` the workbench's rights on every table (as the owner); the statements."""
    if store.dialect != "postgresql":
        raise StoreError("roles are a PostgreSQL matter: SQLite has none")
    with store.reading() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
        ).first()
    if exists is None:
        raise StoreError(
            f"there is no PostgreSQL role {role!r}: create it first "
            f"(CREATE ROLE {role} LOGIN PASSWORD '…')"
        )
    statements = app_role_statements(store, role)
    with store.transaction() as connection:
        for statement in statements:
            connection.execute(text(statement))
    return statements


def audit_guard(store: Store) -> str | None:
    """Why the audit log is not safe from this connection, if it is not: on PostgreSQL, a
    superuser or the owner of the log can truncate it or lift its trigger."""
    if store.dialect != "postgresql":
        return None
    with store.reading() as connection:
        row = connection.execute(
            text(
                "SELECT r.rolsuper, pg_get_userbyid(c.relowner) = current_user, current_user "
                "FROM pg_roles r, pg_class c "
                "WHERE r.rolname = current_user AND c.relname = 'audit_log' "
                "AND c.relkind = 'r'"
            )
        ).first()
    if row is None:
        return None
    superuser, owner, name = bool(row[0]), bool(row[1]), str(row[2])
    if not (superuser or owner):
        return None
    what = "a superuser" if superuser else "the owner of the audit log"
    return (
        f"connected to PostgreSQL as {name}, {what}, who can truncate the audit log or lift "
        f"its trigger: serve as an application role (`headcount init --app-role NAME`, README)"
    )
