"""linkage: name features cached per statement value and names method version

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 14:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "name_features",
        sa.Column("value_hash", sa.String(length=64), nullable=False),
        sa.Column("method_version", sa.String(length=20), nullable=False),
        sa.Column("features", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("value_hash", "method_version", name=op.f("pk_name_features")),
    )


def downgrade() -> None:
    op.drop_table("name_features")
