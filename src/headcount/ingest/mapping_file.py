"""Reading a mapping file (YAML; format in docs/ingest-format.md) into a `Mapping`, with
every problem reported with the file and the key at fault; and the `{field}` templates a
rule reads objects through."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import yaml

from headcount.ingest.errors import IngestError
from headcount.ingest.limits import MAX_SOURCE_NAME
from headcount.ingest.mapping import (
    IGNORE,
    MULTI_VALUED,
    ColumnRule,
    DuplicateIds,
    Mapping,
    SourceInfo,
    rule_from_name,
)
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
    "source",
    "columns",
    "credibility",
    "date_format",
    "record_id",
    "reported_on",
    "records",
    "null_values",
    "duplicate_ids",
}


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
            prop=prop,
            separator=separator or default_sep,
            date_order=order,
            item=item,
            where=where,
        )
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
