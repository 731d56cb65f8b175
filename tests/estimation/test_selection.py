"""Model selection beyond five lists (stepwise) and sources grouped into systems."""

from __future__ import annotations

import pandas as pd

from headcount.estimation import CaptureTable, group_sources, simulate_histories
from headcount.estimation.selection import select_model


def test_stepwise_search_finds_the_dependence_between_two_of_six_lists() -> None:
    # 4,000 people, six lists, list 2 much likelier for people on list 1 (+2 log-odds):
    # BIC's stepwise search must keep the 1-2 interaction (the truth) in its chosen model.
    people = simulate_histories(
        4000, (0.3, 0.25, 0.2, 0.3, 0.25, 0.2), dependence={(0, 1): 2.0}, seed=4
    )
    table = CaptureTable.from_histories(people, list(people.columns))
    selection = select_model(table, "bic")
    assert selection.search == "stepwise"
    assert (0, 1) in selection.best.model.interactions
    assert selection.summary()["models_searched"] < 200


def test_sources_grouped_into_systems() -> None:
    people = pd.DataFrame(
        {"press": [1, 0, 0, 1], "ngo": [0, 1, 0, 0], "court": [0, 0, 1, 1], "country": ["FRA"] * 4}
    )
    grouped = group_sources(people, {"open": ["press", "ngo"], "court": ["court"]}, ["country"])
    assert grouped["open"].tolist() == [1, 1, 0, 1]
    assert grouped["court"].tolist() == [0, 0, 1, 1]
    assert grouped["country"].tolist() == ["FRA"] * 4
