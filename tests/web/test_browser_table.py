"""The analyst's table in a real browser: the dashboard broken down by sex with the flags,
a count followed to the persons behind it, one of them opened to their status history, and a
reviewer's status judgement made on the page (then withdrawn, leaving the counts as found)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from tests.api.workbench import Workbench
from tests.web.browser import Analyst

from headcount.storage.status_judgements import retract_status_judgement
from headcount.storage.tables import status_judgements

pytestmark = pytest.mark.browser
Tab = Callable[[str], Analyst]


def test_from_a_broken_down_count_to_a_person_and_a_judgement(
    tab: Tab, workbench: Workbench
) -> None:
    otto = tab("otto")
    page = otto.open("/?as_of=2017-12-08&breakdown=sex")
    page.wait_for_selector("table.parts")
    assert page.locator("select[name=breakdown] option[selected]").inner_text() == "sex"
    parts = page.locator("table.parts tbody tr td:nth-child(2)").all_inner_texts()
    assert set(parts) <= {"female", "male", "unknown"} and "male" in parts
    assert page.locator("table.flags thead th").all_inner_texts()[1:4] == [
        "women",
        "men",
        "minors",
    ]
    otto.shot("dashboard-by-sex")
    page.locator("table.counts tbody a[href*='status=departed']").first.click()
    page.wait_for_selector("table.cell-persons")
    assert "/cells?" in page.url
    listed = page.locator("table.cell-persons tbody tr td a").count()
    assert listed > 0
    otto.shot("cell-persons")
    page.locator("table.cell-persons tbody tr td a").first.click()
    page.wait_for_selector("#status-history")
    assert page.locator("table.spells tbody tr").count() >= 1
    person = page.url.rsplit("/", 1)[1]
    page.select_option("form[action$='/status-judgements'] select[name=status]", "unknown")
    page.fill("form[action$='/status-judgements'] input[name=as_of]", "2016-01-01")
    page.fill("form[action$='/status-judgements'] input[name=note]", "browser test")
    page.click("form[action$='/status-judgements'] button[type=submit]")
    page.wait_for_selector("text=Status judgements in force")
    assert "browser test" in page.content()
    otto.shot("person-status-judged")
    with workbench.store.transaction() as connection:
        made = connection.execute(
            select(status_judgements.c.id).where(
                status_judgements.c.person_id == person, status_judgements.c.note == "browser test"
            )
        ).scalar_one()
        retract_status_judgement(connection, made, "otto", "browser test over")


def test_a_viewer_sees_the_history_but_no_judgement_form(tab: Tab, workbench: Workbench) -> None:
    vera = tab("vera")
    page = vera.open(f"/persons/{workbench.persons[0]}")
    page.wait_for_selector("#status-history")
    assert page.locator("form[action$='/status-judgements']").count() == 0
