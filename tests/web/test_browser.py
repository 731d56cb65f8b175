"""The workbench in a real browser (headless Chromium): log in, the dashboard with its map
and Sankey, a person, the review queue judged by keyboard, an upload with a bad row, what a
viewer cannot do, and a restricted source that stays invisible. Screenshots of every main
page go to artifacts/screenshots/."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from sqlalchemy import select
from tests.api.workbench import Workbench
from tests.security.world import SECRET_NAME
from tests.web.browser import SCREENSHOTS, Analyst

from headcount.storage.tables import judgements

pytestmark = pytest.mark.browser
Tab = Callable[[str], Analyst]
BAD_FILE = b"""record_id,full_name,birth_date,citizenship
u1,Yusuf Testman,1990-02-30,FRA
u2,Omar Testman,1991,FRA
u3,Ali Testman,1992,Atlantis
"""


def test_login_page_has_no_default_account(browser: object, workbench: Workbench) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{workbench.url}/")
    assert page.url.startswith(f"{workbench.url}/login?next=")
    assert "no default account" in page.content()
    page.fill("input[name=name]", "admin")
    page.fill("input[name=password]", "admin")
    page.click("button[type=submit]")
    assert "Wrong name or password" in page.content()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "login.png"))
    context.close()


def test_the_dashboard_draws_its_table_map_and_sankey(tab: Tab) -> None:
    rita = tab("rita")
    page = rita.open("/?as_of=2017-12-08&metric=departed")
    page.wait_for_selector("[data-vega][data-drawn=true]", timeout=30_000)
    page.wait_for_selector("[data-sankey][data-drawn=true]", timeout=30_000)
    assert page.locator("table.counts tr.total").count() == 1
    assert page.locator(".chart svg path").count() > 100  # the countries of the map
    rita.shot("dashboard")


def test_a_person_from_a_screening_search(tab: Tab, workbench: Workbench) -> None:
    rita = tab("rita")
    page = rita.open("/screening")
    page.fill("input[name=name]", "Muhammad Benali")
    page.fill("input[name=birth_date]", "1990")
    page.click("form[action='/screening'] button[type=submit]")
    page.wait_for_selector("table.candidates td a")
    rita.shot("screening")
    page.click(f"text={workbench.world.persons['benali']}")
    page.wait_for_selector("[data-vega][data-drawn=true]", timeout=30_000)
    text = page.inner_text("main")
    assert "Mohamed Benali" in text and "Abu Hamza al-Faransi" in text
    assert "birth dates" in text  # the contradiction, flagged
    assert "secret-list/s1" in text  # rita may see the restricted source
    rita.shot("person")


def test_a_reviewer_judges_a_pair_with_the_keyboard(tab: Tab, workbench: Workbench) -> None:
    rita = tab("rita")
    page = rita.open("/review")
    page.wait_for_selector("form[data-shortcuts]")
    rita.shot("review")
    a = page.get_attribute(".pair", "data-record-a")
    b = page.get_attribute(".pair", "data-record-b")
    page.keyboard.press("n")
    page.keyboard.type("same birth date and citizenship")
    page.keyboard.press("Escape")
    page.keyboard.press("s")
    page.wait_for_selector("text=Recorded:")
    assert "takes effect at the next link" in page.inner_text("#pair")
    with workbench.store.reading() as c:
        made = c.execute(
            select(judgements)
            .where(judgements.c.user_name == "rita")
            .order_by(judgements.c.id.desc())
        ).first()
    assert made is not None and (made.record_a, made.record_b) == (int(a), int(b))
    assert (made.decision, made.note) == ("same", "same birth date and citizenship")
    assert (
        page.get_attribute(".pair", "data-record-a") != a
        or page.get_attribute(".pair", "data-record-b") != b
    )


def test_a_strict_upload_with_a_bad_row_reports_each_one(tab: Tab) -> None:
    anton = tab("anton")
    page = anton.open("/sources")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "field-notes.csv", "mimeType": "text/csv", "buffer": BAD_FILE}],
    )
    page.check("input[name=strict]")
    page.click("form[action='/sources/upload'] button[type=submit]")
    page.wait_for_selector(".upload-report[data-ok=false]")
    rows = page.locator("table.errors tbody tr").all_inner_texts()
    assert [r.split("\t")[:2] for r in rows] == [["2", "birth_date"], ["4", "citizenship"]]
    assert "Nothing was ingested" in page.inner_text(".upload-report")
    anton.shot("sources")
    assert "field-notes" not in anton.open("/sources").inner_text("table")


def test_a_viewer_cannot_do_what_a_reviewer_can(tab: Tab) -> None:
    vera = tab("vera")
    page = vera.open("/")
    menu = page.inner_text("header nav")
    assert "Review" not in menu and "Audit" not in menu and "Dashboard" in menu
    page = vera.open("/review")
    assert "Not allowed" in page.inner_text("main")
    assert "does not allow" in page.inner_text("main")
    vera.shot("refused")
    page = vera.open("/sources")
    assert page.locator("form[action='/sources/upload']").count() == 0
    otto = tab("otto")
    assert "Review" in otto.open("/").inner_text("header nav")
    assert otto.open("/review").locator("form[data-shortcuts]").count() == 1


def test_a_restricted_source_stays_invisible_without_access(tab: Tab, workbench: Workbench) -> None:
    vera = tab("vera")
    page = vera.open(f"/persons/{workbench.world.persons['secret']}")
    assert "Not found" in page.inner_text("main")
    page = vera.open(f"/persons/{workbench.world.persons['benali']}")
    assert "secret-list" not in page.content() and "1991-04-02" not in page.content()
    assert "secret-list" not in vera.open("/sources").content()
    page = vera.open("/screening?name=" + SECRET_NAME.replace(" ", "+"))
    assert workbench.world.persons["secret"] not in page.inner_text("#results")
    carl = tab("carl")
    page = carl.open("/screening?name=" + SECRET_NAME.replace(" ", "+"))
    assert workbench.world.persons["secret"] in page.inner_text("#results")


def test_the_admin_reads_the_audit_log(tab: Tab) -> None:
    ada = tab("ada")
    ada.open("/screening?name=Karim+Dupont")
    page = ada.open("/audit?action=search")
    text = page.inner_text("table.audit")
    assert "Karim Dupont" in text and "ada" in text
    ada.shot("audit")


def test_an_analyst_watches_a_country_and_reads_the_alerts(tab: Tab) -> None:
    anton = tab("anton")
    page = anton.open("/alerts?since=2015-01-01")
    page.select_option("select[name=object_type]", "country")
    page.fill("input[name=object_id]", "FRA")
    page.fill("input[name=note]", "the AFP figures")
    page.click("form[action='/alerts/watch'] button[type=submit]")
    page.wait_for_url("**/alerts")
    page = anton.open("/alerts?since=2015-01-01")
    assert "the AFP figures" in page.inner_text("main")
    assert page.locator("table.alerts tbody tr").count() >= 1
    anton.shot("alerts")
    vera = tab("vera")
    assert vera.open("/alerts").locator("form[action='/alerts/watch']").count() == 0


def test_estimates_beside_the_enumeration(tab: Tab, workbench: Workbench) -> None:
    # LCMCR, the page's default: pooled over plausible linkages, a likelihood method fits
    # each stratum once per distinct partition, which takes minutes on a loaded machine.
    query = {"as_of": "2017-12-08", "method": "lcmcr"}
    with workbench.client("carl") as carl:
        for _ in range(600):  # computed in the background, once (slow on a loaded machine)
            answer = carl.get("/api/estimates", params=query)
            if answer.status_code != 202:
                break
            time.sleep(1)
    assert answer.status_code == 200, answer.text[:300]
    page = tab("carl").open("/estimates?as_of=2017-12-08&method=lcmcr")
    rows = page.locator("table.estimates tbody tr")
    assert rows.count() > 10
    text = page.inner_text("table.estimates")
    assert "lcmcr" in text and "total (unknown country included)" in text
    assert "estimated with the other small countries" in text  # too small to estimate alone
    page.screenshot(path=str(SCREENSHOTS / "estimates.png"), full_page=True)
