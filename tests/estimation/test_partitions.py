"""What estimating reads of a linkage run: the probable duplicates (estimation.partitions)."""

from __future__ import annotations

import numpy as np

from headcount.estimation.partitions import probable_duplicates


def test_a_probable_duplicate_is_a_likely_pair_across_two_persons() -> None:
    person_of_record = {1: "P1", 2: "P1", 3: "P2", 4: "P3", 5: "P4"}
    left, right = np.array([1, 1, 4]), np.array([2, 3, 5])
    p = np.array([0.99, 0.3, 0.05])  # within P1; P1–P2 likely; P3–P4 too unlikely
    assert probable_duplicates(person_of_record, left, right, p) == {"P1", "P2"}
