"""Ingesting a file or a folder of files into the store, in one transaction.

Invariant: an ingest either adds every new record of every file it was given, with their
statements, events and unparsed statements, or — on the first fault of a file (its
encoding, its quoting, its header, its limits; under `strict`, also the first value that
cannot be read) — adds nothing at all. A value that cannot be read is not a fault of the
file: the record is added without it, the cell is kept verbatim as an unparsed statement,
and the report lists it (the first `MAX_LISTED`, and the count; a rejects file, all).
Records already in the store (same source, same content hash) are skipped, so
re-ingesting adds nothing. Rows are streamed in batches, so memory stays bounded.

Two ingests into one source at once: the source is created by whichever writes first (the
other then adds to it, as if it had run after); if both add the same records at the same
moment, the second is refused with a message saying so, and writes nothing.

Once the records are in, the names they brought are parsed for linkage and kept in the
store's name cache (`headcount.linkage.namecache`): parsing is the slowest part of a first
`link`, and it is paid once, when the data arrive, rather than by the next link. The cache
is only a cache: a failure there cannot undo the ingest, and `link` parses whatever it does
not find.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from headcount.ingest.checks import TABULAR, ColumnCheck, IdCheck
from headcount.ingest.errors import IngestError, ValueFault, ValueNote
from headcount.ingest.faults import FaultList, Rejects, rejects_file
from headcount.ingest.limits import MAX_SOURCE_NAME, MAX_USER_NAME
from headcount.ingest.mapping import Mapping, SourceInfo
from headcount.ingest.mapping_file import load_mapping
from headcount.ingest.readers import SUFFIXES, Progress, reader_for
from headcount.ingest.rows import ParsedRecord, parse_row
from headcount.ingest.writer import Writer
from headcount.model.progress import Tally, untold
from headcount.model.vocabulary import RELIABILITY_GRADES, Compartment
from headcount.storage.audit import record_audit
from headcount.storage.engine import Connection, Store, now
from headcount.storage.ingests import (
    insert_source_if_absent,
    is_integrity,
    rows_read_before,
    source_row,
    write_collisions,
)
from headcount.storage.migrate import require_current

BATCH = 2000


@dataclass
class IngestReport:
    """What one file added, and the values it could not read."""

    file: str
    source: str
    rows_read: int = 0
    records_added: int = 0
    records_skipped: int = 0
    statements_added: int = 0
    events_added: int = 0
    values_unparsed: int = 0
    """Cells kept verbatim as unparsed statements (value faults)."""
    duplicates_skipped: int = 0
    """Rows skipped as later rows of a record id (`duplicate_ids: keep_first`)."""
    faults: list[ValueFault] = field(default_factory=list)
    """The first value faults (all are counted in `values_unparsed`)."""
    notes: list[ValueNote] = field(default_factory=list)
    """Values read one way among several, or kept as written (a historical state)."""
    notes_count: int = 0
    columns_unread: list[str] = field(default_factory=list)
    """Columns kept in the raw rows only: nothing maps them."""

    def summary(self) -> dict[str, object]:
        """The counts (no value of any row: this goes to the audit log)."""
        keys = (
            "file",
            "source",
            "rows_read",
            "records_added",
            "records_skipped",
            "statements_added",
            "events_added",
            "values_unparsed",
            "duplicates_skipped",
        )
        return {k: getattr(self, k) for k in keys}

    def to_dict(self) -> dict[str, object]:
        return self.summary() | {
            "faults": [f.as_dict() for f in self.faults],
            "notes": [n.as_dict() for n in self.notes],
            "notes_count": self.notes_count,
            "columns_unread": self.columns_unread,
        }


@dataclass
class _Plan:
    path: Path
    mapping: Mapping
    source_name: str


@dataclass(frozen=True)
class _Options:
    grade: str | None
    user: str
    progress: Progress | None
    today: date
    strict: bool


def data_files(path: Path) -> list[Path]:
    """The files an ingest of `path` reads: the file itself, or a folder's data files, sorted."""
    if not path.exists():
        raise IngestError("no such file or folder", file=path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise IngestError("is neither a file nor a folder", file=path)
    found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not found:
        raise IngestError("the folder holds no CSV, JSON, JSON Lines or Excel file", file=path)
    return found


def _mapping_for(path: Path, mapping: Path | None) -> Mapping:
    if mapping is not None:
        return load_mapping(mapping)
    for suffix in (".yaml", ".yml"):
        beside = path.with_suffix(suffix)
        if beside.is_file():
            return load_mapping(beside)
    return Mapping()


def plan(path: Path, *, source: str | None = None, mapping: Path | None = None) -> list[_Plan]:
    """Which file goes to which source under which mapping (mappings are checked here)."""
    if source is not None and not 0 < len(source.strip()) <= MAX_SOURCE_NAME:
        raise IngestError(f"--source: a source name has 1 to {MAX_SOURCE_NAME} characters")
    if mapping is not None and not mapping.is_file():
        raise IngestError("no such mapping file", file=mapping)
    plans = []
    for file in data_files(path):
        file_mapping = _mapping_for(file, mapping)
        name = source or file_mapping.source.name or file.stem
        if len(name) > MAX_SOURCE_NAME:
            raise IngestError(
                f"the file's name is longer than a source name may be ({MAX_SOURCE_NAME} "
                "characters): name the source with --source or the mapping's source.name",
                file=file,
            )
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
    files: Tally = untold,
    today: date | None = None,
    name_cache: Callable[[Store, set[str]], object] | None = None,
    strict: bool = False,
    rejects: Path | None = None,
) -> list[IngestReport]:
    """Ingest a file or a folder (see the module doc); raise `IngestError` naming file, row
    and column for a fault of a file, or for any value fault under `strict`.

    `progress` is told the bytes read, `files` the files done (for a progress bar). With
    `rejects`, every value kept unparsed is also written to that CSV file. With
    `name_cache` (linkage's `namecache.cached_features`, given by the caller: ingest
    sits below linkage), the names of the new records are then parsed into the name cache."""
    if grade is not None and grade not in RELIABILITY_GRADES:
        raise IngestError(f"--grade {grade!r} is not a reliability grade A–F")
    if not 0 < len(user) <= MAX_USER_NAME:
        raise IngestError(f"a user name has 1 to {MAX_USER_NAME} characters")
    require_current(store)
    plans = plan(path, source=source, mapping=mapping)
    options = _Options(grade, user, progress, today or date.today(), strict)
    reports = []
    names: set[str] = set()
    try:
        with rejects_file(rejects) as written, store.transaction() as connection:
            for item in plans:
                try:
                    reports.append(_ingest_file(connection, item, options, names, written))
                except IngestError as exc:
                    raise exc.located(file=item.path) from None
                files(len(reports), len(plans))
    except write_collisions() as exc:
        raise _concurrent(exc, plans) from None
    if name_cache is not None and names:
        name_cache(store, names)
    return reports


