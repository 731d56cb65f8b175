"""The one error every bad input turns into: what is wrong, in which file, row and column."""

from __future__ import annotations

from pathlib import Path


class IngestError(ValueError):
    """Bad input. Nothing was written: the whole ingest was rolled back.

    `row` counts as a person opening the file would: in CSV and Excel the header is row 1;
    in JSON Lines it is the line number. `column` is the source's own column name.
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


def _row(row: int | None) -> str | None:
    return f"row {row}" if row is not None else None


def _column(column: str | None) -> str | None:
    return f"column {column!r}" if column is not None else None
