"""pair scores and watches

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 11:36:23.142026
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watches",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_name", sa.String(length=100), nullable=False),
        sa.Column("object_type", sa.String(length=20), nullable=False),
        sa.Column("object_id", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "object_type IN ('person','country')", name=op.f("ck_watches_object_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watches")),
    )
    op.create_table(
        "watch_removals",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("watch_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["watch_id"], ["watches.id"], name=op.f("fk_watch_removals_watch_id_watches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_removals")),
        sa.UniqueConstraint("watch_id", name=op.f("uq_watch_removals_watch_id")),
    )
    op.create_table(
        "pair_scores",
        sa.Column("run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("record_a", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("record_b", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("match_weight", sa.Float(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.CheckConstraint("record_a < record_b", name=op.f("ck_pair_scores_ordered")),
        sa.ForeignKeyConstraint(
            ["record_a"], ["records.id"], name=op.f("fk_pair_scores_record_a_records")
        ),
        sa.ForeignKeyConstraint(
            ["record_b"], ["records.id"], name=op.f("fk_pair_scores_record_b_records")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["linkage_runs.id"], name=op.f("fk_pair_scores_run_id_linkage_runs")
        ),
        sa.PrimaryKeyConstraint("run_id", "record_a", "record_b", name=op.f("pk_pair_scores")),
    )
    with op.batch_alter_table("pair_scores", schema=None) as batch_op:
        batch_op.create_index(
            "ix_pair_scores_run_probability", ["run_id", "probability"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pair_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_pair_scores_run_probability")

    op.drop_table("pair_scores")
    op.drop_table("watch_removals")
    op.drop_table("watches")
