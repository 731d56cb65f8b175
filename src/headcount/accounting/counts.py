"""Counts per country × status on a date, each cell an enumeration with an interval.

A cell's `value` is the number of persons in that status under the `reported` reading
with the current persons. Its interval [`low`, `high`] is the spread of the same number
over every *variant*: each reading (`reported`, `confirmed` — see `rules`) crossed with
each clustering of the records (the current persons and any alternative clusterings,
e.g. those implied by neighbouring linkage thresholds), then widened by the linkage
margins (`margins`: the error the variants do not model, calibrated on simulated data)
when the persons come from a linkage model. A cell is an enumeration — persons seen in
records — never an estimate of those no record saw.

Invariant: in every variant and every row, `departed = Σ statuses`; `Row.balanced`
records the check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, select

from headcount.accounting.breakdowns import (
    BREAKDOWNS,
    FLAG_DEFINITIONS,
    FLAGS,
    tables as breakdown_tables,
)
from headcount.accounting.margins import LINKAGE_MARGINS, NONE, Margins
from headcount.accounting.rules import STATUS_ORDER, Reading, Rules, definitions
from headcount.accounting.status import Snapshot
from headcount.accounting.timeline import MENTIONS, Evidence, load_evidence
from headcount.linkage.alternatives import (
    DEFAULT_THRESHOLD,
    alternative_clusterings,
    neighbouring_thresholds,
)
from headcount.linkage.traits import store_traits
from headcount.model.vocabulary import Metric, Status
from headcount.storage.engine import Store
from headcount.storage.migrate import require_current
from headcount.storage.tables import linkage_runs, pair_scores

ENUMERATION = "enumeration"
ALL = "all"
"""The country of a row that adds up every country."""
CURRENT = "current persons"
STATUSES: tuple[str, ...] = tuple(s.value for s in STATUS_ORDER)
COLUMNS: tuple[str, ...] = (*STATUSES, "departed")
CUBE_COLUMNS: tuple[str, ...] = (*COLUMNS, *FLAGS)
GROUPINGS = ("country", "status")
FAR_STEP = 6.0
"""How far (in match-weight units, a factor 2**6 on the odds) the far thresholds sit from a
run's own. On a simulated population of 2,000 the neighbouring thresholds alone (3 units)
held the perfect-linkage count in 19% of country × status cells of 20 or more persons;
with the far ones too, 72% (docs/methodology/accounting.md, "Checked on simulated data")."""


@dataclass(frozen=True)
class Cell:
    """One count: its value, its interval over the variants, and what it is."""

    value: int
    low: int
    high: int
    kind: str = ENUMERATION

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "low": self.low, "high": self.high, "kind": self.kind}


@dataclass(frozen=True)
class Row:
    """One country (or `all`): departed and each status, and the identity check."""

    country: str
    departed: Cell
    statuses: dict[str, Cell]
    balanced: bool
    flags: dict[str, Cell] = field(default_factory=dict)
    """Columns beside the statuses, not in their sum (`breakdowns.FLAGS`)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "departed": self.departed.as_dict(),
            "statuses": {s: c.as_dict() for s, c in self.statuses.items()},
            "flags": {f: c.as_dict() for f, c in self.flags.items()},
            "departed_equals_sum": self.balanced,
        }


@dataclass(frozen=True)
class Cube:
    """Every variant's table aligned: variants × countries (with ALL last) × COLUMNS."""

    variants: list[str]
    countries: list[str]
    values: np.ndarray
    margins: Margins = NONE

    @classmethod
    def of(cls, tables: dict[str, pd.DataFrame], margins: Margins = NONE) -> Cube:
        """The tables aligned; ALL adds up the countries, not the mentions."""
        countries = sorted(set().union(*(t.index for t in tables.values())))
        aligned = [
            t.reindex(index=countries, columns=list(CUBE_COLUMNS), fill_value=0).to_numpy(np.int64)
            for t in tables.values()
        ]
        persons = np.array([c != MENTIONS for c in countries], dtype=bool)
        values = np.stack([np.vstack([a, a[persons].sum(axis=0, keepdims=True)]) for a in aligned])
        return cls(list(tables), [*countries, ALL], values, margins)

    def cell(self, country: str, columns: Sequence[str]) -> Cell:
        """The sum of some columns for one country (or ALL): its value, and its interval
        over every variant widened by the margins. Mentions are bounded both ways: their
        own cell runs from none to all of them being persons counted nowhere else, and the
        ALL cell's upper limit adds them."""
        if country not in self.countries:
            return Cell(0, 0, 0)
        totals, point = self._totals(country, columns)
        if country == MENTIONS:
            return Cell(int(totals[0]), 0, int(totals.max()))
        low, high = self.margins.widen(country, point, int(totals.min()), int(totals.max()))
        if country == ALL and MENTIONS in self.countries:
            high += int(self._totals(MENTIONS, columns)[0].max())
        return Cell(int(totals[0]), low, high)

    def _totals(self, country: str, columns: Sequence[str]) -> tuple[np.ndarray, dict[str, int]]:
        """Per variant, the sum of `columns` for `country`; and the current variant's values."""
        at = [CUBE_COLUMNS.index(c) for c in columns]
        values = self.values[:, self.countries.index(country), at]
        return values.sum(axis=1), dict(zip(columns, values[0].tolist(), strict=True))

    def balanced(self, country: str) -> bool:
        """departed = Σ statuses in every variant: the persons counted each fall in exactly
        one status, none outside them."""
        if country not in self.countries:
            return True
        values = self.values[:, self.countries.index(country), :]
        departed = values[:, COLUMNS.index("departed")]
        return bool((values[:, : len(STATUSES)].sum(axis=1) == departed).all())


