"""Scoring's execution: calibrating the pairs a slice at a time changes no pair; a pair within
one source is weighed by how often that source repeats a record."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from headcount.linkage import predict
from headcount.linkage.calibrate import COEFFICIENTS, IDENTITY, calibrated_weight
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


def _sources(count: int) -> pd.Series:
    """Records in three sources, by id."""
    return pd.Series(np.asarray(["a", "b", "c"], object)[np.arange(count) % 3])


def test_calibrating_a_slice_at_a_time_changes_no_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    table, sources = _scored_table(3000, seed=3), _sources(3000)
    whole, shares = scored_pairs(table, 1e-4, COEFFICIENTS, sources)
    monkeypatch.setattr(predict, "CALIBRATED_AT_ONCE", 7)
    sliced, again = scored_pairs(table, 1e-4, COEFFICIENTS, sources)
    assert again == shares
    assert 0 < len(sliced) < len(table)
    for name in ("left", "right", "names_only"):
        assert np.array_equal(getattr(sliced, name), getattr(whole, name)), name
    # the same sums, their last bits as the matrix product adds them (1e-12 bits)
    assert np.allclose(sliced.weight, whole.weight, rtol=0, atol=1e-12)
    assert np.allclose(sliced.probability, whole.probability, rtol=0, atol=1e-12)
    # and they are the calibration of every pair at once, floored
    weight = calibrated_weight(
        pair_features(table, sources, 1e-4, COEFFICIENTS), 1e-4, COEFFICIENTS
    )
    assert len(whole) == int((1 / (1 + np.exp2(-weight)) >= PAIR_FLOOR).sum())


def test_a_source_that_repeats_few_records_weighs_against_its_own_pairs() -> None:
    """Records 0–5 of source `a`, 6–9 of `b`: `a` holds one firm pair (records 0 and 1: 2 of
    its 6 records repeated), `b` two (all 4 of its records); a weak pair within each source,
    and one across."""
    sources = pd.Series(["a"] * 6 + ["b"] * 4, index=range(10), dtype=object)
    table = pd.DataFrame(
        {
            "unique_id_l": [0, 2, 4, 6, 7, 8],
            "unique_id_r": [1, 3, 6, 7, 9, 9],
            "mw_birth_date": [20.0, 1.0, 1.0, 20.0, 1.0, 20.0],
        }
    ).assign(match_weight=lambda t: t["mw_birth_date"])
    coefficients = {**IDENTITY, "within_rare": -3.0, "within_often": 0.5}
    pairs, shares = scored_pairs(table, 0.5, coefficients, sources)
    assert shares == {"a": round(2 / 6, 4), "b": 1.0}
    records = zip(pairs.left.tolist(), pairs.right.tolist(), strict=True)
    weight = dict(zip(records, pairs.weight.tolist(), strict=True))
    assert weight[(2, 3)] == pytest.approx(1.0 + 0.5)  # within a: a third of it repeated
    assert weight[(7, 9)] == pytest.approx(1.0 + 0.5)  # within b, which repeats every record
    assert weight[(4, 6)] == pytest.approx(1.0)  # across a and b
    # shares given (a saved run's) are kept, a source without one is read from the pairs
    rare, kept = scored_pairs(table, 0.5, coefficients, sources, shares={"a": 0.05})
    assert kept == {"a": 0.05, "b": 1.0}
    assert rare.weight[(rare.left == 2) & (rare.right == 3)].tolist() == [pytest.approx(-2.0)]
    # one source alone: every pair is within it, and that says nothing
    alone, _ = scored_pairs(table, 0.5, coefficients, pd.Series("a", index=range(10)))
    assert np.allclose(alone.weight, table["mw_birth_date"].to_numpy())
