"""Estimates pooled over imputations (estimation.pooled): apportioning and pooling."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from headcount.estimation.pooled import (
    ALONE,
    OTHER,
    apportion,
    estimate_imputations,
    with_mentions,
)
from headcount.estimation.results import Estimate
from headcount.estimation.strata import StratifiedEstimate

SYSTEMS = ["a", "b", "c"]


def histories(seed: int, n: int = 600, unattributed: int = 60) -> pd.DataFrame:
    """Persons of three countries (FRA twice as likely) on three lists, some of unknown
    country; every row seen somewhere."""
    rng = np.random.default_rng(seed)
    seen = rng.random((n * 2, 3)) < [0.5, 0.4, 0.3]
    seen = seen[seen.any(axis=1)][:n].astype(int)
    country = rng.choice(["FRA", "BEL", "TUN"], size=n, p=[0.5, 0.25, 0.25]).astype(object)
    country[:unattributed] = "XXX"
    frame = pd.DataFrame(
        {
            "person": [f"p{i}" for i in range(n)],
            "country": country,
            "period": "2014",
            "status": "unknown",
        }
    )
    return pd.concat([frame, pd.DataFrame(seen, columns=SYSTEMS)], axis=1)


def test_apportioning_fills_only_the_unattributed_in_proportion() -> None:
    frame = histories(1)
    out, drawn = apportion(frame, SYSTEMS, np.random.default_rng(2))
    assert drawn == 60 and len(out) == len(frame)
    assert (out["country"] != "XXX").all()
    kept = frame["country"] != "XXX"
    assert out.loc[kept, "country"].equals(frame.loc[kept, "country"])
    # of 60 drawn, about half French (tolerance: a binomial's four standard deviations)
    assert abs((out.loc[~kept, "country"] == "FRA").sum() - 30) <= 16


def test_strata_pooled_over_imputations_hold_every_person_seen() -> None:
    # Two imputations of the same persons; two countries too small alone (15 persons
    # each, ALONE = 50 needed) are estimated together as `other`. The total's enumeration is
    # everyone seen, the apportioned included.
    frames = [histories(1), histories(1)]
    for f in frames:
        f.loc[60:74, "country"] = "LUX"
        f.loc[75:89, "country"] = "NLD"
    got = estimate_imputations(frames, SYSTEMS, by=["country"], method="mth-chao", seed=3)
    keys = {key["country"] for key, _ in got.strata}
    assert OTHER in keys and not keys & {"XXX", "LUX", "NLD"}
    assert not got.refused
    assert got.total.observed == 600
    assert all(e.diagnostics["partitions"] == 2 for _, e in got.strata)
    assert got.total.diagnostics["unattributed_apportioned"] == 60


def test_a_stratum_seen_fewer_than_alone_times_is_estimated_in_other() -> None:
    # LUX, 40 persons seen, could support an estimate (20 and an overlap suffice) but is
    # under ALONE: its interval would depend mostly on the prior, so it joins `other`.
    frame = histories(4, unattributed=0)
    frame.loc[:39, "country"] = "LUX"
    frame.loc[40:79, "country"] = "NLD"
    frame.loc[80:139, "country"] = "BEL"
    got = estimate_imputations([frame], SYSTEMS, by=["country"], method="mth-chao", seed=3)
    observed = {key["country"]: e.observed for key, e in got.strata}
    assert ALONE == 50 and "LUX" not in observed and "NLD" not in observed
    assert observed[OTHER] >= 80 and got.total.observed == 600


def _total(draws: np.ndarray, observed: int) -> StratifiedEstimate:
    lower, median, upper = np.quantile(draws, [0.025, 0.5, 0.975])
    total = Estimate("lcmcr", "m", observed, float(median), float(lower), float(upper), ("a",))
    return StratifiedEstimate((), (({}, total),), replace(total, draws=draws), "single stratum")


def test_mentions_raise_only_the_upper_limit_and_only_where_the_unseen_cannot_hold_them() -> None:
    draws = np.linspace(1000.0, 1100.0, 4001)  # 900 seen: the unseen runs from 100 to 200
    wide = with_mentions(_total(draws, 900), 50).total  # 50 mentions fit in every draw
    assert (wide.lower, wide.estimate, wide.upper) == pytest.approx((1002.5, 1050.0, 1097.5))
    many = with_mentions(_total(draws, 900), 180).total  # all new: at least 1,080
    assert many.estimate == pytest.approx(1050.0) and many.lower == pytest.approx(1002.5)
    assert many.upper == pytest.approx(1097.5)  # the top of the draws already holds 1,080
    beyond = with_mentions(_total(draws, 900), 250).total  # 1,150 seen with mentions
    assert beyond.upper == 1150 and beyond.lower == pytest.approx(1002.5)
    assert beyond.diagnostics["seen_with_mentions"] == 1150
    untouched = _total(draws, 900)
    assert with_mentions(untouched, 0) is untouched
