"""One source row → the record, its statements and its events, every cell checked.

Values are normalised for comparison (countries to ISO 3166 alpha-3, dates to their
canonical partial form, names to NFC with spacing folded) while the text as the source
wrote it is kept beside them (`original`). Names are never transliterated here: they
are kept in their own script, and the script is recorded.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from headcount.ingest.errors import IngestError
from headcount.ingest.mapping import ColumnRule, Mapping
from headcount.ingest.readers import MAX_FIELD, Row
from headcount.model import dates, places
from headcount.model.dates import DateOrder, InvalidDate, PartialDate
from headcount.model.places import Place, UnknownCountry
from headcount.model.vocabulary import NAME_PROPERTIES, EventKind, Property
from headcount.names import scripts

# Sources repeat the same dates, countries and names many times: read each once per process.
# (The cached values are immutable; failures are not cached and raise every time.)
parse_date = lru_cache(maxsize=1 << 16)(dates.parse_date)
resolve_country = lru_cache(maxsize=1 << 12)(places.resolve_country)
parse_place = lru_cache(maxsize=1 << 12)(places.parse_place)
detect_script = lru_cache(maxsize=1 << 16)(scripts.detect_script)

MAX_KEY = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_GENDERS = {
    "male": ("m", "male", "man", "h", "homme", "masculin", "männlich", "mann", "ذكر", "мужской", "м", "муж"),
    "female": ("f", "female", "woman", "femme", "féminin", "feminin", "w", "weiblich", "frau", "أنثى", "انثى", "женский", "ж"),
}  # fmt: skip
_GENDER_OF = {word: gender for gender, words in _GENDERS.items() for word in words}


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
    reported_on: PartialDate | None = None
    credibility: int | None = None
    note: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # field -> the column it came from


@dataclass
class ParsedRecord:
    record_key: str
    row_number: int
    raw: dict[str, Any]
    content_hash: str
    reported_on: PartialDate | None
    statements: list[StatementValue] = field(default_factory=list)
    events: list[EventValue] = field(default_factory=list)


def content_hash(raw: dict[str, Any]) -> str:
    """The hash that makes re-ingesting the same row a no-op: of its content, not its position."""
    text = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def clean_text(value: Any, column: str) -> str:
    """A cell as text: refused when it holds control characters or is too long."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > MAX_FIELD:
        raise IngestError(f"the value is longer than {MAX_FIELD:,} characters", column=column)
    if match := _CONTROL.search(text):
        code = f"U+{ord(match.group()):04X}"
        raise IngestError(f"contains the control character {code}", column=column)
    return unicodedata.normalize("NFC", text).strip()


def parse_row(row_number: int, row: Row, mapping: Mapping, today: date) -> ParsedRecord:
    """Check and normalise one row; raise `IngestError` naming the column at fault."""
    credibility = mapping.credibility
    key = str(row_number)
    reported: PartialDate | None = None
    age: tuple[int, str] | None = None
    if mapping.fixed_reported_on:
        reported = parse_date(mapping.fixed_reported_on)
    elif mapping.source.published:
        reported = parse_date(mapping.source.published)
    rules = {column: mapping.rule(column) for column in row}
    for column, rule in rules.items():
        value, special = row[column], rule.field
        if rule.prop is not None or rule.event is not None or _empty(value):
            continue
        if special not in ("record_id", "reported_on", "credibility", "age"):
            continue
        text = clean_text(value, column)
        if special == "record_id":
            if len(text) > MAX_KEY:
                raise IngestError(f"a record id is at most {MAX_KEY} characters", column=column)
            key = text
        elif special == "reported_on":
            reported = _date(text, column, mapping.date_order, today)
        elif special == "age":
            age = (_age(text, column), column)
        else:
            credibility = _credibility(value, column)
    record = ParsedRecord(key, row_number, row, content_hash(row), reported)
    if age is not None:
        record.statements.append(_born_from_age(*age, reported, credibility))
    events: dict[EventKind, EventValue] = {}
    for column, value in row.items():
        if column == "events" and isinstance(value, list):
            record.events.extend(_event_objects(value, mapping, today, reported))
            continue
        rule = rules[column]
        if _empty(value) or (rule.prop is None and rule.event is None):
            continue
        if rule.prop is not None:
            for text in _values(value, rule, column):
                record.statements.append(
                    _statement(rule, text, column, mapping, credibility, today)
                )
        elif rule.event is not None and rule.field is not None:
            event = events.setdefault(rule.event, EventValue(rule.event))
            _set_event_field(
                event, rule.field, clean_text(value, column), column, rule, mapping, today
            )
    for event in events.values():
        if event.date is not None or event.place is not None:
            record.events.append(_finish_event(event, reported))
    for event in record.events:
        event.credibility = event.credibility or credibility
    return record


MAX_AGE = 120


