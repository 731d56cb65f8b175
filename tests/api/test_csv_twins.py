"""Tables with a CSV twin beside the JSON twin: the counts, a cell's persons, the sources,
the review queue, the audit log, the alerts, the estimates and a screening — the same rows
both ways, what a caller without restricted access may not see left out of both, and the
pages linking both."""

from __future__ import annotations

import csv
import io
from datetime import date

import httpx
from tests.api.workbench import Workbench
from tests.security.world import SECRET_NAME

from headcount.estimation import DEFAULT_METHOD
from headcount.model.vocabulary import EVERY, OPEN_ONLY
from headcount.views.estimates import estimates_for

AS_OF = {"as_of": "2017-12-08"}


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_counts_as_csv_are_the_dashboards_counts(workbench: Workbench) -> None:
    with workbench.client("carl") as carl:
        counts = carl.get("/api/dashboard", params=AS_OF).json()["counts"]
        answer = carl.get("/api/dashboard.csv", params=AS_OF)
    assert answer.headers["content-type"].startswith("text/csv")
    rows = {(r["country"], r["status"]): r for r in _rows(answer.text)}
    for row in counts["rows"]:
        assert int(rows[(row["country"], "departed")]["value"]) == row["departed"]["value"]
        for status, cell in row["statuses"].items():
            assert int(rows[(row["country"], status)]["value"]) == cell["value"]


def test_a_cells_persons_as_csv(workbench: Workbench) -> None:
    params = {**AS_OF, "country": "FRA", "status": "departed"}
    with workbench.client("carl") as carl:
        listed = carl.get("/api/cells", params=params).json()
        answer = carl.get("/api/cells.csv", params=params)
        page = carl.get("/cells", params=params).text
        dashboard = carl.get("/", params=AS_OF).text
    persons = {p["person_id"] for p in listed["persons"]}
    assert persons and {r["person_id"] for r in _rows(answer.text)} == persons
    assert "/api/cells.csv?country=FRA&amp;status=departed" in page
    assert "/api/dashboard.csv?as_of=2017-12-08" in dashboard


def test_the_sources_as_csv(workbench: Workbench) -> None:
    with workbench.client("vera") as vera:
        listed = vera.get("/api/sources").json()
        rows = _rows(vera.get("/api/sources.csv").text)
    assert [r["name"] for r in rows] == [s["name"] for s in listed]
    assert "secret-list" not in {r["name"] for r in rows}
    assert [int(r["records"]) for r in rows] == [s["records"] for s in listed]


def _twin(
    client: httpx.Client, path: str, params: dict[str, str] | None = None
) -> list[dict[str, str]]:
    answer = client.get(path, params=params)
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    return _rows(answer.text)


def test_the_review_queue_as_csv(workbench: Workbench) -> None:
    for name in ("otto", "rita"):
        with workbench.client(name) as reviewer:
            pairs = reviewer.get("/api/review").json()["pairs"]
            rows = _twin(reviewer, "/api/review.csv")
        assert pairs, "the world has pairs to review"
        assert [(int(r["record_a_id"]), int(r["record_b_id"])) for r in rows] == [
            (p["record_a"]["id"], p["record_b"]["id"]) for p in pairs
        ]
        assert [float(r["probability"]) for r in rows] == [p["probability"] for p in pairs]
        assert "fields" in rows[0] and "judgements" in rows[0]
        text = "\n".join(",".join(r.values()) for r in rows)
        if name == "otto":  # a reviewer without restricted access
            assert SECRET_NAME not in text and "secret-list" not in text


def test_the_audit_log_as_csv(workbench: Workbench) -> None:
    with workbench.client("ada") as ada:
        assert ada.get("/api/screening", params={"name": SECRET_NAME}).status_code == 200
    for name in ("adam", "ada"):
        with workbench.client(name) as admin:
            newest = admin.get("/api/audit", params={"limit": "1"}).json()["entries"][0]["id"]
            page = {"limit": "50", "before": str(newest + 1)}
            entries = admin.get("/api/audit", params=page).json()["entries"]
            rows = _twin(admin, "/api/audit.csv", page)
        assert [int(r["id"]) for r in rows] == [e["id"] for e in entries]
        assert list(rows[0]) == list(entries[0])
        text = "\n".join(",".join(r.values()) for r in rows)
        assert (SECRET_NAME in text) == (name == "ada")
    with workbench.client("vera") as vera:
        assert vera.get("/api/audit.csv").status_code == 403


def test_the_alerts_as_csv(workbench: Workbench) -> None:
    with workbench.client("alex") as alex:
        made = alex.post("/api/watches", json={"object_type": "country", "object_id": "FRA"})
        assert made.status_code == 201, made.text
        since = {"since": "2000-01-01"}
        alerts = alex.get("/api/alerts", params=since).json()["alerts"]
        rows = _twin(alex, "/api/alerts.csv", since)
        alex.delete(f"/api/watches/{made.json()['id']}")
    assert [(r["watch_id"], r["kind"], r["detail"]) for r in rows] == [
        (str(a["watch_id"]), a["kind"], a["detail"]) for a in alerts
    ]


def test_the_estimates_as_csv(workbench: Workbench) -> None:
    params = {**AS_OF, "method": DEFAULT_METHOD}
    for compartments in (EVERY, OPEN_ONLY):  # what the leak walk and the twins compute too
        estimates_for(workbench.store, compartments, date(2017, 12, 8))
    for name in ("vera", "carl"):
        with workbench.client(name) as viewer:
            data = viewer.get("/api/estimates", params=params).json()
            rows = _twin(viewer, "/api/estimates.csv", params)
        countries = [c["country"] for c in data["countries"]]
        assert [r["country"] for r in rows][: len(countries)] == countries
        assert rows[-1]["country"] == "all"
        assert float(rows[-1]["unseen_estimate"]) == data["total"]["estimate"]
        for row, country in zip(rows, data["countries"], strict=False):
            assert int(row["enumeration_value"]) == country["enumeration"]["value"]
            assert row["unseen_kind"] == country["unseen"]["kind"]
        assert {r["method"] for r in rows} == {DEFAULT_METHOD}
        text = "\n".join(",".join(r.values()) for r in rows)
        if name == "vera":
            assert "secret-list" not in text


def test_a_screening_as_csv(workbench: Workbench) -> None:
    query = {"name": SECRET_NAME}
    for name in ("vera", "carl"):
        with workbench.client(name) as viewer:
            found = viewer.get("/api/screening", params=query).json()["candidates"]
            rows = _twin(viewer, "/api/screening.csv", query)
        assert [r["person_id"] for r in rows] == [c["person_id"] for c in found]
        assert all(r["query_name"] == SECRET_NAME for r in rows)
        if rows:
            assert float(rows[0]["score"]) == found[0]["score"]
            assert rows[0]["threshold"]
        named = {r["name"] for r in rows}
        assert (SECRET_NAME in named) == (name == "carl")
