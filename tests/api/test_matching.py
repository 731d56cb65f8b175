"""Screening as a service: a batch of queries (`/api/match`, yente's shape) and the W3C
reconciliation service OpenRefine speaks (`/api/reconcile`), behind the same accounts and
audited per query."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from tests.api.workbench import Workbench

from headcount.storage.tables import audit_log


def _a_named_person(workbench: Workbench) -> tuple[str, str]:
    """A person of the workbench and the full name one of their records gives."""
    with workbench.client("vera") as vera:
        for person in workbench.persons:
            shown = vera.get(f"/api/persons/{person}").json()
            full = [n["value"] for n in shown["names"] if n["prop"] == "full_name"]
            if full:
                return person, full[0]
    raise AssertionError("no person with a full name")


def _searches(workbench: Workbench) -> int:
    with workbench.store.reading() as connection:
        return int(
            connection.execute(
                select(func.count()).where(audit_log.c.action == "search")
            ).scalar_one()
        )


def test_a_batch_of_queries_is_answered_per_key_and_audited_per_query(
    workbench: Workbench,
) -> None:
    person, name = _a_named_person(workbench)
    before = _searches(workbench)
    queries = {
        "known": {"schema": "Person", "properties": {"name": [name]}},
        "other": {
            "schema": "Person",
            "properties": {"name": ["Zzyzx Qwerty"], "nationality": ["FRA"]},
        },
    }
    with workbench.client("vera") as vera:
        answer = vera.post("/api/match", json={"queries": queries})
    assert answer.status_code == 200, answer.text
    responses = answer.json()["responses"]
    assert set(responses) == {"known", "other"}
    best = responses["known"]["candidates"][0]
    assert best["person_id"] == person and best["match"] and best["explanation"]
    assert responses["known"]["total"]["value"] == len(responses["known"]["candidates"])
    assert _searches(workbench) == before + 2


def test_a_batch_refuses_what_it_cannot_screen(workbench: Workbench) -> None:
    with workbench.client("vera") as vera:
        company = {"q": {"schema": "Company", "properties": {"name": ["Acme"]}}}
        assert vera.post("/api/match", json={"queries": company}).status_code == 422
        nameless = {"q": {"schema": "Person", "properties": {"birthDate": ["1990"]}}}
        assert vera.post("/api/match", json={"queries": nameless}).status_code == 422
        many = {f"q{i}": {"properties": {"name": ["Ali"]}} for i in range(101)}
        assert vera.post("/api/match", json={"queries": many}).status_code == 422
    with workbench.client() as anonymous:
        assert anonymous.post("/api/match", json={"queries": {}}).status_code == 401


def test_openrefine_reconciles_a_column_against_the_persons(workbench: Workbench) -> None:
    person, name = _a_named_person(workbench)
    with workbench.client("vera") as vera:
        manifest = vera.get("/api/reconcile").json()
        assert manifest["defaultTypes"] == [{"id": "Person", "name": "Person"}]
        assert manifest["view"]["url"].endswith("/persons/{{id}}")
        queries = {
            "q0": {"query": name, "limit": 2},
            "q1": {
                "query": "Zzyzx Qwerty",
                "type": "Person",
                "properties": [{"pid": "citizenship", "v": "BEL"}],
            },
        }
        answer = vera.post("/api/reconcile", data={"queries": json.dumps(queries)})
        assert answer.status_code == 200, answer.text
        result = answer.json()
        assert set(result) == {"q0", "q1"}
        top = result["q0"]["result"]
        assert len(top) <= 2 and top[0]["id"] == person and top[0]["match"]
        assert 0 <= top[0]["score"] <= 100 and top[0]["type"] == [
            {"id": "Person", "name": "Person"}
        ]
        assert vera.post("/api/reconcile", data={"queries": "not json"}).status_code == 422
        blank = json.dumps({"q": {"query": " "}})
        assert vera.post("/api/reconcile", data={"queries": blank}).status_code == 422
    with workbench.client() as anonymous:
        assert anonymous.get("/api/reconcile").status_code == 401
