"""Screening: the index finds a known person by any spelling or script, and says why."""

from __future__ import annotations

import pytest

from headcount.linkage.screening import (
    CITIZENSHIP_AGREES,
    DATE_DISAGREES,
    ScreeningIndex,
    compare_birth_dates,
    compare_citizenships,
)
from headcount.names.compare import KUNYA_NISBA_CAP, SCREENING_THRESHOLD
from headcount.simulate.people import generated_people


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    built = ScreeningIndex()
    built.add("p1", ["Muhammad Tahir Anwari"], ["1961"], ["Afghanistan"])
    built.add("p2", ["Abdul Latif Mansur", "Abu Hamza al-Faransi"], ["1968-03-12"], ["FRA"])
    built.add("p3", ["Doku Khamatovich Umarov"], ["1964-04-13"], ["RUS"])
    built.add("p4", ["Abu Hamza al-Masri Mustafa Kamel"], [], [])
    for k, person in enumerate(generated_people(2000, seed=11)):
        built.add(f"g{k}", [person.name], [person.birth_date], [person.citizenship])
    return built


@pytest.mark.parametrize(
    ("query", "person"),
    [
        ("محمد طاهر أنوري", "p1"),
        ("Mohammad Tahre Anwari", "p1"),
        ("Abdellatif Mansour", "p2"),
        ("عبد اللطيف منصور", "p2"),
        ("Умаров Доку Хаматович", "p3"),
        ("UMAROV, Doku", "p3"),
    ],
)
def test_finds_a_person_by_another_spelling_or_script(
    index: ScreeningIndex, query: str, person: str
) -> None:
    candidates = index.screen(query)
    assert candidates[0].person_id == person, [c.explain() for c in candidates]
    assert candidates[0].match
    assert "≈" in candidates[0].explain()


def test_candidates_are_ranked_one_per_person(index: ScreeningIndex) -> None:
    candidates = index.screen("Mohamed Ali", limit=5)
    assert len(candidates) <= 5
    assert len({c.person_id for c in candidates}) == len(candidates)
    scores = [c.score for c in candidates]
    assert scores == sorted(scores, reverse=True)


def test_a_kunya_alone_is_never_a_match_even_with_a_birth_date(index: ScreeningIndex) -> None:
    for candidate in index.screen("Abu Hamza", birth_date="1968-03-12", citizenship="France"):
        assert candidate.name_score <= KUNYA_NISBA_CAP
        assert not candidate.match, candidate.explain()


def test_birth_date_and_citizenship_adjust_the_score(index: ScreeningIndex) -> None:
    plain = index.screen("Abdul Latif Mansoor")[0]
    agreeing = index.screen("Abdul Latif Mansoor", birth_date="1968", citizenship="France")[0]
    disagreeing = index.screen("Abdul Latif Mansoor", birth_date="1990")[0]
    assert agreeing.score > plain.score > disagreeing.score
    assert agreeing.birth_date == "agrees" and agreeing.citizenship == "agrees"
    assert disagreeing.birth_date == "disagrees"
    assert "birth date agrees" in agreeing.explain()


def test_partial_dates_compare_at_the_precision_both_have() -> None:
    assert compare_birth_dates("1975", ["1975-03-12"])[0] == "agrees"
    assert compare_birth_dates("1975-03", ["1975-04-01"]) == ("near", 0.0)
    assert (
        compare_birth_dates("1975-03-12", ["1975-03-12"])[1]
        > compare_birth_dates("1975", ["1975-03-12"])[1]
    )
    assert compare_birth_dates("1960", ["1975"]) == ("disagrees", DATE_DISAGREES)
    assert compare_birth_dates("1976", ["1975/1980"])[0] == "agrees"
    assert compare_birth_dates("not a date", ["1975"]) == (None, 0.0)
    assert compare_citizenships("Tunisie", ["TUN"]) == ("agrees", CITIZENSHIP_AGREES)
    assert compare_citizenships("TUN", []) == (None, 0.0)


def test_generated_variants_are_found(index: ScreeningIndex) -> None:
    # Speed is measured by benchmarks/names.py (--scale), not asserted here.
    people = list(generated_people(2000, seed=11))
    found = 0
    for k in range(0, 2000, 40):
        candidates = index.screen(people[k].variant)
        found += any(c.person_id == f"g{k}" and c.score >= SCREENING_THRESHOLD for c in candidates)
    assert found >= 45  # of 50


def test_an_empty_query_finds_nothing(index: ScreeningIndex) -> None:
    assert index.screen("  ") == []
    assert index.screen("12345") == []


def test_an_exact_name_ranks_first_and_ties_go_by_evidence_not_id() -> None:
    built = ScreeningIndex()
    built.add("a1", ["Abu Hamza al-Faransi Karim"], [], ["FRA"])
    built.add("a2", ["Abu Hamza"], [], [])
    built.add("b1", ["Karim Benali"], [], [])
    built.add("b2", ["Karim Benali", "Karim Ben Ali"], ["1990-05-12"], ["FRA"])
    built.add("b3", ["Karim Benali", "كريم بن علي"], [], [])
    kunya = built.screen("abu  HAMZA")
    assert kunya[0].person_id == "a2" and kunya[0].exact
    tied = [c.person_id for c in built.screen("Karim Benali", birth_date="1990-05-12")[:3]]
    assert tied == ["b2", "b3", "b1"]
