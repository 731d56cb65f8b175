"""The upload forms and the screening search answer bad input with a clear refusal, never a
500: through the API (JSON) and the sources page (full page and htmx fragment), each
refusal audited, the store otherwise as it was."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from tests.api.workbench import Server, Workbench
from tests.conftest import snapshot
from tests.ingest import hostile

from headcount.api.settings import Settings
from headcount.security import add_user
from headcount.storage import Store, connect, upgrade
from headcount.storage.tables import audit_log


@dataclass
class Bench:
    url: str
    store: Store
    token: str


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    """A workbench of its own (uploads change the store) with one analyst."""
    folder = tmp_path_factory.mktemp("uploads")
    store = connect(f"sqlite:///{folder / 'headcount.sqlite'}")
    upgrade(store)
    password = secrets.token_urlsafe(18)
    add_user(store, "ana", "analyst", password, by="setup")
    settings = Settings(secure_cookies=False, login_failures_per_address=1000)
    with Server(store, settings) as server, httpx.Client(base_url=server.url) as client:
        answer = client.post("/api/session", json={"name": "ana", "password": password})
        yield Bench(server.url, store, answer.json()["token"])
    store.close()


def _bad_files(folder: Path) -> dict[str, bytes]:
    built = {
        "bomb.xlsx": hostile.xlsx_zip_bomb(folder / "bomb.xlsx"),
        "laughs.xlsx": hostile.xlsx_billion_laughs(folder / "laughs.xlsx"),
        "broken.xlsx": hostile.xlsx_broken_xml(folder / "broken.xlsx"),
        "surrogate.jsonl": hostile.jsonl_lone_surrogate(folder / "surrogate.jsonl"),
        "nested.jsonl": hostile.jsonl_deeply_nested(folder / "nested.jsonl"),
    }
    files = {name: path.read_bytes() for name, path in built.items()}
    files |= {
        "not_excel.xlsx": b"PK\x03\x04 not a zip at all",
        "latin1.csv": b"record_id,full_name\nx1,Al\xe9\n",
        "header_only.csv": b"record_id,full_name\n",
        "no_column.csv": b"nom,prenom\nBenali,Ali\n",
        "binary.csv": bytes(range(256)) * 4,
        "list.pdf": b"%PDF-1.4",
        "noname": b"record_id,full_name\nx,y\n",
        "a" * 300 + ".csv": b"record_id,full_name\nx,y\n",
    }
    return files


FORMS = {
    "api": ("/api/uploads", {}),
    "page": ("/sources/upload", {}),
    "htmx": ("/sources/upload", {"HX-Request": "true"}),
    "api strict": ("/api/uploads", {}),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_bad_files_are_refused_clearly_by_every_upload_form(
    bench: Bench, tmp_path: Path, form: str
) -> None:
    path, headers = FORMS[form]
    data = {"strict": "true"} if "strict" in form else {}
    before = snapshot(bench.store)
    before.pop("audit_log")
    with httpx.Client(base_url=bench.url, timeout=60) as client:
        client.headers["Authorization"] = f"Bearer {bench.token}"
        for name, content in _bad_files(tmp_path).items():
            answer = client.post(path, files={"file": (name, content)}, data=data, headers=headers)
            assert answer.status_code == 422, (form, name, answer.status_code, answer.text[:300])
            if path.startswith("/api"):
                assert answer.json()["errors"][0]["error"], (form, name)
            else:
                assert "Nothing was ingested" in answer.text, (form, name)
        mapping = {"mapping": ("m.yaml", b"- [unclosed")}
        good = ("good.csv", b"record_id,full_name\ng1,Yusuf Testman\n")
        answer = client.post(path, files={"file": good, **mapping}, data=data, headers=headers)
        assert answer.status_code == 422 and "in the mapping" in answer.text
    after = snapshot(bench.store)
    refusals = [row for row in after.pop("audit_log") if row[3] == "ingest_refused"]
    assert after == before
    assert len(refusals) >= len(_bad_files(tmp_path)) + 1


def test_a_messy_upload_is_ingested_with_its_warnings(bench: Bench) -> None:
    messy = b"record_id,full_name,birth_date,citizenship\nm1,Yusuf Testman,1990-02-30,Narnia\n"
    with httpx.Client(base_url=bench.url, timeout=60) as client:
        client.headers["Authorization"] = f"Bearer {bench.token}"
        answer = client.post("/api/uploads", files={"file": ("messy.csv", messy)})
        assert answer.status_code == 201, answer.text
        body = answer.json()
        assert body["warnings_total"] == 2
        assert [(w["row"], w["column"], w["value"]) for w in body["warnings"]] == [
            (2, "birth_date", "1990-02-30"),
            (2, "citizenship", "Narnia"),
        ]
        page = client.post(
            "/sources/upload",
            files={"file": ("messy2.csv", messy.replace(b"m1", b"m2"))},
            headers={"HX-Request": "true"},
        )
        assert page.status_code == 200
        assert "2 values could not be read" in page.text and "1990-02-30" in page.text
        refused = client.post(
            "/api/uploads",
            files={"file": ("messy3.csv", messy.replace(b"m1", b"m3"))},
            data={"strict": "true"},
        )
        assert refused.status_code == 422
        assert [e["column"] for e in refused.json()["errors"]] == ["birth_date"]


def test_screening_a_blank_or_odd_name_is_refused_not_a_500(workbench: Workbench) -> None:
    with workbench.client("vera") as vera:
        for params in (
            {"name": " "},
            {"name": "\t\n"},
            {"name": "Ali", "birth_date": "not a date"},
            {"name": "Ali", "citizenship": "Narnia"},
            {"name": "'); DROP TABLE persons; --"},
            {"name": "\u0000"},
        ):
            answer = vera.get("/api/screening", params=params)
            assert answer.status_code < 500, (params, answer.status_code, answer.text[:200])
        assert vera.get("/api/screening", params={"name": " "}).status_code == 422
        page = vera.get("/screening", params={"name": " "})
        assert page.status_code == 200


def test_every_refused_upload_is_in_the_audit_log(bench: Bench) -> None:
    with bench.store.reading() as c:
        actions = set(c.execute(select(audit_log.c.action)).scalars())
    assert {"ingest_refused", "ingest"} <= actions
