"""Warnings where estimates from the store cannot be trusted (estimation.trust)."""

from __future__ import annotations

import pandas as pd

from headcount.estimation.results import Estimate
from headcount.estimation.strata import StratifiedEstimate
from headcount.estimation.trust import _country, with_warnings


def _estimate(observed: int) -> Estimate:
    return Estimate("lcmcr", "m", observed, observed * 1.5, observed, observed * 2.0, ("a", "b"))


def test_warnings_name_small_strata_and_a_modelled_linkage() -> None:
    # FRA: 74 persons (one under FEW_SEEN), 20 on list a only; BEL: 75 on both lists.
    frame = pd.DataFrame(
        {
            "person": [f"F{i}" for i in range(74)] + [f"B{i}" for i in range(75)],
            "country": ["FRA"] * 74 + ["BEL"] * 75,
            "a": 1,
            "b": [0] * 20 + [1] * 129,
        }
    )
    result = StratifiedEstimate(
        ("country",),
        (({"country": "FRA"}, _estimate(74)), ({"country": "BEL"}, _estimate(75))),
        _estimate(149),
        "sum",
    )
    got = with_warnings(result, frame, ["a", "b"], modelled=True)
    codes = {key["country"]: {w.code for w in e.warnings} for key, e in got.strata}
    assert codes == {"FRA": {"few_seen"}, "BEL": set()}
    assert {w.code for w in got.total.warnings} == {"linkage_not_evaluated"}
    quiet = with_warnings(result, frame, ["a", "b"], modelled=False)
    assert not quiet.total.warnings


def test_country_uncertain_when_the_net_move_exceeds_the_interval_room() -> None:
    # FRA 100 seen, interval 100-200 around 150 (room 50 each side); TUN 80 seen, 80-160
    # around 120. Sixty persons placed in TUN have FRA as runner-up: more than FRA's room
    # above (50) and TUN's room below (40), so both are warned; ten would warn neither.
    frame = pd.DataFrame(
        {
            "person": [f"F{i}" for i in range(100)] + [f"T{i}" for i in range(80)],
            "country": ["FRA"] * 100 + ["TUN"] * 80,
            "a": 1,
            "b": 1,
        }
    )
    result = StratifiedEstimate(
        ("country",),
        (({"country": "FRA"}, _estimate(100)), ({"country": "TUN"}, _estimate(80))),
        _estimate(180),
        "sum",
    )
    many = {f"T{i}": "FRA" for i in range(60)}
    got = with_warnings(result, frame, ["a", "b"], modelled=False, runner_up=many)
    codes = {key["country"]: {w.code for w in e.warnings} for key, e in got.strata}
    assert codes == {"FRA": {"country_uncertain"}, "TUN": {"country_uncertain"}}
    few = {f"T{i}": "FRA" for i in range(10)}
    quiet = with_warnings(result, frame, ["a", "b"], modelled=False, runner_up=few)
    assert all(not e.warnings for _, e in quiet.strata)
    # Sixty each way cancel: were every runner-up right, neither number would move.
    both = many | {f"F{i}": "TUN" for i in range(60)}
    still = with_warnings(result, frame, ["a", "b"], modelled=False, runner_up=both)
    assert all(not e.warnings for _, e in still.strata)


def test_few_recaptures_when_fewer_than_twenty_were_seen_twice() -> None:
    # FRA: 100 seen, 19 of them by both lists; BEL: 100 seen, 20 by both.
    frame = pd.DataFrame(
        {
            "person": [f"P{i}" for i in range(200)],
            "country": ["FRA"] * 100 + ["BEL"] * 100,
            "a": 1,
            "b": [1] * 19 + [0] * 81 + [1] * 20 + [0] * 80,
        }
    )
    result = StratifiedEstimate(
        ("country",),
        (({"country": "FRA"}, _estimate(100)), ({"country": "BEL"}, _estimate(100))),
        _estimate(200),
        "sum",
    )
    got = with_warnings(result, frame, ["a", "b"], modelled=False)
    codes = {key["country"]: {w.code for w in e.warnings} for key, e in got.strata}
    assert codes == {"FRA": {"few_recaptures"}, "BEL": set()}


def test_the_pooled_stratum_other_is_warned() -> None:
    # `other` gathers BEL and TUN (20 persons each), FRA is alone; the first 40 rows are
    # seen twice: 27 of `other`'s (enough recaptures), 13 of FRA's (too few). (Each
    # estimate says 75 seen, so that `few_seen` stays quiet.)
    frame = pd.DataFrame(
        {"person": [f"p{i}" for i in range(60)], "country": ["BEL", "TUN", "FRA"] * 20, "x": 1}
    )
    frame["y"] = [1] * 40 + [0] * 20
    result = StratifiedEstimate(
        ("country",),
        (({"country": "other"}, _estimate(75)), ({"country": "FRA"}, _estimate(75))),
        _estimate(150),
        "sum",
    )
    got = with_warnings(result, frame, ["x", "y"], modelled=False)
    codes = {key["country"]: {w.code for w in e.warnings} for key, e in got.strata}
    assert codes == {"other": {"pooled_strata"}, "FRA": {"few_recaptures"}}


def test_country_uncertain_counts_one_person_in_the_singular() -> None:
    # One person arrives and 100 leave the 60-120 interval around 90: the warning reads
    # "1 person placed … has", not "1 persons … have".
    estimate = _estimate(60)
    (caveat,) = _country(estimate, 1, 100)
    assert caveat.message.startswith("1 person placed in other countries has this one")
    assert "100 placed here have another" in caveat.message
    (caveat,) = _country(estimate, 100, 1)
    assert "1 placed here has another" in caveat.message


def test_crowded_names_where_most_one_list_persons_have_several_partners() -> None:
    # The floor's one-list persons: FRA 10, 7 crowded (0.7: warned); BEL 10, 6 crowded
    # (not warned); none of TUN's (no one-list person: not warned). Without them, nothing.
    # (Each country's 100 current persons are seen by both lists: no other warning.)
    frame = pd.DataFrame(
        {
            "person": [f"x{i}" for i in range(300)],
            "country": ["FRA"] * 100 + ["BEL"] * 100 + ["TUN"] * 100,
            "a": 1,
            "b": 1,
        }
    )
    result = StratifiedEstimate(
        ("country",),
        tuple(({"country": c}, _estimate(100)) for c in ("FRA", "BEL", "TUN")),
        _estimate(300),
        "sum",
    )
    one_list = pd.DataFrame(
        {
            "person": [f"p{i}" for i in range(20)],
            "country": ["FRA"] * 10 + ["BEL"] * 10,
            "crowded": [True] * 7 + [False] * 3 + [True] * 6 + [False] * 4,
        }
    )
    got = with_warnings(result, frame, ["a", "b"], modelled=False, one_list=one_list)
    codes = {key["country"]: {w.code for w in e.warnings} for key, e in got.strata}
    assert codes == {"FRA": {"crowded_names"}, "BEL": set(), "TUN": set()}
    assert "7 of the 10" in got.strata[0][1].warnings[0].message
    plain = with_warnings(result, frame, ["a", "b"], modelled=False)
    assert not any(e.warnings for _, e in plain.strata)
