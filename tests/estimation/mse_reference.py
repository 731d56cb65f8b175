"""Where the published reference tables live: /work/shared beside the repo, or HEADCOUNT_SHARED."""

from __future__ import annotations

import os
from pathlib import Path

DATASETS = ("hav_taiwan", "diabetes_italy", "hiv_rome")


def shared_dir() -> Path:
    """The shared folder: $HEADCOUNT_SHARED if set, else ../shared beside the repository."""
    env = os.environ.get("HEADCOUNT_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / ".." / "shared"


def mse_dir() -> Path:
    """The folder of published capture tables and R's answers."""
    return shared_dir() / "benchmarks" / "mse"


def same_3sf(a: float, b: float) -> bool:
    """Equal to three significant figures (half a unit of the third figure, relative)."""
    return abs(a - b) <= 0.0005 * max(abs(a), abs(b))
