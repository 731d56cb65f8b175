"""`dedupe` on the clerical scenario: plain lists with typing and scanning errors.

Tolerance: pairwise F1 ≥ 0.99 on 1,500 persons (seed 5: 0.997 at 2,000; the benchmark runs
10,000). The errors are ones no jihadist-population source makes, so this guards that the
model generalises: a digit mistyped in a birth date or a document number is weighed, not a
veto.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from headcount.linkage.dedupe import dedupe_files
from headcount.linkage.scores import pairwise
from headcount.simulate.clerical import MAPPING, write_clerical


def test_dedupe_of_the_clerical_lists_reaches_f1_099(tmp_path: Path) -> None:
    folder = write_clerical(1500, 5, tmp_path / "lists")
    out = tmp_path / "clusters.csv"
    sources = folder / "sources"
    dedupe_files([sources / "clerical-a.csv", sources / "clerical-b.csv"], MAPPING, out)
    found = pd.read_csv(out, dtype=str)
    truth = pd.read_csv(folder / "truth" / "links.csv", dtype=str)
    both = found.merge(truth, on=["source", "record_id"], suffixes=("", "_true"))
    assert len(both) == len(truth)
    scores = pairwise(both["person_id"], both["person_id_true"])
    assert scores.f1 >= 0.99, scores
    with out.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["source", "record_id", "person_id"]
