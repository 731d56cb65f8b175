"""Reconciliation shows every published figure with its flags, on the real table of 208
figures: stale figures, definitions that differ, disagreement near the date, figures that
could not be known yet, and the metrics beyond the statuses."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from headcount.accounting import reconcile
from headcount.ingest import load_figures
from headcount.storage import Store


@pytest.fixture
def figures(sqlite_store: Store, shared: Path) -> Store:
    load_figures(sqlite_store, shared / "data" / "published_figures.csv")
    return sqlite_store


def test_tunisia_chooses_the_dated_count_and_says_who_disagrees(figures: Store) -> None:
    departed = reconcile(figures, "TUN", date(2017, 12, 8)).as_dict()["metrics"]["departed"]
    # Soufan's count of 31 October 2017 is nearer than a figure about the whole of 2017
    assert (departed["low"], departed["high"]) == (2926, 2926)
    assert [f["low"] for f in departed["figures"] if f["chosen"]] == [2926]
    assert any("disagree" in w and "7,000" in w for w in departed["warnings"])
    assert len(departed["figures"]) >= 4  # ICSR 2013 and 2015, Soufan 2015 too


def test_a_figure_years_older_than_the_date_is_flagged(figures: Store) -> None:
    line = reconcile(figures, "GBR", date(2019, 12, 31)).as_dict()["metrics"]["departed"]
    chosen = [f for f in line["figures"] if f["chosen"]]
    assert chosen and all("stale" in f["flags"] for f in chosen)
    assert any("more than a year before" in w for w in line["warnings"])
    fresh = reconcile(figures, "GBR", date(2017, 12, 8)).as_dict()["metrics"]["departed"]
    assert not any("more than a year before" in w for w in fresh["warnings"])


def test_belgiums_figure_that_counts_the_dead_says_so(figures: Store) -> None:
    result = reconcile(figures, "BEL", date(2016, 8, 31)).as_dict()
    in_theatre = result["metrics"]["in_theatre"]
    chosen = [f for f in in_theatre["figures"] if f["chosen"]]
    assert [f["low"] for f in chosen] == [266] and "includes_dead" in chosen[0]["flags"]
    assert any("counts the dead" in w for w in in_theatre["warnings"])
    others = {f["metric_original"] for f in result["other_figures"]}
    assert {"database_total", "attempted", "potential"} <= others
    assert result["metrics"]["en_route"]["low"] == 4


def test_known_on_leaves_out_what_could_not_be_read_yet(figures: Store) -> None:
    now = reconcile(figures, "FRA", date(2017, 12, 8)).as_dict()["metrics"]["departed"]
    then = reconcile(figures, "FRA", date(2017, 12, 8), known_on=date(2016, 1, 1)).as_dict()[
        "metrics"
    ]["departed"]
    later = [f for f in then["figures"] if "unknowable" in f["flags"]]
    assert later and not any(f["chosen"] for f in later)
    assert any("after the known-on date" in w for w in then["warnings"])
    assert {f["as_of"] for f in then["figures"] if f["chosen"]} != {
        f["as_of"] for f in now["figures"] if f["chosen"]
    }


def test_shares_and_other_metrics_are_reconciled(figures: Store) -> None:
    metrics = reconcile(figures, "FRA", date(2017, 12, 8)).as_dict()["metrics"]
    assert (
        "returned_share" in metrics and "share" in metrics["returned_share"]["figures"][0]["flags"]
    )
    assert "left_theatre" in reconcile(figures, "FRA", date(2015, 11, 1)).as_dict()["metrics"]
