"""The persons list: full-text search over every name in every script, facets, sorting,
pages, the CSV twin; only what the reader may see, and every listing audited."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select
from tests.api.workbench import Workbench
from tests.security.world import SECRET_NAME

from headcount.storage.tables import audit_log


def _listings(workbench: Workbench) -> int:
    with workbench.store.reading() as connection:
        query = select(func.count()).where(
            audit_log.c.action == "search", audit_log.c.object_type == "persons"
        )
        return int(connection.execute(query).scalar_one())


def test_a_name_in_cyrillic_script_finds_its_person(workbench: Workbench) -> None:
    with workbench.client("vera") as vera:
        found = vera.get("/api/persons", params={"q": "абу умар"}).json()
    assert found["total"] >= 1
    ivan = [p for p in found["persons"] if "Ivan Petrov" in p["names"]]
    assert ivan and "Cyrillic" in ivan[0]["scripts"]


def test_a_restricted_name_is_found_only_with_access(workbench: Workbench) -> None:
    with workbench.client("vera") as vera, workbench.client("carl") as carl:
        hidden = vera.get("/api/persons", params={"q": "restrictedson"}).json()
        shown = carl.get("/api/persons", params={"q": "restrictedson"}).json()
    assert hidden["total"] == 0 and hidden["persons"] == []
    assert [p["name"] for p in shown["persons"]] == [SECRET_NAME]
    assert "secret-list" not in {f["value"] for f in hidden["facets"]["source"]}


def test_facets_narrow_and_pages_partition(workbench: Workbench) -> None:
    with workbench.client("vera") as vera:
        everyone = vera.get("/api/persons", params={"size": 1000}).json()
        [top, *_] = everyone["facets"]["country"]
        narrowed = vera.get("/api/persons", params={"country": top["value"], "size": 1000}).json()
        pages = [
            vera.get("/api/persons", params={"size": 7, "page": n, "sort": "-records"}).json()
            for n in (1, 2)
        ]
    assert narrowed["total"] == top["persons"] < everyone["total"]
    assert all(top["value"] in p["countries"] for p in narrowed["persons"])
    first, second = ([p["person_id"] for p in page["persons"]] for page in pages)
    assert len(first) == len(second) == 7 and not set(first) & set(second)
    counts = [p["records"] for page in pages for p in page["persons"]]
    assert counts == sorted(counts, reverse=True)
    assert pages[0]["pages"] == -(-everyone["total"] // 7)


def test_the_csv_twin_holds_the_same_page(workbench: Workbench) -> None:
    params = {"q": "benali", "sort": "name"}
    with workbench.client("carl") as carl:
        page = carl.get("/api/persons", params=params).json()
        answer = carl.get("/api/persons.csv", params=params)
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [r["person_id"] for r in rows] == [p["person_id"] for p in page["persons"]]
    assert rows and rows[0]["names"] == "; ".join(page["persons"][0]["names"])


def test_every_listing_is_audited_and_a_bad_sort_refused(workbench: Workbench) -> None:
    before = _listings(workbench)
    with workbench.client("vera") as vera:
        assert vera.get("/api/persons", params={"q": "x"}).status_code == 200
        assert vera.get("/api/persons", params={"sort": "secret"}).status_code == 422
        assert vera.get("/api/persons").status_code == 200
    with workbench.client() as anonymous:
        assert anonymous.get("/api/persons").status_code == 401
    assert _listings(workbench) == before + 2


def test_the_page_shows_the_list_with_its_twins(workbench: Workbench) -> None:
    with workbench.client("vera") as vera:
        html = vera.get("/persons", params={"q": "benali"}).text
    assert "/api/persons.csv?q=benali" in html and "/api/persons?q=benali" in html
    assert "Mohamed Benali" in html and "Restrictedson" not in html
