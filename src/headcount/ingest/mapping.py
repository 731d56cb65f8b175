"""Mappings: which source column is which property, event field or special column.

A mapping comes from a YAML file (format in docs/ingest-format.md) or, for columns already
named as headcount names things, from the header alone. Every problem in a mapping file is
reported with the file and the key at fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from headcount.ingest.errors import IngestError
from headcount.model.dates import DateOrder, InvalidDate, parse_date
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


@dataclass(frozen=True)
class ColumnRule:
    """What one source column holds."""

    prop: Property | None = None
    event: EventKind | None = None
    field: str | None = None  # an event field, or a special column's name
    separator: str | None = None
    date_order: DateOrder | None = None


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


@dataclass(frozen=True)
class Mapping:
    """How to read one file."""

    source: SourceInfo = field(default_factory=SourceInfo)
    columns: dict[str, ColumnRule] = field(default_factory=dict)
    credibility: int = 6
    date_order: DateOrder = DateOrder.auto
    fixed_reported_on: str | None = None
    path: Path | None = None

    def rule(self, column: str) -> ColumnRule:
        """The rule for a column: from the mapping, else from its name, else ignore."""
        if column in self.columns:
            return self.columns[column]
        return rule_from_name(column) or IGNORE


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


def _build(data: dict[str, Any], path: Path | None) -> Mapping:
    known = {"source", "columns", "credibility", "date_format", "record_id", "reported_on"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise _fail(path, unknown[0], f"unknown key; expected one of {sorted(known)}")
    source = _source(data.get("source") or {}, path)
    date_order = _date_order(data.get("date_format", "auto"), path)
    columns: dict[str, ColumnRule] = {}
    for column, spec in (data.get("columns") or {}).items():
        columns[str(column)] = _column_rule(str(column), spec, path)
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
    )


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
    return SourceInfo(
        name=_text(data.get("name")),
        kind=kind,
        publisher=_text(data.get("publisher")),
        published=published,
        language=_text(data.get("language")),
        reliability=str(reliability) if reliability is not None else None,
        compartment=compartment,
        description=_text(data.get("description")),
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
    separator = spec.get("separator")
    order = _date_order(spec["format"], path) if "format" in spec else None
    if "property" in spec:
        prop = _enum(Property, spec["property"], path, f"{key}.property")
        default_sep = ";" if prop in MULTI_VALUED else None
        return ColumnRule(prop=prop, separator=separator or default_sep, date_order=order)
    if "event" in spec:
        kind = _enum(EventKind, spec["event"], path, f"{key}.event")
        event_field = spec.get("field", "date")
        if event_field not in EVENT_FIELDS:
            raise _fail(path, f"{key}.field", f"{event_field!r} is not one of {EVENT_FIELDS}")
        return ColumnRule(event=kind, field=event_field, date_order=order)
    raise _fail(path, key, "needs `property:` or `event:`")
