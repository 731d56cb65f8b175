"""The hand-written assignment finds the same optimum as SciPy's."""

from __future__ import annotations

import numpy as np
from hypothesis import given, strategies as st
from scipy.optimize import linear_sum_assignment

from headcount.names.assignment import best_pairs

matrices = st.integers(1, 7).flatmap(
    lambda rows: st.integers(1, 7).flatmap(
        lambda cols: st.lists(
            st.lists(st.floats(0, 1, allow_nan=False), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@given(matrices)
def test_same_optimum_as_scipy(value: list[list[float]]) -> None:
    pairs = best_pairs(value)
    rows, cols = linear_sum_assignment(np.array(value), maximize=True)
    ours = sum(value[i][j] for i, j in pairs)
    theirs = float(np.array(value)[rows, cols].sum())
    assert abs(ours - theirs) < 1e-9
    assert len(pairs) == min(len(value), len(value[0]))
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})


def test_small_cases() -> None:
    assert best_pairs([]) == []
    assert best_pairs([[0.2, 0.9], [0.8, 0.1]]) == [(0, 1), (1, 0)]
    assert best_pairs([[0.5], [0.9], [0.1]]) == [(1, 0)]
