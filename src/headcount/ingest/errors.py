"""What can be wrong with an input, and where: in the file, row and column.

Two kinds of fault, treated differently (as DuckDB's `store_rejects` and PostgreSQL 17's
`ON_ERROR` do):
- a fault of the file (`IngestError`): its encoding, quoting, NUL bytes, truncation, its
  header, its size. Nothing of the file can be trusted, so nothing is ingested.
- a fault of one value (`CellError`, recorded as a `ValueFault`): an impossible date, a
  country that is none, a credibility of 9. The row is ingested without that value, the
  cell is kept verbatim as an unparsed statement, and the fault is reported. With
  `--strict` a value fault refuses the whole file, as a fault of the file does.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class IngestError(ValueError):
    """Bad input. Nothing was written: the whole ingest was rolled back.

    `row` counts as a person opening the file would: in CSV and Excel the header is row 1;
    in JSON Lines it is the line number; in a JSON document, the record's position in its
    list (the first is 1). `column` is the source's own column name.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        super().__init__(str(self))

    def located(self, *, file: str | Path, row: int | None = None) -> IngestError:
        """The same error with the file (and row, when not yet known) filled in."""
        return IngestError(
            self.message,
            file=self.file or file,
            row=self.row if self.row is not None else row,
            column=self.column,
        )

    def __str__(self) -> str:
        where = [part for part in (self.file, _row(self.row), _column(self.column)) if part]
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "row": self.row, "column": self.column, "error": self.message}


class FaultKind(StrEnum):
    """Why a value could not be read (the `error_type` of a rejects file)."""

    date = "date"
    future_date = "future_date"
    reported_before_event = "reported_before_event"
    country = "country"
    gender = "gender"
    credibility = "credibility"
    age = "age"
    id_number = "id_number"


class CellError(IngestError):
    """One value that cannot be read: a fault of the value, not of the file."""

    def __init__(self, message: str, *, column: str | None, kind: FaultKind) -> None:
        super().__init__(message, column=column)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class ValueFault:
    """A value kept verbatim, unparsed: where it was, what it was to fill, why it failed.

    `prop` is what the cell was to fill: a property (`birth_date`), an event field
    (`killed_date`) or a special column (`credibility`, `reported_on`, `age`)."""

    row: int
    column: str
    value: str
    prop: str
    kind: FaultKind
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "property": self.prop,
            "error_type": self.kind.value,
            "error": self.message,
        }

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.message}"


@dataclass(frozen=True, slots=True)
class ValueNote:
    """A value read one way among several, or kept as written: said once per value."""

    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "value": self.value, "note": self.message}


def _row(row: int | None) -> str | None:
    return f"row {row}" if row is not None else None


def _column(column: str | None) -> str | None:
    return f"column {column!r}" if column is not None else None
