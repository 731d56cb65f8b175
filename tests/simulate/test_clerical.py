"""The clerical scenario: plain lists with the errors of typing and scanning, and their truth."""

from __future__ import annotations

import csv
from pathlib import Path

from headcount.simulate.clerical import COLUMNS, Noise, write_clerical


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_two_lists_with_their_truth_and_the_same_files_for_the_same_seed(tmp_path: Path) -> None:
    first = write_clerical(300, 4, tmp_path / "one")
    again = write_clerical(300, 4, tmp_path / "two")
    for name in ("sources/clerical-a.csv", "sources/clerical-b.csv", "truth/links.csv"):
        assert (first / name).read_bytes() == (again / name).read_bytes()
    a, b = _rows(first / "sources" / "clerical-a.csv"), _rows(first / "sources" / "clerical-b.csv")
    assert tuple(a[0]) == COLUMNS and 200 < len(a) < 300 and 140 < len(b) < 260
    links = _rows(first / "truth" / "links.csv")
    assert {(r["source"], r["record_id"]) for r in links} == {
        *(("clerical-a", r["record_id"]) for r in a),
        *(("clerical-b", r["record_id"]) for r in b),
    }
    persons_in_b = [r["person_id"] for r in links if r["source"] == "clerical-b"]
    assert len(set(persons_in_b)) < len(persons_in_b)  # duplicates within a list too


def test_every_error_is_made(tmp_path: Path) -> None:
    noisy = Noise(typo=1.0, missing=0.0, date_digit=1.0, id_digit=1.0, street_number=1.0)
    clean = Noise(
        typo=0.0,
        ocr=0.0,
        swap_names=0.0,
        missing=0.0,
        date_digit=0.0,
        date_transposed=0.0,
        date_swapped=0.0,
        year_off=0.0,
        id_digit=0.0,
        id_transposed=0.0,
        street_number=0.0,
        abbreviated=0.0,
    )
    for label, noise in (("noisy", noisy), ("clean", clean)):
        write_clerical(200, 1, tmp_path / label, noise)
    noisy_rows = _rows(tmp_path / "noisy" / "sources" / "clerical-a.csv")
    clean_rows = {
        r["record_id"]: r for r in _rows(tmp_path / "clean" / "sources" / "clerical-a.csv")
    }
    for row in noisy_rows:
        truth = clean_rows[row["record_id"]]
        assert row["id_number"] != truth["id_number"] and len(row["id_number"]) == 9
        assert row["date_of_birth"] != truth["date_of_birth"]
        assert (row["given_name"], row["surname"]) != (truth["given_name"], truth["surname"])
