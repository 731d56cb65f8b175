"""Entry point of the `headcount` command: import every command module so it registers."""

from __future__ import annotations

# Each import registers its commands on `app`; keep them sorted.
from headcount.cli import (  # noqa: F401
    accounting,
    demo,
    estimate,
    judge,
    linkage,
    linkage_report,
    persons,
    reports,
    serve,
    simulate,
    store,
    users,
    validate,
    watch,
)
from headcount.cli.app import app, reflow_help

reflow_help(app)

__all__ = ["app"]
