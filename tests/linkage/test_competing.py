"""Competing candidates: which pairs are each other's best, which have no rival, how many."""

from __future__ import annotations

import numpy as np
import pytest

from headcount.linkage.competing import competition


def test_mutual_best_and_unrivalled_pairs() -> None:
    # 1–2: only candidates of each other; 3–4 each other's best, with rivals (3–9, 4–5);
    # 5–6 the best of 6 only (5's best is 4); 3–9 and 4–5 the best of neither or of 9 only
    left = np.asarray([1, 3, 3, 4, 5])
    right = np.asarray([2, 4, 9, 5, 6])
    weight = np.asarray([-1.0, 1.0, -3.0, -1.5, -2.0])
    facts = competition(left, right, weight)
    assert facts["mutual_best"].tolist() == [True, True, False, False, False]
    assert facts["unrivalled"].tolist() == [True, False, False, False, False]
    # other candidates of the two records: 0; 3 has 9, 4 has 5: 2; 9 none, 3 has 4: 1; …
    assert facts["rivals"].tolist() == pytest.approx(np.log2([1, 3, 2, 3, 2]))


def test_a_tie_goes_to_the_pair_listed_first() -> None:
    facts = competition(np.asarray([1, 1]), np.asarray([2, 3]), np.zeros(2))
    assert facts["mutual_best"].tolist() == [True, False]
    assert facts["unrivalled"].tolist() == [True, False]
