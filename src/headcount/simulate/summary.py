"""The figures a simulation is judged by, computed from its records and its truth.

Printed at the end of `headcount simulate` and asserted by the tests: records per source,
the share of records with a name in Arabic script and in Cyrillic, the share that name
someone only by kunya (and nisba), duplicates within sources, the capture-history table,
and the true and revealed counts for the focus country on the focus date (France on
2017-12-08).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from headcount.model.vocabulary import Property
from headcount.names.scripts import ARABIC, CYRILLIC, detect_script
from headcount.simulate.simulation import Simulation
from headcount.simulate.sources.base import SimRecord, SourceSpec
from headcount.simulate.truth import (
    REVEALED_STATUSES,
    TRUE_STATUSES,
    capture_histories,
    revealed_counts,
    true_counts,
)

CIVIL_NAMES = frozenset({Property.full_name, Property.given_name, Property.family_name})
NAME_TARGETS = frozenset(
    p.value
    for p in (*CIVIL_NAMES, Property.patronymic, Property.kunya, Property.nisba, Property.alias)
)


@dataclass(frozen=True)
class SourceFigures:
    """One source's records, the persons they are about, and how they are written."""

    name: str
    records: int
    persons: int
    arabic: int
    cyrillic: int
    kunya_only: int

    @property
    def duplicates(self) -> int:
        """Records beyond the first for the same person."""
        return self.records - self.persons


@dataclass(frozen=True)
class Summary:
    """The simulation's figures (see the module doc)."""

    persons: int
    seed: int
    scenario: str
    sources: tuple[SourceFigures, ...]
    recorded_by: dict[int, int]
    top_histories: tuple[tuple[str, int], ...]
    focus_country: str
    focus_date: str
    true_focus: dict[str, int]
    revealed_focus: dict[str, int]

    @property
    def records(self) -> int:
        return sum(s.records for s in self.sources)

    def share(self, attribute: str) -> float:
        """Share of all records with `arabic`, `cyrillic` names or `kunya_only`."""
        return float(sum(getattr(s, attribute) for s in self.sources)) / max(1, self.records)

    @property
    def never_recorded(self) -> int:
        return self.recorded_by.get(0, 0)


def _name_values(spec: SourceSpec, record: SimRecord) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for column in spec.columns:
        value = record.cells.get(column.header)
        if column.target in NAME_TARGETS and isinstance(value, str | list) and value:
            out[column.target] = [value] if isinstance(value, str) else list(value)
    return out


def source_figures(spec: SourceSpec, records: list[SimRecord]) -> SourceFigures:
    """Counts for one source."""
    arabic = cyrillic = kunya_only = 0
    for record in records:
        values = _name_values(spec, record)
        scripts = {detect_script(v) for vs in values.values() for v in vs if not v.isascii()}
        arabic += ARABIC in scripts
        cyrillic += CYRILLIC in scripts
        has_kunya = Property.kunya in values or Property.alias in values
        kunya_only += has_kunya and not (CIVIL_NAMES & values.keys())
    persons = len({r.person for r in records})
    return SourceFigures(spec.name, len(records), persons, arabic, cyrillic, kunya_only)


def _histories(sim: Simulation) -> tuple[dict[int, int], tuple[tuple[str, int], ...]]:
    matrix = capture_histories(sim)
    by_count = Counter(matrix.sum(axis=1).tolist())
    patterns = Counter("".join(map(str, row)) for row in matrix[matrix.sum(axis=1) > 0].tolist())
    return dict(sorted(by_count.items())), tuple(patterns.most_common(10))


def summarise(sim: Simulation) -> Summary:
    """Every figure of the summary."""
    recorded_by, top = _histories(sim)
    country, when = sim.scenario.focus_country, sim.scenario.focus_date
    true = true_counts(sim.world, when).get(country, Counter())
    revealed = revealed_counts(sim, when).get(country, Counter())
    true_focus = {s.value: true[s.value] for s in TRUE_STATUSES}
    true_focus["departed"] = sum(true_focus.values())
    revealed_focus = {s.value: revealed[s.value] for s in REVEALED_STATUSES}
    revealed_focus["recorded"] = revealed["recorded"]
    return Summary(
        persons=sim.persons,
        seed=sim.seed,
        scenario=sim.scenario.name,
        sources=tuple(source_figures(s, sim.records[s.name]) for s in sim.sources),
        recorded_by=recorded_by,
        top_histories=top,
        focus_country=country,
        focus_date=when,
        true_focus=true_focus,
        revealed_focus=revealed_focus,
    )


def visibility_gap(sim: Simulation) -> float:
    """Mean hidden visibility of recorded minus unrecorded persons (heterogeneity check)."""
    seen = capture_histories(sim).sum(axis=1) > 0
    vis = sim.population.visibility
    if seen.all() or not seen.any():
        return 0.0
    return float(np.mean(vis[seen]) - np.mean(vis[~seen]))
