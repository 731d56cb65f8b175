"""Every route refuses the anonymous and every role below the one it needs.

The routes are read from the application itself, so a route added later is covered (and
a route that declares no permission fails `test_every_route_declares_what_it_needs`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import APIRoute
from tests.api.workbench import Workbench

from headcount.api.settings import Settings
from headcount.security import Action, Role
from headcount.security.roles import LOWEST_ROLE
from headcount.web.app import create_app

OPEN_ROUTES = {("GET", "/login"), ("POST", "/login"), ("POST", "/api/session")}
"""The only routes anyone may call: the login form, logging in."""
BELOW: dict[Role, str | None] = {
    Role.viewer: None,
    Role.analyst: "vera",
    Role.reviewer: "anton",
    Role.admin: "otto",
}
"""For each role, an account of the role just below it."""


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    action: Action | None


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every API route, inside included routers too."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (router := getattr(route, "original_router", None)) is not None:
            yield from _routes(router.routes)


def endpoints(workbench: Workbench) -> list[Endpoint]:
    """Every route of the application with the action its dependency names."""
    app = create_app(workbench.store, Settings(secure_cookies=False))
    found = []
    for route in _routes(app.routes):
        actions = [d.call.action for d in route.dependant.dependencies if hasattr(d.call, "action")]
        for method in sorted(route.methods):
            found.append(Endpoint(method, route.path, actions[0] if actions else None))
    return found


def concrete(path: str, workbench: Workbench) -> str:
    return path.replace("{person_id}", workbench.world.persons["benali"]).replace(
        "{name}", "open-list"
    )


def test_every_route_declares_what_it_needs(workbench: Workbench) -> None:
    found = endpoints(workbench)
    assert len(found) > 20
    undeclared = {(e.method, e.path) for e in found if e.action is None}
    assert undeclared == OPEN_ROUTES


def test_the_anonymous_are_refused_everywhere(workbench: Workbench) -> None:
    with workbench.client() as anonymous:
        for e in endpoints(workbench):
            if (e.method, e.path) in OPEN_ROUTES:
                continue
            answer = anonymous.request(e.method, concrete(e.path, workbench))
            if e.path.startswith("/api/"):
                assert answer.status_code == 401, (e, answer.text)
                assert answer.json() == {"detail": "log in first"}
            else:
                assert answer.status_code == 303, (e, answer.text)
                assert answer.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("role", [Role.analyst, Role.reviewer, Role.admin])
def test_a_role_too_low_is_refused(workbench: Workbench, role: Role) -> None:
    below = BELOW[role]
    assert below is not None
    guarded = [e for e in endpoints(workbench) if e.action and LOWEST_ROLE[e.action] == role]
    assert guarded, f"no route needs {role.value}"
    with workbench.client(below) as client:
        for e in guarded:
            answer = client.request(e.method, concrete(e.path, workbench))
            assert answer.status_code == 403, (e, answer.status_code, answer.text[:200])
            if e.path.startswith("/api/"):
                assert "does not allow" in answer.json()["detail"]


def test_each_role_reaches_what_it_may(workbench: Workbench) -> None:
    expected = {
        "vera": {"/api/dashboard": 200, "/api/review": 403, "/api/audit": 403},
        "anton": {"/api/dashboard": 200, "/api/review": 403, "/api/audit": 403},
        "otto": {"/api/dashboard": 200, "/api/review": 200, "/api/audit": 403},
        "ada": {"/api/dashboard": 200, "/api/review": 200, "/api/audit": 200},
    }
    for name, answers in expected.items():
        with workbench.client(name) as client:
            got = {path: client.get(path).status_code for path in answers}
        assert got == answers, name
