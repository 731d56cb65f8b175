"""Written sources are what `headcount ingest` takes as they are; truth files are complete."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from headcount.ingest import ingest_path
from headcount.ingest.mapping_file import load_mapping
from headcount.simulate import Simulation, simulate, write
from headcount.simulate.truth import REVEALED_STATUSES, TRUE_STATUSES
from headcount.storage import connect, upgrade
from headcount.storage.tables import events, records, sources


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_one_data_file_and_one_mapping_per_source(sim: Simulation, written: Path) -> None:
    folder = written / "sources"
    for spec in sim.sources:
        assert (folder / spec.file_name).is_file()
        mapping = load_mapping(folder / f"{spec.name}.yaml")
        assert mapping.source.name == spec.name
    assert len(list(folder.iterdir())) == 2 * len(sim.sources)


def test_jsonl_records_carry_an_events_list(written: Path) -> None:
    lines = (written / "sources" / "is-death-notices.jsonl").read_text(encoding="utf-8")
    first = json.loads(lines.splitlines()[0])
    assert first["events"][0]["kind"] == "killed" and "kunya" in first


def test_links_cover_every_record(sim: Simulation, written: Path) -> None:
    links = _rows(written / "truth" / "links.csv")
    assert len(links) == sum(len(r) for r in sim.records.values())
    per_source = Counter(row["source"] for row in links)
    assert per_source == {name: len(r) for name, r in sim.records.items()}
    assert {row["person_id"] for row in links} <= set(sim.population.person_id)


def test_truth_files_are_complete_and_consistent(sim: Simulation, written: Path) -> None:
    truth = written / "truth"
    assert len(_rows(truth / "persons.csv")) == len(sim.population)
    histories = _rows(truth / "capture_histories.csv")
    assert len(histories) == len(sim.population)
    assert any(all(row[s.name] == "0" for s in sim.sources) for row in histories)
    counts = _rows(truth / "counts.csv")
    assert {"2017-12-08", "2019-12-31"} <= {row["date"] for row in counts}
    for row in counts:
        assert int(row["departed"]) == sum(int(row[s.value]) for s in TRUE_STATUSES)
    for row in _rows(truth / "revealed_counts.csv"):
        assert int(row["recorded"]) == sum(int(row[s.value]) for s in REVEALED_STATUSES)
        assert int(row["departed"]) == int(row["recorded"]) + int(row["never_recorded"])
    spells = _rows(truth / "status_spells.csv")
    assert {row["status"] for row in spells} >= {"en_route", "in_theatre", "killed_confirmed"}
    parameters = json.loads((truth / "parameters.json").read_text(encoding="utf-8"))
    assert parameters["seed"] == sim.seed and len(parameters["sources"]) == len(sim.sources)


def test_headcount_ingest_takes_the_sources_as_they_are(tmp_path: Path) -> None:
    small = simulate(1200, seed=3)
    out = write(small, tmp_path / "out")
    store = connect(f"sqlite:///{tmp_path / 'store.sqlite'}")
    upgrade(store)
    reports = ingest_path(store, out / "sources", user="test")
    assert {r.source for r in reports} == set(small.records)
    for report in reports:
        assert report.records_added == len(small.records[report.source]), report.source
        expected = sum(len(r.events) for r in small.records[report.source])
        assert report.events_added == expected, report.source
    with store.transaction() as connection:
        held = dict(
            connection.execute(
                select(sources.c.name, func.count())
                .select_from(records.join(sources))
                .group_by(sources.c.name)
            ).all()
        )
        assert sum(held.values()) == sum(len(r) for r in small.records.values())
        assert connection.execute(select(func.count()).select_from(events)).scalar_one() > 0
    store.close()
