"""JSON documents, and columns of objects read through a mapping's templates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from headcount.ingest import IngestError, ingest_path
from headcount.storage import Store
from headcount.storage.tables import records, statements

DOCUMENT = {
    "meta": {"generated": "2024-09-26"},
    "data": {
        "people": [
            {
                "ref": "Q1",
                "name": "Yusuf Testman",
                "aka": [
                    {"name": "Abu Testa", "q": "Low"},
                    {"name": "Yousef Testmann", "q": "Good"},
                ],
                "born": [
                    {"kind": "ABOUT", "year": "1980"},
                    {"kind": "EXACT", "date": "1981-02-03"},
                ],
                "nationality": ["na", "DR Congo"],
            },
            {"ref": "Q2", "name": "Omar Testman", "aka": [], "born": [{}], "nationality": []},
        ]
    },
}
MAPPING = """\
source: {name: doc-list}
records: data.people
record_id: ref
null_values: [na, "n/a"]
columns:
  name: full_name
  aka:
    - {property: alias, item: "{name}", where: {q: Good}}
    - {property: weak_alias, item: "{name}", where: {q: Low}}
  born:
    - {property: birth_date, item: "c. {year}", where: {kind: ABOUT}}
    - {property: birth_date, item: ["{date}", "{year}"], where: {kind: EXACT}}
  nationality: citizenship
"""


def test_a_document_is_read_through_its_mapping(sqlite_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    (tmp_path / "doc.yaml").write_text(MAPPING, encoding="utf-8")
    [report] = ingest_path(sqlite_store, path)
    assert (report.source, report.records_added, report.values_unparsed) == ("doc-list", 2, 0)
    with sqlite_store.reading() as c:
        said = c.execute(
            select(records.c.record_key, statements.c.prop, statements.c.value).join(records)
        ).all()
    assert sorted(tuple(s) for s in said) == [
        ("Q1", "alias", "Yousef Testmann"),
        ("Q1", "birth_date", "1980"),  # "c. 1980": approximately, the year
        ("Q1", "birth_date", "1981-02-03"),
        ("Q1", "citizenship", "COD"),
        ("Q1", "full_name", "Yusuf Testman"),
        ("Q1", "weak_alias", "Abu Testa"),
        ("Q2", "full_name", "Omar Testman"),
    ]


@pytest.mark.parametrize(
    ("mapping", "key"),
    [
        ("columns:\n  aka: {property: alias, item: '{name!r}'}\n", "columns.aka.item"),
        ("columns:\n  aka: {property: alias, item: 'no field'}\n", "columns.aka.item"),
        ("columns:\n  aka: {property: alias, wehre: {q: Good}}\n", "columns.aka.wehre"),
        ("columns:\n  aka: {property: alias, where: []}\n", "columns.aka.where"),
        ("columns:\n  aka: []\n", "columns.aka"),
        ("records: 3\n", "records"),
        ("null_values: na\n", "null_values"),
        ("duplicate_ids: merge\n", "duplicate_ids"),
    ],
)
def test_a_bad_mapping_names_the_key_at_fault(
    sqlite_store: Store, tmp_path: Path, mapping: str, key: str
) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    (tmp_path / "doc.yaml").write_text(mapping, encoding="utf-8")
    with pytest.raises(IngestError, match=f"mapping key '{key}'") as caught:
        ingest_path(sqlite_store, path)
    assert caught.value.file == str(tmp_path / "doc.yaml")
