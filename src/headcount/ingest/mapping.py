"""Mappings: which source column is which property, event field or special column.

A mapping comes from a YAML file (format in docs/ingest-format.md) or, for columns already
named as headcount names things, from the header alone. Every problem in a mapping file is
reported with the file and the key at fault.

A column may hold objects (a JSON list of `{"name": …, "quality": …}`): a rule then reads
each object through templates (`item: "{name}"`, the first template whose fields the object
has), keeping only objects whose fields match `where`; one column may carry several rules
(aliases of quality Good → `alias`, of quality Low → `weak_alias`).
"""

from __future__ import annotations

import difflib
import string
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from headcount.ingest.errors import IngestError
from headcount.ingest.limits import MAX_SOURCE_NAME
from headcount.model.dates import DateOrder, InvalidDate, parse_date
from headcount.model.places import UnknownCountry, resolve_country
from headcount.model.vocabulary import (
    CREDIBILITY_GRADES,
    EVENT_FIELDS,
    RELIABILITY_GRADES,
    Compartment,
    EventKind,
    Property,
    SourceKind,
)

MULTI_VALUED: frozenset[Property] = frozenset(
    {Property.alias, Property.weak_alias, Property.citizenship, Property.id_number}
)
SPECIAL_COLUMNS = ("record_id", "reported_on", "credibility", "age")


class DuplicateIds(StrEnum):
    """What to do with two different rows of one file under the same record id."""

    refuse = "refuse"  # the file is refused (the default: an id names one record)
    keep_all = "keep_all"  # each row is a record of its own, under the same id
    keep_first = "keep_first"  # the first row is the record; the later ones are skipped


@dataclass(frozen=True)
class ColumnRule:
    """What one source column holds."""

    prop: Property | None = None
    event: EventKind | None = None
    field: str | None = None  # an event field, or a special column's name
    separator: str | None = None
    date_order: DateOrder | None = None
    item: tuple[str, ...] = ()
    """Templates over an object's fields (`{name}`, `{from_year}/{to_year}`): the first
    whose fields the object has gives the value."""
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Only objects whose field holds one of the values: `(("quality", ("Good",)),)`."""

    def wants(self, item: dict[str, Any]) -> bool:
        """Whether an object passes `where`."""
        return all(str(item.get(key, "")) in values for key, values in self.where)


IGNORE = ColumnRule()


@dataclass(frozen=True)
class SourceInfo:
    """A source's description, as its mapping gives it."""

    name: str | None = None
    kind: SourceKind = SourceKind.other
    publisher: str | None = None
    published: str | None = None
    language: str | None = None
    reliability: str | None = None
    compartment: Compartment | None = None
    """None when the mapping does not say: a new source is then open, and an existing one
    keeps its own."""
    description: str | None = None
    country: str | None = None
    """A national source's country (ISO 3166 alpha-3): it lists that country's citizens
    and residents, which is evidence of where they left from."""


