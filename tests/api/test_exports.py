"""Exports: a file for analysts and above, through their compartments, audited; refused to
viewers."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select
from tests.api.workbench import Workbench
from tests.security.world import SECRET_NAME

from headcount.storage.tables import audit_log


def test_an_export_needs_the_role_and_holds_what_the_user_may_see(workbench: Workbench) -> None:
    with workbench.client("ada") as ada:
        answer = ada.get("/api/exports/persons", params={"format": "csv"})
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("text/csv")
        assert "headcount-persons.csv" in answer.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(answer.text)))
        assert {r["source"] for r in rows} >= {"open-list", "secret-list"}
    with workbench.client("anton") as anton:  # analyst without restricted access
        records = anton.get("/api/exports/records", params={"format": "jsonl"})
        assert records.status_code == 200, records.text
        lines = [json.loads(line) for line in records.text.splitlines()]
        assert {line["source"] for line in lines} >= {"open-list"}
        assert "secret-list" not in records.text and SECRET_NAME not in records.text
        persons = anton.get("/api/exports/persons", params={"format": "csv"})
        assert {r["source"] for r in csv.DictReader(io.StringIO(persons.text))} >= {"open-list"}
        assert "secret-list" not in persons.text
    with workbench.client("vera") as vera:
        assert vera.get("/api/exports/ftm").status_code == 403
    with workbench.store.reading() as c:
        exports = c.execute(select(audit_log).where(audit_log.c.action == "export")).all()
    assert [(e.user_name, e.compartment) for e in exports][-3:] == [
        ("ada", "restricted"),
        ("anton", "open"),
        ("anton", "open"),
    ]
