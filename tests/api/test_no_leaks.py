"""Nothing of a restricted source reaches anyone without restricted access — one black-box
walk over every route of the API and every page (read from the application, so a route
added later is walked too), every person page of the persons restricted records touch,
every export and every write, for every role with and without restricted access.

What must never appear: the names of the restricted sources and their files, and every
name, alias and document number that only restricted records give (found in the store, so
the simulated population's restricted lists count as well as the world's). Text the caller
typed is taken out of the answer before looking (a 404 may echo it); such answers must
then be the same as for a name that exists nowhere, so that they tell nothing either.

For accounts with restricted access the same walk must find the markers somewhere: a test
that could not see a leak would prove nothing.
"""

from __future__ import annotations

import contextlib
import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import httpx
import pytest
from sqlalchemy import select
from tests.api.test_refusals import _routes
from tests.api.workbench import USERS, Workbench
from tests.security.world import SECRET_NAME

from headcount.api.settings import Settings
from headcount.model.vocabulary import EVERY, OPEN_ONLY, Compartment
from headcount.storage.queries import latest_run_id
from headcount.storage.tables import ingests, person_records, records, sources, statements
from headcount.views.estimates import estimates_for
from headcount.web.app import create_app

AS_OF = date(2017, 12, 8)
NAME_PROPS = ("full_name", "given_name", "family_name", "alias", "weak_alias", "kunya", "id_number")
MIN_MARKER = 9
"""Shorter restricted-only values (a given name, a year) can occur in other text by chance."""
PERSON_PAGES = 40
"""How many persons touched by restricted records to open, besides the world's."""
NOWHERE = "Zz-no-such-thing-9"


@dataclass
class Probe:
    """One request and the text the caller put in it."""

    method: str
    path: str
    params: dict[str, str] | None = None
    body: dict[str, object] | None = None
    files: dict[str, tuple[str, bytes]] | None = None
    typed: list[str] = field(default_factory=list)


def _markers(workbench: Workbench) -> set[str]:
    """Text only restricted records give, long enough not to occur by chance."""
    store = workbench.store
    with store.reading() as c:
        closed = c.execute(
            select(sources.c.id, sources.c.name).where(
                sources.c.compartment == Compartment.restricted.value
            )
        ).all()
        closed_ids = [i for i, _ in closed]
        files = c.execute(
            select(ingests.c.file_name).where(ingests.c.source_id.in_(closed_ids))
        ).scalars()
        said = c.execute(
            select(statements.c.value, records.c.source_id)
            .join(records, records.c.id == statements.c.record_id)
            .where(statements.c.prop.in_(NAME_PROPS))
        ).all()
    in_open = {v for v, s in said if s not in closed_ids}
    open_text = "\n".join(in_open)
    only_closed = {v for v, s in said if s in closed_ids} - in_open
    markers = {n for _, n in closed} | set(files) | {SECRET_NAME, "1991-04-02"}
    markers |= {v for v in only_closed if len(v) >= MIN_MARKER and v not in open_text}
    return markers


def _variants(text: str) -> str:
    """The answer as typed text: HTML entities and JSON escapes undone."""
    out = [text, html.unescape(text)]
    with contextlib.suppress(ValueError):
        out.append(json.dumps(json.loads(text), ensure_ascii=False))
    return "\n".join(out)


def _record_ids(workbench: Workbench) -> dict[str, int]:
    return workbench.world.record


def _touched_persons(workbench: Workbench) -> list[str]:
    """Persons of either run with a restricted record or sharing records with one."""
    with workbench.store.reading() as c:
        every, open_run = latest_run_id(c, EVERY), latest_run_id(c, OPEN_ONLY)
        closed = (
            select(records.c.id)
            .join(sources, sources.c.id == records.c.source_id)
            .where(sources.c.compartment == Compartment.restricted.value)
        )
        touched = set(
            c.execute(
                select(person_records.c.person_id).where(
                    person_records.c.run_id == every, person_records.c.record_id.in_(closed)
                )
            ).scalars()
        )
        members = select(person_records.c.record_id).where(
            person_records.c.run_id == every, person_records.c.person_id.in_(touched)
        )
        beside = set(
            c.execute(
                select(person_records.c.person_id).where(
                    person_records.c.run_id == open_run, person_records.c.record_id.in_(members)
                )
            ).scalars()
        )
    chosen = sorted(touched)[:PERSON_PAGES] + sorted(beside)[:PERSON_PAGES]
    return sorted(set(chosen) | set(workbench.world.persons.values()))


