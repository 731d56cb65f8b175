"""The analyst's table on the workbench: the dashboard's breakdowns and flags, and every
count cell leading to the persons behind it (`/cells`, `/api/cells`), audited."""

from __future__ import annotations

import typing
from datetime import date

from sqlalchemy import select
from tests.api.workbench import Workbench

from headcount.accounting.breakdowns import BREAKDOWNS, FLAGS
from headcount.accounting.counts import COLUMNS
from headcount.api.cells import CellStatus
from headcount.api.dashboard import Breakdown
from headcount.model.places import country_name
from headcount.storage.status_judgements import retract_status_judgement
from headcount.storage.tables import audit_log

AS_OF = date(2017, 12, 8)


def test_the_api_literals_name_what_accounting_counts() -> None:
    assert set(typing.get_args(Breakdown)) == set(BREAKDOWNS)
    assert set(typing.get_args(CellStatus)) == set(COLUMNS)


def test_the_dashboard_breaks_the_counts_down(workbench: Workbench) -> None:
    with workbench.client("vera") as vera:
        plain = vera.get("/api/dashboard", params={"as_of": AS_OF.isoformat()}).json()
        split = vera.get(
            "/api/dashboard", params={"as_of": AS_OF.isoformat(), "breakdown": "sex"}
        ).json()
        page = vera.get("/", params={"as_of": AS_OF.isoformat(), "breakdown": "sex"})
        wrong = vera.get("/api/dashboard", params={"breakdown": "height"})
    assert plain["counts"]["breakdown"] is None and plain["counts"]["parts"] == {}
    counts = split["counts"]
    assert counts["breakdown"] == "sex" and set(counts["parts"]) <= {"female", "male", "unknown"}
    whole = {r["country"]: r["departed"]["value"] for r in counts["rows"]}
    added: dict[str, int] = {}
    for rows in counts["parts"].values():
        for row in rows:
            added[row["country"]] = added.get(row["country"], 0) + row["departed"]["value"]
    assert {c: added.get(c, 0) for c in whole} == whole
    assert set(counts["rows"][0]["flags"]) == set(FLAGS)
    assert page.status_code == 200 and "By sex" in page.text and "/cells?country=" in page.text
    assert wrong.status_code == 422


def test_a_cell_lists_its_persons_and_the_reading_is_audited(workbench: Workbench) -> None:
    with workbench.client("vera") as vera:
        counts = vera.get("/api/dashboard", params={"as_of": AS_OF.isoformat()}).json()
        row = max(
            (r for r in counts["counts"]["rows"] if r["country"] not in ("all", "mentions")),
            key=lambda r: r["departed"]["value"],
        )
        params = {"country": row["country"], "as_of": AS_OF.isoformat()}
        departed = vera.get("/api/cells", params={**params, "status": "departed"}).json()
        killed = vera.get("/api/cells", params={**params, "status": "killed_confirmed"}).json()
        page = vera.get("/cells", params={**params, "status": "departed"})
        bad = vera.get("/api/cells", params={**params, "status": "asleep"})
        bad_page = vera.get("/cells", params={**params, "status": "asleep"})
    assert len(killed["persons"]) == row["statuses"]["killed_confirmed"]["value"]
    assert {p["status"] for p in killed["persons"]} <= {"killed_confirmed"}
    assert len(departed["persons"]) >= row["departed"]["value"]
    assert all(c["record"] for p in killed["persons"] for c in p["causes"])
    assert page.status_code == 200 and 'href="/persons/' in page.text
    assert 'The same data as JSON: <a href="/api/cells?' in page.text
    assert bad.status_code == 422 and bad_page.status_code == 400
    with workbench.store.reading() as connection:
        seen = connection.execute(
            select(audit_log.c.user_name, audit_log.c.object_id).where(
                audit_log.c.object_type == "cell"
            )
        ).all()
    assert ("vera", f"{row['country']}/killed_confirmed@{AS_OF.isoformat()}") in seen


def test_a_person_has_a_status_history_and_a_reviewer_judges_it(workbench: Workbench) -> None:
    person = workbench.persons[0]
    judgement = {"status": "killed_confirmed", "as_of": "2017-06-01", "note": "two witnesses"}
    path = f"/api/persons/{person}/status-judgements"
    with workbench.client("vera") as vera, workbench.client("anton") as anton:
        shown = vera.get(f"/api/persons/{person}").json()
        page = vera.get(f"/persons/{person}")
        assert vera.post(path, json=judgement).status_code == 403
        assert anton.post(path, json=judgement).status_code == 403
    history = shown["status_history"]
    assert history["spells"] and all("causes" in s for s in history["spells"])
    assert page.status_code == 200 and 'id="status-history"' in page.text
    assert "Country of origin" in page.text
    # the person's country first, then the alternatives kept beside it
    assert shown["origin"][0]["chosen"] and not any(v["chosen"] for v in shown["origin"][1:])
    assert f"<strong>{country_name(shown['origin'][0]['country'])}</strong>" in page.text
    assert "/status-judgements" not in page.text  # no form for a viewer
    with workbench.client("otto") as otto:
        assert otto.post(path, json={**judgement, "status": "asleep"}).status_code == 422
        assert otto.post(path, json={**judgement, "note": ""}).status_code == 422
        missing = otto.post("/api/persons/P0/status-judgements", json=judgement)
        made = otto.post(path, json=judgement)
        after = otto.get(f"/api/persons/{person}").json()["status_history"]
        form = otto.get(f"/persons/{person}")
    assert missing.status_code == 404
    assert made.status_code == 201, made.text
    assert made.json()["id"] in {j["id"] for j in after["judgements"]}
    assert after["spells"][-1]["status"] == "killed_confirmed"
    assert "/status-judgements" in form.text
    with workbench.store.reading() as connection:
        actions = (
            connection.execute(
                select(audit_log.c.action).where(
                    audit_log.c.user_name == "otto", audit_log.c.object_id == person
                )
            )
            .scalars()
            .all()
        )
    assert "judge_status" in actions and "view" in actions
    with workbench.store.transaction() as connection:  # leave the counts as other tests find them
        retract_status_judgement(connection, made.json()["id"], "otto", "test over")


def test_the_status_literal_names_every_status() -> None:
    from headcount.api.persons import JudgedStatus
    from headcount.model.vocabulary import Status

    assert set(typing.get_args(JudgedStatus)) == {s.value for s in Status}


def test_a_part_of_a_breakdown_lists_its_persons(workbench: Workbench) -> None:
    when = {"as_of": AS_OF.isoformat()}
    with workbench.client("vera") as vera:
        split = vera.get("/api/dashboard", params={**when, "breakdown": "sex"}).json()["counts"]
        rows = [r for r in split["parts"]["male"] if r["country"] not in ("all", "mentions")]
        row = max(rows, key=lambda r: r["departed"]["value"])
        asked = {**when, "country": row["country"], "status": "departed"}
        found = vera.get("/api/cells", params={**asked, "breakdown": "sex", "part": "male"})
        page = vera.get("/cells", params={**asked, "breakdown": "sex", "part": "male"})
    assert found.json()["part"] == "male"
    assert len(found.json()["persons"]) == row["departed"]["value"]
    assert page.status_code == 200 and "× male" in page.text
