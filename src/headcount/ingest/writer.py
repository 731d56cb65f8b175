"""Writing one file's new records, with their statements, events and unparsed statements.

A record is new when neither the store (same source, same content hash) nor an earlier row
of this file holds it. The file's `ingests` row is created with its first new record, so a
file with nothing new leaves no trace.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from headcount.ingest.rows import EventValue, ParsedRecord, StatementValue
from headcount.model.vocabulary import NAME_PROPERTIES
from headcount.storage import ingests
from headcount.storage.engine import Connection, now


class Writer:
    """Writes one file's new records in batches (see the module doc)."""

    def __init__(
        self,
        connection: Connection,
        source_id: int,
        file_name: str,
        file_hash: str,
        user: str,
        names: set[str],
        on_new: Callable[[list[ParsedRecord]], None],
    ) -> None:
        self.connection = connection
        self.names = names
        """Name values of the new records (for the name cache)."""
        self.on_new = on_new
        """Told of each batch's new records (their faults and notes are reported)."""
        self.source_id = source_id
        self.ingest_id: int | None = None
        self.rows_read = 0
        self.added = self.skipped = self.statements = self.events = self.unparsed = 0
        # Rows of this file already taken, by the first 128 bits of their hash (16 bytes each).
        self.seen: set[bytes] = set()
        self.source_had_records = ingests.source_has_records(connection, source_id)
        self.ingest_row = {
            "source_id": source_id,
            "file_name": file_name,
            "file_hash": file_hash,
            "rows_read": 0,
            "records_added": 0,
            "user_name": user,
            "started_at": now(),
        }

    def _new(self, batch: list[ParsedRecord]) -> list[ParsedRecord]:
        """The records of a batch that neither the store nor this file already had."""
        known: set[str] = set()
        if self.source_had_records:
            hashes = [r.content_hash for r in batch]
            known = ingests.known_hashes(self.connection, self.source_id, hashes)
        fresh = []
        for record in batch:
            digest = bytes.fromhex(record.content_hash[:32])
            if record.content_hash in known or digest in self.seen:
                self.skipped += 1
                continue
            self.seen.add(digest)
            fresh.append(record)
        return fresh

    def write(self, batch: list[ParsedRecord]) -> None:
        self.rows_read += len(batch)
        fresh = self._new(batch)
        if not fresh:
            return
        self.on_new(fresh)
        if self.ingest_id is None:
            row = self.ingest_row | {"finished_at": now()}
            self.ingest_id = ingests.open_ingest(self.connection, row)
        ids = ingests.record_ids(self.connection, len(fresh))
        record_rows: list[dict[str, object]] = []
        statement_rows: list[dict[str, object]] = []
        event_rows: list[dict[str, object]] = []
        unparsed_rows: list[dict[str, object]] = []
        for record_id, record in zip(ids, fresh, strict=True):
            record_rows.append(_record_row(record_id, record, self.source_id, self.ingest_id))
            statement_rows.extend(_statement_row(record_id, s) for s in record.statements)
            self.names.update(s.value for s in record.statements if s.prop in NAME_PROPERTIES)
            event_rows.extend(_event_row(record_id, e) for e in record.events)
            unparsed_rows.extend(
                {
                    "record_id": record_id,
                    "prop": f.prop,
                    "source_column": f.column,
                    "value": f.value,
                    "error_type": f.kind.value,
                    "error": f.message,
                }
                for f in record.faults
            )
        ingests.write_records(
            self.connection, record_rows, statement_rows, event_rows, unparsed_rows
        )
        self.added += len(fresh)
        self.statements += len(statement_rows)
        self.events += len(event_rows)
        self.unparsed += len(unparsed_rows)

    def finish(self) -> None:
        if self.ingest_id is None:
            return
        ingests.finish_ingest(self.connection, self.ingest_id, self.rows_read, self.added)


def _record_row(
    record_id: int, record: ParsedRecord, source_id: int, ingest_id: int
) -> dict[str, object]:
    return {
        "id": record_id,
        "source_id": source_id,
        "ingest_id": ingest_id,
        "record_key": record.record_key,
        "row_number": record.row_number,
        "content_hash": record.content_hash,
        "raw": json.dumps(record.raw, ensure_ascii=False, default=str),
        "reported_on": record.reported_on.value if record.reported_on else None,
    }


def _statement_row(record_id: int, statement: StatementValue) -> dict[str, object]:
    return {
        "record_id": record_id,
        "prop": statement.prop.value,
        "value": statement.value,
        "original": statement.original,
        "script": statement.script,
        "credibility": statement.credibility,
    }


def _event_row(record_id: int, event: EventValue) -> dict[str, object]:
    place = event.place
    return {
        "record_id": record_id,
        "kind": event.kind.value,
        "date": event.date.value if event.date else None,
        "date_precision": event.date.precision.value if event.date else None,
        "date_earliest": event.date.earliest if event.date else None,
        "date_latest": event.date.latest if event.date else None,
        "reported_on": event.reported_on.value if event.reported_on else None,
        "reported_earliest": event.reported_on.earliest if event.reported_on else None,
        "place_country": place.country if place else None,
        "place_region": place.region if place else None,
        "place_text": place.text if place else event.place_text,
        "credibility": event.credibility,
        "note": event.note,
    }