def _probes(workbench: Workbench, watch_ids: list[int]) -> Iterator[Probe]:
    """Every route of the application, each with the values that could reach restricted
    data; routes with a path parameter once per value."""
    app = create_app(workbench.store, Settings(secure_cookies=False))
    rid = _record_ids(workbench)
    pairs = [
        (rid["o1"], rid["s1"]),
        (rid["o5"], rid["s1"]),
        (rid["s1"], rid["s2"]),
        (rid["o1"], rid["o5"]),
    ]
    persons = _touched_persons(workbench)
    names = ["open-list", "secret-list", "de-watchlist", "tr-border-records", NOWHERE]
    for route in _routes(app.routes):
        for method in sorted(route.methods):
            path = route.path
            if (method, path) in {
                ("POST", "/login"),
                ("POST", "/api/session"),
                ("DELETE", "/api/session"),
                ("POST", "/logout"),
            }:
                continue  # logging in and out: not about the store's data
            yield from _concrete(method, path, persons, pairs, names, watch_ids)


def _concrete(
    method: str,
    path: str,
    persons: list[str],
    pairs: list[tuple[int, int]],
    names: list[str],
    watch_ids: list[int],
) -> Iterator[Probe]:
    if "{record_a}" in path:
        for a, b in pairs:
            filled = path.replace("{record_a}", str(a)).replace("{record_b}", str(b))
            for person in persons[:3] if "{person_id}" in filled else [""]:
                yield Probe(method, filled.replace("{person_id}", person))
    elif "{person_id}" in path:
        for person in persons:
            yield Probe(method, path.replace("{person_id}", person))
    elif "{name}" in path:
        for name in names:
            yield Probe(method, path.replace("{name}", name), typed=[name])
    elif "{kind}" in path:
        for kind in ("records", "persons", "ftm"):
            for fmt in ("csv", "jsonl"):
                yield Probe(method, path.replace("{kind}", kind), params={"format": fmt})
    elif "{watch_id}" in path:
        for watch in watch_ids:
            yield Probe(method, path.replace("{watch_id}", str(watch)))
    else:
        yield from _plain(method, path, pairs, watch_ids)


def _plain(
    method: str, path: str, pairs: list[tuple[int, int]], watch_ids: list[int]
) -> Iterator[Probe]:
    when = {"as_of": AS_OF.isoformat()}
    if path in ("/api/screening", "/api/screening.csv", "/screening"):
        for name in (SECRET_NAME, "Mohammed Benali"):
            yield Probe(method, path, params={"name": name}, typed=[name])
        dated = {"name": "Benali", "birth_date": "1991-04-02"}
        yield Probe(method, path, params=dated, typed=["1991-04-02"])
    elif path == "/api/match":
        people = {
            "a": {"schema": "Person", "properties": {"name": [SECRET_NAME]}},
            "b": {
                "schema": "Person",
                "properties": {"name": ["Mohammed Benali"], "birthDate": ["1991-04-02"]},
            },
        }
        yield Probe(
            method,
            path,
            body={"queries": people},
            typed=[SECRET_NAME, "Mohammed Benali", "1991-04-02"],
        )
    elif path == "/api/reconcile" and method == "POST":
        asked = {
            "q0": {"query": SECRET_NAME},
            "q1": {
                "query": "Mohammed Benali",
                "properties": [{"pid": "birth_date", "v": "1991-04-02"}],
            },
        }
        yield Probe(
            method,
            path,
            body={"queries": json.dumps(asked)},
            typed=[SECRET_NAME, "Mohammed Benali", "1991-04-02"],
        )
    elif path in ("/api/audit", "/api/audit.csv", "/audit"):
        yield Probe(method, path)
        for value in ("secret-list", SECRET_NAME):
            yield Probe(method, path, params={"object_id": value}, typed=[value])
    elif path in ("/api/judgements", "/review/judge"):
        for a, b in pairs[:3]:  # each touches a restricted record
            yield Probe(method, path, body={"record_a": a, "record_b": b, "decision": "unsure"})
    elif path in ("/api/watches", "/alerts/watch"):
        yield Probe(method, path, body={"object_type": "person", "object_id": "P9999999"})
    elif path == "/alerts/unwatch":
        for watch in watch_ids:
            yield Probe(method, path, body={"watch_id": watch})
    elif path in ("/api/uploads", "/sources/upload"):
        mapping = b"source:\n  name: secret-list\n"
        upload = {
            "file": ("more.csv", b"record_id,full_name\nx1,Someone Else\n"),
            "mapping": ("more.yaml", mapping),
        }
        yield Probe(method, path, files=upload, typed=["secret-list"])
    else:
        yield Probe(method, path, params=when if method == "GET" else None)


def _ask(client: httpx.Client, probe: Probe) -> httpx.Response:
    if probe.files is not None:
        return client.request(probe.method, probe.path, files=probe.files)
    if probe.body is not None:
        if probe.path.startswith("/api/") and probe.path != "/api/reconcile":
            return client.request(probe.method, probe.path, json=probe.body)
        return client.request(probe.method, probe.path, data=probe.body)
    return client.request(probe.method, probe.path, params=probe.params)


