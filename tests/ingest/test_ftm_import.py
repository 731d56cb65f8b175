"""FollowTheMoney entities as a source (an Aleph or OpenSanctions export), and back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from headcount.export import ExportFormat, ExportKind, export
from headcount.ingest import IngestError, ingest_path
from headcount.storage import Store
from headcount.storage.tables import records, statements
from tests.accounting.stored import fill

ENTITIES = [
    {
        "id": "os-1",
        "schema": "Person",
        "properties": {
            "name": ["Abu Hamza al-Faransi"],
            "alias": ["Hamza F."],
            "birthDate": ["1990-04"],
            "nationality": ["fr", "dz"],
            "country": ["xk"],
            "topics": ["crime.terror"],
            "notes": ["listed 2015"],
        },
    },
    {"id": "os-2", "schema": "Company", "properties": {"name": ["Acme Trading"]}},
    {"id": "os-3", "schema": "Sanction", "properties": {"entity": ["os-1"]}},
    {
        "id": "os-4",
        "schema": "Person",
        "properties": {"firstName": ["Karim"], "lastName": ["Benali"], "birthDate": ["1987"]},
    },
]
"""An export as OpenSanctions writes it: persons among companies and sanctions."""


def _write(folder: Path, entities: list[dict[str, object]]) -> Path:
    path = folder / "entities.ftm.json"
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    return path


def _statements(store: Store, key: str) -> dict[str, list[str]]:
    with store.reading() as connection:
        rows = connection.execute(
            select(statements.c.prop, statements.c.value)
            .join(records, records.c.id == statements.c.record_id)
            .where(records.c.record_key == key)
        ).all()
    out: dict[str, list[str]] = {}
    for prop, value in rows:
        out.setdefault(prop, []).append(value)
    return {k: sorted(v) for k, v in out.items()}


def test_the_persons_of_an_export_become_records(db: Store, tmp_path: Path) -> None:
    [report] = ingest_path(db, _write(tmp_path, ENTITIES), source="opensanctions")
    assert report.records_added == 2  # the company and the sanction describe no one
    first = _statements(db, "os-1")
    assert first["full_name"] == ["Abu Hamza al-Faransi"]
    assert first["alias"] == ["Hamza F."]
    assert first["birth_date"] == ["1990-04"]
    assert [c[:3] for c in first["citizenship"]] == ["DZA", "FRA"]
    assert first["residence"][0].startswith("XKX")
    assert _statements(db, "os-4")["family_name"] == ["Benali"]
    with db.reading() as connection:
        raw = connection.execute(select(records.c.raw).where(records.c.record_key == "os-1"))
        kept = json.loads(raw.scalar_one())
    assert kept["ftm"]["topics"] == ["crime.terror"]  # nothing is lost


def test_an_unknown_schema_is_refused_with_its_line(sqlite_store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, [ENTITIES[0], {"id": "x", "schema": "Martian", "properties": {}}])
    with pytest.raises(IngestError, match="Martian") as refused:
        ingest_path(sqlite_store, path, source="odd")
    assert refused.value.row == 2
    with sqlite_store.reading() as connection:
        assert connection.execute(select(records.c.id)).first() is None


def test_headcount_reads_back_what_it_exports(sqlite_store: Store, tmp_path: Path) -> None:
    fill(sqlite_store, tmp_path)
    exported = tmp_path / "persons.ftm.json"
    export(sqlite_store, ExportKind.ftm, ExportFormat.jsonl, exported)
    [report] = ingest_path(sqlite_store, exported, source="round-trip")
    assert report.records_added == 3  # one entity per person (Event entities describe no one)
    lines = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    named = {e["id"]: e["properties"]["name"] for e in lines if e["schema"] == "Person"}
    assert {e["schema"] for e in lines} == {"Person", "Event"}  # events are skipped on import
    for key, names in named.items():
        assert _statements(sqlite_store, key)["full_name"] == sorted(names)
