"""What every simulated source is made of: its description, columns, coverage and records.

A source is a `SourceSpec`: the metadata of its mapping file (kind, publisher, date,
language, reliability, compartment), the columns it writes with what each one means,
who it can record (`eligible`), how likely it is to record them (`Coverage`: a logistic
model of country, fate, sex, age, the hidden visibility and the other sources), the
noise of its clerks, and `render`, which writes one person's record(s).

Records are structured (`SimRecord`): names by column, events as `SimEvent`s with partial
dates, so that the writer formats them in the source's habits and the summary and the
truth can read them back without parsing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from headcount.model.vocabulary import Compartment, SourceKind
from headcount.simulate.noise import NoiseProfile, SimDate
from headcount.simulate.world import World


@dataclass(frozen=True)
class Column:
    """One column (or JSON key) of a source and what it means to `headcount ingest`.

    `target` is a property, `<event>_<field>`, `record_id`, `reported_on`, `credibility`,
    or `ignore` (kept in the raw row only); `slot` names what an ignored column holds
    (`status`, `age`, `outlet` …) so that a shared renderer can fill it.
    """

    header: str
    target: str
    separator: str | None = None
    slot: str | None = None


@dataclass(frozen=True)
class Coverage:
    """The logistic model of whether an eligible person is in a source.

    logit P = base + visibility·z + country[c] + fate[f] + women·[woman] + minors·[minor]
              + Σ depends_on[s]·[in source s]
    """

    base: float
    visibility: float = 0.8
    country: Mapping[str, float] = field(default_factory=dict)
    fate: Mapping[str, float] = field(default_factory=dict)
    women: float = 0.0
    minors: float = 0.0
    depends_on: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SimEvent:
    """An event as one record states it (its date may be partial or wrong)."""

    kind: str
    date: SimDate | None
    place: str | None = None
    reported_on: int | None = None
    credibility: int | None = None


Cell = str | list[str] | SimDate | None
"""A cell: text, several values (joined by the column's separator), or a partial date."""


@dataclass
class SimRecord:
    """One record of one source: cells by column header, plus its events."""

    record_id: str
    person: int
    cells: dict[str, Cell]
    events: list[SimEvent]
    reported_on: int
    credibility: int | None = None


@dataclass
class RenderContext:
    """What `render` needs besides the world: the spec, its noise, a random stream, ids."""

    spec: SourceSpec
    noise: NoiseProfile
    rng: np.random.Generator
    count: int = 0

    def next_id(self) -> str:
        """The next record id of this source (unique within it)."""
        self.count += 1
        return f"{self.spec.id_prefix}{self.count:06d}"

    def put(self, cells: dict[str, Cell], key: str, value: Cell) -> None:
        """Fill the column whose target or slot is `key`, if the source has one and a value."""
        header = self.spec.header_for(key)
        if header is not None and value not in (None, "", []):
            cells[header] = value


Render = Callable[[World, int, RenderContext], list[SimRecord]]
Eligible = Callable[[World], np.ndarray]


@dataclass(frozen=True)
class SourceSpec:
    """A simulated source: description, file layout, coverage, noise and record writer."""

    name: str
    kind: SourceKind
    publisher: str
    published: str
    language: str
    reliability: str
    compartment: Compartment
    credibility: int
    fmt: str
    date_style: str
    columns: tuple[Column, ...]
    coverage: Coverage
    noise: NoiseProfile
    eligible: Eligible
    render: Render
    description: str
    id_prefix: str = ""
    country: str | None = None
    """A national list's country: it lists that country's citizens and residents."""

    @property
    def file_name(self) -> str:
        """The data file's name in `sources/` (the mapping is `<name>.yaml` beside it)."""
        return f"{self.name}.{self.fmt}"

    @cached_property
    def _headers(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        for c in reversed(self.columns):
            keys[c.target] = c.header
            if c.slot:
                keys[c.slot] = c.header
        keys.pop("ignore", None)
        return keys

    def header_for(self, key: str) -> str | None:
        """The header of the column whose target (or slot) is `key`, if the source has one."""
        return self._headers.get(key)

    def targets(self) -> dict[str, str]:
        """Header → target for every column."""
        return {c.header: c.target for c in self.columns}
