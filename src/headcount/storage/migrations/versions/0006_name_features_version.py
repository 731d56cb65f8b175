"""linkage: name features are keyed by a digest of the parsing code, not the names method

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 10:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the rows kept under a names method version ("1.5") no longer match any features version,
    # so `link` parses again once; they are derived data and go, rather than linger unread
    op.execute("DELETE FROM name_features")
    with op.batch_alter_table("name_features") as batch:
        batch.alter_column("method_version", new_column_name="features_version")


def downgrade() -> None:
    op.execute("DELETE FROM name_features")
    with op.batch_alter_table("name_features") as batch:
        batch.alter_column("features_version", new_column_name="method_version")
