"""Headless Chromium for the browser tests (Debian's, driven by Playwright), and where the
screenshots go."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.api.workbench import Workbench
from tests.conftest import REPO, need

SCREENSHOTS = REPO / "artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> Path | None:
    given = os.environ.get("HEADCOUNT_TEST_CHROMIUM")
    for candidate in (given, "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        need("browser tests need Chromium (HEADCOUNT_TEST_CHROMIUM or /usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(path), headless=True, args=ARGS)
        yield launched
        launched.close()


class Analyst:
    """One user's browser tab on the workbench."""

    def __init__(self, browser: object, workbench: Workbench, name: str) -> None:
        self.workbench = workbench
        self.context = browser.new_context(viewport={"width": 1360, "height": 900})  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(f"{workbench.url}/login")
        self.page.fill("input[name=name]", name)
        self.page.fill("input[name=password]", workbench.passwords[name])
        self.page.click("form[action='/login'] button[type=submit]")
        self.page.wait_for_url(f"{workbench.url}/")

    def open(self, path: str) -> object:
        self.page.goto(self.workbench.url + path)
        return self.page

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        assert self.errors == [], self.errors  # no script failed on any page
        self.context.close()


@pytest.fixture
def tab(browser: object, workbench: Workbench) -> Iterator[object]:
    """A factory of logged-in tabs, closed (and checked for script errors) at the end."""
    opened: list[Analyst] = []

    def open_as(name: str) -> Analyst:
        opened.append(Analyst(browser, workbench, name))
        return opened[-1]

    yield open_as
    for analyst in opened:
        analyst.close()
