"""Readers: CSV, JSON Lines and Excel files as a stream of (row number, row) pairs.

Each reader checks what only it can see (the encoding, NUL bytes, quoting, truncation, the
header, a field's size) and raises `IngestError` naming the row. Rows are streamed, never
loaded whole, so a million-row file is read in bounded memory. Excel cells are read as
written: a formula is kept as its text and never evaluated.
"""

from __future__ import annotations

import csv
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from headcount.ingest.errors import IngestError

MAX_FIELD = 1_000_000
"""The longest cell accepted, in characters: no name, date or note is longer."""
_CSV_LIMIT = 64 * MAX_FIELD  # past this the csv module stops; below it, cells are checked by name

SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
SUFFIXES[".xlsx"] = "xlsx"

Row = dict[str, Any]
Progress = Callable[[int], None]
"""Told how many more bytes of the file have been read."""


def reader_for(path: Path) -> Callable[[Path, Progress | None], Iterator[tuple[int, Row]]]:
    """The reader for a file, by its suffix."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise IngestError(f"cannot read {path.suffix or 'files without a suffix'}; use {known}")
    return {"csv": read_csv, "jsonl": read_jsonl, "xlsx": read_xlsx}[kind]


class _BadBytes(IngestError):
    """Bytes no reader accepts; `before` is the line's text up to them (to find the column)."""

    def __init__(self, message: str, row: int, before: str) -> None:
        super().__init__(message, row=row)
        self.before = before


def _decoded_lines(stream: IO[bytes], progress: Progress | None) -> Iterator[str]:
    """Lines as text, refusing NUL bytes and anything that is not UTF-8, by line number."""
    for number, raw in enumerate(stream, start=1):
        if progress is not None:
            progress(len(raw))
        if (nul := raw.find(b"\x00")) >= 0:
            before = raw[:nul].decode("utf-8", "replace")
            raise _BadBytes("contains a NUL byte (a binary or corrupted file?)", number, before)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 1].hex()
            raise _BadBytes(
                f"is not UTF-8 text (byte 0x{bad} at position {exc.start + 1}); "
                "save the file as UTF-8",
                number,
                raw[: exc.start].decode("utf-8", "replace"),
            ) from None
        yield line.removeprefix("\ufeff") if number == 1 else line


def _delimiter(header: str, path: Path) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _check_header(header: list[str]) -> list[str]:
    names = [h.strip() for h in header]
    if not any(names):
        raise IngestError("the header row is empty", row=1)
    for position, name in enumerate(names, start=1):
        if not name:
            raise IngestError(f"column {position} of the header has no name", row=1)
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise IngestError("the header names this column twice", row=1, column=name)
        seen.add(name)
    return names


def read_csv(path: Path, progress: Progress | None = None) -> Iterator[tuple[int, Row]]:
    """Rows of a CSV (or `;`/tab-separated) file with a header; row 1 is the header."""
    csv.field_size_limit(_CSV_LIMIT)
    with path.open("rb") as stream:
        lines = _decoded_lines(stream, progress)
        first = next(lines, None)
        if first is None or not first.strip():
            raise IngestError("the file is empty: it needs a header row", row=1)
        delimiter = _delimiter(first, path)

        def all_lines() -> Iterator[str]:
            yield first
            yield from lines

        reader = csv.reader(all_lines(), delimiter=delimiter, strict=True)
        header: list[str] = []
        try:
            header = _check_header(next(reader))
            for cells in reader:
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(header):
                    _wrong_width(cells, header, reader.line_num)
                for name, cell in zip(header, cells, strict=True):
                    if len(cell) > MAX_FIELD:
                        message = f"the value is longer than {MAX_FIELD:,} characters"
                        raise IngestError(message, row=reader.line_num, column=name)
                yield reader.line_num, dict(zip(header, cells, strict=True))
        except _BadBytes as exc:
            position = exc.before.count(delimiter)
            column = header[position] if exc.row != 1 and position < len(header) else None
            raise IngestError(exc.message, row=exc.row, column=column) from None
        except csv.Error as exc:
            raise IngestError(_csv_message(exc), row=reader.line_num or None) from None


def _wrong_width(cells: list[str], header: list[str], row: int) -> None:
    if len(cells) < len(header):
        missing = header[len(cells)]
        raise IngestError(
            f"has {len(cells)} fields where the header has {len(header)} "
            "(a truncated or misquoted row?)",
            row=row,
            column=missing,
        )
    raise IngestError(
        f"has {len(cells)} fields where the header has {len(header)} (an unquoted separator?)",
        row=row,
    )


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field is longer than {_CSV_LIMIT:,} characters"
    if "unexpected end of data" in text or "EOF" in text:
        return "the file ends inside a quoted field (truncated?)"
    return f"is not valid CSV: {text}"


def read_jsonl(path: Path, progress: Progress | None = None) -> Iterator[tuple[int, Row]]:
    """Objects of a JSON Lines file, one per line; blank lines are skipped."""
    with path.open("rb") as stream:
        for number, line in enumerate(_decoded_lines(stream, progress), start=1):
            if not line.strip():
                continue
            if len(line) > MAX_FIELD:
                raise IngestError(f"the line is longer than {MAX_FIELD:,} characters", row=number)
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise IngestError(
                    f"is not valid JSON ({exc.msg} at character {exc.pos + 1}; truncated?)",
                    row=number,
                ) from None
            if not isinstance(value, dict):
                raise IngestError("each line must be a JSON object", row=number)
            yield number, value


def read_xlsx(path: Path, progress: Progress | None = None) -> Iterator[tuple[int, Row]]:
    """Rows of the first sheet of an Excel workbook; row 1 is the header."""
    from openpyxl import load_workbook  # imported here: only Excel files need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise IngestError(f"is not a readable Excel (.xlsx) file: {exc}") from None
    if progress is not None:
        progress(path.stat().st_size)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            raise IngestError("the sheet is empty: it needs a header row", row=1)
        header = _check_header([_cell_text(c) for c in first])
        for number, values in enumerate(rows, start=2):
            cells = [_cell_text(c) for c in values]
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                raise IngestError("has values beyond the last named column", row=number)
            cells = (cells + [""] * len(header))[: len(header)]
            yield number, dict(zip(header, cells, strict=True))
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise IngestError(f"is not a readable Excel (.xlsx) file: {exc}") from None
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
