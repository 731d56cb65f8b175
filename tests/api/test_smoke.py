"""The workbench starts, answers, and refuses the anonymous."""

from tests.api.workbench import Workbench


def test_the_workbench_answers(workbench: Workbench) -> None:
    with workbench.client() as anonymous:
        assert anonymous.get("/api/session").status_code == 401
        assert anonymous.get("/login").status_code == 200
    with workbench.client("vera") as vera:
        me = vera.get("/api/session").json()
        assert me["user"]["name"] == "vera"
        sources = vera.get("/api/sources").json()
        assert "secret-list" not in {s["name"] for s in sources}
        person = vera.get(f"/api/persons/{workbench.world.persons['benali']}")
        assert person.status_code == 200, person.text
