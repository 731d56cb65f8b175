"""The best one-to-one pairing of two names' parts: the assignment problem, for small matrices.

Written by hand rather than taken from `scipy.optimize.linear_sum_assignment` because
importing `scipy.optimize` costs one to four seconds, which every `headcount match` would
pay, while a name has a dozen parts at most: the Hungarian algorithm (Kuhn–Munkres with
potentials, O(n²m)) on such matrices takes microseconds in plain Python. The tests check it
against SciPy on random matrices.

Invariant: `best_pairs(value)` returns min(rows, columns) pairs, each row and each column at
most once, whose total value no other such pairing exceeds.
"""

from __future__ import annotations

from collections.abc import Sequence

_INFINITY = float("inf")


def best_pairs(value: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """(row, column) pairs maximising the sum of `value[row][column]`, sorted by row."""
    if not value or not value[0]:
        return []
    rows, cols = len(value), len(value[0])
    if rows > cols:
        flipped = [[value[i][j] for i in range(rows)] for j in range(cols)]
        return sorted((i, j) for j, i in best_pairs(flipped))
    top = max(max(row) for row in value)
    cost = [[top - v for v in row] for row in value]
    return _hungarian(cost, rows, cols)


def _hungarian(cost: list[list[float]], rows: int, cols: int) -> list[tuple[int, int]]:
    """Minimum-cost assignment of every row (rows <= cols), 1-based arrays as in the
    textbook form of the algorithm."""
    u = [0.0] * (rows + 1)
    v = [0.0] * (cols + 1)
    owner = [0] * (cols + 1)  # owner[j]: the row assigned to column j (0: none)
    way = [0] * (cols + 1)
    for i in range(1, rows + 1):
        owner[0] = i
        j0 = 0
        slack = [_INFINITY] * (cols + 1)
        used = [False] * (cols + 1)
        while owner[j0] != 0:
            used[j0] = True
            i0, delta, j1 = owner[j0], _INFINITY, 0
            for j in range(1, cols + 1):
                if used[j]:
                    continue
                reduced = cost[i0 - 1][j - 1] - u[i0] - v[j]
                if reduced < slack[j]:
                    slack[j], way[j] = reduced, j0
                if slack[j] < delta:
                    delta, j1 = slack[j], j
            for j in range(cols + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    slack[j] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return sorted((owner[j] - 1, j - 1) for j in range(1, cols + 1) if owner[j])
