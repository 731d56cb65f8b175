"""A value that could not be read is shown with its record: on the person's page and its
JSON twin, and in the records export (CSV and JSON Lines)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import select

from headcount.export import export
from headcount.export.formats import ExportFormat, ExportKind
from headcount.ingest import ingest_path
from headcount.linkage.persons import save_run
from headcount.security import add_user
from headcount.storage import Store
from headcount.storage.tables import records
from headcount.views.person import view_person


def test_unparsed_values_are_shown_and_exported(db: Store, tmp_path: Path) -> None:
    path = tmp_path / "messy.csv"
    path.write_text(
        "record_id,full_name,birth_date,citizenship\n"
        "m1,Yusuf Testman,1990-02-30,France\nm2,Yusuf Testman,1990,Atlantis\n",
        encoding="utf-8",
    )
    ingest_path(db, path)
    with db.reading() as c:
        ids = list(c.execute(select(records.c.id).order_by(records.c.id)).scalars())
    save_run(db, {"a": ids}, engine="test", user="t")
    viewer = add_user(db, "vic", "viewer", "correct horse battery staple", by="t")
    person = view_person(db, viewer, _only_person(db))
    kept = {(r.record, u.column, u.value) for r in person.records for u in r.unparsed}
    assert kept == {
        ("messy/m1", "birth_date", "1990-02-30"),
        ("messy/m2", "citizenship", "Atlantis"),
    }
    twin = person.as_dict()
    assert twin["records"][0]["unparsed"][0]["value"] == "1990-02-30"
    out = tmp_path / "records.csv"
    export(db, ExportKind.records, ExportFormat.csv, out)
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert [r["unparsed"] for r in rows] == ["birth_date=1990-02-30", "citizenship=Atlantis"]
    out = tmp_path / "records.jsonl"
    export(db, ExportKind.records, ExportFormat.jsonl, out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[1]["unparsed"][0]["value"] == "Atlantis"
    assert lines[1]["unparsed"][0]["error_type"] == "country"


def _only_person(db: Store) -> str:
    from headcount.storage.tables import person_records

    with db.reading() as c:
        return str(c.execute(select(person_records.c.person_id)).scalars().first())
