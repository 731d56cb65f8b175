"""Alembic environment: runs migrations on the engine headcount hands it."""

from __future__ import annotations

from alembic import context

from headcount.storage.tables import metadata

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transaction_per_migration=True,
    )
    context.run_migrations()
