"""ingest: values that could not be read are kept verbatim as unparsed statements

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "unparsed_statements",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("record_id", Id, nullable=False),
        sa.Column("prop", sa.String(40), nullable=False),
        sa.Column("source_column", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("error_type", sa.String(40), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["records.id"],
            name=op.f("fk_unparsed_statements_record_id_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unparsed_statements")),
    )
    op.create_index(op.f("ix_unparsed_statements_record_id"), "unparsed_statements", ["record_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_unparsed_statements_record_id"), table_name="unparsed_statements")
    op.drop_table("unparsed_statements")
