"""The linkage page's numbers: the parameters as Splink saves them, the match-weight
histogram, precision and recall against judgements."""

from __future__ import annotations

import math

import pytest

from headcount.model.vocabulary import Decision
from headcount.views.linkage import THRESHOLDS, histogram, parameters, precision_recall


def test_each_level_weighs_log2_m_over_u_and_null_levels_are_left_out() -> None:
    model = {
        "comparisons": [
            {
                "output_column_name": "name",
                "comparison_levels": [
                    {"is_null_level": True, "label_for_charts": "null"},
                    {"label_for_charts": "exact", "m_probability": 0.8, "u_probability": 0.01},
                    {"label_for_charts": "else", "m_probability": 0.05, "u_probability": 0.9},
                ],
            }
        ]
    }
    rows = parameters(model)
    assert [r["level"] for r in rows] == ["exact", "else"]
    assert rows[0]["match_weight"] == pytest.approx(math.log2(80), abs=1e-3)
    assert rows[1]["match_weight"] < 0


def test_the_histogram_counts_every_pair_once() -> None:
    bins = histogram([-3.5, -3.0, 0.2, 0.9, 7.99])
    assert [(b["low"], b["pairs"]) for b in bins] == [(-4.0, 1), (-3.0, 1), (0.0, 2), (7.0, 1)]


def test_precision_and_recall_against_judged_pairs() -> None:
    scored = [
        (0.95, Decision.same),
        (0.7, Decision.same),
        (0.3, Decision.same),
        (0.8, Decision.different),
        (0.2, Decision.different),
        (0.9, Decision.unsure),
    ]
    curve = {p["threshold"]: p for p in precision_recall(scored)}
    assert set(curve) == set(THRESHOLDS)
    assert (curve[0.5]["precision"], curve[0.5]["recall"]) == (round(2 / 3, 4), round(2 / 3, 4))
    assert (curve[0.85]["precision"], curve[0.85]["recall"]) == (1.0, round(1 / 3, 4))
    assert curve[0.05]["recall"] == 1.0
    assert precision_recall([(0.9, Decision.different)]) == []
