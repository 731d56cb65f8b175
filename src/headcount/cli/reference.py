"""The CLI reference (docs/cli.md), generated from the commands' own `--help`.

`python -m headcount.cli.reference > docs/cli.md` (or `make docs`) writes it; a test fails
when the committed file differs, so the reference cannot drift from the code.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.testing import CliRunner

from headcount.cli.main import app

ENVIRONMENT = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


def _help(path: list[str]) -> str:
    result = CliRunner().invoke(app, [*path[1:], "--help"], env=ENVIRONMENT, prog_name="headcount")
    return "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines())


def _walk(command: Any, path: list[str]) -> list[list[str]]:
    found = [path]
    for name in sorted(getattr(command, "commands", {})):
        found += _walk(command.commands[name], [*path, name])
    return found


def render() -> str:
    """The whole reference as Markdown."""
    root = typer.main.get_command(app)
    parts = [
        "# Command-line reference",
        "",
        "Generated from `headcount --help` by `make docs`; do not edit by hand.",
        "",
    ]
    for path in _walk(root, ["headcount"]):
        parts += [f"## `{' '.join(path)}`", "", "```text", _help(path), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
