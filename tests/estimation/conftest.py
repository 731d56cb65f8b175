"""Fixtures for the reference tables (read from the shared folder, never copied in)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from headcount.estimation import CaptureTable
from tests.conftest import need

from .mse_reference import DATASETS, mse_dir


@pytest.fixture(scope="session")
def reference() -> dict[str, Any]:
    path = mse_dir() / "reference.json"
    if not path.exists():
        need(f"reference tables not found at {path} (set HEADCOUNT_SHARED)")
    return json.loads(path.read_text())


@pytest.fixture(scope="session")
def tables(reference: dict[str, Any]) -> dict[str, CaptureTable]:
    return {name: CaptureTable.from_csv(mse_dir() / f"{name}.csv") for name in DATASETS}
