"""Schemathesis against /openapi.json: generated requests to every operation, as an admin
with access to every compartment, never cause a server error.

It runs on a server of its own over a small store (the open/restricted world), since
generated uploads and judgements change what they touch."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from tests.api.workbench import Server
from tests.security.world import build_world

from headcount.api.settings import Settings
from headcount.security import add_user
from headcount.storage import connect, upgrade

EXAMPLES = 20
SKIP = {("DELETE", "/api/session")}
"""Logging out would end the session the other operations run in (tested on its own)."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("schemathesis")
    store = connect(f"sqlite:///{folder / 'headcount.sqlite'}")
    upgrade(store)
    build_world(store, folder / "world")
    password = secrets.token_urlsafe(18)
    add_user(store, "fuzz", "admin", password, restricted_access=True, by="setup")
    with Server(store, Settings(secure_cookies=False, login_failures_per_address=10**6)) as s:
        token = httpx.post(f"{s.url}/api/session", json={"name": "fuzz", "password": password})
        yield s.url, token.json()["token"]
    store.close()


def test_no_operation_causes_a_server_error(server: tuple[str, str]) -> None:
    url, token = server
    document = httpx.get(f"{url}/openapi.json").json()
    assert document["openapi"].startswith("3.")
    schema = schemathesis.openapi.from_dict(document)
    headers = {"Authorization": f"Bearer {token}"}
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIP:
            continue

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case: schemathesis.Case) -> None:
            response = case.call(base_url=url, headers=headers, timeout=30)
            assert response.status_code < 500, case.as_curl_command()

        call()
        checked.append(f"{operation.method.upper()} {operation.path}")
    assert len(checked) >= 10, checked
    still = httpx.get(f"{url}/api/session", headers=headers)
    assert still.status_code == 200  # the session survived every generated request