def _age(text: str, column: str) -> int:
    if not text.isdigit() or int(text) > MAX_AGE:
        raise IngestError(f"{text!r} is not an age in whole years (0–{MAX_AGE})", column=column)
    return int(text)


def _born_from_age(
    age: int, column: str, reported: PartialDate | None, credibility: int
) -> StatementValue:
    """The birth date an age allows: someone `age` on the report date was born in the year
    before it, to the day (aged 22 on 2015-01-23: born 1992-01-24 … 1993-01-23); a report
    date known only to the month or year widens the range by as much."""
    if reported is None:
        raise IngestError(
            "an age needs the row's report date (a reported_on column, or the mapping's)",
            column=column,
        )
    try:
        born = PartialDate(
            _years_before(reported.earliest, age + 1) + timedelta(days=1),
            _years_before(reported.latest, age),
            dates.Precision.range,
        )
    except ValueError as exc:
        raise IngestError(f"age {age} on {reported.value}: {exc}", column=column) from None
    original = f"age {age} on {reported.value}"
    return StatementValue(Property.birth_date, born.value, original, None, credibility)


def _years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _values(value: Any, rule: ColumnRule, column: str) -> list[str]:
    if isinstance(value, list):
        texts = [clean_text(v, column) for v in value]
    else:
        text = clean_text(value, column)
        texts = text.split(rule.separator) if rule.separator else [text]
    return [t.strip() for t in texts if t.strip()]


def _credibility(value: Any, column: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= 6:
        raise IngestError(f"{value!r} is not a credibility 1–6", column=column)
    return number


def _date(text: str, column: str, order: DateOrder, today: date) -> PartialDate:
    try:
        parsed = parse_date(text, order)
    except InvalidDate as exc:
        raise IngestError(str(exc), column=column) from None
    if parsed.earliest > today:
        raise IngestError(f"{text!r} is in the future", column=column)
    return parsed


def _country(text: str, column: str) -> str:
    try:
        return resolve_country(text)
    except UnknownCountry as exc:
        raise IngestError(str(exc), column=column) from None


def _place(text: str, column: str) -> Place:
    try:
        return parse_place(text)
    except UnknownCountry as exc:
        raise IngestError(str(exc), column=column) from None


def _statement(
    rule: ColumnRule, text: str, column: str, mapping: Mapping, credibility: int, today: date
) -> StatementValue:
    prop = rule.prop
    assert prop is not None
    value, script = text, None
    if prop in NAME_PROPERTIES:
        value = " ".join(text.split())
        script = detect_script(value)
    elif prop is Property.birth_date:
        value = _date(text, column, rule.date_order or mapping.date_order, today).value
    elif prop is Property.citizenship:
        value = _country(text, column)
    elif prop is Property.residence:
        value = _place(text, column).value
    elif prop is Property.birth_place:
        try:
            value = parse_place(text).value
        except UnknownCountry:
            value = " ".join(text.split())  # a town headcount does not know: kept as written
    elif prop is Property.gender:
        gender = _GENDER_OF.get(text.casefold())
        if gender is None:
            raise IngestError(f"{text!r} is not a gender headcount reads (m/f …)", column=column)
        value = gender
    elif prop is Property.id_number:
        value = re.sub(r"[\s\-./]", "", text).upper()
    original = text if text != value else None
    return StatementValue(prop, value, original, script, credibility)


def _set_event_field(
    event: EventValue,
    name: str,
    text: str,
    column: str,
    rule: ColumnRule,
    mapping: Mapping,
    today: date,
) -> None:
    order = rule.date_order or mapping.date_order
    event.columns[name] = column
    if name == "date":
        event.date = _date(text, column, order, today)
    elif name == "place":
        event.place = _place(text, column)
    elif name == "reported_on":
        event.reported_on = _date(text, column, order, today)
    elif name == "credibility":
        event.credibility = _credibility(text, column)
    else:
        event.note = text


def _finish_event(event: EventValue, reported: PartialDate | None) -> EventValue:
    event.reported_on = event.reported_on or reported
    if event.date and event.reported_on and event.reported_on.latest < event.date.earliest:
        raise IngestError(
            f"{event.kind.value} is reported on {event.reported_on.value}, "
            f"before it happened ({event.date.value})",
            column=event.columns.get("reported_on") or event.columns.get("date"),
        )
    return event


def _event_objects(
    items: list[Any], mapping: Mapping, today: date, reported: PartialDate | None
) -> list[EventValue]:
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
        for name in ("date", "place", "reported_on", "credibility", "note"):
            if not _empty(item.get(name)):
                text = clean_text(item[name], f"{column}.{name}")
                _set_event_field(
                    event, name, text, f"{column}.{name}", ColumnRule(), mapping, today
                )
        if event.date is None and event.place is None:
            raise IngestError("an event needs a date or a place", column=column)
        found.append(_finish_event(event, reported))
    return found
