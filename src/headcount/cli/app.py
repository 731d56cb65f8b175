"""The Typer application every command module registers on.

Commands only parse their options, call one library function and present its result.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="headcount",
    help=(
        "Name, count and track a hidden population from many incomplete, overlapping and "
        "contradictory sources."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
