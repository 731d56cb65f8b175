"""An analyst's day in a real browser (headless Chromium), one page after another: log in,
the dashboard on the latest date the data covers, France, down to its persons, one person's
page, a name searched in Arabic script, a pair judged in the review queue, an export.
Screenshots of each step go to artifacts/screenshots/walk-*.png."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.api.workbench import Workbench
from tests.web.browser import Analyst

from headcount.storage.queries import latest_event_date

pytestmark = pytest.mark.browser
Tab = Callable[[str], Analyst]


def _an_arabic_name(workbench: Workbench) -> str:
    """A name some record writes in Arabic script, one part of it, as a user would type."""
    with workbench.client("rita") as rita:
        found = rita.get("/api/persons", params={"script": "Arabic", "size": 50}).json()
    for person in found["persons"]:
        for name in person["names"]:
            if any("\u0600" <= c <= "\u06ff" for c in name):
                return max(name.split(), key=len)
    raise AssertionError("no name in Arabic script in the workbench")


def test_an_analysts_day(tab: Tab, workbench: Workbench) -> None:
    rita = tab("rita")
    page = rita.open("/")
    with workbench.store.reading() as connection:
        latest = latest_event_date(connection)
    assert latest is not None
    assert page.input_value("input[name=as_of]") == latest.isoformat()
    page.wait_for_selector("[data-vega][data-drawn=true]", timeout=30_000)
    assert "France" in page.inner_text("table.counts")
    rita.shot("walk-1-dashboard")

    page = rita.open("/persons")
    page.click(".facets a:text-is('FRA')")
    page.wait_for_url("**/persons?*country=FRA*")
    rows = page.locator("table.persons tbody tr")
    assert rows.count() > 0
    rita.shot("walk-2-persons-of-france")
    person = rows.first.locator("td a").first.inner_text()
    rows.first.locator("td a").first.click()
    page.wait_for_url(f"**/persons/{person}")
    page.wait_for_selector("[data-vega][data-drawn=true]", timeout=30_000)
    assert "Names in every script" in page.inner_text("main")
    rita.shot("walk-3-person")

    arabic = _an_arabic_name(workbench)
    page = rita.open("/persons")
    page.fill("input[name=q]", arabic)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/persons?*q=*")
    assert arabic in page.inner_text("table.persons")
    rita.shot("walk-4-arabic-search")

    page = rita.open("/review")
    page.wait_for_selector("form[data-shortcuts]")
    page.keyboard.press("d")
    page.wait_for_selector("text=Recorded:")
    rita.shot("walk-5-review")

    page = rita.open("/sources")
    with page.expect_download() as download:
        page.click("a[href='/api/exports/persons?format=csv']")
    exported = download.value.path()
    assert exported is not None
    header = exported.read_text(encoding="utf-8").splitlines()[0]
    assert header == "source,record_id,person_id"
    rita.shot("walk-6-export")
