"""Properties of every reader and of the mapping: what is written is read back as it was,
and whatever the input, the answer is rows or an `IngestError`, never a traceback."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import unicodedata
import zipfile
from datetime import date
from functools import cache
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook

from headcount.ingest import IngestError
from headcount.ingest.mapping import Mapping
from headcount.ingest.mapping_file import _build
from headcount.ingest.readers import read_rows
from headcount.ingest.rows import parse_row
from tests.ingest.strategies import cells, mapping_documents, tables

QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(name: str, content: bytes) -> list[tuple[int, dict[str, object]]] | IngestError:
    """The rows of a file of that name and content, or the error it gets."""
    with TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            return list(read_rows(path))
        except IngestError as exc:
            return exc


def _written(header: list[str], rows: list[list[str]]) -> list[dict[str, str]]:
    """The rows a reader should give back: blank rows are skipped."""
    return [dict(zip(header, r, strict=True)) for r in rows if any(c.strip() for c in r)]


@QUICK
@given(tables())
def test_csv_round_trip(table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = table
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    found = _read("t.csv", buffer.getvalue().encode("utf-8"))
    assert not isinstance(found, IngestError), found
    assert [row for _, row in found] == _written([h.strip() for h in header], rows)


@QUICK
@given(tables())
def test_json_lines_and_json_documents_round_trip(table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = table
    objects = [dict(zip(header, r, strict=True)) for r in rows]
    lines = "".join(json.dumps(o, ensure_ascii=bool(len(o) % 2)) + "\n" for o in objects)
    found = _read("t.jsonl", lines.encode("utf-8"))
    assert not isinstance(found, IngestError), found
    assert [row for _, row in found] == objects
    found = _read("t.json", json.dumps(objects).encode("utf-8"))
    assert not isinstance(found, IngestError), found
    assert [(n, row) for n, row in found] == list(enumerate(objects, start=1))


@QUICK
@given(tables(line_breaks=False))
def test_excel_round_trip(table: tuple[list[str], list[list[str]]]) -> None:
    header, rows = table
    book = Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append([f"'{c}" if c.startswith("=") else c for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    found = _read("t.xlsx", buffer.getvalue())
    assert not isinstance(found, IngestError), found
    expected = [
        {k: ("'" + v if v.startswith("=") else v) for k, v in r.items()}
        for r in _written([h.strip() for h in header], rows)
    ]
    assert [row for _, row in found] == expected


@QUICK
@given(st.binary(max_size=300), st.sampled_from(["t.csv", "t.tsv", "t.jsonl", "t.json", "t.xlsx"]))
def test_any_bytes_give_rows_or_an_ingest_error(content: bytes, name: str) -> None:
    _read(name, content)  # raises nothing but IngestError, which _read returns


@cache
def _workbook() -> bytes:
    """One workbook for every example (openpyxl stamps each save with the time)."""
    book = Workbook()
    book.active.append(["record_id", "full_name"])
    book.active.append(["x1", "Yusuf Testman"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@QUICK
@given(st.data())
def test_a_damaged_workbook_gives_rows_or_an_ingest_error(data: st.DataObject) -> None:
    raw = bytearray(_workbook())
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    _read("t.xlsx", bytes(raw))
    with zipfile.ZipFile(io.BytesIO(_workbook())) as original, TemporaryDirectory() as folder:
        path = Path(folder) / "t.xlsx"
        part = data.draw(st.sampled_from(original.namelist()))
        cut = data.draw(st.integers(0, len(original.read(part))))
        with zipfile.ZipFile(path, "w") as out:
            for item in original.namelist():
                out.writestr(
                    item, original.read(item)[:cut] if item == part else original.read(item)
                )
        with contextlib.suppress(IngestError):  # rows or an IngestError, nothing else
            list(read_rows(path))


@QUICK
@given(mapping_documents())
def test_any_mapping_is_read_or_refused_naming_a_key(document: dict[str, object]) -> None:
    try:
        mapping = _build(document, Path("m.yaml"))
    except IngestError as exc:
        assert exc.message.startswith("mapping key "), exc.message
        assert exc.file == "m.yaml"
        return
    assert isinstance(mapping, Mapping)
    for column in mapping.columns:
        assert mapping.rules(column)


@QUICK
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "record_id",
                "full_name",
                "birth_date",
                "citizenship",
                "residence",
                "gender",
                "credibility",
                "age",
                "reported_on",
                "killed_date",
                "killed_place",
                "killed_reported_on",
                "detained_credibility",
                "id_number",
                "alias",
            ]
        ),
        cells(),
        min_size=1,
    )
)
def test_a_row_is_read_with_its_faults_kept_never_a_traceback(row: dict[str, str]) -> None:
    """Any cell text in any known column: the row is read, and a value that cannot be read is
    a kept fault (strict: an IngestError naming its column); nothing else is raised."""
    record = parse_row(2, row, Mapping(), date(2024, 1, 1))
    assert all(s.value.strip() for s in record.statements)
    assert all(f.column in row for f in record.faults)
    as_read = {c: unicodedata.normalize("NFC", v).strip() for c, v in row.items()}
    # the cell as written (a multi-valued cell: one of its values)
    assert all(f.value and f.value in as_read[f.column] for f in record.faults), record.faults
    try:
        strict = parse_row(2, row, Mapping(), date(2024, 1, 1), strict=True)
    except IngestError as exc:
        assert record.faults and exc.column in row
    else:
        assert not record.faults and strict.statements == record.statements
