"""Model averaging over decomposable graphs against R's dga, and the graphs themselves.

dga's answers (reference.json, "dga") use delta = 2^-J, prior p(N) ∝ 1/N and include the
saturated graph; with it included headcount must give the same median and interval (exact
posterior on the integers: equality to the unit) and the same top-model weight (1e-6).
"""

from __future__ import annotations

from typing import Any

import pytest

from headcount.estimation import CaptureTable, LogLinearModel
from headcount.estimation.bma import estimate_bma
from headcount.estimation.graphs import decomposable_graphs


@pytest.mark.parametrize(("lists", "count"), [(3, 8), (4, 61), (5, 822)])
def test_counts_of_decomposable_graphs(lists: int, count: int) -> None:
    assert len(decomposable_graphs(lists)) == count


def test_four_cycle_is_not_decomposable() -> None:
    cycle = {(0, 1), (1, 2), (2, 3), (0, 3)}
    assert all(set(g.edges) != cycle for g in decomposable_graphs(4))


@pytest.mark.parametrize("name", ["diabetes_italy", "hiv_rome"])
def test_equals_dga_with_saturated_graph(
    name: str, tables: dict[str, CaptureTable], reference: dict[str, Any]
) -> None:
    expected = reference["datasets"][name]["dga"]
    top, weight, mean = expected["detail"].split("|")
    got = estimate_bma(tables[name], include_saturated=True, seed=1)
    assert (got.estimate, got.lower, got.upper) == (
        expected["N"],
        expected["lower"],
        expected["upper"],
    )
    assert got.diagnostics["top_model_weight"] == pytest.approx(float(weight), abs=1e-6)
    assert got.diagnostics["posterior_mean"] == pytest.approx(float(mean), rel=1e-6)
    lists = tables[name].n_lists
    assert LogLinearModel.parse(got.model, lists) == LogLinearModel.parse(top, lists)


def test_saturated_graph_left_out_by_default(tables: dict[str, CaptureTable]) -> None:
    # With three lists the complete graph is the saturated model: N is not identifiable,
    # and dga's posterior piles up at the number observed (271). Without it, it does not.
    got = estimate_bma(tables["hav_taiwan"], seed=1)
    assert got.diagnostics["models_averaged"] == 7
    assert got.lower > tables["hav_taiwan"].observed
    with_it = estimate_bma(tables["hav_taiwan"], include_saturated=True, seed=1)
    assert with_it.lower == tables["hav_taiwan"].observed
    assert "lower_at_observed" in {w.code for w in with_it.warnings}
