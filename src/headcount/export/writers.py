"""The writers of `headcount.export` (see the package's docstring)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pycountry
from sqlalchemy import Connection, select

from headcount.export.formats import ExportFormat, ExportKind
from headcount.model.ftm import TO_FTM
from headcount.model.places import KOSOVO
from headcount.model.vocabulary import EVERY, Compartments, Property
from headcount.storage.audit import act_compartment, record_audit
from headcount.storage.engine import Store
from headcount.storage.migrate import require_current
from headcount.storage.queries import latest_run_id, visible_records
from headcount.storage.tables import events, person_records, records, sources, statements
from headcount.storage.unparsed import unparsed_between

CHUNK = 5000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ExportedRecord:
    id: int
    source: str
    record_id: str
    reported_on: str | None
    statements: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    unparsed: list[dict[str, Any]] = field(default_factory=list)
    """Values that could not be read, as the source wrote them."""


def safe_cell(value: object) -> str:
    """A CSV cell that no spreadsheet will execute."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def iter_records(
    connection: Connection, compartments: Compartments = EVERY
) -> Iterator[ExportedRecord]:
    """Every record of the sources `compartments` see, with its statements and events, in
    chunks (bounded memory)."""
    last = 0
    while True:
        chunk = connection.execute(
            select(records.c.id, sources.c.name, records.c.record_key, records.c.reported_on)
            .join(sources)
            .where(records.c.id > last, records.c.id.in_(visible_records(compartments)))
            .order_by(records.c.id)
            .limit(CHUNK)
        ).all()
        if not chunk:
            return
        lo, hi = chunk[0].id, chunk[-1].id
        found = {r.id: ExportedRecord(r.id, r.name, r.record_key, r.reported_on) for r in chunk}
        for s in connection.execute(
            select(statements)
            .where(statements.c.record_id.between(lo, hi))
            .order_by(statements.c.id)
        ).mappings():
            if s["record_id"] in found:
                found[s["record_id"]].statements.append(
                    {k: s[k] for k in ("prop", "value", "original", "script", "credibility")}
                )
        for e in connection.execute(
            select(events).where(events.c.record_id.between(lo, hi)).order_by(events.c.id)
        ).mappings():
            if e["record_id"] not in found:
                continue
            found[e["record_id"]].events.append(
                {k: e[k] for k in ("kind", "date", "reported_on", "credibility", "note")}
                | {"place": _place(e["place_country"], e["place_region"])}
            )
        for record_id, kept in unparsed_between(connection, lo, hi).items():
            if record_id in found:
                found[record_id].unparsed.extend(kept)
        yield from found.values()
        last = hi


def _place(country: str | None, region: str | None) -> str | None:
    if country is None:
        return None
    return f"{country}:{region}" if region else country


def _memberships(connection: Connection, compartments: Compartments) -> dict[int, str]:
    run = latest_run_id(connection, compartments)
    if run is None:
        return {}
    rows = connection.execute(
        select(person_records.c.record_id, person_records.c.person_id).where(
            person_records.c.run_id == run
        )
    )
    return {r.record_id: r.person_id for r in rows}


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
            written = _write_ftm(connection, stream, compartments)
    with store.transaction() as connection:
        detail = {"format": fmt.value, "file": str(out), "rows": written}
        record_audit(
            connection, user, "export", kind.value, None, detail,
            compartment=act_compartment(compartments),
        )  # fmt: skip
    return written


def _write_records(
    connection: Connection, fmt: ExportFormat, stream: IO[str], compartments: Compartments
) -> int:
    count = 0
    if fmt is ExportFormat.jsonl:
        for record in iter_records(connection, compartments):
            row = {k: v for k, v in record.__dict__.items() if k != "id"}
            stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            count += 1
        return count
    properties = [p.value for p in Property]
    writer = csv.writer(stream)
    writer.writerow(["source", "record_id", "reported_on", *properties, "events", "unparsed"])
    for record in iter_records(connection, compartments):
        values: dict[str, list[str]] = defaultdict(list)
        for s in record.statements:
            values[s["prop"]].append(s["value"])
        described = "; ".join(
            " ".join(str(e[k]) for k in ("kind", "date", "place") if e[k]) for e in record.events
        )
        unread = "; ".join(f"{u['source_column']}={u['value']}" for u in record.unparsed)
        cells = [record.source, record.record_id, record.reported_on]
        cells += ["; ".join(values.get(p, [])) for p in properties] + [described, unread]
        writer.writerow([safe_cell(c) for c in cells])
        count += 1
    return count


def _write_persons(
    connection: Connection, fmt: ExportFormat, stream: IO[str], compartments: Compartments
) -> int:
    members = _memberships(connection, compartments)
    rows = connection.execute(
        select(records.c.id, sources.c.name, records.c.record_key)
        .join(sources)
        .order_by(records.c.id)
    )
    writer = csv.writer(stream) if fmt is ExportFormat.csv else None
    if writer:
        writer.writerow(["source", "record_id", "person_id"])
    count = 0
    for r in rows:
        person = members.get(r.id)
        if person is None:
            continue
        if writer:
            writer.writerow([safe_cell(r.name), safe_cell(r.record_key), person])
        else:
            row = {"source": r.name, "record_id": r.record_key, "person_id": person}
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def _ftm_country(value: str) -> str | None:
    """FollowTheMoney writes countries as lowercase ISO 3166 alpha-2 (`fr`; Kosovo `xk`)."""
    code = value.split(":", 1)[0]
    if code == KOSOVO:
        return "xk"
    country = pycountry.countries.get(alpha_3=code)
    return country.alpha_2.lower() if country else None


def _write_ftm(connection: Connection, stream: IO[str], compartments: Compartments) -> int:
    members = _memberships(connection, compartments)
    entities: dict[str, dict[str, Any]] = {}
    for record in iter_records(connection, compartments):
        key = members.get(record.id) or f"record-{record.id}"
        entity = entities.setdefault(
            key, {"id": f"headcount-{key}", "schema": "Person", "properties": defaultdict(set)}
        )
        properties = entity["properties"]
        for s in record.statements:
            prop = TO_FTM.get(s["prop"])
            value = _ftm_country(s["value"]) if prop in ("nationality", "country") else s["value"]
            if prop and value:
                properties[prop].add(value)
        properties["publisher"].add(record.source)
    for entity in entities.values():
        properties = entity["properties"]
        if not properties.get("name"):  # FollowTheMoney needs a name to caption a Person
            first, last = (
                sorted(properties.get("firstName", [])),
                sorted(properties.get("lastName", [])),
            )
            composed = " ".join(first[:1] + last[:1])
            properties["name"] = {composed} if composed else set(sorted(properties["alias"])[:1])
        entity["properties"] = {k: sorted(v) for k, v in sorted(properties.items()) if v}
        stream.write(json.dumps(entity, ensure_ascii=False) + "\n")
    return len(entities)
