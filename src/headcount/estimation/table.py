"""The capture table: how many people each combination of lists recorded.

Invariant: `counts` has one entry per capture pattern, 2**J of them for J lists, indexed so
that bit J-1-j of the index says whether list j (0-based, column order) recorded the
pattern; entry 0, the pattern "recorded by no list", is always 0 because it is the unknown
that estimation is about. List 1 in Rcapture's notation is the first column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from headcount.estimation.errors import TableError

COUNT_COLUMN = "count"


def pattern_matrix(n_lists: int) -> np.ndarray:
    """All 2**J capture patterns as a (2**J, J) 0/1 array, row i being the bits of i."""
    index = np.arange(2**n_lists)[:, None]
    shifts = np.arange(n_lists - 1, -1, -1)[None, :]
    return ((index >> shifts) & 1).astype(np.int64)


@dataclass(frozen=True)
class CaptureTable:
    """Counts of people per capture pattern over named lists (see the module invariant)."""

    lists: tuple[str, ...]
    counts: np.ndarray

    def __post_init__(self) -> None:
        if self.counts.shape != (2 ** len(self.lists),):
            raise TableError(
                f"a table over {len(self.lists)} lists needs {2 ** len(self.lists)} pattern "
                f"counts, got {self.counts.shape[0]}"
            )
        if self.counts[0] != 0:
            raise TableError("the pattern 'recorded by no list' cannot have a count")
        if (self.counts < 0).any():
            raise TableError("pattern counts cannot be negative")

    @property
    def n_lists(self) -> int:
        """How many lists (J)."""
        return len(self.lists)

    @property
    def observed(self) -> int:
        """How many people at least one list recorded (the enumeration, n)."""
        return int(self.counts.sum())

    @property
    def patterns(self) -> np.ndarray:
        """The (2**J, J) 0/1 matrix of patterns, row i for count i."""
        return pattern_matrix(self.n_lists)

    def list_totals(self) -> dict[str, int]:
        """How many people each list recorded."""
        totals = self.patterns.T @ self.counts
        return {name: int(t) for name, t in zip(self.lists, totals, strict=True)}

    def to_frame(self) -> pd.DataFrame:
        """The table as one row per observable pattern (zeros kept), lists then `count`."""
        frame = pd.DataFrame(self.patterns[1:], columns=list(self.lists))
        frame[COUNT_COLUMN] = self.counts[1:]
        return frame

    @classmethod
    def from_counts(cls, lists: Sequence[str], counts: Sequence[int] | np.ndarray) -> CaptureTable:
        """A table from its 2**J counts in pattern-index order (entry 0 must be 0)."""
        return cls(tuple(lists), np.asarray(counts, dtype=np.int64))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, source: str = "table") -> CaptureTable:
        """A table from one row per pattern: 0/1 columns per list and a `count` column.

        Repeated patterns are added up; patterns not given count 0. `source` names the
        input in error messages (a file name, say).
        """
        if COUNT_COLUMN not in frame.columns:
            raise TableError(f"{source}: no '{COUNT_COLUMN}' column")
        lists = [str(c) for c in frame.columns if c != COUNT_COLUMN]
        if not lists:
            raise TableError(f"{source}: no list columns beside '{COUNT_COLUMN}'")
        bits = _binary_columns(frame, lists, source)
        counts_in = _count_column(frame, source)
        index = bits @ (1 << np.arange(len(lists) - 1, -1, -1))
        for row, (pattern, count) in enumerate(zip(index, counts_in, strict=True)):
            if pattern == 0 and count > 0:
                raise TableError(
                    f"{source}, row {row + 2}: {count} people recorded by no list; "
                    "the unrecorded are what is estimated, they cannot be counted"
                )
        counts = np.bincount(index, weights=counts_in, minlength=2 ** len(lists))
        counts = counts.astype(np.int64)
        counts[0] = 0
        return cls(tuple(lists), counts)

    @classmethod
    def from_csv(cls, path: str | Path) -> CaptureTable:
        """A table from a CSV file in the `from_frame` layout."""
        path = Path(path)
        try:
            frame = pd.read_csv(path)
        except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise TableError(f"{path}: cannot be read as CSV ({exc})") from exc
        return cls.from_frame(frame, source=str(path))

    @classmethod
    def from_histories(
        cls, histories: pd.DataFrame, systems: Sequence[str], *, source: str = "histories"
    ) -> CaptureTable:
        """A table from one row per person with a 0/1 column per system.

        People no system recorded are not allowed (they could not have been observed).
        """
        bits = _binary_columns(histories, list(systems), source)
        index = bits @ (1 << np.arange(len(systems) - 1, -1, -1))
        unseen = np.flatnonzero(index == 0)
        if unseen.size:
            raise TableError(
                f"{source}, row {int(unseen[0]) + 2}: a person recorded by no system "
                f"({unseen.size} such rows)"
            )
        counts = np.bincount(index, minlength=2 ** len(systems)).astype(np.int64)
        return cls(tuple(str(s) for s in systems), counts)


def _binary_columns(frame: pd.DataFrame, columns: list[str], source: str) -> np.ndarray:
    """The named columns as a 0/1 integer array, or a TableError naming row and column."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise TableError(f"{source}: missing column(s) {', '.join(missing)}")
    out = np.zeros((len(frame), len(columns)), dtype=np.int64)
    for j, column in enumerate(columns):
        values = pd.to_numeric(frame[column], errors="coerce")
        bad = ~values.isin([0, 1])
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise TableError(
                f"{source}, row {row + 2}, column '{column}': "
                f"{frame[column].iloc[row]!r} is not 0 or 1"
            )
        out[:, j] = values.to_numpy(dtype=np.int64)
    return out


def _count_column(frame: pd.DataFrame, source: str) -> np.ndarray:
    """The `count` column as non-negative integers, or a TableError naming the row."""
    values = pd.to_numeric(frame[COUNT_COLUMN], errors="coerce")
    ok = values.notna() & (values >= 0) & (values == values.round())
    if not ok.all():
        row = int(np.flatnonzero(~ok.to_numpy())[0])
        raise TableError(
            f"{source}, row {row + 2}, column '{COUNT_COLUMN}': "
            f"{frame[COUNT_COLUMN].iloc[row]!r} is not a non-negative whole number"
        )
    return values.to_numpy(dtype=np.int64)
