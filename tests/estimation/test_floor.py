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
        ("FRA", _estimate(140, 120, 160)),  # above FRA's lower limit (130): unchanged
        ("RUS", _estimate(290, 270, 310)),  # above 280: unchanged; TUN has no floor
        total=_estimate(510, 490, 530),  # below the total's 520: it becomes 510
    )
    got = with_floor(pooled, joined)
    limits = {k["country"]: (e.estimate, e.lower, e.upper) for k, e in got.strata}
    assert limits == {"FRA": (150, 130, 180), "RUS": (300, 280, 330), "TUN": (100, 95, 110)}
    pooled_low = with_floor(
        _result(("FRA", _estimate(150, 145, 180)), total=_estimate(150, 145, 180)),
        _result(("FRA", _estimate(140, 120, 160)), total=_estimate(140, 120, 160)),
    )
    ((_, fra),) = pooled_low.strata
    assert (fra.estimate, fra.lower, fra.upper) == (150, 140, 180)
    assert fra.diagnostics["linkage_floor"] == 140
    assert (got.total.estimate, got.total.lower, got.total.upper) == (550, 510, 600)


def test_missed_links_warns_exactly_where_the_floor_lowered_a_limit() -> None:
    pooled = _result(
        ("FRA", _estimate(150, 130, 180)),
        ("RUS", _estimate(300, 280, 330)),
        total=_estimate(450, 420, 500),
    )
    joined = _result(
        ("FRA", _estimate(120, 110, 130)),  # below 130: lowered and warned
        ("RUS", _estimate(285, 270, 300)),  # above 280: neither
        total=_estimate(405, 390, 420),
    )
    got = with_floor(pooled, joined)
    codes = {k["country"]: {w.code for w in e.warnings} for k, e in got.strata}
    assert codes == {"FRA": {"missed_links"}, "RUS": set()}
    ((_, fra), _) = got.strata
    assert fra.diagnostics["pooled_lower"] == 130
    assert {w.code for w in got.total.warnings} == {"missed_links"}
