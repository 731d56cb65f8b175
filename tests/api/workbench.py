"""One live workbench per test session: a store with a simulated population and the
open/restricted world of `tests.security.world`, accounts of every role, and uvicorn
serving the application on a free loopback port (a real server, as users get it).

Passwords are random for each run; none is written anywhere.
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
from tests.security.world import World, ingest_world, persons_of, world_clusters, world_pairs

from headcount.accounting.truth import link_from_truth
from headcount.api.settings import Settings
from headcount.ingest import ingest_path
from headcount.linkage.cluster import Pairs
from headcount.linkage.persons import current_persons, save_given_runs
from headcount.security import add_user
from headcount.simulate import get_scenario, simulate, write
from headcount.storage import Store, connect, upgrade
from headcount.web.server import server_config

PERSONS = 600
SEED = 11
USERS: dict[str, tuple[str, bool]] = {
    "vera": ("viewer", False),
    "carl": ("viewer", True),
    "anton": ("analyst", False),
    "alex": ("analyst", True),
    "otto": ("reviewer", False),
    "rita": ("reviewer", True),
    "ada": ("admin", True),
    "adam": ("admin", False),
}
"""Account name → (role, restricted access)."""


@dataclass
class Workbench:
    """A running workbench and what is in it."""

    url: str
    store: Store
    world: World
    persons: list[str]
    passwords: dict[str, str] = field(repr=False)

    @contextmanager
    def client(self, name: str | None = None) -> Iterator[httpx.Client]:
        """An API client, logged in as `name` with a bearer token (or anonymous)."""
        with httpx.Client(base_url=self.url, timeout=60) as client:
            if name is not None:
                client.headers["Authorization"] = f"Bearer {self.token(client, name)}"
            yield client

    def token(self, client: httpx.Client, name: str) -> str:
        """Log in as `name`; the session's bearer token."""
        credentials = {"name": name, "password": self.passwords[name]}
        answer = client.post("/api/session", json=credentials)
        answer.raise_for_status()
        return str(answer.json()["token"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """uvicorn in a thread, stopped on request."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.port = free_port()
        config = server_config(
            store, settings, "127.0.0.1", self.port, warm=False, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the workbench did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _scored_pairs(persons: dict[str, list[int]]) -> list[tuple[int, int, float]]:
    """Pairs near the threshold among simulated records, for the review queue: records of
    one person, and records of neighbouring persons."""
    groups = [sorted(m) for _, m in sorted(persons.items())]
    pairs = []
    for i, members in enumerate(groups[:60]):
        if len(members) > 1:
            pairs.append((members[0], members[1], 0.5 + (i % 10) / 50))
        other = groups[i + 1][0]
        pairs.append((min(members[0], other), max(members[0], other), 0.4 + (i % 10) / 50))
    return pairs


def populate(store: Store, folder: Path, persons: int = PERSONS) -> tuple[World, list[str]]:
    """A simulated population linked by its truth, then the world, linked in one run."""
    write(simulate(persons, SEED, get_scenario("default")), folder / "sim")
    ingest_path(store, folder / "sim" / "sources", user="loader")
    link_from_truth(store, folder / "sim" / "truth" / "links.csv", user="loader")
    with store.reading() as connection:
        simulated = {p: list(a.record_ids) for p, a in current_persons(connection).items()}
    rid = ingest_world(store, folder / "world")
    named = world_clusters(rid)
    clusters: dict[str, list[int]] = {**simulated, **named}
    pairs = Pairs.of(world_pairs(rid) + _scored_pairs(simulated))
    summary = save_given_runs(
        store, clusters, engine="test", user="loader", threshold=0.6, pairs=pairs
    )
    return World(rid, persons_of(store, summary.run_id, named)), sorted(simulated)


def add_accounts(store: Store) -> dict[str, str]:
    passwords = {}
    for name, (role, restricted) in USERS.items():
        passwords[name] = secrets.token_urlsafe(18)
        add_user(store, name, role, passwords[name], restricted_access=restricted, by="setup")
    return passwords


@pytest.fixture(scope="session")
def workbench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    """The session's workbench (plain HTTP on loopback, so cookies are not Secure)."""
    folder = tmp_path_factory.mktemp("workbench")
    store = connect(f"sqlite:///{folder / 'headcount.sqlite'}")
    upgrade(store)
    world, persons = populate(store, folder)
    passwords = add_accounts(store)
    settings = Settings(secure_cookies=False, login_failures_per_address=1000)
    with Server(store, settings) as server:
        yield Workbench(server.url, store, world, persons, passwords)
    store.close()
