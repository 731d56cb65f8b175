"""The estimate of those no record saw, beside a country's enumeration."""

from __future__ import annotations

from datetime import date

import pandas as pd

from headcount.accounting import Snapshot
from headcount.estimation.unseen import capture_histories, estimate_unseen
from tests.simulated import Simulated


def test_histories_are_the_countrys_counted_persons_by_source(simulated: Simulated) -> None:
    snapshot = Snapshot(simulated.evidence, date(2017, 12, 8), date(2017, 12, 8))
    counted = snapshot.table().loc["FRA", "departed"]
    names = {i: f"list-{i}" for i in range(1, 40)}
    histories = capture_histories(snapshot, "FRA", names)
    assert len(histories) == counted
    assert (histories.sum(axis=1) >= 1).all()  # everyone counted was seen by some source
    assert set(histories.columns) <= set(names.values())
    result = estimate_unseen(histories, "loglinear")
    assert result["kind"] == "estimate" and result["observed"] == counted
    assert result["lower"] >= counted


def test_too_few_to_estimate_is_a_refusal_with_reasons() -> None:
    histories = pd.DataFrame({"list-a": [1, 1, 0], "list-b": [0, 1, 1]})
    result = estimate_unseen(histories, "loglinear")
    assert result["kind"] == "refusal" and result["reasons"]
