"""Competing candidates: which pairs are each other's best, and which have no rival."""

from __future__ import annotations

import numpy as np

from headcount.linkage.competing import mutual_best


def test_mutual_best_and_unrivalled_pairs() -> None:
    # 1–2: only candidates of each other; 3–4 each other's best, with rivals (3–9, 4–5);
    # 5–6 the best of 6 only (5's best is 4); 3–9 and 4–5 the best of neither or of 9 only
    left = np.asarray([1, 3, 3, 4, 5])
    right = np.asarray([2, 4, 9, 5, 6])
    weight = np.asarray([-1.0, 1.0, -3.0, -1.5, -2.0])
    mutual, unrivalled = mutual_best(left, right, weight)
    assert mutual.tolist() == [True, True, False, False, False]
    assert unrivalled.tolist() == [True, False, False, False, False]


def test_a_tie_goes_to_the_pair_listed_first() -> None:
    mutual, unrivalled = mutual_best(np.asarray([1, 1]), np.asarray([2, 3]), np.zeros(2))
    assert mutual.tolist() == [True, False]
    assert unrivalled.tolist() == [True, False]
