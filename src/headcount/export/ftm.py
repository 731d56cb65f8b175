"""Persons and their events as FollowTheMoney entities, through the `followthemoney` package.

Each person of the latest run (each unlinked record alone) becomes a `Person` entity with the
values its records give, mapped by `model.ftm.TO_FTM` and cleaned by FtM's own property types
(countries as lowercase ISO 3166 alpha-2, dates as ISO prefixes that keep their precision: a
birth in `1990-03` stays `1990-03`); each event a record reports becomes an `Event` entity
(`name` its kind, `date` as precise as the source gave it, `country`, `location`, `summary`
its note) whose `involved` is the person, so that Aleph and OpenSanctions tools show the
timeline. Every entity names the sources it came from in `publisher`.

Written with the package, not by hand: its types validate and normalise each value, and an
entity it writes is one Aleph and yente read.
"""

from __future__ import annotations

import json
from typing import IO

from followthemoney import model
from followthemoney.proxy import EntityProxy

from headcount.model.ftm import TO_FTM
from headcount.model.places import KOSOVO
from headcount.model.records import Record
from headcount.model.vocabulary import Compartments
from headcount.storage.engine import Connection
from headcount.storage.records import iter_records

PREFIX = "headcount"


def write_ftm(
    connection: Connection, stream: IO[str], compartments: Compartments, members: dict[int, str]
) -> int:
    """Write the persons (keyed by `members`: record id → person id) and their events as
    JSON lines of FtM entities; return how many entities."""
    persons: dict[str, EntityProxy] = {}
    events: list[EntityProxy] = []
    for record in iter_records(connection, compartments):
        key = members.get(record.id) or f"record-{record.id}"
        person = persons.get(key)
        if person is None:
            person = persons[key] = model.make_entity("Person")
            person.id = f"{PREFIX}-{key}"
        _add_statements(person, record)
        events.extend(_events(record, person.id))
    written = 0
    for person in persons.values():
        _caption(person)
        stream.write(json.dumps(person.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        written += 1
    for event in events:
        stream.write(json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        written += 1
    return written


def _country(value: str) -> str:
    """A stored country (`FRA`, `SYR:Raqqa`) as FtM cleans it (Kosovo's ISO-less XKX: `xk`)."""
    code = value.split(":", 1)[0]
    return "xk" if code == KOSOVO else code


def _add_statements(person: EntityProxy, record: Record) -> None:
    for s in record.statements:
        prop = TO_FTM.get(s.prop)
        if prop is None:
            continue
        value = _country(s.value) if prop in ("nationality", "country") else s.value
        person.add(prop, value, quiet=True)
    person.add("publisher", record.source)


def _caption(person: EntityProxy) -> None:
    """FtM captions a Person by its `name`: one is composed from the first given and family
    names, or the first alias, when no record gives a full name."""
    if person.get("name"):
        return
    first, last = sorted(person.get("firstName"))[:1], sorted(person.get("lastName"))[:1]
    composed = " ".join(first + last) or next(iter(sorted(person.get("alias"))), "")
    if composed:
        person.add("name", composed)


def _events(record: Record, person_id: str | None) -> list[EntityProxy]:
    out = []
    for i, e in enumerate(record.events):
        event = model.make_entity("Event")
        event.id = f"{PREFIX}-event-{record.id}-{i}"
        event.add("name", e.kind)
        event.add("date", e.date, quiet=True)
        if e.place_country:
            event.add("country", _country(e.place_country), quiet=True)
        event.add("location", e.place_region or e.place_text, quiet=True)
        event.add("summary", e.note, quiet=True)
        event.add("involved", person_id)
        event.add("publisher", record.source)
        event.add("recordId", f"{record.source}/{record.key}")
        out.append(event)
    return out
