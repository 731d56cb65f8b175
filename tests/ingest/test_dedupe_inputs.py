"""`headcount dedupe` reads a public-style benchmark file as ingest does: a town mapped to
`residence` and an impossible birth date are values kept or left out, never a refusal."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from typer.testing import CliRunner

from headcount.cli.main import app

GIVEN = ["james", "olivia", "jack", "chloe", "thomas", "emily", "lachlan", "mia", "noah", "zoe"]
FAMILY = ["white", "nguyen", "smith", "brown", "kelly", "morgan", "lee", "taylor", "ryan", "hall"]
TOWNS = ["winston hills", "st kilda", "kingston", "toowoomba", "glenelg", "dubbo", "mount isa"]
HEADER = ["record_id", "given_name", "surname", "suburb", "state", "date_of_birth", "soc_sec_id"]


def _people(count: int, seed: int) -> list[list[str]]:
    """Generated people in the columns of the FEBRL benchmark files (no real person)."""
    rng = random.Random(seed)
    people = []
    for i in range(count):
        born = f"{rng.randint(1930, 1999)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        people.append(
            [
                f"rec-{i}-org",
                rng.choice(GIVEN),
                rng.choice(FAMILY),
                rng.choice(TOWNS),
                rng.choice(["nsw", "vic", "qld", "sa"]),
                born,
                f"{rng.randint(1_000_000, 9_999_999)}",
            ]
        )
    return people


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_dedupe_keeps_towns_and_leaves_out_impossible_dates(tmp_path: Path) -> None:
    people = _people(60, seed=4)
    duplicates = [[f"rec-{i}-dup-0", *row[1:]] for i, row in enumerate(people[:30])]
    duplicates[3][5] = "19560230"  # no 30 February: a typo in the source, as FEBRL has them
    duplicates[7][5] = "19711345"
    first = _write(tmp_path / "dataset_a.csv", people)
    second = _write(tmp_path / "dataset_b.csv", duplicates)
    out, rejects = tmp_path / "clusters.csv", tmp_path / "rejects.csv"
    maps = [
        "given_name=given_name",
        "surname=family_name",
        "suburb=residence",
        "date_of_birth=birth_date",
        "soc_sec_id=id_number",
    ]
    args = [
        "dedupe",
        str(first),
        "--link-with",
        str(second),
        "--out",
        str(out),
        "--rejects",
        str(rejects),
    ] + [a for m in maps for a in ("--map", m)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2 values could not be read" in result.output
    assert "dataset_b.csv, row 5, column 'date_of_birth': '19560230'" in result.output
    clusters = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert len(clusters) == 90
    kept = list(csv.DictReader(rejects.read_text(encoding="utf-8").splitlines()))
    assert [(r["file"], r["row"], r["value"]) for r in kept] == [
        ("dataset_b.csv", "5", "19560230"),
        ("dataset_b.csv", "9", "19711345"),
    ]
    strict = CliRunner().invoke(app, [*args, "--strict"])
    assert strict.exit_code == 1 and "dataset_b.csv, row 5, column 'date_of_birth'" in strict.output
