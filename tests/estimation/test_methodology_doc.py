"""The worked examples in docs/methodology/estimation.md are what the code computes.

Each example table row "| method | model | estimate | lower – upper |" is recomputed with
`--seed 1` and must match to the unit (the doc rounds to whole people).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from headcount.estimation import CaptureTable, estimate_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology" / "estimation.md"
SECTIONS = {"Hepatitis A": "hav_taiwan", "Diabetes": "diabetes_italy", "HIV": "hiv_rome"}
ROW = re.compile(r"^\| (\S+)(?: \(BIC\))? \| .+? \| ([\d,]+) \| ([\d,]+) – ([\d,]+)")


def _examples() -> list[tuple[str, str, tuple[int, int, int]]]:
    """(dataset, method, (estimate, lower, upper)) for every worked-example row."""
    rows = []
    dataset = None
    for line in DOC.read_text().splitlines():
        for title, name in SECTIONS.items():
            if line.startswith(f"**{title}"):
                dataset = name
        match = ROW.match(line)
        if dataset and match:
            numbers = tuple(int(g.replace(",", "")) for g in match.groups()[1:])
            rows.append((dataset, match.group(1), numbers))
    return rows


def test_doc_has_examples_for_every_table() -> None:
    assert {d for d, _, _ in _examples()} == set(SECTIONS.values())


@pytest.mark.parametrize(("dataset", "method", "expected"), _examples())
def test_worked_example(
    dataset: str, method: str, expected: tuple[int, int, int], tables: dict[str, CaptureTable]
) -> None:
    got = estimate_table(tables[dataset], method, seed=1)
    assert got.upper is not None
    assert (round(got.estimate), round(got.lower), round(got.upper)) == expected
