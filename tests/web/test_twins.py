"""Every page has a JSON twin from the same call, and docs/workbench.md lists them all."""

from __future__ import annotations

import re
from datetime import date

from fastapi.routing import APIRoute
from tests.api.test_refusals import _routes
from tests.api.workbench import Workbench
from tests.conftest import REPO

from headcount.api.settings import Settings
from headcount.model.vocabulary import EVERY
from headcount.views.estimates import estimates_for
from headcount.web.app import create_app

DOC = REPO / "docs" / "workbench.md"
NOT_PAGES = {
    "/login",
    "/review/explanation/{record_a}/{record_b}",
    "/persons/{person_id}/explanation/{record_a}/{record_b}",
}
"""GET routes that are not pages: the login form, fragments the pages load."""


def documented() -> dict[str, str]:
    """page → twin, from the first table of docs/workbench.md."""
    section = DOC.read_text(encoding="utf-8").split("## Pages and their JSON twins", 1)[1]
    rows = re.findall(
        r"^\| `(/[^`]*)` \| `(/api/[^`]*)` \|", section.split("What changes", 1)[0], re.M
    )
    return dict(rows)


def test_every_page_has_a_twin_and_the_docs_list_them(workbench: Workbench) -> None:
    app = create_app(workbench.store, Settings(secure_cookies=False))
    gets = [r for r in _routes(app.routes) if "GET" in r.methods]
    pages = {r.path for r in gets if not r.include_in_schema} - NOT_PAGES
    api = {r.path for r in gets if r.include_in_schema}
    twins = documented()
    assert set(twins) == pages
    assert set(twins.values()) <= api
    assert all(isinstance(r, APIRoute) for r in gets)


AS_OF = date(2017, 12, 8)


def test_each_page_links_its_twin_and_the_twin_answers(workbench: Workbench) -> None:
    concrete = {
        "{person_id}": workbench.world.persons["benali"],
        "{name}": "open-list",
    }
    params: dict[str, dict[str, str]] = {
        "/screening": {"name": "Karim Dupont"},
        "/estimates": {"as_of": AS_OF.isoformat()},
        "/cells": {"country": "FRA", "status": "departed", "as_of": AS_OF.isoformat()},
    }
    # The estimates page answers 202 while they are computed in the background; computing
    # them first here, in the server's own process and cache, keeps the test from depending
    # on how fast the machine is.
    estimates_for(workbench.store, EVERY, AS_OF)
    with workbench.client("ada") as ada:
        for page, twin in documented().items():
            for placeholder, value in concrete.items():
                page, twin = page.replace(placeholder, value), twin.replace(placeholder, value)
            html = ada.get(page, params=params.get(page))
            assert html.status_code == 200, (page, html.text[:300])
            linked = re.search(r'The same data as JSON: <a href="([^"]+)"', html.text)
            assert linked is not None and linked.group(1).split("?")[0] == twin, page
            assert ada.get(linked.group(1).replace("&amp;", "&")).status_code == 200, twin
