"""One estimate everywhere: the estimates page (and /api/estimates) and the country report
show, for a country, the line `headcount estimate --by country` computes."""

from __future__ import annotations

import json
from datetime import date

import pytest
from tests.simulated import Simulated

from headcount.accounting.timeline import UNATTRIBUTED
from headcount.estimation.catalogue import DEFAULT_METHOD
from headcount.estimation.pooled import OTHER
from headcount.estimation.results import METHOD_VERSION
from headcount.model.vocabulary import EVERY, OPEN_ONLY
from headcount.reports.country import country_report, render_report
from headcount.views import cache as views_cache, estimates as views_estimates
from headcount.views.estimates import estimates_for

AS_OF = date(2017, 12, 8)
METHOD = DEFAULT_METHOD


def test_page_report_and_command_give_each_country_the_same_estimate(
    simulated: Simulated,
) -> None:
    # The page and the report both call `estimate_evidence`, which `estimate_store` (the
    # command) calls on the same evidence: equal results mean one code path, seeded alike.
    page = estimates_for(simulated.store, EVERY, AS_OF, method=METHOD)
    shown = {c.country: c.estimate for c in page.countries}
    assert shown["FRA"]["kind"] == "estimate" and "within" not in shown["FRA"]
    assert page.total["kind"] == "estimate" and page.total["method_version"] == METHOD_VERSION
    assert page.mentions > 0
    small = [c for c, e in shown.items() if e.get("within") == OTHER]
    assert small and page.other is not None  # small countries are estimated together
    assert all(shown[c]["estimate"] == page.other["estimate"] for c in small)
    unknown = shown.get(UNATTRIBUTED)  # persons no record places are not a country
    assert unknown is None or unknown["reasons"][0]["code"] == "apportioned"
    report = country_report(simulated.store, "FRA", AS_OF, estimate=METHOD)
    assert report.unseen == shown["FRA"]
    assert "pooled over plausible linkages" in render_report(report, "md")


def test_an_estimate_is_kept_in_the_store_and_read_back_by_another_process(
    simulated: Simulated, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = estimates_for(simulated.store, OPEN_ONLY, AS_OF, method="mth-chao")
    # another process: nothing in memory, and estimating again is not allowed
    monkeypatch.setattr(views_cache, "cache", views_cache._Cache())
    monkeypatch.setattr(views_estimates, "_estimate", _never)
    again = estimates_for(simulated.store, OPEN_ONLY, AS_OF, method="mth-chao", wait=False)
    assert again.as_dict() == json.loads(json.dumps(first.as_dict(), default=str))
    assert again.countries[0].enumeration == first.countries[0].enumeration


def _never(*_: object) -> None:
    raise AssertionError("estimated again instead of reading the saved estimate")
