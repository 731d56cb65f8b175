"""`dedupe`: headcount's linkage on anyone's lists, without a store.

A user's CSV (or JSON Lines, Excel) files are read as `headcount ingest` reads them — the
same readers, the same normalisation of names, dates and countries — with the columns named
by `--map COLUMN=property` (a property such as `full_name`, `birth_date`, `citizenship`, or
an event field such as `killed_date`); columns already named like a property are read as
one. Each row's id is in its `record_id` column. The records of every file are then linked
by the same model as `headcount link` (trained on these records alone), and each record's
person is written as `source,record_id,person_id`, the source being the file's stem.

A value that cannot be read (an impossible birth date, a country that is none) is left out
of the record and reported, as `headcount ingest` does (listed, counted, and written to a
rejects file when one is asked for); with `strict`, it refuses the file. A town without a
country is a place of unknown country, never a fault.

Person ids here are numbered in the order of each person's first record; they are not the
store's stable ids (there is no store).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from headcount.ingest.errors import IngestError, ValueFault
from headcount.ingest.faults import FaultList, Rejects, rejects_file
from headcount.ingest.mapping import ColumnRule, Mapping, rule_from_name
from headcount.ingest.readers import reader_for
from headcount.ingest.rows import parse_row
from headcount.linkage.link import model_run
from headcount.linkage.persons import format_person_id
from headcount.linkage.prepare import RecordFacts, comparison_frame
from headcount.linkage.prepared import from_frame
from headcount.linkage.threshold import DEFAULT_THRESHOLD

OUTPUT_COLUMNS = ("source", "record_id", "person_id")


@dataclass(frozen=True)
class DedupeReport:
    records: int
    persons: int
    pairs_scored: int
    sources: dict[str, int]
    values_unparsed: int = 0
    """Values left out because they could not be read (all in the rejects file)."""
    faults: tuple[tuple[str, ValueFault], ...] = ()
    """The first of them, with their file's name."""

    def to_dict(self) -> dict[str, object]:
        return {
            "records": self.records,
            "persons": self.persons,
            "pairs_scored": self.pairs_scored,
            "sources": self.sources,
            "values_unparsed": self.values_unparsed,
            "faults": [f.as_dict() | {"file": name} for name, f in self.faults],
        }


def column_mapping(pairs: Sequence[str]) -> Mapping:
    """A reading of the files from `COLUMN=property` items (see the module doc)."""
    columns: dict[str, ColumnRule | tuple[ColumnRule, ...]] = {
        "record_id": ColumnRule(field="record_id")
    }
    for item in pairs:
        column, sep, target = item.partition("=")
        column, target = column.strip(), target.strip()
        if not sep or not column or not target:
            raise IngestError(f"--map {item!r}: write COLUMN=property, e.g. nom=family_name")
        rule = rule_from_name(target)
        if rule is None or rule.field in ("record_id", "reported_on", "credibility"):
            raise IngestError(
                f"--map {item!r}: {target!r} is not a property (full_name, birth_date, "
                "citizenship …) or an event field (killed_date …)"
            )
        columns[column] = rule
    return Mapping(columns=columns)


def read_records(
    path: Path,
    mapping: Mapping,
    first_id: int,
    *,
    strict: bool = False,
    faults: FaultList | None = None,
    rejects: Rejects | None = None,
) -> Iterator[tuple[str, RecordFacts]]:
    """(the row's own id, its facts) for every row of a file; ids numbered from `first_id`.
    Values that cannot be read go to `faults` and `rejects` (under `strict`, they raise)."""
    today = date.today()
    source = path.stem
    seen: set[str] = set()
    if not path.is_file():
        raise IngestError("no such file", file=path)
    for offset, (number, row) in enumerate(reader_for(path)(path, None)):
        if "record_id" not in row:
            raise IngestError("the file needs a record_id column", file=path, row=1)
        try:
            parsed = parse_row(number, row, mapping, today, strict=strict)
        except IngestError as exc:
            raise IngestError(exc.message, file=path, row=number, column=exc.column) from None
        if parsed.faults and faults is not None:
            faults.add(parsed.faults, [])
        if parsed.faults and rejects is not None:
            rejects.write(path.name, parsed.faults)
        if parsed.record_key in seen:
            raise IngestError(
                f"the record_id {parsed.record_key!r} is used twice", file=path, row=number
            )
        seen.add(parsed.record_key)
        statements = tuple((s.prop.value, s.value) for s in parsed.statements)
        events = tuple(
            (e.kind.value, e.date.value if e.date else None, e.place.country if e.place else None)
            for e in parsed.events
        )
        yield parsed.record_key, RecordFacts(first_id + offset, source, statements, events)


def dedupe_files(
    paths: Sequence[Path],
    maps: Sequence[str],
    out: Path,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    engine: str = "duckdb",
    strict: bool = False,
    rejects: Path | None = None,
) -> DedupeReport:
    """Link the records of `paths` into persons and write `out` (see the module doc)."""
    mapping = column_mapping(maps)
    stems = [p.stem for p in paths]
    if len(set(stems)) != len(stems):
        raise IngestError("two input files have the same name: their sources would be confused")
    if not out.parent.is_dir():
        raise IngestError("the folder to write to does not exist", file=out)
    keys: dict[int, tuple[str, str]] = {}
    facts: list[RecordFacts] = []
    found: dict[str, FaultList] = {path.name: FaultList() for path in paths}
    with rejects_file(rejects) as written:
        for path in paths:
            reading = read_records(
                path,
                mapping,
                len(facts) + 1,
                strict=strict,
                faults=found[path.name],
                rejects=written,
            )
            for key, item in reading:
                keys[item.record_id] = (item.source, key)
                facts.append(item)
    if not facts:
        raise IngestError("the input files hold no records")
    records = from_frame(comparison_frame(facts))
    clustering, pairs, _, _ = model_run(records, engine, threshold, {})
    order = sorted(clustering.clusters)
    person = {key: format_person_id(n) for n, key in enumerate(order, start=1)}
    of_record = clustering.person_of()
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(OUTPUT_COLUMNS)
        for record_id in sorted(keys):
            source, key = keys[record_id]
            writer.writerow([source, key, person[of_record[record_id]]])
    counts = {stem: sum(1 for s, _ in keys.values() if s == stem) for stem in stems}
    listed = tuple((name, f) for name, each in found.items() for f in each.faults)
    unparsed = sum(each.fault_count for each in found.values())
    return DedupeReport(len(facts), len(clustering.clusters), len(pairs), counts, unparsed, listed)
