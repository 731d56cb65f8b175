"""Counts with headcount's own linkage: do the intervals hold the perfect-linkage counts?

The quantity compared: the counts the same records give under perfect linkage (the
simulator's links), with the same rules and the same country rule, per country × status
cell of 20 or more persons, on each count date and both time axes; against the interval
headcount reports with its own linkage run, that run's alternative clusterings and the
linkage margins (`headcount.accounting.margins`). Target: 95% of cells inside. This
population (1,500 persons, seed 7) is not one the shipped margins were calibrated on.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date

import pytest

from headcount.accounting import Counts, count_evidence, linkage_alternatives, load_evidence
from headcount.accounting.margins import LINKAGE_MARGINS, NONE
from headcount.linkage.link import link
from headcount.storage import connect
from tests.simulated import Simulated

LARGE = 20


@dataclass
class Coverage:
    inside: int
    cells: int
    widened: int
    """Cells inside the interval of the current persons alone (both readings), for comparison."""
    unmargined: int
    """Cells inside the interval over the alternative clusterings, without the margins."""

    @property
    def share(self) -> float:
        return self.inside / self.cells


def _cells(counts: Counts) -> dict[tuple[str, str], int]:
    return {
        (row.country, status): cell.value
        for row in counts.rows
        if row.country != "all"
        for status, cell in [("departed", row.departed), *row.statuses.items()]
        if cell.value >= LARGE
    }


def _inside(counts: Counts, country: str, status: str, value: int) -> bool:
    row = counts.row(country)
    if row is None:
        return False
    cell = row.departed if status == "departed" else row.statuses[status]
    return cell.low <= value <= cell.high


@pytest.fixture(scope="session")
def coverage(simulated: Simulated, tmp_path_factory: pytest.TempPathFactory) -> Coverage:
    # Linked on a copy: the simulated store is shared by the suite, linked from the truth.
    copy = tmp_path_factory.mktemp("model-linked") / "headcount.sqlite"
    with (
        closing(sqlite3.connect(simulated.folder / "headcount.sqlite")) as original,
        closing(sqlite3.connect(copy)) as target,
    ):
        original.backup(target)
    store = connect(f"sqlite:///{copy}")
    report = link(store, user="tester")
    with store.reading() as connection:
        model = load_evidence(connection, report.run.run_id)
        alternatives = linkage_alternatives(connection, report.run.run_id)
    assert {"lower", "upper", "far_lower", "far_upper", "sample_1"} <= set(alternatives)
    inside = cells = widened = unmargined = 0
    for when in simulated.sim.scenario.count_dates:
        as_of = date.fromisoformat(when)
        for known in (None, as_of):
            truth = count_evidence(simulated.evidence, as_of, known, alternatives={})
            ours = count_evidence(model, as_of, known, alternatives=alternatives)
            assert ours.margins is LINKAGE_MARGINS  # the default with a model's alternatives
            bare = count_evidence(model, as_of, known, alternatives=alternatives, margins=NONE)
            alone = count_evidence(model, as_of, known, alternatives={})
            for (country, status), value in _cells(truth).items():
                cells += 1
                inside += _inside(ours, country, status, value)
                widened += _inside(alone, country, status, value)
                unmargined += _inside(bare, country, status, value)
    return Coverage(inside, cells, widened, unmargined)


def test_alternative_clusterings_widen_the_intervals_towards_the_truth(coverage: Coverage) -> None:
    assert coverage.cells >= 100
    assert coverage.widened < coverage.unmargined < coverage.inside


def test_the_intervals_hold_the_perfect_linkage_counts(coverage: Coverage) -> None:
    # The target, 95%, asserted as such. Measured on this population 100% (282/282);
    # on the other populations held out from calibration 97.2–99.6% (default scenario) but
    # 85–87% (afp-2017), see docs/methodology/accounting.md. The margins are calibrated for
    # the current linkage model: a change to the model that makes this fail means they must
    # be calibrated again (benchmarks/accounting_margins.py).
    assert coverage.share >= 0.95, f"{coverage.inside}/{coverage.cells}"
