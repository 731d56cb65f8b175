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
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from headcount.model.dates import DateOrder
from headcount.model.vocabulary import (
    EVENT_FIELDS,
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
