"""The live workbench and the browser fixtures for the page and browser tests."""

from tests.api.workbench import workbench  # noqa: F401
from tests.web.browser import browser, tab  # noqa: F401
