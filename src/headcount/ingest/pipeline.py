"""Ingesting a file or a folder of files into the store, in one transaction.

Invariant: an ingest either adds every new record of every file it was given, with their
statements and events, or — on the first bad cell — adds nothing at all. Records already
in the store (same source, same content hash) are skipped, so re-ingesting adds nothing.
Rows are streamed in batches, so memory stays bounded whatever the file's size.

Once the records are in, the names they brought are parsed for linkage and kept in the
store's name cache (`headcount.linkage.namecache`): parsing is the slowest part of a first
`link` (123 s of 364 s on a million records), and it is paid once, when the data arrive,
rather than by the next link. The cache is only a cache: a failure there cannot undo the
ingest, and `link` parses whatever it does not find.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from sqlalchemy import Connection, insert, select, update

from headcount.ingest.errors import IngestError
from headcount.ingest.mapping import Mapping, SourceInfo, load_mapping
from headcount.ingest.readers import SUFFIXES, Progress, reader_for
from headcount.ingest.rows import EventValue, ParsedRecord, StatementValue, parse_row
from headcount.model.vocabulary import NAME_PROPERTIES, RELIABILITY_GRADES, Compartment
from headcount.storage.audit import record_audit
from headcount.storage.bulk import allocate_ids, insert_rows, refresh_statistics
from headcount.storage.engine import Store, now
from headcount.storage.migrate import require_current
from headcount.storage.tables import events, ingests, records, sources, statements

BATCH = 2000


@dataclass
class IngestReport:
    """What one file added."""

    file: str
    source: str
    rows_read: int = 0
    records_added: int = 0
    records_skipped: int = 0
    statements_added: int = 0
    events_added: int = 0

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class _Plan:
    path: Path
    mapping: Mapping
    source_name: str
    reports: list[IngestReport] = field(default_factory=list)


def data_files(path: Path) -> list[Path]:
    """The files an ingest of `path` reads: the file itself, or a folder's data files, sorted."""
    if not path.exists():
        raise IngestError("no such file or folder", file=path)
    if path.is_file():
        return [path]
    found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not found:
        raise IngestError("the folder holds no CSV, JSON Lines or Excel file", file=path)
    return found


def _mapping_for(path: Path, mapping: Path | None) -> Mapping:
    if mapping is not None:
        return load_mapping(mapping)
    for suffix in (".yaml", ".yml"):
        beside = path.with_suffix(suffix)
        if beside.exists():
            return load_mapping(beside)
    return Mapping()


def plan(path: Path, *, source: str | None = None, mapping: Path | None = None) -> list[_Plan]:
    """Which file goes to which source under which mapping (mappings are checked here)."""
    plans = []
    for file in data_files(path):
        file_mapping = _mapping_for(file, mapping)
        name = source or file_mapping.source.name or file.stem
        plans.append(_Plan(file, file_mapping, name))
    return plans


def ingest_path(
    store: Store,
    path: Path,
    *,
    source: str | None = None,
    mapping: Path | None = None,
    grade: str | None = None,
    user: str = "cli",
    progress: Progress | None = None,
    today: date | None = None,
    parse_names: bool = True,
) -> list[IngestReport]:
    """Ingest a file or a folder; all or nothing. Raise `IngestError` naming file, row, column.

    With `parse_names`, the names of the new records are then parsed into the name cache."""
    if grade is not None and grade not in RELIABILITY_GRADES:
        raise IngestError(f"--grade {grade!r} is not a reliability grade A–F")
    require_current(store)
    plans = plan(path, source=source, mapping=mapping)
    reports = []
    names: set[str] = set()
    with store.transaction() as connection:
        for item in plans:
            try:
                reports.append(
                    _ingest_file(
                        connection, item, grade, user, progress, today or date.today(), names
                    )
                )
            except IngestError as exc:
                raise exc.located(file=item.path) from None
    if parse_names and names:
        from headcount.linkage.namecache import cached_features  # pandas and the romanizer

        cached_features(store, names)
    return reports


def total_bytes(path: Path) -> int:
    """The size of what an ingest of `path` reads (for a progress bar)."""
    return sum(p.stat().st_size for p in data_files(path))


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _source(
    connection: Connection, name: str, info: SourceInfo, grade: str | None
) -> tuple[int, Compartment]:
    """The source's id and compartment, the source made first if new. A mapping that puts
    records in another compartment than their existing source's is refused: they would
    land where the mapping did not mean them to be (restricted records shown to all)."""
    existing = connection.execute(
        select(sources.c.id, sources.c.compartment).where(sources.c.name == name)
    ).first()
    if existing is not None:
        held = Compartment(existing.compartment)
        if info.compartment is not None and info.compartment is not held:
            raise IngestError(
                f"the source {name!r} exists in the {held.value} compartment, but the mapping "
                f"says {info.compartment.value}: a source's records are all in one "
                f"compartment; name another source"
            )
        return int(existing.id), held
    compartment = info.compartment or Compartment.open
    row = {
        "name": name,
        "kind": info.kind.value,
        "publisher": info.publisher,
        "published": info.published,
        "language": info.language,
        "reliability": info.reliability or grade or "F",
        "compartment": compartment.value,
        "description": info.description,
        "created_at": now(),
    }
    made = connection.execute(insert(sources).returning(sources.c.id), row).scalar_one()
    return int(made), compartment


