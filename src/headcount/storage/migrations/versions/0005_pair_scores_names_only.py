"""linkage: scored pairs say whether they agree on names alone (never a model link)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 20:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pair_scores") as batch:
        batch.add_column(
            sa.Column("names_only", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # earlier runs capped a name-only pair scored above 0.5 at exactly 0.5 (and joined it at
    # threshold 0.5: the bug this column fixes); those are marked here, while name-only
    # pairs scored below 0.5 cannot be told apart without scoring again (`headcount link`)
    op.execute("UPDATE pair_scores SET names_only = true WHERE probability = 0.5")


def downgrade() -> None:
    with op.batch_alter_table("pair_scores") as batch:
        batch.drop_column("names_only")