@dataclass(frozen=True)
class Counts:
    """The counts of one date: rows, how they were made, and every variant's numbers."""

    as_of: date
    known_on: date | None
    rules: Rules
    by: tuple[str, ...]
    rows: list[Row]
    cube: Cube = field(repr=False)
    judged: int = 0
    """How many counted persons' statuses rest on analysts' status judgements (current
    persons), not on the rules alone."""
    breakdown: str | None = None
    """What the counts are broken down by (`breakdowns.BREAKDOWNS`), if anything."""
    parts: dict[str, list[Row]] = field(default_factory=dict)
    """Per part of the breakdown, its rows (counted like the whole)."""

    @property
    def variants(self) -> list[str]:
        """The variants the intervals span: `reading/clustering`."""
        return self.cube.variants

    @property
    def margins(self) -> Margins:
        """The linkage margins the intervals were widened by (`NONE` for certain persons)."""
        return self.cube.margins

    def intervals_note(self) -> str:
        """How the intervals were made, in a sentence (for tables and reports)."""
        note = f"Intervals span {len(self.variants)} variants: {', '.join(self.variants)}"
        if self.margins.down or self.margins.up:
            note += (
                f"; then widened by the linkage margins ({self.margins.level:.0%}, calibrated "
                f"on {self.margins.calibrated_on}; docs/methodology/accounting.md, Intervals)"
            )
        return note + "."

    def definitions(self) -> dict[str, str]:
        """What each count counts, under these rules."""
        return {**{str(k): v for k, v in definitions(self.rules).items()}, **FLAG_DEFINITIONS}

    def row(self, country: str) -> Row | None:
        return next((r for r in self.rows if r.country == country), None)

    def metric(self, country: str, metric: str) -> Cell | None:
        """The records' count for a published figure's metric, None where records say
        nothing of it (women, minors)."""
        if metric == Metric.departed:
            return self.cube.cell(country, ["departed"])
        if metric == Metric.killed:
            kc, kr = Status.killed_confirmed.value, Status.killed_reported.value
            point = self.cube.cell(country, [kc, kr])
            low = self.cube.cell(country, [kc]).low
            high = self.cube.cell(country, [kc, kr, Status.contested.value]).high
            return Cell(point.value, min(low, point.value), max(high, point.value))
        if metric in STATUSES or metric in FLAGS:
            return self.cube.cell(country, [metric])
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "known_on": self.known_on.isoformat() if self.known_on else None,
            "by": list(self.by),
            "rules": self.rules.as_dict(),
            "variants": self.variants,
            "margins": self.margins.as_dict() if self.margins.down else None,
            "definitions": self.definitions(),
            "rows": [r.as_dict() for r in self.rows],
            "judged_persons": self.judged,
            "breakdown": self.breakdown,
            "parts": {p: [r.as_dict() for r in rows] for p, rows in self.parts.items()},
        }

    def flat(self) -> list[dict[str, Any]]:
        """One line per cell (country, status, value, low, high, kind), for CSV."""
        lines = []
        for part, rows in [("", self.rows), *self.parts.items()]:
            for r in rows:
                cells = [("departed", r.departed), *r.statuses.items()]
                if self.breakdown:
                    cells += r.flags.items()
                for status, c in cells:
                    where = {"part": part} if self.breakdown else {}
                    lines.append({"country": r.country, **where, "status": status, **c.as_dict()})
        return lines


def count(
    store: Store,
    as_of: date,
    known_on: date | None = None,
    *,
    by: Sequence[str] = GROUPINGS,
    country: str | None = None,
    rules: Rules | None = None,
    alternatives: Mapping[str, Mapping[int, str]] | None = None,
    margins: Margins | None = None,
) -> Counts:
    """Count the current persons on `as_of` (with what was known on `known_on`).

    `alternatives` (label → record id → person key) are the other clusterings the
    intervals span; by default those of the latest run (`linkage_alternatives`). For
    `margins` see `count_evidence`."""
    require_current(store)
    with store.reading() as connection:
        evidence = load_evidence(connection)
        if alternatives is None:
            alternatives = linkage_alternatives(connection, evidence.run_id)
    return count_evidence(
        evidence,
        as_of,
        known_on,
        by=by,
        country=country,
        rules=rules,
        alternatives=alternatives,
        margins=margins,
    )


