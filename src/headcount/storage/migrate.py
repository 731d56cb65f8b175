"""Creating and migrating the store's schema with Alembic, on SQLite and PostgreSQL alike.

The migration scripts ship in the package (`storage/migrations/`); `upgrade` runs every
one not yet applied, in order, inside one transaction per step.
"""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from headcount.storage.engine import Store, StoreError


def _config(store: Store) -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("headcount.storage").joinpath("migrations"))
    )
    config.attributes["engine"] = store.engine
    return config


def head_revision(store: Store) -> str:
    """The newest migration this headcount knows."""
    head = ScriptDirectory.from_config(_config(store)).get_current_head()
    assert head is not None
    return head


def current_revision(store: Store) -> str | None:
    """The migration the store is at, or None for an empty store."""
    with store.reading() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(store: Store) -> tuple[str | None, str]:
    """Create the store or bring it to the newest schema; return (before, after) revisions."""
    before = current_revision(store)
    command.upgrade(_config(store), "head")
    return before, head_revision(store)


def migrate_to(store: Store, revision: str) -> None:
    """Bring the store to `revision`, up or down (to test a migration on older data, or to
    step back after a failed upgrade)."""
    script = ScriptDirectory.from_config(_config(store))
    current = current_revision(store)
    ahead = current is not None and revision in {
        s.revision for s in script.iterate_revisions(current, "base")
    }
    if ahead and revision != current:
        command.downgrade(_config(store), revision)
    else:
        command.upgrade(_config(store), revision)


def require_current(store: Store) -> None:
    """Refuse to work on a store that is missing or older than this headcount."""
    current = current_revision(store)
    if current is None:
        raise StoreError(f"no headcount store at {store.url}: run `headcount init` first")
    if current != head_revision(store):
        raise StoreError(
            f"the store at {store.url} is at schema {current}: run `headcount init` to migrate"
        )
