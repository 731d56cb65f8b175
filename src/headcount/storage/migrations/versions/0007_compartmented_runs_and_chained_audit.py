"""linkage runs per compartment scope; audit entries with a compartment and a hash chain

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 23:00:00.000000

- `linkage_runs.scope` (`every` or `open`) and `restricted_records`: a run over the open
  records only is made beside the full one when restricted records exist. Existing runs are
  `every` runs, and their restricted records are counted, so that no one without restricted
  access is shown an old run that linked restricted records.
- `audit_log.compartment`, `prev_hash`, `entry_hash`. Existing entries cannot be told apart
  reliably, so every one that is not about accounts or logins is marked `restricted`
  (withheld from readers without restricted access: the safe side), and the chain is
  computed over them in id order. The append-only triggers are lifted for this one update
  and put back.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from headcount.storage.audit import GENESIS, entry_hash

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ACCOUNT_ACTIONS = (
    "add_user",
    "set_password",
    "set_role",
    "disable_user",
    "login",
    "logout",
    "login_failed",
)
REFUSAL = "audit_log is append-only: entries cannot be changed or deleted"
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
    f"""CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END""",
]


def _lift_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    else:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")


def _restore_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    else:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")


def _chain_existing(bind: sa.Connection) -> None:
    # typed as the table is, so that the hash sees what `verify_chain` will read back
    log = sa.table(
        "audit_log",
        sa.column("id", sa.Integer()),
        sa.column("at", sa.DateTime(timezone=True)),
        *(
            sa.column(c, sa.Text())
            for c in (
                "user_name",
                "action",
                "object_type",
                "object_id",
                "detail",
                "compartment",
                "prev_hash",
                "entry_hash",
            )
        ),
    )
    previous = GENESIS
    for r in bind.execute(sa.select(log).order_by(log.c.id)).all():
        compartment = "open" if r.action in ACCOUNT_ACTIONS else "restricted"
        digest = entry_hash(
            previous,
            r.at,
            r.user_name,
            r.action,
            r.object_type,
            r.object_id,
            r.detail,
            compartment,
        )
        bind.execute(
            sa.update(log)
            .where(log.c.id == r.id)
            .values(compartment=compartment, prev_hash=previous, entry_hash=digest)
        )
        previous = digest


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    # plain ADD COLUMN: a batch copy of linkage_runs on SQLite would trip the foreign keys
    # of the tables that refer to it
    op.add_column(
        "linkage_runs", sa.Column("scope", sa.String(20), nullable=False, server_default="every")
    )
    op.add_column(
        "linkage_runs",
        sa.Column("restricted_records", sa.Integer(), nullable=False, server_default="0"),
    )
    op.execute(
        """UPDATE linkage_runs SET restricted_records = (
             SELECT count(*) FROM person_records
             JOIN records ON records.id = person_records.record_id
             JOIN sources ON sources.id = records.source_id
             WHERE person_records.run_id = linkage_runs.id
               AND sources.compartment = 'restricted')"""
    )
    _lift_triggers(dialect)
    op.add_column(
        "audit_log", sa.Column("compartment", sa.String(20), nullable=False, server_default="open")
    )
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(64), nullable=True))
    op.add_column("audit_log", sa.Column("entry_hash", sa.String(64), nullable=True))
    _chain_existing(bind)
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(64), nullable=False)
        batch.alter_column("entry_hash", existing_type=sa.String(64), nullable=False)
    _restore_triggers(dialect)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _lift_triggers(dialect)
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("entry_hash")
        batch.drop_column("prev_hash")
        batch.drop_column("compartment")
    _restore_triggers(dialect)
    op.drop_column("linkage_runs", "restricted_records")
    op.drop_column("linkage_runs", "scope")
