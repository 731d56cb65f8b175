"""A record as the store keeps it: what one source said about one person, and nothing else.

These are the domain's entities (DESIGN: source → record → statements and events), one
shape from storage to every reader: `storage.records` reads them, exports and pages show
them. A record's facts are always its own; which person it belongs to is a linkage run's
answer and lives beside it, never in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Statement:
    """One value a record gives for a property (a name, a nationality, a birth date …)."""

    prop: str
    value: str
    """The value as headcount reads it (a name normalised, a country as ISO alpha-3 …)."""
    original: str | None
    """The value as the source wrote it, where that differs."""
    script: str | None
    credibility: int


@dataclass(frozen=True)
class Event:
    """Something the record says happened to the person: departed, killed, detained …"""

    kind: str
    date: str | None
    """The date as the source gave it (a partial date: `2015`, `2015-03`, `2015-03-02`)."""
    date_precision: str | None
    date_earliest: dt.date | None
    date_latest: dt.date | None
    reported_on: str | None
    place_country: str | None
    place_region: str | None
    place_text: str | None
    """A place kept as written, when it could not be put in a country."""
    credibility: int
    note: str | None

    @property
    def place(self) -> str | None:
        """`COUNTRY` or `COUNTRY:region`, as exports write a place; None without a country."""
        if self.place_country is None:
            return None
        return (
            f"{self.place_country}:{self.place_region}" if self.place_region else self.place_country
        )


@dataclass(frozen=True)
class Unparsed:
    """A value the source gave that could not be read (an impossible date …), as written."""

    prop: str
    source_column: str
    value: str
    error_type: str
    error: str


@dataclass
class Record:
    """One source's record: its key in that source, and every statement, event and
    unread value it holds."""

    id: int
    source: str
    key: str
    """The source's own id of the record (`records.record_key`)."""
    reported_on: str | None
    statements: list[Statement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)

    @property
    def name(self) -> str:
        """`SOURCE/RECORD_KEY`, as users name records."""
        return f"{self.source}/{self.key}"


@dataclass(frozen=True)
class RecordFacts:
    """A record in brief, as linkage reads a million of them: its statements and events as
    plain tuples (the compact form of `Record`, shared and interned by the reader)."""

    record_id: int
    source: str
    statements: tuple[tuple[str, str], ...]
    """(property, normalised value) pairs, in the store's order."""
    events: tuple[tuple[str, str | None, str | None], ...] = ()
    """(kind, canonical date or None, ISO3 country or None)."""
