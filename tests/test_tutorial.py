"""The tutorial's analyst section runs as written: each `$ headcount …` line of its
```console blocks is run on the generated `afp-2017` population it names, and what the
command prints must be what the tutorial shows (wide tables at 120 columns).

To write the outputs after a change that moves them on purpose:
`HEADCOUNT_WRITE_TUTORIAL=1 pytest tests/test_tutorial.py` (then read the diff).
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from headcount.cli.main import app
from headcount.ingest import ingest_path
from headcount.linkage.link import link
from headcount.linkage.namecache import cached_features
from headcount.simulate import get_scenario, simulate, write
from headcount.storage import connect, upgrade

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial.md"
SECTION = "## 12. The analyst's questions"
PERSONS, SEED = 2000, 11
"""The population the section names: `headcount simulate --persons 2000 --seed 11
--scenario afp-2017`."""
BLOCK = re.compile(r"```console\n(.*?)```", re.S)
WIDTH = "120"


def _section(text: str) -> tuple[int, int]:
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return start, len(text) if end < 0 else end


def _commands(block: str) -> list[tuple[str, str]]:
    """(command, expected output) per `$ ` line of a block."""
    out: list[tuple[str, str]] = []
    for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
        command, _, shown = chunk.partition("\n")
        out.append((command.strip(), shown))
    return out


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


@pytest.fixture(scope="module")
def afp_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("tutorial")
    write(simulate(PERSONS, SEED, get_scenario("afp-2017")), folder)
    url = f"sqlite:///{folder / 'headcount.sqlite'}"
    store = connect(url)
    upgrade(store)
    ingest_path(store, folder / "sources", user="tutorial", name_cache=cached_features)
    link(store, user="tutorial")
    store.close()
    return url


def test_the_analysts_questions_answer_as_the_tutorial_shows(
    afp_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # files the commands write (--out) land here
    text = TUTORIAL.read_text(encoding="utf-8")
    start, end = _section(text)
    section = text[start:end]
    runner = CliRunner()
    env = {"HEADCOUNT_DB_URL": afp_store, "COLUMNS": WIDTH, "HEADCOUNT_USER": "tutorial"}
    written = section
    for match in BLOCK.finditer(section):
        outputs = []
        for command, shown in _commands(match.group(1)):
            words = shlex.split(command)
            assert words[0] == "headcount", command
            result = runner.invoke(app, words[1:], env=env, catch_exceptions=False)
            assert result.exit_code == 0, (command, result.output)
            printed = result.output
            outputs.append(f"$ {command}\n{_normal(printed)}\n")
            if not os.environ.get("HEADCOUNT_WRITE_TUTORIAL"):
                assert _normal(printed) == _normal(shown), f"the tutorial shows another {command}"
        written = written.replace(match.group(1), "".join(outputs), 1)
    if os.environ.get("HEADCOUNT_WRITE_TUTORIAL"):
        TUTORIAL.write_text(text[:start] + written + text[end:], encoding="utf-8")
