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


def test_a_return_or_a_trial_outside_the_theatre_places_a_foreign_citizen_at_home() -> None:
    # A returnee record and a French court say France, over an Algerian or Moroccan
    # citizenship; a trial in Iraq or a repatriation to Syria says nothing of home.
    records = [
        RecordSpec("R", "2018-01-01", [EventSpec("returned", "2017-06", place="FRA")]),
        RecordSpec("R", "2018-02-01", citizenship="DZA"),
        RecordSpec("R", "2018-03-01", citizenship="DZA"),
        RecordSpec("T", "2017-06-01", [EventSpec("prosecuted", "2017-05", place="FRA")]),
        RecordSpec("T", "2017-06-01", LEFT, citizenship="MAR"),
        RecordSpec("I", "2018-01-01", [EventSpec("prosecuted", "2017-09", place="IRQ")]),
        RecordSpec("I", "2018-01-01", [EventSpec("returned", "2017-10", place="SYR")]),
        RecordSpec("I", "2018-01-01", citizenship="TUN"),
    ]
    assert countries(records) == {"R": "FRA", "T": "FRA", "I": "TUN"}
    shown = person_origin(build_evidence(records), "T")
    assert [(v.country, v.kinds, v.score) for v in shown] == [
        ("FRA", ("prosecuted",), 8),
        ("MAR", ("citizenship",), 2),
    ]


def clear(person: str, country: str, *others: str) -> RecordSpec:
    """A record that places its person in `country` beyond doubt (a residence), with the
    citizenship of `country` and of any `others`."""
    return RecordSpec(person, "2015-01-01", LEFT, citizenship=(country, *others), residence=country)


def test_a_tie_goes_to_the_country_more_dual_nationals_are_clearly_from() -> None:
    # A camp register names two citizenships and nothing else: the evidence ties, and the
    # country the other dual nationals clearly left from wins, whichever its place in the
    # alphabet, and however many single nationals the other country has.
    dual = RecordSpec("D", "2018-01-01", citizenship=("DZA", "FRA"))
    french = [clear(f"F{i}", "FRA", "DZA") for i in range(2)]
    algerian = [clear(f"A{i}", "DZA", "FRA") for i in range(2)]
    assert countries([dual, *french, clear("A0", "DZA", "FRA")])["D"] == "FRA"
    assert countries([dual, *algerian, clear("F0", "FRA", "DZA")])["D"] == "DZA"
    italian = RecordSpec("I", "2018-01-01", citizenship=("ITA", "TUN"))
    tunisian = [clear(f"T{i}", "TUN") for i in range(5)]
    assert countries([italian, *tunisian, clear("I0", "ITA", "TUN")])["I"] == "ITA"


def test_a_dual_nationals_birth_place_does_not_choose_between_their_countries() -> None:
    # On both national lists with both citizenships, born in Tunisia: the birth place only
    # says which citizenship came first, so the tie stands and the dual nationals' base rate decides; for a
    # single national the birth place still weighs (0.5) against nothing but itself.
    both = [
        RecordSpec("B", "2016-01-01", LEFT, citizenship=("FRA", "TUN"), source_country="FRA"),
        RecordSpec(
            "B",
            "2016-01-01",
            LEFT,
            citizenship=("FRA", "TUN"),
            birth_place="TUN",
            source_id=2,
            source_country="TUN",
        ),
    ]
    french = [clear(f"F{i}", "FRA", "TUN") for i in range(2)]
    evidence = build_evidence([*both, *french, clear("T0", "TUN", "FRA")])
    votes = person_origin(evidence, "B")
    assert [(v.country, v.score) for v in votes] == [("FRA", 2 + 1), ("TUN", 2 + 1)]
    assert votes[0].chosen and "birth_place" not in votes[1].kinds
    single = RecordSpec("S", "2016-01-01", LEFT, birth_place="MAR")
    assert countries([single])["S"] == "MAR"


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
