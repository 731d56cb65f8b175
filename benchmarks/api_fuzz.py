"""The whole API under schemathesis, long: generated requests to every operation of
/openapi.json, as an admin with and one without restricted access, over a simulated
population linked from its truth (open and restricted sources). Target: 0 server errors.

The suite runs the same check short (tests/api/test_schemathesis.py, 20 examples per
operation over a small store); this runs `--examples` per operation (default 300).

    .venv/bin/python benchmarks/api_fuzz.py [--persons 2000] [--examples 300] [--seed 5]
"""

from __future__ import annotations

import argparse
import secrets
import tempfile
import threading
import time
from pathlib import Path

import httpx
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings

from headcount.accounting.truth import link_from_truth
from headcount.api.settings import Settings
from headcount.ingest import ingest_path
from headcount.security import add_user
from headcount.simulate import simulate, write
from headcount.storage import Store, connect, upgrade
from headcount.web.server import server_config

SKIP = {("DELETE", "/api/session")}
"""Logging out would end the session the other operations run in."""


def build(folder: Path, persons: int, seed: int) -> Store:
    write(simulate(persons, seed), folder / "sim")
    store = connect(f"sqlite:///{folder / 'fuzz.sqlite'}")
    upgrade(store)
    ingest_path(store, folder / "sim" / "sources", user="loader")
    link_from_truth(store, folder / "sim" / "truth" / "links.csv", user="loader")
    return store


def fuzz(url: str, token: str, examples: int, seed: int) -> tuple[int, int, list[str]]:
    """Operations checked, cases sent, and the curl commands of any server error."""
    document = httpx.get(f"{url}/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document)
    headers = {"Authorization": f"Bearer {token}"}
    operations, cases, errors = 0, 0, []
    for result in schema.get_all_operations():
        operation = result.ok()
        if (operation.method.upper(), operation.path) in SKIP:
            continue
        operations += 1

        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case: schemathesis.Case) -> None:
            nonlocal cases
            cases += 1
            response = case.call(base_url=url, headers=headers, timeout=60)
            if response.status_code >= 500:
                errors.append(case.as_curl_command())

        call()
    return operations, cases, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--examples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="headcount-fuzz-") as folder:
        store = build(Path(folder), args.persons, args.seed)
        passwords = {}
        for name, cleared in (("cleared", True), ("plain", False)):
            passwords[name] = secrets.token_urlsafe(18)
            add_user(store, name, "admin", passwords[name], restricted_access=cleared, by="fuzz")
        port = 8765
        config = server_config(
            store,
            Settings(secure_cookies=False, login_failures_per_address=10**6),
            "127.0.0.1",
            port,
            warm=False,
            log_level="warning",
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        try:
            for name, password in passwords.items():
                token = httpx.post(
                    f"{url}/api/session", json={"name": name, "password": password}
                ).json()["token"]
                started = time.perf_counter()
                operations, cases, errors = fuzz(url, token, args.examples, args.seed)
                seconds = time.perf_counter() - started
                print(
                    f"{name:8} {operations} operations, {cases:,} cases in {seconds:.0f} s: "
                    f"{len(errors)} server errors"
                )
                for curl in errors[:20]:
                    print("   ", curl)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            store.close()


if __name__ == "__main__":
    main()
