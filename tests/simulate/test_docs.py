"""docs/simulator.md cannot drift: its tables come from the specs, its examples run."""

from __future__ import annotations

import re
from pathlib import Path

from headcount.simulate.reference import coverage_table, noise_table, sources_table
from headcount.simulate.scenarios import REGION_FATES

PAGE = Path(__file__).resolve().parents[2] / "docs" / "simulator.md"


def test_the_tables_are_those_of_the_specs() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for table in (sources_table(), coverage_table(), noise_table()):
        assert table in text


def test_the_fate_table_is_that_of_the_scenario() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for fates in REGION_FATES.values():
        row = " | ".join(
            f"{fates[k]:.2f}" for k in ("killed", "sdf", "iraq", "relocated", "returned")
        )
        assert row in text


def test_the_examples_run(tmp_path: Path) -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 3
    namespace: dict[str, object] = {"tmp": tmp_path}
    for block in blocks:
        exec(compile(block, str(PAGE), "exec"), namespace)
