"""How long work tells its progress: a `Tally`, called with (done, total) as it advances.

A capability that runs for long (simulating, estimating, screening a batch, validating)
takes a `Tally` and calls it after each unit of its work; the interface decides how to show
it (the command line draws a Rich bar on a terminal, and nothing otherwise). It lives in the
model so that every layer can take one without importing an interface or a display library.

Invariant for callers: `done` never decreases, and the last call has `done == total`. The
total may be revised while the work runs (an estimate that stops early sweeps less than it
planned), but the last call always says where it ended.
"""

from __future__ import annotations

from collections.abc import Callable

Tally = Callable[[int, int], None]
"""Told (units done, units in all) after each unit of a long job."""


def untold(done: int, total: int) -> None:
    """The `Tally` of a caller that shows no progress."""
