"""The linkage page and its twin, through the workbench."""

from __future__ import annotations

from tests.api.workbench import Workbench


def test_the_page_and_its_twin_count_only_visible_pairs(workbench: Workbench) -> None:
    with workbench.client("vera") as vera, workbench.client("carl") as carl:
        open_view = vera.get("/api/linkage").json()
        full = carl.get("/api/linkage").json()
        html = carl.get("/linkage").text
    for view in (open_view, full):
        bins = view["match_weight_histogram"]["bins"]
        assert sum(b["pairs"] for b in bins) == view["pairs"] > 0
    assert open_view["run_id"] != full["run_id"] or open_view["pairs"] <= full["pairs"]
    assert "Match weights of the scored pairs" in html and "/api/linkage" in html
