"""Linkage margins: the conformal quantile, calibration and widening, on numbers by hand."""

from __future__ import annotations

from datetime import date

from headcount.accounting.counts import count_evidence
from headcount.accounting.margins import (
    LINKAGE_MARGINS,
    NONE,
    Margins,
    Observation,
    calibrate,
    conformal_quantile,
)
from tests.accounting.strategies import EventSpec, RecordSpec, build_evidence


def test_the_conformal_quantile_is_the_rank_above_the_level() -> None:
    scores = [i / 100 for i in range(100)]  # 0.00 … 0.99
    # ⌈101 × 0.95⌉ = 96th smallest
    assert conformal_quantile(scores, 0.95) == 0.95
    assert conformal_quantile([0.3, 0.1], 0.95) == 0.3  # too few: the largest
    assert conformal_quantile([], 0.95) == 0.0


def test_calibrated_margins_cover_the_calibration_cells() -> None:
    # 40 cells of value 100 whose truth lies 0…39 below the interval's low end, and 40
    # whose truth lies inside: the margin is the 95% conformal quantile of the shortfall.
    cells = [Observation("FRA", "unknown", 60 - k, 100, 60, 110) for k in range(40)]
    cells += [Observation("BEL", "unknown", 80, 100, 60, 110) for _ in range(40)]
    margins = calibrate(cells, 0.95)
    assert margins.down["attributed:unknown"] == 0.36  # ⌈81 × 0.95⌉ = 77th of 80 scores
    assert margins.up["attributed:unknown"] == 0.0
    inside = 0
    for o in cells:
        low, high = margins.widen(o.country, {o.column: o.value}, o.low, o.high)
        inside += low <= o.truth <= high
    assert inside >= 0.95 * len(cells)
    # the unattributed scope has no cells: it is not widened
    assert margins.widen("XXX", {"unknown": 100}, 60, 110) == (60, 110)


def test_widening_adds_the_margins_of_each_status_and_never_goes_below_zero() -> None:
    margins = Margins(
        {"attributed:killed_confirmed": 0.1, "attributed:killed_reported": 0.5},
        {"attributed:*": 0.2},
    )
    values = {"killed_confirmed": 10, "killed_reported": 4}
    assert margins.widen("FRA", values, 12, 16) == (9, 19)  # 12 − 1 − 2; 16 + 0.2 × 14
    assert margins.widen("FRA", {"killed_reported": 4}, 1, 4) == (0, 5)
    assert NONE.widen("FRA", values, 12, 16) == (12, 16)


def test_margins_widen_counts_only_when_persons_come_from_a_model() -> None:
    evidence = build_evidence(
        [
            RecordSpec(
                f"P{i}",
                "2015-01-01",
                citizenship="FRA",
                events=[EventSpec("entered_theatre", "2014-05-01", place="SYR")],
            )
            for i in range(40)
        ]
    )
    as_of = date(2015, 3, 1)
    certain = count_evidence(evidence, as_of, alternatives={})
    assert certain.margins is NONE
    cell = certain.row("FRA").statuses["in_theatre"]  # type: ignore[union-attr]
    assert (cell.value, cell.low, cell.high) == (40, 40, 40)
    same = {i: f"P{i - 1}" for i in evidence.records["record_id"].tolist()}
    modelled = count_evidence(evidence, as_of, alternatives={"lower": same})
    assert modelled.margins is LINKAGE_MARGINS
    departed = modelled.row("FRA").departed  # type: ignore[union-attr]
    down = LINKAGE_MARGINS.share("FRA", "departed")[0]
    assert departed.value == 40
    assert departed.low == int(40 - down * 40 + 1e-9) < 40
    assert modelled.as_dict()["margins"]["level"] == 0.95


def test_the_intervals_note_says_when_margins_widened_them() -> None:
    evidence = build_evidence([RecordSpec("P0", "2015-01-01", citizenship="FRA")])
    as_of = date(2015, 3, 1)
    certain = count_evidence(evidence, as_of, alternatives={}).intervals_note()
    assert certain.startswith("Intervals span 2 variants") and "margins" not in certain
    modelled = count_evidence(evidence, as_of, alternatives={"lower": {}}).intervals_note()
    assert "widened by the linkage margins (95%, calibrated on simulated populations" in modelled
