"""A small simulated population, ingested once and linked once, shared by linkage tests.

Tests that change the store work on a copy of the SQLite file, so each starts from the same
linked store.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from headcount.ingest import ingest_path
from headcount.linkage.link import LinkReport, link
from headcount.linkage.namecache import cached_features
from headcount.simulate import simulate, write
from headcount.storage import Store, connect, upgrade

PERSONS = 500
SEED = 3


@pytest.fixture(scope="session")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A default-scenario population of 500 written to disk (sources/ and truth/)."""
    return write(simulate(PERSONS, seed=SEED), tmp_path_factory.mktemp("linkage-sim"))


@pytest.fixture(scope="session")
def linked_file(
    simulated: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, LinkReport]:
    """A SQLite store holding the simulated sources, linked once."""
    path = tmp_path_factory.mktemp("linked") / "headcount.sqlite"
    store = connect(f"sqlite:///{path}")
    upgrade(store)
    ingest_path(store, simulated / "sources", user="test", name_cache=cached_features)
    report = link(store, user="test", workers=1)
    store.close()
    return path, report


@pytest.fixture
def linked(linked_file: tuple[Path, LinkReport], tmp_path: Path) -> Iterator[Store]:
    """A copy of the linked store, for one test to change."""
    copy = tmp_path / "headcount.sqlite"
    shutil.copy(linked_file[0], copy)
    store = connect(f"sqlite:///{copy}")
    yield store
    store.close()
