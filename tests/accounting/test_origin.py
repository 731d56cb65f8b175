"""Country of origin by weighed evidence (accounting.origin), on hand-built records."""

from __future__ import annotations

from datetime import date

import numpy as np

from headcount.accounting import person_statuses
from headcount.accounting.origin import other_countries, person_origin
from tests.accounting.strategies import EventSpec, RecordSpec, build_evidence

WHEN = date(2018, 1, 1)
LEFT = [EventSpec("departed", "2014-05-01")]


def countries(records: list[RecordSpec]) -> dict[str, str]:
    found = person_statuses(build_evidence(records), WHEN)
    return dict(zip(found["person"], found["country"], strict=True))


def test_a_foreign_citizen_on_a_national_list_left_from_its_country() -> None:
    # A Russian citizen on the French ministry's list lives in France: the list weighs as a
    # residence (8) over the citizenship (2), even with a Russian list naming him too.
    got = countries(
        [
            RecordSpec(
                "A", "2015-01-01", LEFT, citizenship="RUS", source_id=1, source_country="FRA"
            ),
            RecordSpec("A", "2015-02-01", citizenship="RUS", source_id=2, source_country="RUS"),
        ]
    )
    assert got == {"A": "FRA"}


def test_departure_and_residence_outweigh_citizenship() -> None:
    got = countries(
        [
            RecordSpec(
                "B",
                "2015-01-01",
                [EventSpec("departed", "2014-05-01", place="BEL")],
                citizenship="MAR",
            ),
            RecordSpec("C", "2015-01-01", LEFT, citizenship="DZA", residence="FRA"),
            RecordSpec("D", "2015-01-01", LEFT, citizenship="TUN"),
        ]
    )
    assert got == {"B": "BEL", "C": "FRA", "D": "TUN"}


def test_a_stray_citizenship_on_one_record_of_several_does_not_decide() -> None:
    got = countries(
        [
            RecordSpec("E", "2015-01-01", LEFT, citizenship="SAU"),
            RecordSpec("E", "2015-02-01", citizenship="SAU"),
            RecordSpec("E", "2015-03-01", citizenship="JOR"),
        ]
    )
    assert got == {"E": "SAU"}


def test_a_dual_national_gets_one_country_and_keeps_the_other() -> None:
    records = [
        RecordSpec("F", "2015-01-01", LEFT, citizenship="FRA", source_country="FRA"),
        RecordSpec("F", "2015-01-01", citizenship="TUN"),
    ]
    evidence = build_evidence(records)
    assert countries(records) == {"F": "FRA"}
    other = other_countries(evidence, np.ones(len(evidence.records), dtype=bool))
    assert evidence.countries[other[0]] == "TUN"


def test_a_person_no_record_places_is_unattributed() -> None:
    assert countries([RecordSpec("G", "2015-01-01", LEFT)]) == {"G": "XXX"}


def test_a_persons_origin_lists_every_country_best_first_with_its_evidence() -> None:
    records = [
        RecordSpec("F", "2015-01-01", LEFT, citizenship="FRA", source_country="FRA"),
        RecordSpec("F", "2015-01-01", citizenship="TUN", residence="FRA"),
        RecordSpec("H", "2015-01-01", LEFT, citizenship="BEL"),
    ]
    evidence = build_evidence(records)
    votes = person_origin(evidence, "F")
    assert [(v.country, v.chosen) for v in votes] == [("FRA", True), ("TUN", False)]
    assert votes[0].kinds == ("residence", "citizenship", "source")
    assert votes[1].kinds == ("citizenship",) and len(votes[1].records) == 1
    # the same scores as the counts' rule: residence 8 + half the citizenship + the list
    assert votes[0].score == 8 + 2 * 0.5 + 1 and votes[1].score == 2 * 0.5
    assert person_origin(evidence, "nobody") == []
