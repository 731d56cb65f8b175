"""Identical arguments give identical files; another seed gives other files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from headcount.simulate import simulate, write


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".xlsx"
    }


def _xlsx_rows(folder: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    rows = []
    for path in sorted(folder.rglob("*.xlsx")):
        book = load_workbook(path, read_only=True)
        sheet = book.active
        assert sheet is not None
        rows += [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
    return rows


def test_same_seed_same_output(tmp_path: Path) -> None:
    a = write(simulate(600, seed=21), tmp_path / "a")
    b = write(simulate(600, seed=21), tmp_path / "b")
    assert _digest(a) == _digest(b)
    assert _xlsx_rows(a) == _xlsx_rows(b)


def test_another_seed_other_output(tmp_path: Path) -> None:
    a = write(simulate(600, seed=21), tmp_path / "a")
    c = write(simulate(600, seed=22), tmp_path / "c")
    assert _digest(a)["truth/links.csv"] != _digest(c)["truth/links.csv"]
