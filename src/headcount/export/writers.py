"""The writers of `headcount.export` (see the package's docstring)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from headcount.export.formats import ExportFormat, ExportKind
from headcount.export.ftm import write_ftm
from headcount.model.persons import record_index
from headcount.model.records import Event, Record
from headcount.model.vocabulary import EVERY, Compartments, Property
from headcount.storage.audit import act_compartment, record_audit
from headcount.storage.engine import Connection, Store
from headcount.storage.migrate import require_current
from headcount.storage.persons import run_person_list
from headcount.storage.queries import latest_run_id
from headcount.storage.records import iter_records, record_keys

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell that no spreadsheet will execute."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _memberships(connection: Connection, compartments: Compartments) -> dict[int, str]:
    """Record id → person id over the persons of the latest run `compartments` see."""
    run = latest_run_id(connection, compartments)
    return {} if run is None else record_index(run_person_list(connection, run, compartments))


def _event_row(event: Event) -> dict[str, Any]:
    keys = ("kind", "date", "reported_on", "credibility", "note", "place")
    return {k: getattr(event, k) for k in keys}


def _record_row(record: Record) -> dict[str, Any]:
    """A record as a line of the JSONL export."""
    return {
        "source": record.source,
        "record_id": record.key,
        "reported_on": record.reported_on,
        "statements": [asdict(s) for s in record.statements],
        "events": [
            {
                "kind": e.kind,
                "date": e.date,
                "reported_on": e.reported_on,
                "credibility": e.credibility,
                "note": e.note,
                "place": e.place,
            }
            for e in record.events
        ],
        "unparsed": [asdict(u) for u in record.unparsed],
    }


def export(
    store: Store,
    kind: ExportKind,
    fmt: ExportFormat,
    out: Path,
    *,
    user: str = "cli",
    compartments: Compartments = EVERY,
) -> int:
    """Write an export of what `compartments` see (their records, and the persons of the
    latest run they see); return how many rows or entities were written."""
    require_current(store)
    with store.reading() as connection, out.open("w", encoding="utf-8", newline="") as stream:
        if kind is ExportKind.records:
            written = _write_records(connection, fmt, stream, compartments)
        elif kind is ExportKind.persons:
            written = _write_persons(connection, fmt, stream, compartments)
        else:
            members = _memberships(connection, compartments)
            written = write_ftm(connection, stream, compartments, members)
    with store.transaction() as connection:
        detail = {"format": fmt.value, "file": str(out), "rows": written}
        record_audit(
            connection,
            user,
            "export",
            kind.value,
            None,
            detail,
            compartment=act_compartment(compartments),
        )
    return written


def _write_records(
    connection: Connection, fmt: ExportFormat, stream: IO[str], compartments: Compartments
) -> int:
    count = 0
    if fmt is ExportFormat.jsonl:
        for record in iter_records(connection, compartments):
            stream.write(json.dumps(_record_row(record), ensure_ascii=False, default=str) + "\n")
            count += 1
        return count
    properties = [p.value for p in Property]
    writer = csv.writer(stream)
    writer.writerow(["source", "record_id", "reported_on", *properties, "events", "unparsed"])
    for record in iter_records(connection, compartments):
        values: dict[str, list[str]] = defaultdict(list)
        for s in record.statements:
            values[s.prop].append(s.value)
        described = "; ".join(
            " ".join(str(v) for v in (e.kind, e.date, e.place) if v) for e in record.events
        )
        unread = "; ".join(f"{u.source_column}={u.value}" for u in record.unparsed)
        cells = [record.source, record.key, record.reported_on]
        cells += ["; ".join(values.get(p, [])) for p in properties] + [described, unread]
        writer.writerow([safe_cell(c) for c in cells])
        count += 1
    return count


def _write_persons(
    connection: Connection, fmt: ExportFormat, stream: IO[str], compartments: Compartments
) -> int:
    members = _memberships(connection, compartments)
    writer = csv.writer(stream) if fmt is ExportFormat.csv else None
    if writer:
        writer.writerow(["source", "record_id", "person_id"])
    count = 0
    for record_id, source, key in record_keys(connection):
        person = members.get(record_id)
        if person is None:
            continue
        if writer:
            writer.writerow([safe_cell(source), safe_cell(key), person])
        else:
            row = {"source": source, "record_id": key, "person_id": person}
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