def count_evidence(
    evidence: Evidence,
    as_of: date,
    known_on: date | None = None,
    *,
    by: Sequence[str] = GROUPINGS,
    country: str | None = None,
    rules: Rules | None = None,
    alternatives: Mapping[str, Mapping[int, str] | Evidence] | None = None,
    margins: Margins | None = None,
) -> Counts:
    """`count` on evidence already read: every variant, then the rows.

    Each alternative is a clustering (record id → person key), or the evidence already
    regrouped by it (`regrouped`), which a caller counting many dates computes once.

    `margins` widen every interval beyond the variants (`headcount.accounting.margins`);
    by default `LINKAGE_MARGINS` when there are alternative clusterings (the persons come
    from a linkage model), none otherwise (persons from a truth or saved by hand)."""
    grouping, breakdown = _grouping(by)
    if margins is None:
        margins = LINKAGE_MARGINS if alternatives else NONE
    rules = rules or Rules()
    clusterings = {CURRENT: evidence, **regrouped(evidence, alternatives or {})}
    tables: dict[str, pd.DataFrame] = {}
    parts: dict[str, dict[str, pd.DataFrame]] = {}
    judged = 0
    for name, seen in clusterings.items():
        snapshot = Snapshot(seen, as_of, known_on, rules)
        for reading in Reading:
            variant = f"{reading.value}/{name}"
            table, split = breakdown_tables(snapshot, reading, breakdown)
            if name == CURRENT and reading is Reading.reported:
                judged = snapshot.judged
            tables[variant] = _only(table, country)
            for part, part_table in split.items():
                parts.setdefault(part, {})[variant] = _only(part_table, country)
    cube = Cube.of(tables, margins)
    rows = _rows(cube, grouping, country)
    empty = pd.DataFrame(columns=list(CUBE_COLUMNS))
    part_rows = {
        part: _rows(
            Cube.of({v: found.get(v, empty) for v in tables}, margins),
            grouping,
            country,
            total=len(cube.countries) > 2,
        )
        for part, found in sorted(parts.items())
    }
    return Counts(as_of, known_on, rules, grouping, rows, cube, judged, breakdown, part_rows)


def _only(table: pd.DataFrame, country: str | None) -> pd.DataFrame:
    """The table's row of one country (all rows when None)."""
    return table if country is None else table.loc[table.index == country]


def regrouped(
    evidence: Evidence, alternatives: Mapping[str, Mapping[int, str] | Evidence]
) -> dict[str, Evidence]:
    """The evidence under each alternative clustering (those already regrouped kept)."""
    return {
        name: persons if isinstance(persons, Evidence) else evidence.with_persons(dict(persons))
        for name, persons in alternatives.items()
    }


def linkage_alternatives(connection: Connection, run_id: int) -> dict[str, dict[int, str]]:
    """Other clusterings of the run's records (`headcount.linkage.alternatives`): at its
    neighbouring thresholds (`lower`, `upper`), at thresholds FAR_STEP match-weight units
    away (`far_lower`, `far_upper`), and drawn from its match probabilities (`sample_k`).
    None for a run that stored no scored pairs (a run from a simulator's truth, or persons
    saved by hand), whose persons are taken as certain."""
    stored = connection.execute(
        select(pair_scores.c.run_id).where(pair_scores.c.run_id == run_id).limit(1)
    ).first()
    if stored is None:
        return {}
    threshold = connection.execute(
        select(linkage_runs.c.threshold).where(linkage_runs.c.id == run_id)
    ).scalar()
    far = neighbouring_thresholds(float(threshold or DEFAULT_THRESHOLD), FAR_STEP)
    traits = store_traits(connection)
    farther = {f"far_{k}": v for k, v in far.items()}
    return {
        **alternative_clusterings(connection, run_id, traits=traits),
        **alternative_clusterings(connection, run_id, farther, traits=traits),
    }


def _grouping(by: Sequence[str]) -> tuple[tuple[str, ...], str | None]:
    """The groupings asked for, and the one breakdown among them (if any)."""
    chosen = tuple(b.strip() for b in by if b.strip())
    split = [b for b in chosen if b in BREAKDOWNS]
    unknown = [b for b in chosen if b not in GROUPINGS and b not in BREAKDOWNS]
    grouping = tuple(b for b in chosen if b in GROUPINGS) or GROUPINGS
    if unknown or not chosen or len(split) > 1:
        raise ValueError(
            f"--by takes country and/or status, and at most one of {', '.join(BREAKDOWNS)}; "
            f"not {','.join(by)!r}"
        )
    return grouping, (split[0] if split else None)


def _rows(cube: Cube, by: tuple[str, ...], country: str | None, total: bool = False) -> list[Row]:
    """The rows asked for; the `all` row where it adds up more than one country, or always
    with `total` (a part's rows, so that the parts' `all` rows add up to the whole's)."""
    if "country" not in by:
        countries = [ALL]
    elif country is not None:
        countries = [country]
    else:
        several = total or len(cube.countries) > 2
        countries = cube.countries if several else cube.countries[:-1]
    statuses = list(STATUSES) if "status" in by else []
    return [
        Row(
            c,
            cube.cell(c, ["departed"]),
            {s: cube.cell(c, [s]) for s in statuses},
            cube.balanced(c),
            {f: cube.cell(c, [f]) for f in FLAGS},
        )
        for c in countries
    ]
