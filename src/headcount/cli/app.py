"""The Typer application every command module registers on.

Commands only parse their options, call one library function and present its result.
"""

from __future__ import annotations

import inspect
import re

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


def reflow(text: str) -> str:
    """A docstring as help: each paragraph on one line, so the terminal wraps it once.

    Rich keeps a docstring's line breaks and then wraps the lines again at the terminal's
    width, which leaves a ragged word alone on a line. Blank lines, list items (`- `) and
    indented lines keep their breaks.
    """
    lines = inspect.cleandoc(text).splitlines()
    out: list[str] = []
    for line in lines:
        joins = out and out[-1] and line.strip() and not re.match(r"\s|- ", line)
        if joins:
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


def reflow_help(typer_app: typer.Typer) -> None:
    """Every command's help (its docstring unless given), reflowed; groups included."""
    for command in typer_app.registered_commands:
        text = command.help or inspect.getdoc(command.callback)
        if text:
            command.help = reflow(text)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            reflow_help(group.typer_instance)
