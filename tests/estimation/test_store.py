"""`estimate_store`: estimates from the store's persons, checked on a simulated population.

The store is the suite's simulated one (tests/simulated.py): 1,500 persons who
all left by 2016, their records in 14 sources, linked perfectly from the simulator's truth.
About 1,200 of them are on some list; the rest are the unseen the estimate must account for.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from headcount.accounting import Snapshot
from headcount.estimation import LcmcrSettings
from headcount.estimation.histories import person_histories
from headcount.estimation.store import estimate_store
from tests.simulated import PERSONS, Simulated

AS_OF = date(2022, 12, 31)
SHORT = LcmcrSettings(burnin=1000, samples=400, thinning=5, chains=2)


def test_the_total_holds_the_simulated_population(simulated: Simulated) -> None:
    # Sources grouped by kind into 6 systems: this store's death notices name no one beyond
    # a kunya, so they are mentions, no capture of anyone (method 1.5), and their system
    # is gone. Tolerance: the 95% interval holds the truth (1,500) and the estimate is
    # within 10% of it.
    got = estimate_store(simulated.store, AS_OF, group_by="kind", lcmcr=SHORT)
    (row,) = got.rows()
    assert row["kind"] == "estimate" and row["method"] == "lcmcr" and row["systems"] == 6
    assert got.mentions > 0
    assert got.result.total.diagnostics["mentions"] == got.mentions
    assert row["observed"] < PERSONS  # some persons no source recorded
    assert row["lower"] <= PERSONS <= row["upper"]
    assert abs(row["estimate"] - PERSONS) < 0.1 * PERSONS
    assert "persons who had left by 2022-12-31" in row["definition"]
    assert set(got.systems) == {
        "border_record",
        "camp_register",
        "court_record",
        "government_list",
        "leaked_document",
        "news_report",
    }


def test_strata_by_status_sum_to_a_total_that_holds_the_truth(simulated: Simulated) -> None:
    # Statuses on AS_OF; the killed are one stratum. Tolerance as above: the combined
    # interval holds 1,500 and the total is within 10% of it (these seeds: 1,496).
    got = estimate_store(simulated.store, AS_OF, by=["status"], group_by="kind", lcmcr=SHORT)
    total = got.result.total
    estimated = {key["status"]: est for key, est in got.result.strata}
    refused = {r.stratum["status"]: r for r in got.result.refused}
    assert "killed" in estimated and "killed_confirmed" not in estimated
    assert refused and all(r.reasons for r in refused.values())  # tiny strata: reasons
    seen = total.observed + total.diagnostics["observed_left_out"]
    assert seen == sum(e.observed for e in estimated.values()) + sum(
        r.observed for r in refused.values()
    )
    assert total.lower <= PERSONS <= (total.upper or float("inf"))
    assert abs(total.estimate - PERSONS) < 0.1 * PERSONS
    assert total.diagnostics["leaves_out"] == [{"status": s} for s in sorted(refused)]
    assert "total_leaves_out_strata" in {w.code for w in total.warnings}
    rows = got.rows()
    assert rows[-1]["status"] == "all" and "covering" in rows[-1]["definition"]
    assert {r["kind"] for r in rows} == {"estimate", "refusal"}


def test_systems_named_by_the_analyst_group_sources(simulated: Simulated) -> None:
    systems = {
        "lists": ["fr-watchlist", "gb-watchlist", "de-watchlist", "tn-watchlist"],
        "press": ["news-reports"],
        "group": ["is-entry-forms", "is-death-notices"],
    }
    # two partitions (not ten): the grouping is what is checked, and Mth-Chao over the
    # sources left ungrouped fits hundreds of models per distinct table
    got = estimate_store(
        simulated.store, AS_OF, by=["country"], method="mth-chao", systems=systems, imputations=2
    )
    assert got.systems["lists"] == sorted(systems["lists"])
    assert "news-reports" not in got.systems  # grouped, not a system of its own
    fra = next(e for key, e in got.result.strata if key == {"country": "FRA"})
    assert fra.observed >= 20 and fra.estimate >= fra.observed
    assert (
        "systems_absent" not in fra.diagnostics or "lists" not in fra.diagnostics["systems_absent"]
    )


def test_periods_are_years_of_leaving(simulated: Simulated) -> None:
    # The simulated persons left between 2012 and 2016 (a few records give no date).
    got = estimate_store(simulated.store, AS_OF, by=["period"], method="mth-chao", group_by="kind")
    periods = [key["period"] for key, _ in got.result.strata]
    periods += [r.stratum["period"] for r in got.result.refused]
    # years too small to estimate alone are estimated together, as `other`
    assert set(periods) - {"undated", "other"} <= {str(y) for y in range(2011, 2018)}
    assert len(periods) >= 3
    total = got.result.total
    everyone = estimate_store(simulated.store, AS_OF, method="mth-chao", group_by="kind")
    assert total.observed + total.diagnostics["observed_left_out"] == everyone.result.total.observed


def test_histories_hold_the_persons_recorded_only_after_the_date(simulated: Simulated) -> None:
    # Counting needs evidence dated by the date; a capture does not. Mid-2015, some of the
    # simulated persons (all of whom left by 2016) are known only from later records.
    snapshot = Snapshot(simulated.evidence, date(2015, 6, 30))
    histories = person_histories(snapshot, {})
    statuses = snapshot.statuses()
    counted = set(statuses.loc[~statuses["mention"], "person"])
    assert histories.later and not histories.later & counted
    assert set(histories.frame["person"]) == counted | histories.later
    later = histories.frame[histories.frame["person"].isin(histories.later)]
    assert (later["status"] == "unknown").all()
    assert (histories.captures().sum(axis=1) >= 1).all()


def test_a_capture_is_an_identifying_record_never_a_mention(simulated: Simulated) -> None:
    # Perfect linkage attributes every death notice to its person; the notices name no one
    # beyond a kunya, so they are mentions and none is a capture (method 1.5): each
    # person's systems are exactly the sources of their identifying records.
    evidence = simulated.evidence
    histories = person_histories(Snapshot(evidence, AS_OF), {})
    records = evidence.records
    assert records["mention"].any()
    identifying = records[~records["mention"].to_numpy()]
    expected = pd.crosstab(
        evidence.person_keys[identifying["person"].to_numpy()],
        "source " + identifying["source_id"].astype(str).to_numpy(),
    ).clip(upper=1)
    frame = histories.frame.set_index("person")[list(histories.systems)]
    assert set(histories.systems) <= set(expected.columns)
    expected = expected.reindex(index=frame.index, columns=frame.columns)
    assert (frame.to_numpy() == expected.to_numpy()).all()
