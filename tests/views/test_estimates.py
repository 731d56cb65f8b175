"""One estimate everywhere: the estimates page (and /api/estimates) and the country report
show, for a country, the line `headcount estimate --by country` computes."""

from __future__ import annotations

from datetime import date

from tests.simulated import Simulated

from headcount.accounting.timeline import UNATTRIBUTED
from headcount.estimation.catalogue import DEFAULT_METHOD
from headcount.estimation.pooled import OTHER
from headcount.estimation.results import METHOD_VERSION
from headcount.model.vocabulary import EVERY
from headcount.reports.country import country_report, render_report
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
