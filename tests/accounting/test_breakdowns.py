"""Breakdowns of the counts (sex, age group, destination, detention) and their flags,
against the simulator's truth under perfect linkage, and on evidence written by hand.

The compared quantity is each counted person's part beside their true trait or true
latest event (`headcount.simulate.truth_breakdowns`), among the persons whose part the
records can tell (`unknown` left out: no record states a gender, say). One difference is
by design: the camp register writes transfers from al-Hol to Roj that no true event
carries, so a detainee placed in Roj by the records may be in al-Hol in the truth.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from headcount.accounting.breakdowns import BREAKDOWNS, FLAGS, flags_of, parts_of
from headcount.accounting.counts import count_evidence
from headcount.accounting.rules import Reading
from headcount.accounting.status import Snapshot
from headcount.accounting.timeline import day_number
from headcount.simulate.truth_breakdowns import person_parts
from tests.accounting.strategies import EventSpec, RecordSpec, build_evidence
from tests.simulated import Simulated

WHEN = date(2020, 12, 31)
TRANSFER = ("camp:Roj", "camp:al-Hol")


def _snapshot(simulated: Simulated) -> tuple[Snapshot, np.ndarray, np.ndarray, list[str]]:
    snapshot = Snapshot(simulated.evidence, WHEN)
    codes = snapshot.status_codes(Reading.reported)[0]
    index = np.array([simulated.index_of[p] for p in snapshot.statuses()["person"]])
    statuses = snapshot.statuses()["status"].tolist()
    return snapshot, codes, index, statuses


@pytest.mark.parametrize("breakdown", BREAKDOWNS)
def test_parts_agree_with_the_truth(simulated: Simulated, breakdown: str) -> None:
    snapshot, codes, index, statuses = _snapshot(simulated)
    mine = parts_of(snapshot, Reading.reported, codes, breakdown)
    t = day_number(WHEN)
    compared = agreed = 0
    for part, i, status in zip(mine.tolist(), index.tolist(), statuses, strict=True):
        if part in ("", "unknown"):
            continue
        truth = dict(person_parts(simulated.sim, i, status, t)).get(breakdown)
        if truth is None:  # the records' status differs from the true one
            continue
        compared += 1
        agreed += part == truth or (part, truth) == TRANSFER
    assert compared >= (3 if breakdown == "destination" else 100)
    assert agreed / compared >= 0.99, f"{breakdown}: {agreed} of {compared}"


def test_repatriated_agree_with_the_truth(simulated: Simulated) -> None:
    snapshot, codes, index, statuses = _snapshot(simulated)
    mine = flags_of(snapshot, Reading.reported, codes)["repatriated"]
    t = day_number(WHEN)
    returned = [j for j, s in enumerate(statuses) if s == "returned"]
    truth = [
        ("flag", "repatriated") in person_parts(simulated.sim, int(index[j]), "returned", t)
        for j in returned
    ]
    assert sum(truth) > 5
    assert np.mean(mine[returned] == np.array(truth)) >= 0.99


def test_parts_add_up_to_the_whole(simulated: Simulated) -> None:
    """Sex and age groups partition the counted persons: each part's rows, summed, are the
    whole's in every status; every part keeps departed = Σ statuses."""
    for breakdown in ("sex", "age_group"):
        counts = count_evidence(simulated.evidence, WHEN, by=["country", "status", breakdown])
        assert counts.breakdown == breakdown
        for row in counts.rows:
            parts = [r for rows in counts.parts.values() for r in rows if r.country == row.country]
            assert sum(r.departed.value for r in parts) == row.departed.value
            for status, cell in row.statuses.items():
                assert sum(r.statuses[status].value for r in parts) == cell.value
            assert all(r.balanced for r in parts)
    detained = count_evidence(simulated.evidence, WHEN, by=["country", "status", "detention"])
    whole = detained.row("all")
    assert whole is not None
    held = sum(rows[-1].departed.value for rows in detained.parts.values())
    assert held == whole.statuses["detained"].value
    assert set(whole.flags) == set(FLAGS)
    assert whole.flags["convicted"].value <= whole.flags["prosecuted"].value


def test_flags_are_metrics_the_figures_are_set_beside(simulated: Simulated) -> None:
    counts = count_evidence(simulated.evidence, WHEN)
    women, minors = counts.metric("all", "women"), counts.metric("all", "minors")
    assert women is not None and minors is not None
    assert 0 < women.value < counts.metric("all", "departed").value  # type: ignore[union-attr]
    assert minors.value > 0


def test_a_breakdown_alone_or_two_of_them() -> None:
    evidence = build_evidence([RecordSpec("A", "2016-01-10")])
    assert count_evidence(evidence, WHEN, by=["sex"]).by == ("country", "status")
    with pytest.raises(ValueError, match="at most one"):
        count_evidence(evidence, WHEN, by=["country", "sex", "detention"])


