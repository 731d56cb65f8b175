"""The linkage floor (estimation.floor): lower limits go down to the joined partition's
estimates, and nothing else moves."""

from __future__ import annotations

from headcount.estimation.floor import with_floor
from headcount.estimation.results import Estimate
from headcount.estimation.strata import StratifiedEstimate


def _estimate(estimate: float, lower: float, upper: float) -> Estimate:
    return Estimate("lcmcr", "m", 90, estimate, lower, upper, ("a", "b", "c"))


def _result(*strata: tuple[str, Estimate], total: Estimate) -> StratifiedEstimate:
    return StratifiedEstimate(
        ("country",), tuple(({"country": c}, e) for c, e in strata), total, "sum"
    )


def test_a_floor_lowers_only_lower_limits_and_only_where_it_is_lower() -> None:
    pooled = _result(
        ("FRA", _estimate(150, 130, 180)),
        ("RUS", _estimate(300, 280, 330)),
        ("TUN", _estimate(100, 95, 110)),
        total=_estimate(550, 520, 600),
    )
    joined = _result(
        ("FRA", _estimate(150, 135, 160)),  # its lower limit above FRA's (130): unchanged
        ("RUS", _estimate(300, 285, 310)),  # above 280: unchanged; TUN has no floor
        total=_estimate(530, 510, 550),  # its lower limit below the total's 520: 510
    )
    got = with_floor(pooled, joined)
    limits = {k["country"]: (e.estimate, e.lower, e.upper) for k, e in got.strata}
    assert limits == {"FRA": (150, 130, 180), "RUS": (300, 280, 330), "TUN": (100, 95, 110)}
    pooled_low = with_floor(
        _result(("FRA", _estimate(150, 145, 180)), total=_estimate(150, 145, 180)),
        _result(("FRA", _estimate(150, 140, 160)), total=_estimate(150, 140, 160)),
    )
    ((_, fra),) = pooled_low.strata
    assert (fra.estimate, fra.lower, fra.upper) == (150, 140, 180)
    assert fra.diagnostics["linkage_floor"] == 140
    assert (got.total.estimate, got.total.lower, got.total.upper) == (550, 510, 600)


def test_missed_links_warns_where_the_floor_lies_far_below() -> None:
    pooled = _result(
        ("FRA", _estimate(150, 130, 180)),  # room 50: warned when the floor is below 105
        ("RUS", _estimate(300, 280, 330)),
        total=_estimate(450, 420, 500),
    )
    joined = _result(
        ("FRA", _estimate(110, 100, 120)),  # 30 below 130: lowered and warned
        ("RUS", _estimate(280, 270, 290)),  # 10 below 280: lowered, not warned
        total=_estimate(390, 370, 410),
    )
    got = with_floor(pooled, joined)
    codes = {k["country"]: {w.code for w in e.warnings} for k, e in got.strata}
    assert codes == {"FRA": {"missed_links"}, "RUS": set()}
    ((_, fra), (_, rus)) = got.strata
    assert (fra.lower, rus.lower) == (100, 270)
    assert fra.diagnostics["pooled_lower"] == 130
    assert {w.code for w in got.total.warnings} == {"missed_links"}
