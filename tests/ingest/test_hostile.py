"""Hostile and malformed files: each gets a clear error naming file (row, column) and leaves
the store exactly as it was, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from headcount.ingest import IngestError, ingest_path
from headcount.storage import Store
from tests.conftest import snapshot
from tests.ingest import hostile

GOOD = "record_id,full_name,birth_date\ng1,Yusuf Testman,1990\n"


def _text(content: str) -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_text(content, encoding="utf-8")
        return path

    return write


HOSTILE: dict[str, tuple[Callable[[Path], Path], int | None, str | None, str]] = {
    "zip_bomb.xlsx": (hostile.xlsx_zip_bomb, None, None, "inflates 1,0\\d\\d times .*zip bomb"),
    "laughs_in_sheet.xlsx": (hostile.xlsx_billion_laughs, None, None, "billion laughs"),
    "laughs_in_workbook.xlsx": (
        lambda p: hostile.xlsx_billion_laughs(p, "xl/workbook.xml"),
        None,
        None,
        "billion laughs",
    ),
    "broken_xml.xlsx": (hostile.xlsx_broken_xml, None, None, "XML is broken \\(line 1"),
    "wide_row.xlsx": (hostile.xlsx_wide_row, None, None, "more than 5,000 cells"),
    "far_row.xlsx": (hostile.xlsx_far_row, None, None, "past Excel's last"),
    "surrogate.jsonl": (hostile.jsonl_lone_surrogate, 2, None, "lone surrogate U\\+D800"),
    "nested.jsonl": (hostile.jsonl_deeply_nested, 1, None, "nested deeper"),
    "nested.json": (_text("[" * 50_000 + "]" * 50_000), None, None, "nested deeper"),
    "surrogate_key.json": (
        _text('[{"record_id": "a", "full_name": "Ali"}, {"\\udfff": 1, "full_name": "x"}]'),
        2,
        None,
        "a key holds the lone surrogate",
    ),
    "no_list.json": (_text('{"persons": {"a": 1}}'), None, None, "no list of records"),
    "million_columns.csv": (hostile.csv_wide_header, 1, None, "1,000,000 columns"),
    "header_only.csv": (_text("record_id,full_name\n"), 2, None, "no records"),
    "header_only.xlsx": (lambda p: _sheet(p, [["record_id", "full_name"]]), 2, None, "no records"),
    "empty.jsonl": (_text("\n\n"), None, None, "no records"),
    "duplicate_ids.csv": (
        _text("record_id,full_name\nx1,Ali\nx1,Omar\n"),
        3,
        "record_id",
        "also that of row 2",
    ),
    "unknown_event_field.csv": (
        _text("record_id,full_name,killed_where\nx1,Ali,Raqqa\n"),
        1,
        "killed_where",
        "'where' is not one of date",
    ),
    "typo_event.csv": (
        _text("record_id,full_name,kiled_date\nx1,Ali,2015\n"),
        1,
        "kiled_date",
        "did you mean 'killed_date'",
    ),
    "unknown_event.jsonl": (
        _text('{"record_id": "a", "full_name": "Ali", "events": [{"kind": "executed"}]}\n'),
        1,
        "events[1]",
        "'executed' is not one of",
    ),
    "no_known_column.csv": (
        _text("nom,prenom\nBenali,Ali\n"),
        1,
        None,
        "none of its columns \\(nom, prenom\\)",
    ),
    "no_known_column.jsonl": (_text('{"nom": "Benali"}\n'), None, None, "none of its columns"),
    "long_stem_" + "x" * 200 + ".csv": (_text(GOOD), None, None, "longer than a source name"),
}


def _sheet(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.fixture
def held(db: Store, tmp_path: Path) -> Store:
    """A store that already holds a source, so that "unchanged" means something."""
    good = tmp_path / "held.csv"
    good.write_text(GOOD, encoding="utf-8")
    ingest_path(db, good)
    return db


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_gets_a_clear_error_and_the_store_is_unchanged(
    held: Store, tmp_path: Path, name: str
) -> None:
    build, row, column, message = HOSTILE[name]
    folder = tmp_path / "in"
    folder.mkdir()
    path = build(folder / name)
    before = snapshot(held)
    with pytest.raises(IngestError, match=message) as caught:
        ingest_path(held, path)
    assert (caught.value.file, caught.value.row, caught.value.column) == (str(path), row, column)
    assert snapshot(held) == before


def test_an_over_long_source_name_is_refused_before_the_database_sees_it(
    held: Store, tmp_path: Path
) -> None:
    good = tmp_path / "new.csv"
    good.write_text(GOOD, encoding="utf-8")
    mapping = tmp_path / "long.yaml"
    mapping.write_text(f"source:\n  name: {'s' * 201}\n", encoding="utf-8")
    before = snapshot(held)
    with pytest.raises(IngestError, match="1 to 200 characters"):
        ingest_path(held, good, source="s" * 201)
    with pytest.raises(IngestError, match=r"source\.name") as caught:
        ingest_path(held, good, mapping=mapping)
    assert caught.value.file == str(mapping)
    with pytest.raises(IngestError, match="user name"):
        ingest_path(held, good, user="u" * 101)
    assert snapshot(held) == before
    ingest_path(held, good, source="s" * 200)  # at the limit: taken


def test_limits_on_line_length_and_json_document_size(
    held: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("headcount.ingest.text.MAX_LINE_BYTES", 100)
    monkeypatch.setattr("headcount.ingest.json_files.MAX_JSON_DOCUMENT_BYTES", 100)
    long_line = tmp_path / "long.csv"
    long_line.write_text("record_id,full_name\nx1," + "a" * 200 + "\n", encoding="utf-8")
    document = tmp_path / "big.json"
    document.write_text(json.dumps([{"record_id": "a", "full_name": "a" * 200}]))
    before = snapshot(held)
    with pytest.raises(IngestError, match="a line is longer than") as caught:
        ingest_path(held, long_line)
    assert caught.value.row == 2
    with pytest.raises(IngestError, match="write it as JSON Lines"):
        ingest_path(held, document)
    assert snapshot(held) == before


def test_repeated_ids_are_taken_as_the_mapping_says(held: Store, tmp_path: Path) -> None:
    data = tmp_path / "repeats.csv"
    data.write_text("record_id,full_name\nx1,Ali\nx1,Ali\nx1,Omar\nx2,Hamza\n", encoding="utf-8")
    for policy, added, skipped in (("keep_first", 2, 1), ("keep_all", 3, 0)):
        (tmp_path / "repeats.yaml").write_text(
            f"source: {{name: {policy}}}\nduplicate_ids: {policy}\n", encoding="utf-8"
        )
        [report] = ingest_path(held, data)
        assert (report.records_added, report.duplicates_skipped) == (added, skipped), policy
        assert report.records_skipped == 1  # the identical second row: one record, read once
