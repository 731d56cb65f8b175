"""What only the whole file shows: its columns, and the same record id on two rows.

- Columns: a column that looks as if it was meant to fill something and fills nothing
  (`killed_where`, `kiled_date`, `birthdate`) would be silently unread, so it refuses the
  file, naming it; and a file none of whose columns fills a property or an event (the wrong
  file, or a file that needs a mapping) is refused rather than ingested as empty records.
- Record ids: two different rows of one file under the same id are refused unless the
  mapping says `duplicate_ids: keep_all` or `keep_first` (identical rows are the same
  record, read once).
"""

from __future__ import annotations

from collections.abc import Iterable

from headcount.ingest.errors import IngestError
from headcount.ingest.mapping import DuplicateIds, Mapping, suspicious

TABULAR = frozenset({".csv", ".tsv", ".txt", ".xlsx"})
"""Formats whose rows all have the header's columns (checked once, at the header)."""


class ColumnCheck:
    """Columns seen so far, checked as they first appear."""

    def __init__(self, mapping: Mapping, *, tabular: bool) -> None:
        self.mapping = mapping
        self.tabular = tabular
        self.seen: set[str] = set()
        self.fills = False
        self.unread: list[str] = []
        """Columns kept in the raw row only (nothing maps them)."""

    def see(self, row_number: int, columns: Iterable[str]) -> None:
        if self.tabular and self.seen:
            return
        for column in columns:
            if column in self.seen:
                continue
            self.seen.add(column)
            why = suspicious(column, self.mapping)
            if why is not None:
                at = 1 if self.tabular else row_number
                raise IngestError(
                    f"{why} (map it, or write `{column}: ignore` in the mapping)",
                    row=at,
                    column=column,
                )
            if column == "events" or any(r.prop or r.event for r in self.mapping.rules(column)):
                self.fills = True
            elif column not in self.mapping.columns and not self.mapping.reads(column):
                self.unread.append(column)
        if self.tabular:
            self.finish()

    def finish(self) -> None:
        """Refuse a file none of whose columns fills anything."""
        if self.seen and not self.fills:
            shown = ", ".join(sorted(self.seen)[:10]) + (" …" if len(self.seen) > 10 else "")
            raise IngestError(
                f"none of its columns ({shown}) is a property or an event headcount reads: "
                "name them as docs/ingest-format.md says, or give a mapping",
                row=1 if self.tabular else None,
            )


class IdCheck:
    """Record ids of one file: the row each was first seen on, and its content."""

    def __init__(self, policy: DuplicateIds, column: str | None) -> None:
        self.policy = policy
        self.column = column
        self.first: dict[str, tuple[int, bytes]] = {}
        self.skipped = 0

    def keep(self, key: str, row: int, content_hash: str) -> bool:
        """Whether the row is read; raise for a second row under an id (see the module doc)."""
        digest = bytes.fromhex(content_hash[:32])
        seen = self.first.get(key)
        if seen is None:
            self.first[key] = (row, digest)
            return True
        if seen[1] == digest or self.policy is DuplicateIds.keep_all:
            return True
        if self.policy is DuplicateIds.keep_first:
            self.skipped += 1
            return False
        raise IngestError(
            f"the record id {key[:80]!r} is also that of row {seen[0]}, with other values: "
            "an id names one record (if the file repeats ids on purpose, say "
            "`duplicate_ids: keep_all` or `keep_first` in its mapping)",
            row=row,
            column=self.column,
        )
