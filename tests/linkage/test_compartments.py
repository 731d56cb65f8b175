"""Restricted records never shape what those without access see: `link` links the open
records again on their own, and that run's persons are exactly those of a store that never
held the restricted records."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from headcount.ingest import ingest_path
from headcount.linkage.link import link
from headcount.linkage.match import screening_index
from headcount.linkage.persons import current_persons
from headcount.model.persons import Person
from headcount.model.vocabulary import EVERY, OPEN_ONLY
from headcount.storage import Store, connect, upgrade
from headcount.storage.queries import latest_run_id
from headcount.storage.tables import linkage_runs, records, sources

RESTRICTED = "is-entry-forms"
"""Made restricted beside the simulator's own restricted sources: the leaked registration
forms, the source that most often bridges a kunya to a civil name."""


def _split(simulated: Path, folder: Path) -> tuple[Path, Path]:
    """The simulated sources in two folders: those in the open compartment, the others."""
    open_folder, closed = folder / "open", folder / "restricted"
    open_folder.mkdir()
    closed.mkdir()
    for mapping in (simulated / "sources").glob("*.yaml"):
        text = mapping.read_text(encoding="utf-8")
        if mapping.stem == RESTRICTED:
            text = text.replace("  compartment: open\n", "  compartment: restricted\n")
        target = closed if "  compartment: restricted\n" in text else open_folder
        (target / mapping.name).write_text(text, encoding="utf-8")
        for data in (simulated / "sources").glob(f"{mapping.stem}.*"):
            if data.suffix != ".yaml":
                shutil.copy(data, target / data.name)
    assert any(closed.iterdir()) and any(open_folder.iterdir())
    return open_folder, closed


def _store(path: Path) -> Store:
    store = connect(f"sqlite:///{path}")
    upgrade(store)
    return store


def _named(store: Store, persons: dict[str, Person]) -> set[frozenset[str]]:
    with store.reading() as c:
        rows = c.execute(
            select(records.c.id, sources.c.name, records.c.record_key).join(
                sources, sources.c.id == records.c.source_id
            )
        ).all()
    key = {rid: f"{s}/{k}" for rid, s, k in rows}
    return {frozenset(key[r] for r in person.record_ids) for person in persons.values()}


def test_open_persons_are_those_of_a_store_without_the_restricted_records(
    simulated: Path, tmp_path: Path
) -> None:
    open_folder, closed = _split(simulated, tmp_path)
    both, alone = _store(tmp_path / "both.sqlite"), _store(tmp_path / "alone.sqlite")
    try:
        ingest_path(both, open_folder, user="t")
        ingest_path(both, closed, user="t")
        ingest_path(alone, open_folder, user="t")
        report = link(both, user="t", workers=1)
        link(alone, user="t", workers=1)
        assert report.open_run is not None
        with both.reading() as c:
            runs = c.execute(
                select(linkage_runs.c.scope, linkage_runs.c.restricted_records).order_by(
                    linkage_runs.c.id
                )
            ).all()
            assert [r.scope for r in runs] == ["every", "open"]
            assert runs[0].restricted_records > 0 and runs[1].restricted_records == 0
            assert latest_run_id(c, EVERY) == report.run.run_id
            assert latest_run_id(c, OPEN_ONLY) == report.open_run.run.run_id
            everyone, open_only = current_persons(c, EVERY), current_persons(c, OPEN_ONLY)
            open_index = screening_index(c, OPEN_ONLY)
        with alone.reading() as c:
            expected = current_persons(c)
            alone_index = screening_index(c)
        assert _named(both, open_only) == _named(alone, expected)
        # the restricted forms do join persons the open records alone keep apart
        assert _named(both, everyone) != _named(both, open_only)
        assert len(open_index) == len(alone_index)
    finally:
        both.close()
        alone.close()