@dataclass(frozen=True)
class Mapping:
    """How to read one file."""

    source: SourceInfo = field(default_factory=SourceInfo)
    columns: dict[str, ColumnRule | tuple[ColumnRule, ...]] = field(default_factory=dict)
    credibility: int = 6
    date_order: DateOrder = DateOrder.auto
    fixed_reported_on: str | None = None
    path: Path | None = None
    records: str | None = None
    """Where a JSON document's list of records is (`persons`, `data.items`)."""
    null_values: frozenset[str] = frozenset()
    """Cell texts that mean "no value" in this file (`na`, `n/a`), compared casefolded."""
    duplicate_ids: DuplicateIds = DuplicateIds.refuse
    _headers: dict[tuple[str, ...], dict[str, tuple[ColumnRule, ...]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """The rules of the columns of each header seen (every row of a file asks again)."""

    def rules(self, column: str) -> tuple[ColumnRule, ...]:
        """The rules for a column: from the mapping, else from its name, else ignore."""
        found = self.columns.get(column) or rule_from_name(column) or IGNORE
        return found if isinstance(found, tuple) else (found,)

    def rules_of(self, columns: tuple[str, ...]) -> dict[str, tuple[ColumnRule, ...]]:
        """The rules of every column of a header, worked out once per header."""
        known = self._headers.get(columns)
        if known is None:
            known = {column: self.rules(column) for column in columns}
            if len(self._headers) < 1000:  # JSON objects vary their keys: keep the commonest
                self._headers[columns] = known
        return known

    def rule(self, column: str) -> ColumnRule:
        """The (first) rule for a column."""
        return self.rules(column)[0]

    def is_null(self, text: str) -> bool:
        return bool(self.null_values) and text.strip().casefold() in self.null_values

    def reads(self, column: str) -> bool:
        """Whether the column fills anything (a property, an event field, a special column)."""
        return any(r.prop or r.event or r.field for r in self.rules(column))


def suspicious(column: str, mapping: Mapping) -> str | None:
    """Why a column that fills nothing looks as if it was meant to (`killed_where`,
    `kiled_date`, `birthdate`): such a column would be silently unread."""
    if column in mapping.columns or mapping.reads(column):
        return None
    name = column.strip()
    for kind in EventKind:
        prefix = f"{kind.value}_"
        if name.startswith(prefix):
            return (
                f"looks like a field of a {kind.value} event, but {name[len(prefix) :]!r} "
                f"is not one of {', '.join(EVENT_FIELDS)}"
            )
    close = difflib.get_close_matches(name.casefold(), _known_names(), n=1, cutoff=0.85)
    if close:
        return f"is not a column headcount reads: did you mean {close[0]!r}?"
    return None


@cache
def _known_names() -> tuple[str, ...]:
    events = [f"{k.value}_{f}" for k in EventKind for f in EVENT_FIELDS]
    return (*Property.__members__, *SPECIAL_COLUMNS, *events)


@cache
def rule_from_name(column: str) -> ColumnRule | None:
    """The rule a column's own name implies (`birth_date`, `killed_date`, `record_id` …)."""
    name = column.strip()
    if name in Property.__members__:
        prop = Property(name)
        return ColumnRule(prop=prop, separator=";" if prop in MULTI_VALUED else None)
    if name in SPECIAL_COLUMNS:
        return ColumnRule(field=name)
    for kind in EventKind:
        prefix = f"{kind.value}_"
        if name.startswith(prefix) and name[len(prefix) :] in EVENT_FIELDS:
            return ColumnRule(event=kind, field=name[len(prefix) :])
    return None


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise IngestError(f"not a readable YAML mapping: {exc}", file=path) from exc
    if not isinstance(data, dict):
        raise IngestError("a mapping must be a YAML mapping of keys to values", file=path)
    return _build(data, path)


def _fail(path: Path | None, key: str, message: str) -> IngestError:
    return IngestError(f"mapping key {key!r}: {message}", file=path)


_KEYS = {
    "source", "columns", "credibility", "date_format", "record_id", "reported_on", "records",
    "null_values", "duplicate_ids",
}  # fmt: skip


def _build(data: dict[str, Any], path: Path | None) -> Mapping:
    unknown = sorted(set(data) - _KEYS, key=str)
    if unknown:
        raise _fail(path, str(unknown[0]), f"unknown key; expected one of {sorted(_KEYS)}")
    source = _source(data.get("source") or {}, path)
    date_order = _date_order(data.get("date_format", "auto"), path)
    columns_data = data.get("columns") or {}
    if not isinstance(columns_data, dict):
        raise _fail(path, "columns", "must be a mapping of column names to what they hold")
    columns: dict[str, ColumnRule | tuple[ColumnRule, ...]] = {}
    for column, spec in columns_data.items():
        specs = spec if isinstance(spec, list) else [spec]
        if not specs:
            raise _fail(path, f"columns.{column}", "an empty list of rules")
        columns[str(column)] = tuple(_column_rule(str(column), s, path) for s in specs)
    for special in ("record_id", "reported_on"):
        value = data.get(special)
        if isinstance(value, str) and not _looks_like_date(value):
            columns[value] = ColumnRule(field=special)
    reported = data.get("reported_on")
    fixed = str(reported) if reported is not None and _looks_like_date(str(reported)) else None
    return Mapping(
        source=source,
        columns=columns,
        credibility=_credibility(data.get("credibility", 6), path),
        date_order=date_order,
        fixed_reported_on=fixed,
        path=path,
        records=_records(data.get("records"), path),
        null_values=_null_values(data.get("null_values"), path),
        duplicate_ids=_enum(
            DuplicateIds, data.get("duplicate_ids", "refuse"), path, "duplicate_ids"
        ),
    )


def _records(value: Any, path: Path | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not all(value.split(".")):
        raise _fail(path, "records", "must be a dotted path of keys, e.g. persons or data.items")
    return value


def _null_values(value: Any, path: Path | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise _fail(path, "null_values", "must be a list of texts, e.g. [na, n/a, unknown]")
    return frozenset(str(v).strip().casefold() for v in value)


def _looks_like_date(value: str) -> bool:
    try:
        parse_date(value)
    except InvalidDate:
        return False
    return True


def _source(data: Any, path: Path | None) -> SourceInfo:
    if not isinstance(data, dict):
        raise _fail(path, "source", "must be a mapping (name, kind, publisher …)")
    known = set(SourceInfo.__dataclass_fields__)
    unknown = sorted(set(data) - known)
    if unknown:
        raise _fail(path, f"source.{unknown[0]}", f"unknown key; expected one of {sorted(known)}")
    kind = _enum(SourceKind, data.get("kind", "other"), path, "source.kind")
    said = data.get("compartment")
    compartment = None if said is None else _enum(Compartment, said, path, "source.compartment")
    reliability = data.get("reliability")
    if reliability is not None and str(reliability) not in RELIABILITY_GRADES:
        raise _fail(path, "source.reliability", f"{reliability!r} is not a grade A–F")
    published = data.get("published")
    if published is not None:
        try:
            published = parse_date(str(published)).value
        except InvalidDate as exc:
            raise _fail(path, "source.published", str(exc)) from exc
    name = _text(data.get("name"))
    if name is not None and not 0 < len(name.strip()) <= MAX_SOURCE_NAME:
        raise _fail(path, "source.name", f"a source name has 1 to {MAX_SOURCE_NAME} characters")
    language = _text(data.get("language"))
    if language is not None and len(language) > 20:
        raise _fail(path, "source.language", "a language code has at most 20 characters")
    country = data.get("country")
    if country is not None:
        try:
            country = resolve_country(str(country))
        except UnknownCountry as exc:
            raise _fail(path, "source.country", str(exc)) from exc
    return SourceInfo(
        name=name,
        kind=kind,
        publisher=_text(data.get("publisher")),
        published=published,
        language=language,
        reliability=str(reliability) if reliability is not None else None,
        compartment=compartment,
        description=_text(data.get("description")),
        country=country,
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _enum(enum: Any, value: Any, path: Path | None, key: str) -> Any:
    try:
        return enum(str(value))
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise _fail(path, key, f"{value!r} is not one of {choices}") from None


def _date_order(value: Any, path: Path | None) -> DateOrder:
    return DateOrder(_enum(DateOrder, value, path, "date_format"))


def _credibility(value: Any, path: Path | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in CREDIBILITY_GRADES:
        raise _fail(path, "credibility", f"{value!r} is not a credibility 1–6")
    return value


def _column_rule(column: str, spec: Any, path: Path | None) -> ColumnRule:
    key = f"columns.{column}"
    if spec == "ignore":
        return IGNORE
    if isinstance(spec, str):
        rule = rule_from_name(spec)
        if rule is None:
            raise _fail(path, key, f"{spec!r} is not a property, event field or special column")
        return rule
    if not isinstance(spec, dict):
        raise _fail(path, key, "must be a name or a mapping {property: …} / {event: …, field: …}")
    unknown = sorted(set(spec) - _RULE_KEYS, key=str)
    if unknown:
        raise _fail(
            path, f"{key}.{unknown[0]}", f"unknown key; expected one of {sorted(_RULE_KEYS)}"
        )
    separator = spec.get("separator")
    if separator is not None and (not isinstance(separator, str) or not separator):
        raise _fail(path, f"{key}.separator", "must be a text such as ';' or '|'")
    order = _date_order(spec["format"], path) if "format" in spec else None
    item, where = _templates(spec.get("item"), path, key), _where(spec.get("where"), path, key)
    if "property" in spec:
        prop = _enum(Property, spec["property"], path, f"{key}.property")
        default_sep = ";" if prop in MULTI_VALUED and not item else None
        return ColumnRule(
            prop=prop, separator=separator or default_sep, date_order=order, item=item,
            where=where,
        )  # fmt: skip
    if "event" in spec:
        kind = _enum(EventKind, spec["event"], path, f"{key}.event")
        event_field = spec.get("field", "date")
        if event_field not in EVENT_FIELDS:
            raise _fail(path, f"{key}.field", f"{event_field!r} is not one of {EVENT_FIELDS}")
        return ColumnRule(event=kind, field=event_field, date_order=order, item=item, where=where)
    raise _fail(path, key, "needs `property:` or `event:`")


_RULE_KEYS = {"property", "event", "field", "separator", "format", "item", "where"}


def _templates(value: Any, path: Path | None, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    for template in items:
        fields = _template_fields(template)
        if fields is None:
            raise _fail(path, f"{key}.item", f'{template!r} is not a template such as "{{name}}"')
    return tuple(items)


def _template_fields(template: Any) -> list[str] | None:
    """The field names of a template, or None when it is not one (no field, a format spec)."""
    if not isinstance(template, str):
        return None
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return None
    names = [name for _, name, spec, conversion in parts if name is not None]
    if not names or any(not n.isidentifier() for n in names):
        return None
    if any(spec or conversion for _, name, spec, conversion in parts if name is not None):
        return None
    return names


def _where(value: Any, path: Path | None, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict) or not value:
        raise _fail(path, f"{key}.where", "must map a field to a value or a list of values")
    out = []
    for name, wanted in value.items():
        values = wanted if isinstance(wanted, list) else [wanted]
        if not values or not all(isinstance(v, str | int | float | bool) for v in values):
            raise _fail(path, f"{key}.where.{name}", "must be a value or a list of values")
        out.append((str(name), tuple(str(v) for v in values)))
    return tuple(out)


def template_fields(template: str) -> list[str]:
    """The fields a (checked) template reads."""
    return _template_fields(template) or []
