"""Exports: a file for analysts with restricted access (an export holds every source),
audited; refused to anyone else."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from tests.api.workbench import Workbench

from headcount.storage.tables import audit_log


def test_an_export_needs_the_role_and_restricted_access(workbench: Workbench) -> None:
    with workbench.client("ada") as ada:
        answer = ada.get("/api/exports/persons", params={"format": "csv"})
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("text/csv")
        assert "headcount-persons.csv" in answer.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(answer.text)))
        assert {r["source"] for r in rows} >= {"open-list", "secret-list"}
    with workbench.client("anton") as anton:  # analyst without restricted access
        refused = anton.get("/api/exports/records")
        assert refused.status_code == 403 and "restricted access" in refused.json()["detail"]
    with workbench.client("vera") as vera:
        assert vera.get("/api/exports/ftm").status_code == 403
    with workbench.store.reading() as c:
        exports = c.execute(select(audit_log).where(audit_log.c.action == "export")).all()
    assert [e.user_name for e in exports][-1:] == ["ada"]