def _concurrent(exc: Exception, plans: list[_Plan]) -> IngestError:
    """What to tell the user when another writer got in the way (see the module doc)."""
    names = ", ".join(sorted({repr(p.source_name) for p in plans}))
    if is_integrity(exc):
        return IngestError(
            f"another ingest added the same records to {names} at the same moment: it "
            "holds them; nothing of this ingest was written (run it again to add what is new)"
        )
    if "locked" in str(exc) or "busy" in str(exc) or "deadlock" in str(exc):
        return IngestError(
            "the store stayed locked by another write (an ingest or a link) for longer than "
            "this ingest waits: nothing was written; run it again when that one has finished"
        )
    raise exc


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
    existing = source_row(connection, name)
    if existing is not None:
        held = Compartment(existing[1])
        if info.compartment is not None and info.compartment is not held:
            raise IngestError(
                f"the source {name!r} exists in the {held.value} compartment, but the mapping "
                f"says {info.compartment.value}: a source's records are all in one "
                f"compartment; name another source"
            )
        return existing[0], held
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
        "country": info.country,
        "created_at": now(),
    }
    # Made if still absent; the compartment is checked again against what another ingest
    # making the same source at the same moment wrote.
    insert_source_if_absent(connection, row)
    return _source(connection, name, info, grade)


def _ingest_file(
    connection: Connection,
    item: _Plan,
    options: _Options,
    names: set[str],
    rejects: Rejects | None,
) -> IngestReport:
    report = IngestReport(file=str(item.path), source=item.source_name)
    source_id, compartment = _source(
        connection, item.source_name, item.mapping.source, options.grade
    )
    file_hash = _file_hash(item.path)
    previous = rows_read_before(connection, source_id, file_hash)
    if previous is not None:  # the very same file: nothing in it can be new
        report.rows_read = report.records_skipped = previous
        if options.progress is not None:
            options.progress(item.path.stat().st_size)
        return report
    faults = FaultList()

    def reported(fresh: list[ParsedRecord]) -> None:
        for record in fresh:
            if record.faults or record.notes:
                faults.add(record.faults, record.notes)
                if rejects is not None:
                    rejects.write(str(item.path), record.faults)

    writer = Writer(connection, source_id, item.path.name, file_hash, options.user, names, reported)
    columns = ColumnCheck(item.mapping, tabular=item.path.suffix.lower() in TABULAR)
    rows = reader_for(item.path, records=item.mapping.records)(item.path, options.progress)
    parsed = _parsed(rows, item.mapping, options, columns, report)
    for batch in _batches(parsed, BATCH):
        writer.write(batch)
    columns.finish()
    if writer.rows_read == 0 and report.duplicates_skipped == 0:
        header = 2 if columns.tabular else None
        raise IngestError(
            "the file holds no records (a header alone?): nothing to ingest", row=header
        )
    writer.finish()
    report.rows_read = writer.rows_read + report.duplicates_skipped
    report.records_added, report.records_skipped = writer.added, writer.skipped
    report.statements_added, report.events_added = writer.statements, writer.events
    report.values_unparsed = writer.unparsed
    report.faults, report.notes, report.notes_count = faults.faults, faults.notes, faults.note_count
    report.columns_unread = columns.unread
    if report.records_added:
        record_audit(
            connection,
            options.user,
            "ingest",
            "source",
            item.source_name,
            report.summary(),
            compartment=compartment,
        )
    return report


def _parsed(
    rows: Iterable[tuple[int, dict[str, Any]]],
    mapping: Mapping,
    options: _Options,
    columns: ColumnCheck,
    report: IngestReport,
) -> Iterator[ParsedRecord]:
    """Each row parsed, its columns checked, a repeated record id dealt with."""
    id_column = next((c for c, r in mapping.columns.items() if _is_id(r)), None)
    ids = IdCheck(mapping.duplicate_ids, id_column or "record_id")
    for number, row in rows:
        columns.see(number, row)
        try:
            record = parse_row(number, row, mapping, options.today, strict=options.strict)
        except IngestError as exc:
            raise IngestError(exc.message, row=number, column=exc.column) from None
        if record.keyed and not ids.keep(record.record_key, number, record.content_hash):
            report.duplicates_skipped += 1
            continue
        yield record


def _is_id(rule: Any) -> bool:
    rules = rule if isinstance(rule, tuple) else (rule,)
    return any(r.field == "record_id" for r in rules)


def _batches(items: Iterable[ParsedRecord], size: int) -> Iterator[list[ParsedRecord]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