def test_convicted_reads_the_verdict_and_repatriated_needs_a_detention() -> None:
    """A: tried and convicted after a return from al-Hol (repatriated); B: tried, acquitted,
    returned without a detention; C: detained in Roj."""
    evidence = build_evidence(
        [
            RecordSpec(
                "A",
                "2021-01-01",
                events=[
                    EventSpec("entered_theatre", "2014-05-01", place="SYR"),
                    EventSpec("detained", "2019-03-01", place="SYR"),
                    EventSpec("returned", "2020-06-01", place="FRA"),
                    EventSpec("prosecuted", "2020-11-01", place="FRA"),
                ],
            ),
            RecordSpec(
                "B",
                "2021-01-01",
                events=[
                    EventSpec("entered_theatre", "2014-05-01", place="SYR"),
                    EventSpec("returned", "2015-06-01", place="FRA"),
                    EventSpec("prosecuted", "2016-11-01", place="FRA"),
                ],
            ),
            RecordSpec(
                "C",
                "2021-01-01",
                events=[
                    EventSpec("entered_theatre", "2014-05-01", place="SYR"),
                    EventSpec("detained", "2019-03-01", place="SYR"),
                ],
            ),
        ]
    )
    kinds = evidence.events["kind"].to_numpy()
    notes = ["", "", "", "convicted", "", "", "acquitted", "", ""]
    regions = ["", "al-Hol", "", "", "", "", "", "", "Roj"]
    assert len(notes) == len(kinds)
    evidence = replace(evidence, events=evidence.events.assign(note=notes, region=regions))
    snapshot = Snapshot(evidence, WHEN)
    codes = snapshot.status_codes()[0]
    flags = pd.DataFrame(flags_of(snapshot, Reading.reported, codes))
    flags.index = snapshot.statuses()["person"]
    assert flags["prosecuted"].to_dict() == {"A": True, "B": True, "C": False}
    assert flags["convicted"].to_dict() == {"A": True, "B": False, "C": False}
    assert flags["repatriated"].to_dict() == {"A": True, "B": False, "C": False}
    places = parts_of(snapshot, Reading.reported, codes, "detention")
    assert places.tolist() == ["", "", "camp:Roj"]


def test_the_truth_file_splits_every_departed_person(simulated: Simulated) -> None:
    truth = simulated.folder / "truth"
    parts = pd.read_csv(truth / "breakdown_counts.csv", keep_default_na=False)
    departed = pd.read_csv(truth / "counts.csv", keep_default_na=False)
    for breakdown in ("sex", "age_group"):
        split = parts[parts["breakdown"] == breakdown].groupby(["date", "country"])["persons"].sum()
        whole = departed.set_index(["date", "country"])["departed"]
        assert split.sort_index().equals(whole.sort_index())


def test_at_large_in_turkey_is_a_destination() -> None:
    """D: in Syria, then seen in Turkey (at large there); E: seen in Turkey on the way in
    only; F: relocated to Libya."""
    evidence = build_evidence(
        [
            RecordSpec(
                "D",
                "2017-01-01",
                events=[
                    EventSpec("entered_theatre", "2014-05-01", place="SYR"),
                    EventSpec("sighted", "2016-09-01", place="TUR"),
                ],
            ),
            RecordSpec(
                "E",
                "2017-01-01",
                events=[
                    EventSpec("sighted", "2014-04-20", place="TUR"),
                    EventSpec("entered_theatre", "2014-05-01", place="SYR"),
                ],
            ),
            RecordSpec(
                "F",
                "2017-01-01",
                events=[
                    EventSpec("entered_theatre", "2014-05-01", place="SYR"),
                    EventSpec("relocated", "2016-05-01", place="LBY"),
                ],
            ),
        ]
    )
    snapshot = Snapshot(evidence, date(2016, 12, 31))
    codes = snapshot.status_codes()[0]
    parts = parts_of(snapshot, Reading.reported, codes, "destination")
    assert parts.tolist() == ["TUR:at_large", "", "LBY"]


def test_a_users_visible_evidence_keeps_each_persons_traits(simulated: Simulated) -> None:
    """Evidence cut to some sources (`visible.kept_records`) keeps the gender and birth
    statements of the records it keeps, on their new positions."""
    from headcount.accounting.visible import kept_records

    evidence = simulated.evidence
    keep = evidence.records["source_id"].to_numpy() % 2 == 0
    seen = kept_records(evidence, keep)
    assert len(seen.subjects) < len(evidence.subjects)
    whole, part = Snapshot(evidence, WHEN), Snapshot(seen, WHEN)
    sex = dict(
        zip(
            evidence.person_keys[whole.people],
            parts_of(whole, Reading.reported, whole.status_codes()[0], "sex"),
            strict=True,
        )
    )
    cut = parts_of(part, Reading.reported, part.status_codes()[0], "sex")
    told = [
        (sex[p], s)
        for p, s in zip(seen.person_keys[part.people], cut, strict=True)
        if s != "unknown"
    ]
    assert told and sum(a == b for a, b in told) / len(told) >= 0.99


def test_published_women_minors_and_repatriated_meet_the_records(simulated: Simulated) -> None:
    from headcount.accounting.figures import figure_of
    from headcount.accounting.reconciliation import reconcile_figures

    counts = count_evidence(simulated.evidence, WHEN)
    country = max(
        (r for r in counts.rows if r.country not in ("all", "mentions")),
        key=lambda r: r.departed.value,
    ).country
    said = [
        figure_of((name, 100, 120, "2020-12", date(2020, 12, 1), date(2020, 12, 31), "Test", None))
        for name in ("departed_women", "departed_minors", "departed_men", "repatriated")
    ]
    lines = reconcile_figures(said, country, WHEN, counts).metrics
    for metric in ("women", "minors", "men", "repatriated"):
        assert lines[metric].records == counts.metric(country, metric), metric
