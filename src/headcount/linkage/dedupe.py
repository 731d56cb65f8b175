"""`dedupe`: headcount's linkage on anyone's lists, without a store.

A user's CSV (or JSON Lines, Excel) files are read as `headcount ingest` reads them — the
same readers, the same normalisation of names, dates and countries — with the columns named
by `--map COLUMN=property` (a property such as `full_name`, `birth_date`, `citizenship`, or
an event field such as `killed_date`); columns already named like a property are read as
one. Each row's id is in its `record_id` column. The records of every file are then linked
by the same model as `headcount link` (trained on these records alone), and each record's
person is written as `source,record_id,person_id`, the source being the file's stem.

Person ids here are numbered in the order of each person's first record; they are not the
store's stable ids (there is no store).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from headcount.ingest.errors import IngestError
from headcount.ingest.mapping import ColumnRule, Mapping, rule_from_name
from headcount.ingest.readers import reader_for
from headcount.ingest.rows import parse_row
from headcount.linkage.link import DEFAULT_THRESHOLD, model_run
from headcount.linkage.persons import format_person_id
from headcount.linkage.prepare import RecordFacts, comparison_frame

OUTPUT_COLUMNS = ("source", "record_id", "person_id")


@dataclass(frozen=True)
class DedupeReport:
    records: int
    persons: int
    pairs_scored: int
    sources: dict[str, int]


def column_mapping(pairs: Sequence[str]) -> Mapping:
    """A reading of the files from `COLUMN=property` items (see the module doc)."""
    columns: dict[str, ColumnRule] = {"record_id": ColumnRule(field="record_id")}
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


def read_records(path: Path, mapping: Mapping, first_id: int) -> Iterator[tuple[str, RecordFacts]]:
    """(the row's own id, its facts) for every row of a file; ids numbered from `first_id`."""
    today = date.today()
    source = path.stem
    seen: set[str] = set()
    for offset, (number, row) in enumerate(reader_for(path)(path, None)):
        if "record_id" not in row:
            raise IngestError("the file needs a record_id column", file=path, row=1)
        try:
            parsed = parse_row(number, row, mapping, today)
        except IngestError as exc:
            raise IngestError(exc.message, file=path, row=number, column=exc.column) from None
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
) -> DedupeReport:
    """Link the records of `paths` into persons and write `out` (see the module doc)."""
    mapping = column_mapping(maps)
    stems = [p.stem for p in paths]
    if len(set(stems)) != len(stems):
        raise IngestError("two input files have the same name: their sources would be confused")
    keys: dict[int, tuple[str, str]] = {}
    facts: list[RecordFacts] = []
    for path in paths:
        for key, item in read_records(path, mapping, len(facts) + 1):
            keys[item.record_id] = (item.source, key)
            facts.append(item)
    if not facts:
        raise IngestError("the input files hold no records")
    frame = comparison_frame(facts)
    clustering, pairs, _, _ = model_run(frame, engine, threshold, {})
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
    return DedupeReport(len(facts), len(clustering.clusters), len(pairs), counts)
