"""The tutorial runs as written: every `$ headcount …` line of its ```console blocks runs,
in the order of the page, in one working folder whose store is the one the tutorial exports
(`HEADCOUNT_DB_URL=sqlite:///tutorial.sqlite`), and what each command prints must be what
the tutorial shows (wide tables at 120 columns). Files the tutorial writes by hand (a block
opened as ```csv NAME) are written there first; `../shared` is the shared data folder.

Only what must vary is normalised: the seconds a step took. Blocks opened ```console slow
(the estimates, a few minutes of Monte Carlo) run in the slow test only, which runs the
whole page; they read the store and change nothing the other blocks print.

To write the outputs after a change that moves them on purpose:
`HEADCOUNT_WRITE_TUTORIAL=1 pytest -m "" tests/test_tutorial.py::test_the_whole_tutorial_runs_as_written`
(then read the diff).
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from headcount.cli.main import app

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial.md"
STORE = "sqlite:///tutorial.sqlite"
BLOCK = re.compile(r"^```(console(?: slow)?|csv [\w.-]+)\n(.*?)^```", re.S | re.M)
SECONDS = re.compile(r"^(Seconds:).*$", re.M)
WIDTH = "120"
WRITE = bool(os.environ.get("HEADCOUNT_WRITE_TUTORIAL"))


def _commands(block: str) -> list[tuple[str, str]]:
    """(command, expected output) per `$ ` line of a block."""
    out: list[tuple[str, str]] = []
    for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
        command, _, shown = chunk.partition("\n")
        out.append((command.strip(), shown))
    return out


def _normal(text: str) -> str:
    text = SECONDS.sub(r"\1 …", text)
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def _run(folder: Path, shared: Path, *, slow: bool, write: bool = False) -> None:
    """Run the page's blocks in `folder`/work and compare what they print with the page;
    with `write`, put it in the page instead."""
    work = folder / "work"
    work.mkdir()
    (folder / "shared").symlink_to(shared)
    text = TUTORIAL.read_text(encoding="utf-8")
    assert f"export HEADCOUNT_DB_URL={STORE}\n" in text, "the tutorial names another store"
    assert "export HEADCOUNT_DUCKDB_THREADS=1 " in text, "the tutorial links on one thread"
    runner = CliRunner()
    env = {
        "HEADCOUNT_DB_URL": STORE,
        "HEADCOUNT_DUCKDB_THREADS": "1",
        "COLUMNS": WIDTH,
        "HEADCOUNT_USER": "tutorial",
    }
    written: list[str] = []
    end = 0
    cwd = Path.cwd()
    os.chdir(work)
    try:
        for match in BLOCK.finditer(text):
            kind, body = match.group(1), match.group(2)
            written.append(text[end : match.start(2)])
            end = match.end(2)
            if kind.startswith("csv "):
                (work / kind.split()[1]).write_text(body, encoding="utf-8")
                written.append(body)
                continue
            if kind == "console slow" and not slow:
                written.append(body)
                continue
            outputs = []
            for command, shown in _commands(body):
                words = shlex.split(command)
                assert words[0] == "headcount", command
                result = runner.invoke(app, words[1:], env=env, catch_exceptions=False)
                printed = _normal(result.output)
                # a command shown failing (its output begins "error:") must fail as shown
                fails = printed.startswith("error:")
                assert (result.exit_code != 0) == fails, (command, result.output)
                lines = (line.rstrip() for line in result.output.strip("\n").splitlines())
                outputs.append(f"$ {command}\n" + "".join(f"{line}\n" for line in lines))
                if not write:
                    assert printed == _normal(shown), f"the tutorial shows another {command}"
            written.append("".join(outputs))
    finally:
        os.chdir(cwd)
    written.append(text[end:])
    if write:
        TUTORIAL.write_text("".join(written), encoding="utf-8")


def test_the_tutorial_runs_as_written(tmp_path: Path, shared: Path) -> None:
    """Every block but the estimates (see the slow test, which also rewrites the page)."""
    _run(tmp_path, shared, slow=False)


@pytest.mark.slow
def test_the_whole_tutorial_runs_as_written(tmp_path: Path, shared: Path) -> None:
    _run(tmp_path, shared, slow=True, write=WRITE)
