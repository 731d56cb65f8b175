"""Scoring's execution: calibrating the pairs a slice at a time changes no pair."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from headcount.linkage import predict
from headcount.linkage.calibrate import COEFFICIENTS, calibrated_weight
from headcount.linkage.predict import PAIR_FLOOR, pair_features, scored_pairs


def _scored_table(count: int, seed: int) -> pd.DataFrame:
    """A scored table as `scored_table` returns it: pairs sorted, each comparison's weight,
    records shared between pairs so that candidates compete."""
    rng = np.random.default_rng(seed)
    left = rng.integers(0, count // 3, count)
    right = left + 1 + rng.integers(0, count // 3, count)
    table = pd.DataFrame({"unique_id_l": left, "unique_id_r": right}).drop_duplicates()
    table = table.sort_values(["unique_id_l", "unique_id_r"]).reset_index(drop=True)
    for column in ("mw_name", "mw_tf_adj_name", "mw_birth_date", "mw_country", "mw_event"):
        table[column] = np.where(rng.random(len(table)) < 0.3, 0.0, rng.normal(0, 4, len(table)))
    weights = table.filter(like="mw_").sum(axis=1).to_numpy()
    return table.assign(match_weight=weights - 8.0)


def test_calibrating_a_slice_at_a_time_changes_no_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    table = _scored_table(3000, seed=3)
    whole = scored_pairs(table, 1e-4, COEFFICIENTS)
    monkeypatch.setattr(predict, "CALIBRATED_AT_ONCE", 7)
    sliced = scored_pairs(table, 1e-4, COEFFICIENTS)
    assert 0 < len(sliced) < len(table)
    for name in ("left", "right", "names_only"):
        assert np.array_equal(getattr(sliced, name), getattr(whole, name)), name
    # the same sums, their last bits as the matrix product adds them (1e-12 bits)
    assert np.allclose(sliced.weight, whole.weight, rtol=0, atol=1e-12)
    assert np.allclose(sliced.probability, whole.probability, rtol=0, atol=1e-12)
    # and they are the calibration of every pair at once, floored
    weight = calibrated_weight(pair_features(table), 1e-4, COEFFICIENTS)
    assert len(whole) == int((1 / (1 + np.exp2(-weight)) >= PAIR_FLOOR).sum())
