"""A simulated population ingested once, linked perfectly from the simulator's truth: the
`simulated` fixture, registered for the whole suite by tests/conftest.py so that every test
folder shares one build per worker."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from headcount.accounting import Evidence, link_from_truth, load_evidence
from headcount.ingest import ingest_path
from headcount.simulate import Simulation, simulate, write
from headcount.simulate.truth import Told, told_events
from headcount.storage import Store, connect, upgrade
from headcount.storage.tables import person_records, records, sources

PERSONS = 1500
SEED = 7


@dataclass
class Simulated:
    """The simulation, its store, the evidence, and which simulated person each person is."""

    sim: Simulation
    folder: Path
    store: Store
    evidence: Evidence
    index_of: dict[str, int]
    """Person id in the store → the simulated person's index."""
    told: dict[int, list[Told]]


@pytest.fixture(scope="session")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulated]:
    folder = tmp_path_factory.mktemp("accounting-sim")
    sim = simulate(PERSONS, SEED)
    write(sim, folder)
    store = connect(f"sqlite:///{folder / 'headcount.sqlite'}")
    upgrade(store)
    ingest_path(store, folder / "sources", user="tester")
    link_from_truth(store, folder / "truth" / "links.csv", user="tester")
    with store.reading() as connection:
        evidence = load_evidence(connection)
        rows = connection.execute(
            select(person_records.c.person_id, sources.c.name, records.c.record_key)
            .join(records, records.c.id == person_records.c.record_id)
            .join(sources, sources.c.id == records.c.source_id)
        ).all()
    truth_of = {(s.name, r.record_id): r.person for s in sim.sources for r in sim.records[s.name]}
    index_of = {person: truth_of[(source, key)] for person, source, key in rows}
    yield Simulated(sim, folder, store, evidence, index_of, told_events(sim))
    store.close()
