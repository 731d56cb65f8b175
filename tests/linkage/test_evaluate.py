"""Pairwise and B-cubed scores on cases worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from headcount.linkage.evaluate import bcubed, evaluate, pairwise


def test_pairwise_and_bcubed_on_a_worked_example() -> None:
    # truth: {1,2,3} {4}; predicted: {1,2} {3,4}
    truth = pd.Series(["t1", "t1", "t1", "t2"])
    predicted = pd.Series(["p1", "p1", "p2", "p2"])
    scores = pairwise(predicted, truth)
    assert (scores.precision, scores.recall) == (0.5, pytest.approx(1 / 3, abs=1e-6))
    b3 = bcubed(predicted, truth)
    assert b3.precision == pytest.approx((1 + 1 + 0.5 + 0.5) / 4, abs=1e-6)
    assert b3.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, abs=1e-6)


def test_perfect_linkage_scores_one_everywhere() -> None:
    truth = {1: "a", 2: "a", 3: "b", 4: "b", 5: "c"}
    sources = {1: "x", 2: "y", 3: "x", 4: "x", 5: "y"}
    result = evaluate(truth, truth, sources, dict.fromkeys(truth, "Latin"))
    assert result.pairwise.f1 == result.bcubed.f1 == 1.0
    assert result.by_source_pair["x × y"]["pairs_true"] == 1
    assert result.by_source_pair["x × x"]["pairs_true"] == 1
    assert result.by_script["Latin"]["bcubed"]["f1"] == 1.0


def test_only_records_in_both_are_measured() -> None:
    result = evaluate({1: "p", 2: "p", 9: "q"}, {1: "a", 2: "a"}, {}, {})
    assert result.records == 2 and result.pairwise.f1 == 1.0
