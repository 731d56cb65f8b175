"""Tables with a CSV twin beside the JSON twin: the counts and a cell's persons, the same
rows both ways, and the pages linking both."""

from __future__ import annotations

import csv
import io

from tests.api.workbench import Workbench

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
