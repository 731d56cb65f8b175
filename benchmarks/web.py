"""The workbench under load: the dashboard for 40,000 persons, and 20 analysts at once.

1. A store of a simulated population (default 40,000 persons, about 72,000 records),
   ingested and linked (by Splink, `--link splink`, or from the simulator's truth), with
   its published figures; 20 accounts, half with access to the restricted compartment.
2. `headcount serve` in its own process on loopback (as users run it).
3. The time until the server is ready (its start-up warm-up: the evidence read, the
   alternative clusterings, today's dashboard, the name index and the review band, for
   both sets of compartments), then the dashboard page rendered server-side for five
   dates, each counted afresh (every variant, the published figures beside, the flows,
   the page), and one again (cached). Target: under one second. Today's estimates by the
   default method (minutes) are being computed in the background meanwhile, and during
   the load.
4. Load: `--sessions` concurrent sessions (threads, one HTTP connection each), each logging
   in and then requesting every page `--rounds` times, reading each for `--think` seconds
   on average (0: back to back) — dashboard (three dates), a
   person, the review queue, sources, a source, screening (a new name each time), alerts
   — and each page's JSON twin. Latency percentiles per page and overall, and of the
   logins apart. Target: every page under 500 ms at the 99th percentile.

    .venv/bin/python benchmarks/web.py [--persons 40000] [--sessions 20] [--rounds 3]
                                       [--link splink|truth] [--folder DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import numpy as np

from headcount.accounting.truth import link_from_truth
from headcount.demo import shared_figures
from headcount.ingest import ingest_path, load_figures
from headcount.linkage.link import link
from headcount.linkage.persons import current_persons
from headcount.security import add_user
from headcount.simulate import get_scenario, simulate, write
from headcount.storage import Store, connect, upgrade
from headcount.storage.queries import store_counts

LOGIN = "login (not a page)"
"""Each session's login, reported apart: argon2id makes it slow on purpose."""
DATES = ("2015-06-30", "2016-06-30", "2017-12-08", "2018-12-31", "2019-12-31")
NAMES = (
    "Mohamed Benali",
    "Abu Hamza al-Faransi",
    "Ivan Petrov",
    "محمد الحسن",
    "Абу Умар",
    "Karim Dupont",
    "Sara Haddad",
    "Omar al-Shishani",
    "Yusuf Ahmed",
    "Ali Hassan",
)


