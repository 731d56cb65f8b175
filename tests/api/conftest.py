"""The live workbench fixture for the API tests."""

from tests.api.workbench import workbench  # noqa: F401
