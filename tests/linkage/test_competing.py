"""Competing candidates: who gains, and by how much."""

from __future__ import annotations

import numpy as np
import pytest

from headcount.linkage.cluster import Pairs
from headcount.linkage.competing import MUTUAL_BITS, UNRIVALLED_BITS, adjusted, competition


def test_unrivalled_and_mutual_best_pairs_gain_and_the_others_do_not() -> None:
    # 1–2: only candidates of each other; 3–4 each other's best, with rivals (3–9, 4–5);
    # 5–6 the best of 6 only (5's best is 4); 7–8 names alone
    pairs = Pairs.of([(1, 2, 0.4), (3, 4, 0.6), (3, 9, 0.1), (4, 5, 0.3), (5, 6, 0.2),
                      (7, 8, 0.4)])  # fmt: skip
    pairs = Pairs(pairs.left, pairs.right, pairs.probability, pairs.weight,
                  np.asarray([False, False, False, False, False, True]))  # fmt: skip
    mutual, unrivalled = competition(pairs)
    assert mutual.tolist() == [True, True, False, False, False, True]
    assert unrivalled.tolist() == [True, False, False, False, False, True]
    gained = adjusted(pairs).weight - pairs.weight
    assert gained.tolist() == pytest.approx([UNRIVALLED_BITS, MUTUAL_BITS, 0, 0, 0, 0])
    odds = 0.4 / 0.6 * 2**UNRIVALLED_BITS
    assert adjusted(pairs).probability[0] == pytest.approx(odds / (1 + odds))