def build(folder: Path, persons: int, how: str) -> Store:
    """The store (made once per folder, persons count and linkage; reused after)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"web-{persons}-{how}.sqlite"
    ready = path.with_suffix(".ready")
    store = connect(f"sqlite:///{path}")
    if ready.exists():
        return store
    for leftover in folder.glob(path.name + "*"):
        leftover.unlink()
    store = connect(f"sqlite:///{path}")
    upgrade(store)
    started = time.perf_counter()
    write(simulate(persons, 1, get_scenario("default")), folder / "population")
    ingest_path(store, folder / "population" / "sources", user="bench")
    figures = shared_figures()
    if figures is not None:
        load_figures(store, figures, user="bench")
    if how == "truth":
        link_from_truth(store, folder / "population" / "truth" / "links.csv", user="bench")
    else:
        link(store, user="bench")
    print(f"store built in {time.perf_counter() - started:.0f} s: {store_counts(store)['counts']}")
    ready.touch()
    return store


def accounts(store: Store, n: int) -> dict[str, str]:
    """n reviewers with random passwords (new ones each run), half with restricted access."""
    passwords = {}
    stamp = secrets.token_hex(3)
    for i in range(n):
        name = f"bench-{stamp}-{i:02d}"
        passwords[name] = secrets.token_urlsafe(16)
        add_user(store, name, "reviewer", passwords[name], restricted_access=i % 2 == 0, by="bench")
    return passwords


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(store: Store, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HEADCOUNT_DB_URL": store.engine.url.render_as_string(False)}
    command = [str(Path(sys.executable).parent / "headcount"), "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the workbench did not start")


@contextmanager
def login(url: str, name: str, password: str) -> Iterator[httpx.Client]:
    """A client logged in with a bearer token (one connection, kept alive)."""
    with httpx.Client(base_url=url, timeout=60) as client:
        credentials = {"name": name, "password": password}
        token = client.post("/api/session", json=credentials).json()["token"]
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


def wait_ready(url: str, passwords: dict[str, str], started: float) -> None:
    """Until the start-up warm-up is done (the evidence, the alternative clusterings, today's
    dashboard, the name index and the review band, for both sets of compartments): for a
    user with restricted access and one without, every one of those answers 200 (202
    before; the name index makes its request wait). Today's estimates are then still being
    computed, in the background, for minutes."""
    for name, password in list(passwords.items())[:2]:  # one of each (see `accounts`)
        with login(url, name, password) as client:
            while True:
                answers = [
                    client.get("/api/dashboard"),
                    client.get("/api/screening", params={"name": "Mohamed"}),
                    client.get("/api/review", params={"limit": 1}),
                ]
                if all(a.status_code == 200 for a in answers):
                    break
                time.sleep(1)
    print(f"ready {time.perf_counter() - started:.0f} s after start (caches warmed)")


def dashboard_times(url: str, name: str, password: str) -> None:
    """The dashboard page, server-side: new dates (counted afresh), then one again (cached)."""
    with login(url, name, password) as client:
        for label, when in [*[("new date", d) for d in DATES], ("same date", DATES[2])]:
            started = time.perf_counter()
            answer = client.get("/", params={"as_of": when})
            assert answer.status_code == 200, answer.text[:300]
            print(f"dashboard {label:10} {when}: {1000 * (time.perf_counter() - started):6.0f} ms")


def session(
    url: str,
    name: str,
    password: str,
    rounds: int,
    persons: list[str],
    timings: dict[str, list[float]],
    seed: int,
    think: float,
) -> None:
    """One analyst: every page and its JSON twin, `rounds` times, reading each page for
    `think` seconds on average (uniform between half and one and a half times it)."""
    rng = random.Random(seed)
    started = time.perf_counter()
    with login(url, name, password) as client:
        timings[LOGIN].append(time.perf_counter() - started)
        for _ in range(rounds):
            person = rng.choice(persons)
            name_query = rng.choice(NAMES) + (" " + rng.choice(NAMES).split()[-1])
            pages = {
                "dashboard": ("/", {"as_of": rng.choice(DATES[1:4])}),
                "dashboard json": ("/api/dashboard", {"as_of": rng.choice(DATES[1:4])}),
                "person": (f"/persons/{person}", {}),
                "person json": (f"/api/persons/{person}", {}),
                "review": ("/review", {"offset": rng.randrange(0, 20)}),
                "review json": ("/api/review", {"limit": 10}),
                "sources": ("/sources", {}),
                "sources json": ("/api/sources", {}),
                "source": ("/sources/news-reports", {}),
                "screening": ("/screening", {"name": name_query}),
                "screening json": ("/api/screening", {"name": name_query}),
                "alerts": ("/alerts", {}),
                "alerts json": ("/api/alerts", {}),
            }
            for page, (path, params) in pages.items():
                started = time.perf_counter()
                answer = client.get(path, params=params)
                elapsed = time.perf_counter() - started
                if answer.status_code not in (200, 404):
                    raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:200]}")
                timings[page].append(elapsed)
                if think:
                    time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def load(
    url: str, passwords: dict[str, str], rounds: int, persons: list[str], think: float
) -> None:
    timings: dict[str, list[float]] = defaultdict(list)
    threads = [
        threading.Thread(target=session, args=(url, n, p, rounds, persons, timings, i, think))
        for i, (n, p) in enumerate(passwords.items())
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=900)
    wall = time.perf_counter() - started
    every = np.concatenate([np.asarray(v) for k, v in timings.items() if k != LOGIN]) * 1000
    print(
        f"\n{len(threads)} concurrent sessions (reading each page {think:g} s on average), "
        f"{len(every):,} requests in {wall:.1f} s "
        f"({len(every) / wall:.0f} requests/s)"
    )
    print(f"{'page':16} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    pages = sorted((k, v) for k, v in timings.items() if k != LOGIN)
    for page, values in [*pages, ("all pages", list(every / 1000)), (LOGIN, timings[LOGIN])]:
        ms = np.asarray(values) * 1000
        p50, p95, p99 = np.percentile(ms, [50, 95, 99])
        print(f"{page:16} {len(ms):5d} {p50:8.0f} {p95:8.0f} {p99:8.0f} {ms.max():8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=40_000)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--link", choices=("splink", "truth"), default="splink")
    parser.add_argument(
        "--think", type=float, default=1.0, help="seconds a user reads a page (0: none)"
    )
    parser.add_argument("--folder", type=Path, default=Path("/tmp/headcount-web-bench"))
    args = parser.parse_args()
    store = build(args.folder, args.persons, args.link)
    passwords = accounts(store, args.sessions)
    with store.reading() as connection:
        persons = sorted(current_persons(connection))
    port = free_port()
    started = time.perf_counter()
    process = serve(store, port)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, passwords, started)
        name, password = next(iter(passwords.items()))
        dashboard_times(url, name, password)
        load(url, passwords, args.rounds, persons, args.think)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    main()
