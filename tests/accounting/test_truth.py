"""Counts with perfect linkage against the simulator's truth.

The quantity compared: what the records reveal (`headcount.simulate.truth.revealed_status`,
`truth/revealed_counts.csv`) — each person's status derived from all their records' events,
linked by the simulator's own links — per true country and status, on each of the
scenario's count dates. Not the true status: no rule can count a death no record reports.

Two differences are by design, and every mismatch must be one of them (at most 1% of
persons): the simulator grades a death by its *last* report (ties in source order) where
headcount confirms it when *any* report is graded 1–2; and the simulator compares a later
sighting with a death report's first possible day where headcount compares dates at the
precision both have (a sighting in May 2016 does not contest a death "in 2016").
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
import pytest

from headcount.accounting import person_statuses
from headcount.accounting.timeline import day_number
from headcount.model.vocabulary import EventKind
from headcount.simulate.timeline import day
from headcount.simulate.truth import Told, revealed_status
from tests.simulated import Simulated

FAR = 10**9
MOVING = {"departed", "entered_theatre", "detained", "released", "returned", "relocated"}


def _designed(truth: str, mine: str, told: list[Told], t: int, k: int) -> bool:
    """Whether a mismatch is one of the two differences by design (module docstring)."""
    seen = [e for e in told if e.earliest <= t and e.reported <= k]
    deaths = [e for e in seen if e.kind == EventKind.killed]
    if truth == "killed_reported" and mine == "killed_confirmed":
        return any(e.credibility <= 2 for e in deaths)
    if truth == "contested" and mine in ("killed_confirmed", "killed_reported"):
        last = max(e.earliest for e in deaths)
        # Later news exists, but within the imprecise death date (within a year of its start).
        later = [e for e in seen if e.earliest > last and (e.kind in MOVING or e.kind == "sighted")]
        return bool(later) and all(e.earliest - last <= 366 for e in later)
    return False


def _compare(simulated: Simulated, when: str, known: bool) -> tuple[pd.DataFrame, list[str]]:
    t = day(when)
    k = t if known else FAR
    as_of = date.fromisoformat(when)
    mine = person_statuses(simulated.evidence, as_of, as_of if known else None)
    mine["index"] = mine["person"].map(simulated.index_of)
    mine["truth"] = [
        revealed_status(simulated.told.get(i, []), t, None if known else FAR).value
        for i in mine["index"]
    ]
    odd = [
        f"{row.person}: {row.truth} in the truth, {row.status} here"
        for row in mine[mine["status"] != mine["truth"]].itertuples()
        if not _designed(row.truth, row.status, simulated.told.get(row.index, []), t, k)
    ]
    return mine, odd


@pytest.mark.parametrize("known", [True, False], ids=["known-on-the-date", "known-now"])
def test_statuses_equal_what_the_records_reveal(simulated: Simulated, known: bool) -> None:
    for when in simulated.sim.scenario.count_dates:
        mine, odd = _compare(simulated, when, known)
        assert odd == [], f"{when}: {odd[:5]}"
        by_design = int((mine["status"] != mine["truth"]).sum())
        assert by_design <= 0.01 * len(mine), f"{when}: {by_design} of {len(mine)} differ"


def test_counts_equal_the_truths_revealed_counts(simulated: Simulated) -> None:
    """Per true country × status, known on each count date: truth/revealed_counts.csv."""
    table = pd.read_csv(simulated.folder / "truth" / "revealed_counts.csv", keep_default_na=False)
    country = simulated.sim.population.country
    statuses = [
        c
        for c in table.columns
        if c not in ("date", "country", "departed", "never_recorded", "recorded")
    ]
    for when, expected in table.groupby("date"):
        mine, _ = _compare(simulated, str(when), known=True)
        mine["true_country"] = [str(country[i]) for i in mine["index"]]
        # Persons whose status differs by design count where the truth puts them, so that
        # the rest of the table must match cell for cell.
        mine["counted"] = mine["status"].where(mine["status"] == mine["truth"], mine["truth"])
        got = Counter(zip(mine["true_country"], mine["counted"], strict=True))
        recorded = Counter(mine["true_country"])
        for row in expected.itertuples():
            assert recorded[row.country] == row.recorded, (when, row.country)
            for s in statuses:
                assert got[(row.country, s)] == getattr(row, s), (when, row.country, s)
        moved = int((mine["status"] != mine["truth"]).sum())
        assert moved <= 0.01 * len(mine)


def test_known_on_differs_from_as_of_exactly_where_reports_lag(simulated: Simulated) -> None:
    for when in simulated.sim.scenario.count_dates:
        t = day(when)
        then, _ = _compare(simulated, when, known=True)
        now, _ = _compare(simulated, when, known=False)
        both = then.merge(now, on=["person", "index"], suffixes=("_then", "_now"))
        mine = set(both["person"][both["status_then"] != both["status_now"]])
        truth = set(both["person"][both["truth_then"] != both["truth_now"]])
        designed = set(
            both["person"][
                (both["status_then"] != both["truth_then"])
                | (both["status_now"] != both["truth_now"])
            ]
        )
        assert mine - designed == truth - designed
        for i in both["index"][both["person"].isin(mine)]:
            lagged = [e for e in simulated.told[i] if e.earliest <= t < e.reported]
            assert lagged, f"{when}: person {i} differs with no report lagging"
        # Persons known now but not then were all first reported after the date.
        assert set(then["person"]) <= set(now["person"])
        recs = simulated.evidence.records
        keys = simulated.evidence.person_keys[recs["person"].to_numpy()]
        first = recs["first_reported"].groupby(keys).min()
        later = set(now["person"]) - set(then["person"])
        assert all(first[p] > day_number(date.fromisoformat(when)) for p in later)
        assert len(mine) > 0 or when == simulated.sim.scenario.count_dates[0]


def test_no_person_is_counted_before_they_left(simulated: Simulated) -> None:
    departed = simulated.sim.trajectories.departed
    for when in simulated.sim.scenario.count_dates:
        mine = person_statuses(simulated.evidence, date.fromisoformat(when))
        assert all(departed[simulated.index_of[p]] <= day(when) for p in mine["person"])


def test_countries_come_out_right_for_most_persons(simulated: Simulated) -> None:
    """Tolerance: at least 85% of persons get their true country from the records, and at
    most 5% of those given a country get a wrong one (a citizenship that is not the country
    they left from); the rest are unattributed (XXX)."""
    mine = person_statuses(simulated.evidence, date(2020, 12, 31))
    truth = [str(simulated.sim.population.country[simulated.index_of[p]]) for p in mine["person"]]
    right = (mine["country"] == truth).mean()
    attributed = mine["country"] != "XXX"
    wrong = ((mine["country"] != truth) & attributed).sum() / attributed.sum()
    assert right >= 0.85, right
    assert wrong <= 0.05, wrong