def _ingest_file(
    connection: Connection,
    item: _Plan,
    grade: str | None,
    user: str,
    progress: Progress | None,
    today: date,
    names: set[str],
) -> IngestReport:
    report = IngestReport(file=str(item.path), source=item.source_name)
    source_id, compartment = _source(connection, item.source_name, item.mapping.source, grade)
    file_hash = _file_hash(item.path)
    previous = connection.execute(
        select(ingests.c.rows_read).where(
            ingests.c.source_id == source_id, ingests.c.file_hash == file_hash
        )
    ).first()
    if previous is not None:  # the very same file: nothing in it can be new
        report.rows_read = report.records_skipped = int(previous.rows_read)
        if progress is not None:
            progress(item.path.stat().st_size)
        return report
    writer = _Writer(connection, source_id, item.path.name, file_hash, user, report, names)
    rows = reader_for(item.path)(item.path, progress)
    parsed = (_parse(number, row, item.mapping, today) for number, row in rows)
    for batch in _batches(parsed, BATCH):
        report.rows_read += len(batch)
        writer.write(batch)
    writer.finish()
    if report.records_added:
        record_audit(
            connection, user, "ingest", "source", item.source_name, report.to_dict(),
            compartment=compartment,
        )  # fmt: skip
    return report


def _parse(number: int, row: dict[str, object], mapping: Mapping, today: date) -> ParsedRecord:
    try:
        return parse_row(number, row, mapping, today)
    except IngestError as exc:
        raise IngestError(exc.message, row=number, column=exc.column) from None


def _batches(items: Iterable[ParsedRecord], size: int) -> Iterator[list[ParsedRecord]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class _Writer:
    """Writes one file's new records; the ingest row is created with the first new record,
    so a file with nothing new leaves no trace."""

    def __init__(
        self,
        connection: Connection,
        source_id: int,
        file_name: str,
        file_hash: str,
        user: str,
        report: IngestReport,
        names: set[str],
    ) -> None:
        self.connection = connection
        self.names = names
        """Name values of the new records (for the name cache)."""
        self.source_id = source_id
        self.report = report
        self.ingest_id: int | None = None
        # Rows of this file already taken, by the first 128 bits of their hash (16 bytes each).
        self.seen: set[bytes] = set()
        self.source_had_records = (
            connection.execute(
                select(records.c.id).where(records.c.source_id == source_id).limit(1)
            ).first()
            is not None
        )
        if self.source_had_records:
            refresh_statistics(connection, records)
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
            known = set(
                self.connection.execute(
                    select(records.c.content_hash).where(
                        records.c.source_id == self.source_id, records.c.content_hash.in_(hashes)
                    )
                ).scalars()
            )
        fresh = []
        for record in batch:
            digest = bytes.fromhex(record.content_hash[:32])
            if record.content_hash in known or digest in self.seen:
                self.report.records_skipped += 1
                continue
            self.seen.add(digest)
            fresh.append(record)
        return fresh

    def write(self, batch: list[ParsedRecord]) -> None:
        fresh = self._new(batch)
        if not fresh:
            return
        if self.ingest_id is None:
            row = self.ingest_row | {"finished_at": now()}
            self.ingest_id = self.connection.execute(
                insert(ingests).returning(ingests.c.id), row
            ).scalar_one()
        ids = allocate_ids(self.connection, records, len(fresh))
        record_rows: list[dict[str, object]] = []
        statement_rows: list[dict[str, object]] = []
        event_rows: list[dict[str, object]] = []
        for record_id, record in zip(ids, fresh, strict=True):
            record_rows.append(_record_row(record_id, record, self.source_id, self.ingest_id))
            statement_rows.extend(_statement_row(record_id, s) for s in record.statements)
            self.names.update(s.value for s in record.statements if s.prop in NAME_PROPERTIES)
            event_rows.extend(_event_row(record_id, e) for e in record.events)
        insert_rows(self.connection, records, record_rows)
        insert_rows(self.connection, statements, statement_rows)
        insert_rows(self.connection, events, event_rows)
        self.report.records_added += len(fresh)
        self.report.statements_added += len(statement_rows)
        self.report.events_added += len(event_rows)

    def finish(self) -> None:
        if self.ingest_id is None:
            return
        self.connection.execute(
            update(ingests)
            .where(ingests.c.id == self.ingest_id)
            .values(
                rows_read=self.report.rows_read,
                records_added=self.report.records_added,
                finished_at=now(),
            )
        )


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
    return {
        "record_id": record_id,
        "kind": event.kind.value,
        "date": event.date.value if event.date else None,
        "date_precision": event.date.precision.value if event.date else None,
        "date_earliest": event.date.earliest if event.date else None,
        "date_latest": event.date.latest if event.date else None,
        "reported_on": event.reported_on.value if event.reported_on else None,
        "reported_earliest": event.reported_on.earliest if event.reported_on else None,
        "place_country": event.place.country if event.place else None,
        "place_region": event.place.region if event.place else None,
        "place_text": event.place.text if event.place else None,
        "credibility": event.credibility,
        "note": event.note,
    }
