"""Sources record the population in their own forms, with their own noise and dependence."""

from __future__ import annotations

from collections import Counter

import numpy as np

from headcount.model.vocabulary import Compartment, EventKind
from headcount.simulate import Simulation, summarise
from headcount.simulate.sources.engine import inclusion_probability
from headcount.simulate.summary import visibility_gap
from headcount.simulate.timeline import day
from headcount.simulate.truth import capture_histories


def test_record_ids_are_unique_within_each_source(sim: Simulation) -> None:
    for name, records in sim.records.items():
        ids = [r.record_id for r in records]
        assert len(ids) == len(set(ids)), name


def test_reports_come_after_the_events_they_describe(sim: Simulation) -> None:
    for spec in sim.sources:
        for record in sim.records[spec.name]:
            for e in record.events:
                reported = e.reported_on if e.reported_on is not None else record.reported_on
                if e.date is not None:
                    first = day(f"{e.date.year:04d}-{e.date.month:02d}-{e.date.day:02d}")
                    assert first <= reported, (spec.name, record.record_id)
            assert record.reported_on <= day("2021-12-31")


def test_each_list_spells_in_its_own_habit(sim: Simulation) -> None:
    def given_names(source: str, header: str) -> Counter[str]:
        return Counter(str(r.cells.get(header, "")) for r in sim.records[source])

    french = given_names("fr-watchlist", "prenom")
    british = given_names("gb-watchlist", "forenames")
    assert french["Mohamed"] > french["Mohammed"]
    assert british["Mohammed"] > british["Mohamed"]
    assert any(r.cells.get("Фамилия") for r in sim.records["cis-wanted-list"])
    assert all(
        "\u0600" <= str(r.cells["الاسم"])[0] <= "\u06ff"
        for r in sim.records["tn-watchlist"]
        if r.cells.get("الاسم")
    )


def test_scripts_kunyas_and_duplicates_are_present(sim: Simulation) -> None:
    summary = summarise(sim)
    assert 0.08 < summary.share("arabic") < 0.4
    assert 0.04 < summary.share("cyrillic") < 0.3
    assert 0.05 < summary.share("kunya_only") < 0.3
    by_name = {s.name: s for s in summary.sources}
    assert by_name["is-death-notices"].kunya_only == by_name["is-death-notices"].records
    assert by_name["news-reports"].duplicates > 0.2 * by_name["news-reports"].records
    assert by_name["tr-border-records"].duplicates > 0
    assert sum(s.duplicates for s in summary.sources) > 0.05 * summary.records


def test_being_in_the_news_makes_a_watch_list_likelier(sim: Simulation) -> None:
    eligible = sim.spec("fr-watchlist").eligible(sim.world)
    p = inclusion_probability(sim.world, sim.spec("fr-watchlist"))
    news = sim.world.included["news-reports"]
    assert p[eligible & news].mean() > p[eligible & ~news].mean() + 0.03


def test_visible_people_are_recorded_more_and_some_are_never_recorded(sim: Simulation) -> None:
    histories = capture_histories(sim)
    assert histories.shape == (len(sim.population), len(sim.sources))
    never = int((histories.sum(axis=1) == 0).sum())
    assert 0.05 * len(sim.population) < never < 0.4 * len(sim.population)
    assert visibility_gap(sim) > 0.3


def test_false_death_reports_are_followed_by_signs_of_life(sim: Simulation) -> None:
    false = np.flatnonzero(sim.world.false_death >= 0)
    assert len(false) > 0
    noticed = {r.person for r in sim.records["is-death-notices"]} & set(false.tolist())
    assert noticed
    later = 0
    for i in noticed:
        after = [e for e in sim.world.events[i] if e.day > sim.world.false_death[i]]
        assert EventKind.killed not in {e.kind for e in after}
        later += any(
            e.kind in (EventKind.detained, EventKind.returned, EventKind.sighted) for e in after
        )
    assert later > 0


def test_formats_compartments_and_kinds_vary(sim: Simulation) -> None:
    assert {s.fmt for s in sim.sources} == {"csv", "jsonl", "xlsx"}
    assert Compartment.restricted in {s.compartment for s in sim.sources}
    assert len({s.kind for s in sim.sources}) >= 7
    assert len({s.name for s in sim.sources}) == len(sim.sources)


def test_the_summary_counts_every_record_and_person(sim: Simulation) -> None:
    summary = summarise(sim)
    assert all(s.records > 0 and s.persons <= s.records for s in summary.sources)
    assert summary.records == sum(len(r) for r in sim.records.values())
    assert sum(summary.recorded_by.values()) == len(sim.population)
    assert summary.never_recorded == summary.recorded_by[0] > 0
    histories = capture_histories(sim)
    for pattern, count in summary.top_histories:
        bits = np.array([int(b) for b in pattern])
        assert count == int((histories == bits).all(axis=1).sum())
    assert summary.true_focus["departed"] == sum(
        v for k, v in summary.true_focus.items() if k != "departed"
    )
