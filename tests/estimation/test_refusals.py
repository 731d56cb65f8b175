"""Data that cannot support an estimate get reasons, never a number."""

from __future__ import annotations

import numpy as np
import pytest

from headcount.estimation import (
    CaptureTable,
    EstimationRefused,
    compare_methods,
    estimate_histories,
    estimate_table,
)
from headcount.estimation.checks import mle_exists


def _codes(refusal: pytest.ExceptionInfo[EstimationRefused]) -> set[str]:
    return {r.code for r in refusal.value.reasons}


def test_two_lists_are_refused() -> None:
    table = CaptureTable.from_counts(["A", "B"], [0, 40, 50, 30])
    with pytest.raises(EstimationRefused) as refusal:
        estimate_table(table, "loglinear")
    assert _codes(refusal) == {"too_few_lists"}
    assert "at least 3 lists" in refusal.value.message


def test_every_reason_is_given_at_once() -> None:
    # List C recorded no one and only 12 people were seen: both reasons, at once.
    table = CaptureTable.from_counts(["A", "B", "C"], [0, 0, 4, 0, 6, 0, 2, 0])
    with pytest.raises(EstimationRefused) as refusal:
        estimate_table(table, "lcmcr")
    assert _codes(refusal) == {"empty_list", "too_few_observed"}
    assert "list 'C' recorded no one" in refusal.value.message


def test_no_overlap_is_refused() -> None:
    table = CaptureTable.from_counts(["A", "B", "C"], [0, 30, 30, 0, 30, 0, 0, 0])
    with pytest.raises(EstimationRefused) as refusal:
        estimate_table(table, "bma")
    assert "no_overlap" in _codes(refusal)


def test_saturated_model_is_not_identifiable() -> None:
    table = CaptureTable.from_counts(["A", "B", "C"], [0, 20, 25, 8, 30, 9, 7, 5])
    with pytest.raises(EstimationRefused) as refusal:
        estimate_table(table, "loglinear", model="[123]")
    assert _codes(refusal) == {"not_identifiable"}


def test_zero_margin_means_no_estimate_exists() -> None:
    # Nobody is on both A and B, so the A-B interaction runs to minus infinity: checked
    # before fitting, by Haberman's condition, not discovered from a diverging fit.
    counts = [0, 20, 25, 8, 30, 9, 0, 0]
    table = CaptureTable.from_counts(["A", "B", "C"], counts)
    with pytest.raises(EstimationRefused) as refusal:
        estimate_table(table, "loglinear", model="[12,3]")
    assert _codes(refusal) == {"estimate_does_not_exist"}
    assert estimate_table(table, "loglinear", model="independence").estimate > table.observed


def test_haberman_condition_on_positive_and_degenerate_tables() -> None:
    exog = np.column_stack([np.ones(3), [1.0, 0.0, 1.0]])
    assert mle_exists(np.array([3.0, 4.0, 5.0]), exog)
    assert not mle_exists(np.array([3.0, 0.0, 5.0]), exog)


def test_comparison_lists_refusals_beside_estimates() -> None:
    table = CaptureTable.from_counts(["A", "B", "C"], [0, 20, 25, 8, 30, 9, 0, 0])
    got = compare_methods(table, ["loglinear", "mh-chao"], model="[12,3]")
    assert "loglinear" in got.refused
    assert [e.method for e in got.estimates] == ["mh-chao"]


def test_a_stratum_that_cannot_be_estimated_is_refused_and_the_total_says_so() -> None:
    rows = [(1, 0, 0, "FRA")] * 30 + [(1, 1, 0, "FRA")] * 10 + [(0, 1, 1, "FRA")] * 8
    rows += [(0, 0, 1, "FRA")] * 20 + [(1, 0, 1, "FRA")] * 5 + [(1, 0, 0, "BEL")] * 5
    import pandas as pd

    histories = pd.DataFrame(rows, columns=["A", "B", "C", "country"])
    got = estimate_histories(histories, by=["country"], method="loglinear")
    assert [key for key, _ in got.strata] == [{"country": "FRA"}]
    (bel,) = got.refused
    assert bel.stratum == {"country": "BEL"} and bel.observed == 5
    assert all(r.message.startswith("stratum country=BEL") for r in bel.reasons)
    assert got.total.observed == 73 and got.total.diagnostics["observed_left_out"] == 5
    assert "total_leaves_out_strata" in {w.code for w in got.total.warnings}
    assert got.to_dict()["refused"][0]["kind"] == "refusal"
    with pytest.raises(EstimationRefused) as refusal:
        estimate_histories(histories[histories["country"] == "BEL"], by=["country"])
    assert refusal.value.reasons[0].message.startswith("stratum country=BEL")
