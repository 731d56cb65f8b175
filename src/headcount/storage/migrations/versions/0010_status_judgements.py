"""status_judgements: an analyst's resolution of a person's status (append-only), and
their retractions

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 04:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
STATUSES = (
    "en_route",
    "in_theatre",
    "killed_confirmed",
    "killed_reported",
    "detained",
    "returned",
    "relocated",
    "contested",
    "unknown",
)  # fmt: skip  (one line per row of the status table reads better than one per word)


def upgrade() -> None:
    op.create_table(
        "status_judgements",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("record_id", Id, nullable=False),
        sa.Column("person_id", sa.String(40), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")",
            name=op.f("ck_status_judgements_judged_status"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_status_judgements_record_id_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_judgements")),
    )
    op.create_index(op.f("ix_status_judgements_record_id"), "status_judgements", ["record_id"])
    op.create_table(
        "status_judgement_retractions",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("judgement_id", Id, nullable=False),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text()),
        sa.ForeignKeyConstraint(
            ["judgement_id"],
            ["status_judgements.id"],
            name=op.f("fk_status_judgement_retractions_judgement_id_status_judgements"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_judgement_retractions")),
        sa.UniqueConstraint(
            "judgement_id", name=op.f("uq_status_judgement_retractions_judgement_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("status_judgement_retractions")
    op.drop_index(op.f("ix_status_judgements_record_id"), table_name="status_judgements")
    op.drop_table("status_judgements")
