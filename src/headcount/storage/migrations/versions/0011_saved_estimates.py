"""saved_estimates: the workbench's estimates of the unseen, computed once per linkage run

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 21:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "saved_estimates",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("run_id", Id, nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["linkage_runs.id"], name=op.f("fk_saved_estimates_run_id_linkage_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_estimates")),
        sa.UniqueConstraint("key", name=op.f("uq_saved_estimates_key")),
    )
    op.create_index(op.f("ix_saved_estimates_run_id"), "saved_estimates", ["run_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_saved_estimates_run_id"), table_name="saved_estimates")
    op.drop_table("saved_estimates")
