"""The status rules, one by one, on hand-built records (the examples of the methodology)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings

from headcount.accounting import Reading, Rules, person_statuses
from headcount.accounting.counts import count_evidence
from headcount.accounting.timeline import UNATTRIBUTED
from tests.accounting.strategies import EventSpec, RecordSpec, build_evidence, records_strategy

E = EventSpec


def status_of(
    records: list[RecordSpec],
    as_of: str,
    known_on: str | None = None,
    rules: Rules | None = None,
    reading: Reading = Reading.reported,
) -> str | None:
    """The status of person A, or None when A is not counted."""
    frame = person_statuses(
        build_evidence(records),
        date.fromisoformat(as_of),
        date.fromisoformat(known_on) if known_on else None,
        rules,
        reading,
    )
    found = frame[frame["person"] == "A"]
    return None if found.empty else str(found["status"].iloc[0])


def one(
    *events: EventSpec, reported: str = "2019-01-01", reliability: str = "B"
) -> list[RecordSpec]:
    return [RecordSpec("A", reported, list(events), reliability=reliability)]


def test_the_last_moving_event_decides() -> None:
    records = one(
        E("departed", "2014-02-01"),
        E("entered_theatre", "2014-02-10", place="SYR"),
        E("detained", "2017-10-20", place="SYR"),
        E("returned", "2018-06-01", place="FRA"),
    )
    assert status_of(records, "2014-02-05") == "en_route"
    assert status_of(records, "2014-03-01") == "in_theatre"
    assert status_of(records, "2017-12-08") == "detained"
    assert status_of(records, "2018-07-01") == "returned"


def test_a_sighting_moves_a_person_only_in_the_theatre() -> None:
    records = one(
        E("entered_theatre", "2015-01-01", place="SYR"),
        E("sighted", "2016-06-01", place="TUR"),
        E("sighted", "2016-09-01", place="IRQ"),
    )
    frame = person_statuses(build_evidence(records), date(2016, 12, 1))
    assert frame["status"].tolist() == ["in_theatre"]
    assert frame["since"].tolist() == [pytest.approx((date(2016, 9, 1) - date(1970, 1, 1)).days)]
    rules = Rules(theatre=("SYR",))
    assert status_of(records, "2016-12-01", rules=rules) == "unknown"  # last theatre news 2015


def test_events_on_the_same_day_follow_the_order_of_a_life() -> None:
    records = one(
        E("returned", "2017-03-01", place="FRA"), E("detained", "2017-03-01", place="TUR")
    )
    assert status_of(records, "2017-04-01") == "returned"


def test_a_death_is_confirmed_when_any_report_is_graded_confirmed() -> None:
    weak = one(
        E("entered_theatre", "2014-05-01", place="SYR"),
        E("killed", "2015-08-12", credibility=4, place="SYR"),
    )
    assert status_of(weak, "2016-01-01") == "killed_reported"
    both = [*weak, RecordSpec("A", "2016-02-01", [E("killed", "2015-08-12", credibility=2)])]
    assert status_of(both, "2016-03-01") == "killed_confirmed"
    assert status_of(both, "2016-03-01", rules=Rules(confirmed_credibility=1)) == "killed_reported"


def test_a_later_sighting_contests_a_death() -> None:
    records = one(
        E("killed", "2016-02-12", credibility=3, place="SYR"),
        E("sighted", "2016-11-05", credibility=3, place="SYR"),
    )
    assert status_of(records, "2016-06-01") == "killed_reported"
    assert status_of(records, "2017-01-01") == "contested"
    # Not credible enough to contest it when contesting asks for grade 2 or better.
    assert status_of(records, "2017-01-01", rules=Rules(contest_credibility=2)) == "killed_reported"


def test_contest_compares_dates_at_the_precision_both_have() -> None:
    # "killed in 2016" and "seen in May 2016": the sighting may be before the death.
    records = one(E("killed", "2016", credibility=3), E("sighted", "2016-05-03", place="SYR"))
    assert status_of(records, "2017-01-01") == "killed_reported"
    later = one(E("killed", "2016", credibility=3), E("sighted", "2017-01-03", place="SYR"))
    assert status_of(later, "2017-02-01") == "contested"


@pytest.mark.parametrize(
    ("as_of", "staleness", "expected"),
    [
        ("2016-05-31", 365, "in_theatre"),
        ("2016-06-02", 365, "unknown"),
        ("2016-06-02", 500, "in_theatre"),
        ("2016-01-01", 100, "unknown"),
    ],
)
def test_no_news_from_the_theatre_for_the_staleness_window_is_unknown(
    as_of: str, staleness: int, expected: str
) -> None:
    records = one(E("entered_theatre", "2015-06-01", place="SYR"))
    assert status_of(records, as_of, rules=Rules(staleness_days=staleness)) == expected


def test_unknown_says_why() -> None:
    records = [
        RecordSpec("stale", "2015-01-01", [E("entered_theatre", "2014-06-01", place="IRQ")]),
        RecordSpec("left", "2015-01-01", [E("departed", "2014-06-01")]),
        RecordSpec("listed", "2015-01-01", []),
        RecordSpec("going", "2015-01-01", [E("departed", "2017-11-01")]),
    ]
    frame = person_statuses(build_evidence(records), date(2017, 12, 8)).set_index("person")
    assert frame.loc["stale", "reason"] == "stale"
    assert frame.loc["left", "reason"] == "no_news_since_leaving"
    assert frame.loc["listed", "reason"] == "no_whereabouts"
    assert (frame.loc["going", "status"], frame.loc["going", "reason"]) == ("en_route", "")
    assert set(frame.loc[["stale", "left", "listed"], "status"]) == {"unknown"}


def test_minimum_credibility_and_reliability() -> None:
    records = one(
        E("entered_theatre", "2015-01-01", place="SYR"),
        E("killed", "2015-06-01", credibility=5, place="SYR"),
        reliability="E",
    )
    assert status_of(records, "2015-07-01") == "killed_reported"
    assert status_of(records, "2015-07-01", rules=Rules(min_credibility=4)) == "in_theatre"
    assert status_of(records, "2015-07-01", rules=Rules(min_reliability="D")) == "unknown"


def test_the_confirmed_reading_keeps_only_confirmed_events_from_reliable_sources() -> None:
    records = [
        RecordSpec("A", "2015-07-01", [E("entered_theatre", "2015-06-01", place="SYR")]),
        RecordSpec("A", "2016-01-01", [E("killed", "2015-12-01", credibility=3)], reliability="D"),
    ]
    assert status_of(records, "2016-02-01") == "killed_reported"
    assert status_of(records, "2016-02-01", reading=Reading.confirmed) == "in_theatre"


def test_known_on_sees_only_what_was_reported_by_then() -> None:
    records = [
        RecordSpec("A", "2015-02-01", [E("entered_theatre", "2015-01-10", place="SYR")]),
        RecordSpec("A", "2017-04-01", [E("sighted", "2017-03-01", place="SYR")]),
        RecordSpec("A", "2018-03-01", [E("killed", "2017-06-01", credibility=2)]),
    ]
    assert status_of(records, "2017-12-08") == "killed_confirmed"
    assert status_of(records, "2017-12-08", known_on="2017-12-08") == "in_theatre"
    # A person first reported after the date of knowledge was not known then.
    late = [RecordSpec("A", "2018-03-01", [E("departed", "2014-06-01")])]
    assert status_of(late, "2015-01-01") == "unknown"
    assert status_of(late, "2015-01-01", known_on="2017-12-08") is None


def test_a_person_is_counted_once_an_event_certainly_happened() -> None:
    records = [RecordSpec("A", "2016-01-01", [E("departed", "2014")])]
    assert status_of(records, "2014-06-30") is None  # left some time in 2014: not yet sure
    assert status_of(records, "2014-12-31") == "unknown"


def test_country_comes_from_the_best_kind_of_statement_then_the_majority() -> None:
    records = [
        RecordSpec("A", "2015-01-01", [E("departed", "2014-05-01")], citizenship="TUN"),
        RecordSpec("A", "2015-02-01", [], citizenship="FRA"),
        RecordSpec("A", "2015-03-01", [], citizenship="FRA"),
        RecordSpec("B", "2015-01-01", [], citizenship="TUN", residence="BEL"),
        RecordSpec("C", "2015-01-01", []),
    ]
    frame = person_statuses(build_evidence(records), date(2016, 1, 1)).set_index("person")
    assert frame["country"].to_dict() == {"A": "FRA", "B": "BEL", "C": UNATTRIBUTED}


@settings(max_examples=60, deadline=None)
@given(records_strategy())
def test_every_counted_person_has_exactly_one_status(records: list[RecordSpec]) -> None:
    evidence = build_evidence(records)
    for as_of, known_on in [(date(2015, 6, 1), None), (date(2017, 12, 8), date(2017, 12, 8))]:
        counts = count_evidence(evidence, as_of, known_on)
        for row in counts.rows:
            assert row.balanced
            assert row.departed.value == sum(c.value for c in row.statuses.values())
            assert all(c.low <= c.value <= c.high for c in row.statuses.values())


@settings(max_examples=60, deadline=None)
@given(records_strategy())
def test_knowing_more_never_forgets_a_person(records: list[RecordSpec]) -> None:
    evidence = build_evidence(records)
    as_of = date(2016, 6, 30)
    then = set(person_statuses(evidence, as_of, known_on=as_of)["person"])
    now = set(person_statuses(evidence, as_of)["person"])
    later = set(person_statuses(evidence, date(2018, 1, 1), known_on=as_of)["person"])
    assert then <= now
    assert then <= later
