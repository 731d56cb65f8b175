"""One source row → the record, its statements and its events, every cell checked.

Values are normalised for comparison (countries to ISO 3166 alpha-3, dates to their
canonical partial form, names to NFC with spacing folded) while the text as the source
wrote it is kept beside them (`original`). Names are never transliterated here: they
are kept in their own script, and the script is recorded.

A cell whose value cannot be read (an impossible date, a country that is none) is a value
fault: the record keeps it verbatim among its `faults` (stored as an unparsed statement),
and the rest of the row is read as usual. Under `strict`, the first one raises instead.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any, TypeVar

from headcount.ingest.errors import CellError, FaultKind, IngestError, ValueFault, ValueNote
from headcount.ingest.limits import MAX_KEY
from headcount.ingest.mapping import ColumnRule, Mapping
from headcount.ingest.mapping_file import template_fields
from headcount.ingest.readers import Row
from headcount.ingest.values import (
    clean_text,
    detect_script,
    parse_date,
    read_age,
    read_country,
    read_credibility,
    read_date,
    read_gender,
    read_id_number,
    read_place,
)
from headcount.model import dates
from headcount.model.dates import PartialDate
from headcount.model.places import Place
from headcount.model.vocabulary import NAME_PROPERTIES, EventKind, Property

__all__ = [
    "EventValue",
    "ParsedRecord",
    "StatementValue",
    "clean_text",
    "content_hash",
    "parse_row",
]

T = TypeVar("T")


@dataclass(frozen=True)
class StatementValue:
    prop: Property
    value: str
    original: str | None
    script: str | None
    credibility: int


@dataclass
class EventValue:
    kind: EventKind
    date: PartialDate | None = None
    place: Place | None = None
    place_text: str | None = None
    """A place kept as written, when headcount cannot put it in a country."""
    reported_on: PartialDate | None = None
    credibility: int | None = None
    note: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # field -> the column it came from
    texts: dict[str, str] = field(default_factory=dict)  # field -> the text it came from


@dataclass
class ParsedRecord:
    record_key: str
    row_number: int
    raw: dict[str, Any]
    content_hash: str
    reported_on: PartialDate | None
    statements: list[StatementValue] = field(default_factory=list)
    events: list[EventValue] = field(default_factory=list)
    faults: list[ValueFault] = field(default_factory=list)
    notes: list[ValueNote] = field(default_factory=list)
    keyed: bool = False
    """Whether the row gave its own record id (else `record_key` is its row number)."""


def content_hash(raw: dict[str, Any]) -> str:
    """The hash that makes re-ingesting the same row a no-op: of its content, not its position."""
    text = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Row:
    """The reading of one row: where its faults and notes go, strict or not."""

    def __init__(self, record: ParsedRecord, mapping: Mapping, today: date, strict: bool) -> None:
        self.record = record
        self.mapping = mapping
        self.today = today
        self.strict = strict

    def attempt(self, read: Callable[[], T], column: str, text: str, prop: str) -> T | None:
        """`read()`, or None with the value kept as a fault (raised under `strict`)."""
        try:
            return read()
        except CellError as exc:
            if self.strict:
                raise
            self.fault(exc, column, text, prop)
            return None

    def fault(self, exc: CellError, column: str, text: str, prop: str) -> None:
        if self.strict:
            raise exc
        where = exc.column or column
        self.record.faults.append(
            ValueFault(self.record.row_number, where, text, prop, exc.kind, exc.message)
        )

    def note(self, column: str, text: str, message: str | None) -> None:
        if message is not None:
            self.record.notes.append(ValueNote(self.record.row_number, column, text, message))

    def date(
        self, text: str, column: str, rule: ColumnRule | None, prop: str
    ) -> PartialDate | None:
        order = (rule.date_order if rule else None) or self.mapping.date_order
        read = partial(read_date, text, column, order, self.today)
        return self.attempt(read, column, text, prop)


def parse_row(
    row_number: int, row: Row, mapping: Mapping, today: date, *, strict: bool = False
) -> ParsedRecord:
    """Check and normalise one row. A value fault is kept in `faults` (under `strict`,
    raised as `IngestError` naming the column); a fault of the text itself always raises."""
    record = ParsedRecord(str(row_number), row_number, row, content_hash(row), None)
    reading = _Row(record, mapping, today, strict)
    credibility = mapping.credibility
    if mapping.fixed_reported_on:
        record.reported_on = parse_date(mapping.fixed_reported_on)
    elif mapping.source.published:
        record.reported_on = parse_date(mapping.source.published)
    age: tuple[str, str] | None = None
    rules = mapping.rules_of(tuple(row))
    for column, value in row.items():
        rule = rules[column][0]
        special = rule.field if rule.prop is None and rule.event is None else None
        if special not in ("record_id", "reported_on", "credibility", "age"):
            continue
        if _empty(value, mapping):
            continue
        text = clean_text(value, column)
        if special == "record_id":
            if len(text) > MAX_KEY:
                raise IngestError(f"a record id is at most {MAX_KEY} characters", column=column)
            record.record_key, record.keyed = text, True
        elif special == "reported_on":
            record.reported_on = reading.date(text, column, None, special) or record.reported_on
        elif special == "age":
            age = (text, column)
        else:
            read = partial(read_credibility, text, column)
            found = reading.attempt(read, column, text, special)
            credibility = found or credibility
    if age is not None:
        _born_from_age(reading, *age, credibility)
    events: dict[EventKind, EventValue] = {}
    for column, value in row.items():
        if column == "events" and isinstance(value, list) and column not in mapping.columns:
            record.events.extend(_event_objects(reading, value))
            continue
        if _empty(value, mapping):
            continue
        for rule in rules[column]:
            if rule.prop is not None:
                for text in _values(value, rule, column, mapping):
                    _statement(reading, rule, text, column, credibility)
            elif rule.event is not None and rule.field is not None:
                texts = _values(value, rule, column, mapping)
                if texts:
                    event = events.setdefault(rule.event, EventValue(rule.event))
                    _set_event_field(reading, event, rule.field, texts[0], column, rule)
    for event in events.values():
        if (finished := _finish_event(reading, event)) is not None:
            record.events.append(finished)
    for event in record.events:
        event.credibility = event.credibility or credibility
    return record


def _empty(value: Any, mapping: Mapping) -> bool:
    if isinstance(value, str):
        return not value or value.isspace() or bool(mapping.null_values and mapping.is_null(value))
    return value is None or value == [] or value == {}


def _values(value: Any, rule: ColumnRule, column: str, mapping: Mapping) -> list[str]:
    """The texts a cell gives under a rule: objects through its templates, lists item by
    item, text split by its separator; empty and null values dropped."""
    if rule.item:
        items = value if isinstance(value, list) else [value]
        found = (_fill(i, rule, column, mapping) for i in items if isinstance(i, dict))
        return [text for text in found if text]
    if isinstance(value, list):
        texts = [clean_text(v, column) for v in value if v is not None]
    else:
        text = clean_text(value, column)
        if not rule.separator:
            return [text] if text and not mapping.is_null(text) else []
        texts = text.split(rule.separator)
    return [t.strip() for t in texts if t.strip() and not mapping.is_null(t)]


def _fill(item: dict[str, Any], rule: ColumnRule, column: str, mapping: Mapping) -> str | None:
    if not rule.wants(item):
        return None
    for template in rule.item:
        values: dict[str, str] = {}
        for name in template_fields(template):
            text = "" if item.get(name) is None else clean_text(item[name], column)
            if not text or mapping.is_null(text):
                break
            values[name] = text
        else:
            return template.format(**values)
    return None


def _born_from_age(reading: _Row, text: str, column: str, credibility: int) -> None:
    """The birth date an age allows: someone `age` on the report date was born in the year
    before it, to the day (aged 22 on 2015-01-23: born 1992-01-24 … 1993-01-23); a report
    date known only to the month or year widens the range by as much."""
    age = reading.attempt(partial(read_age, text, column), column, text, "age")
    reported = reading.record.reported_on
    if age is None:
        return
    if reported is None:
        message = "an age needs the row's report date (a reported_on column, or the mapping's)"
        reading.fault(CellError(message, column=column, kind=FaultKind.age), column, text, "age")
        return
    born = PartialDate(
        _years_before(reported.earliest, age + 1) + timedelta(days=1),
        _years_before(reported.latest, age),
        dates.Precision.range,
    )
    original = f"age {age} on {reported.value}"
    reading.record.statements.append(
        StatementValue(Property.birth_date, born.value, original, None, credibility)
    )


def _years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _statement(reading: _Row, rule: ColumnRule, text: str, column: str, credibility: int) -> None:
    prop = rule.prop
    assert prop is not None
    value: str | None = text
    script = None
    if prop in NAME_PROPERTIES:
        value = " ".join(text.split())
        script = detect_script(value)
    elif prop is Property.birth_date:
        found = reading.date(text, column, rule, prop.value)
        value = found.value if found else None
    elif prop is Property.citizenship:
        country = reading.attempt(partial(read_country, text, column), column, text, prop.value)
        value = country.value if country else None
        reading.note(column, text, country.note if country else None)
    elif prop in (Property.residence, Property.birth_place):
        place, note = read_place(text)
        value = place.value if place else " ".join(text.split())
        reading.note(column, text, note)
    elif prop is Property.gender:
        value = reading.attempt(partial(read_gender, text, column), column, text, prop.value)
    elif prop is Property.id_number:
        value = reading.attempt(partial(read_id_number, text, column), column, text, prop.value)
    if value is None:
        return
    original = text if text != value else None
    reading.record.statements.append(StatementValue(prop, value, original, script, credibility))


def _set_event_field(
    reading: _Row, event: EventValue, name: str, text: str, column: str, rule: ColumnRule | None
) -> None:
    prop = f"{event.kind.value}_{name}"
    if name in ("date", "reported_on"):
        found = reading.date(text, column, rule, prop)
        if found is None:
            return
        setattr(event, name, found)
    elif name == "place":
        event.place, note = read_place(text)
        event.place_text = None if event.place else " ".join(text.split())
        reading.note(column, text, note)
    elif name == "credibility":
        found_credibility = reading.attempt(
            partial(read_credibility, text, column), column, text, prop
        )
        if found_credibility is None:
            return
        event.credibility = found_credibility
    else:
        event.note = text
    event.columns[name] = column
    event.texts[name] = text


def _finish_event(reading: _Row, event: EventValue) -> EventValue | None:
    """The event, when it has a date or a place, its report date checked:
    a report before the event is a fault of the event's own report date when it has one,
    else of its date (the row's report date holds for all its events)."""
    own = event.reported_on
    event.reported_on = own or reading.record.reported_on
    if event.date and event.reported_on and event.reported_on.latest < event.date.earliest:
        blamed = "reported_on" if own is not None else "date"
        column = event.columns.get(blamed) or event.columns.get("date") or ""
        message = (
            f"{event.kind.value} is reported on {event.reported_on.value}, "
            f"before it happened ({event.date.value})"
        )
        exc = CellError(message, column=column, kind=FaultKind.reported_before_event)
        reading.fault(exc, column, event.texts.get(blamed, ""), f"{event.kind.value}_{blamed}")
        if own is not None:
            event.reported_on = None
        else:
            event.date = None
    return event if _placed_or_dated(event) else None


def _placed_or_dated(event: EventValue) -> bool:
    return event.date is not None or event.place is not None or event.place_text is not None


def _event_objects(reading: _Row, items: list[Any]) -> list[EventValue]:
    found = []
    for position, item in enumerate(items, start=1):
        column = f"events[{position}]"
        if not isinstance(item, dict) or "kind" not in item:
            raise IngestError("an event must be an object with a `kind`", column=column)
        try:
            kind = EventKind(str(item["kind"]))
        except ValueError:
            choices = ", ".join(k.value for k in EventKind)
            raise IngestError(f"{item['kind']!r} is not one of {choices}", column=column) from None
        event = EventValue(kind)
        faults = len(reading.record.faults)
        for name in ("date", "place", "reported_on", "credibility", "note"):
            if not _empty(item.get(name), reading.mapping):
                text = clean_text(item[name], f"{column}.{name}")
                _set_event_field(reading, event, name, text, f"{column}.{name}", None)
        if not _placed_or_dated(event) and len(reading.record.faults) == faults:
            raise IngestError("an event needs a date or a place", column=column)
        if (finished := _finish_event(reading, event)) is not None:
            found.append(finished)
    return found
