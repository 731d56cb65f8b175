"""docs/methodology/names.md cannot drift: its examples run, its thresholds are the code's."""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import pytest

import headcount.names
from headcount.linkage import screening
from headcount.names import compare

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology" / "names.md"
MODULES = [
    "normalise",
    "cyrillic",
    "arabic",
    "equivalence",
    "parse",
    "compare",
    "transliterate",
    "features",
    "tables",
]


def test_the_examples_in_the_methodology_run() -> None:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for block in blocks:
        runner.run(parser.get_doctest(block, {}, "names.md", str(DOC), 0))
    assert runner.summarize(verbose=False).failed == 0


def test_the_methodology_states_the_code_s_version_and_thresholds() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"Method version: **{headcount.names.METHOD_VERSION}**" in text
    for name in ("SCREENING_THRESHOLD", "STRONG_THRESHOLD", "KUNYA_NISBA_CAP", "SINGLE_PART_CAP"):
        value = getattr(compare, name)
        assert re.search(rf"`{name}`\s*\|[^|\n]*\|?\s*{value:.2f}", text), name
    assert f"best {screening.SHORTLIST} in full" in text
    assert f"< {compare.MIN_EVIDENCE}" in text


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module: str) -> None:
    loaded = importlib.import_module(f"headcount.names.{module}")
    assert doctest.testmod(loaded, optionflags=doctest.ELLIPSIS).failed == 0
