"""Value faults and notes of an ingest: the first ones listed, all counted, all written to a
rejects file when one is asked for (`--rejects FILE.csv`, as DuckDB's `store_rejects`).

The rejects file has one row per value kept unparsed: `file,row,column,value,property,
error_type,error`. It is written beside its final name and moved there when the ingest
commits, so a refused ingest leaves no rejects file that describes rows never ingested.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from headcount.ingest.errors import IngestError, ValueFault, ValueNote
from headcount.ingest.limits import MAX_LISTED

REJECTS_COLUMNS = ("file", "row", "column", "value", "property", "error_type", "error")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell that no spreadsheet will execute (the rule of `headcount export`)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class Rejects:
    """The rejects file being written (see the module doc)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = path.with_name(f".{path.name}.partial")
        try:
            self.stream: IO[str] = self.partial.open("w", encoding="utf-8", newline="")
        except OSError as exc:
            raise IngestError(f"cannot write the rejects file: {exc.strerror}", file=path) from None
        self.writer = csv.writer(self.stream)
        self.writer.writerow(REJECTS_COLUMNS)

    def write(self, file: str, faults: list[ValueFault]) -> None:
        for f in faults:
            cells = (file, f.row, f.column, f.value, f.prop, f.kind.value, f.message)
            self.writer.writerow([safe_cell(c) for c in cells])

    def commit(self) -> None:
        self.stream.close()
        os.replace(self.partial, self.path)

    def discard(self) -> None:
        self.stream.close()
        self.partial.unlink(missing_ok=True)


@contextmanager
def rejects_file(path: Path | None) -> Iterator[Rejects | None]:
    """The rejects file for `path` (none without a path), moved to `path` when the block
    ends and discarded when it raises (see the module doc)."""
    written = Rejects(path) if path is not None else None
    try:
        yield written
    except BaseException:
        if written is not None:
            written.discard()
        raise
    if written is not None:
        written.commit()


class FaultList:
    """The faults and notes of one file: the first `MAX_LISTED` kept, all counted; a note
    listed once per (column, value), counted per cell."""

    def __init__(self) -> None:
        self.faults: list[ValueFault] = []
        self.fault_count = 0
        self.notes: list[ValueNote] = []
        self.note_count = 0
        self._noted: set[tuple[str, str]] = set()

    def add(self, faults: list[ValueFault], notes: list[ValueNote]) -> None:
        self.fault_count += len(faults)
        room = MAX_LISTED - len(self.faults)
        if room > 0:
            self.faults.extend(faults[:room])
        self.note_count += len(notes)
        for note in notes:
            key = (note.column, note.value)
            if key not in self._noted and len(self._noted) < MAX_LISTED:
                self._noted.add(key)
                self.notes.append(note)