TYPED = (SECRET_NAME, "Mohammed Benali", "1991-04-02", "secret-list")
"""What the walk's accounts type themselves: an open account's search is logged in the open,
so the audit log shows another admin what an account without access typed."""


def _without_typed(text: str, probe: Probe) -> str:
    for value in probe.typed:
        text = text.replace(value, NOWHERE)
    if probe.path == "/api/audit":  # searches made in the open compartment: typed, not leaked
        page = json.loads(text)
        if isinstance(page, dict) and "entries" in page:
            page["entries"] = [
                e
                for e in page["entries"]
                if not (e["action"] == "search" and e["compartment"] == "open")
            ]
            text = json.dumps(page, ensure_ascii=False)
    elif probe.path == "/audit":
        for value in TYPED:
            text = text.replace(value, NOWHERE)
    return text


@pytest.fixture(scope="module")
def prepared(workbench: Workbench) -> tuple[set[str], list[int]]:
    """Markers; watches an account with access made on restricted and bridged persons;
    estimates computed (the page answers 202 until they are)."""
    secret = workbench.world.persons["secret"]
    benali = workbench.world.persons["benali"]
    watch_ids = []
    with workbench.client("ada") as ada:
        for person in (secret, benali):
            made = ada.post("/api/watches", json={"object_type": "person", "object_id": person})
            assert made.status_code == 201, made.text
            watch_ids.append(int(made.json()["id"]))
        assert ada.get("/api/screening", params={"name": SECRET_NAME}).status_code == 200
        assert ada.get(f"/api/persons/{secret}").status_code == 200
    for compartments in (EVERY, OPEN_ONLY):
        estimates_for(workbench.store, compartments, AS_OF)
    return _markers(workbench), watch_ids


@pytest.mark.parametrize("name", sorted(USERS))
def test_no_restricted_byte_reaches_an_account_without_access(
    workbench: Workbench, prepared: tuple[set[str], list[int]], name: str
) -> None:
    markers, watch_ids = prepared
    cleared = USERS[name][1]
    leaks: list[str] = []
    seen: set[str] = set()
    asked = 0
    by_name: dict[tuple[str, str], dict[str, tuple[int, str]]] = {}
    with workbench.client(name) as client:
        for probe in _probes(workbench, watch_ids):
            if cleared and probe.method != "GET":
                continue  # the writes would change the shared store; only refusals are wanted
            answer = _ask(client, probe)
            asked += 1
            assert answer.status_code < 500, (probe, answer.text[:300])
            text = _variants(_without_typed(answer.text, probe))
            found = {m for m in markers if m in text}
            seen |= found
            if not cleared and found:
                leaks.append(f"{probe.method} {probe.path} {probe.params}: {sorted(found)[:3]}")
            if probe.typed and probe.typed[0] in probe.path:
                template = (probe.method, probe.path.replace(probe.typed[0], "{name}"))
                reply = (answer.status_code, _without_typed(answer.text, probe))
                by_name.setdefault(template, {})[probe.typed[0]] = reply
    print(f"{name}: {asked} requests, {len(leaks)} leaks")  # shown with -s: the note's figures
    assert asked > 100
    if cleared:
        assert SECRET_NAME in seen and "secret-list" in seen, "the walk cannot see a leak"
        return
    assert leaks == []
    # an answer about a restricted source's name is the answer about no source at all
    for template, replies in by_name.items():
        for closed in ("secret-list", "de-watchlist", "tr-border-records"):
            assert replies[closed] == replies[NOWHERE], (template, closed)


def test_a_watch_on_a_restricted_person_cannot_be_stopped_without_access(
    workbench: Workbench, prepared: tuple[set[str], list[int]]
) -> None:
    secret_watch = prepared[1][0]
    with workbench.client("anton") as anton:
        answer = anton.delete(f"/api/watches/{secret_watch}")
        assert answer.status_code == 404
        assert "no watch" in answer.json()["detail"]
    with workbench.client("ada") as ada:
        alerts = ada.get("/api/alerts").json()
    assert secret_watch in {w["id"] for w in alerts["watches"]}


def test_figures_seen_without_access_say_what_they_leave_out(workbench: Workbench) -> None:
    with workbench.client("vera") as vera:
        dashboard = vera.get("/api/dashboard", params={"as_of": AS_OF.isoformat()}).json()
        page = vera.get("/", params={"as_of": AS_OF.isoformat()}).text
    with workbench.client("carl") as carl:
        cleared = carl.get("/api/dashboard", params={"as_of": AS_OF.isoformat()}).json()
    assert "restricted sources are left out" in dashboard["coverage"]
    assert "restricted sources are left out" in page
    assert cleared["coverage"] is None
