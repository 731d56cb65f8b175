"""Readers: CSV, JSON Lines, JSON documents and Excel files as (row number, row) pairs.

Each reader checks what only it can see (the encoding, NUL bytes, quoting, truncation, the
header, a field's size, the limits of `ingest.limits`) and raises `IngestError` naming the
row. Rows are streamed, never loaded whole (but for a JSON document, read whole within its
size limit), so a million-row file is read in bounded memory.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from headcount.ingest.errors import IngestError
from headcount.ingest.excel import read_xlsx
from headcount.ingest.ftm import is_ftm, read_ftm
from headcount.ingest.json_files import read_json, read_jsonl
from headcount.ingest.limits import MAX_FIELD, MAX_LINE_BYTES
from headcount.ingest.text import BadBytes, Progress, Row, check_header, decoded_lines

__all__ = ["MAX_FIELD", "SUFFIXES", "Progress", "Row", "read_csv", "read_rows", "reader_for"]

SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xlsx": "xlsx",
}
Reader = Callable[[Path, Progress | None], Iterator[tuple[int, Row]]]


def reader_for(path: Path, *, records: str | None = None) -> Reader:
    """The reader for a file, by its suffix; `records` is where a JSON document's list is.
    A FollowTheMoney export (`*.ftm.json`, `*.ftm.jsonl`) is read as entities (`ftm`)."""
    if is_ftm(path):
        return read_ftm
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(SUFFIXES))
        raise IngestError(f"cannot read {path.suffix or 'files without a suffix'}; use {known}")
    if kind == "json":
        return partial(read_json, records=records)
    readers: dict[str, Reader] = {"csv": read_csv, "jsonl": read_jsonl, "xlsx": read_xlsx}
    return readers[kind]


def read_rows(
    path: Path, progress: Progress | None = None, *, records: str | None = None
) -> Iterator[tuple[int, Row]]:
    """The rows of any file ingest reads (see `reader_for`)."""
    if not path.is_file():
        raise IngestError("no such file", file=path)
    return reader_for(path, records=records)(path, progress)


def _delimiter(header: str, path: Path) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(path: Path, progress: Progress | None = None) -> Iterator[tuple[int, Row]]:
    """Rows of a CSV (or `;`/tab-separated) file with a header; row 1 is the header."""
    csv.field_size_limit(MAX_LINE_BYTES)
    with path.open("rb") as stream:
        lines = decoded_lines(stream, progress)
        first = _first_line(lines)
        delimiter = _delimiter(first, path)

        def all_lines() -> Iterator[str]:
            yield first
            yield from lines

        reader = csv.reader(all_lines(), delimiter=delimiter, strict=True)
        header: list[str] = []
        try:
            header = check_header(next(reader))
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
        except BadBytes as exc:
            position = exc.before.count(delimiter)
            column = header[position] if exc.row != 1 and position < len(header) else None
            raise IngestError(exc.message, row=exc.row, column=column) from None
        except csv.Error as exc:
            raise IngestError(_csv_message(exc), row=reader.line_num or None) from None


def _first_line(lines: Iterator[str]) -> str:
    try:
        first = next(lines, None)
    except BadBytes as exc:
        raise IngestError(exc.message, row=exc.row) from None
    if first is None or not first.strip():
        raise IngestError("the file is empty: it needs a header row", row=1)
    return first


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
        return f"a field is longer than {MAX_LINE_BYTES:,} characters"
    if "unexpected end of data" in text or "EOF" in text:
        return "the file ends inside a quoted field (truncated?)"
    return f"is not valid CSV: {text}"
