"""Reading capture tables and histories: layout, errors that name row and column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from headcount.estimation import CaptureTable, LogLinearModel, TableError
from headcount.estimation.models import all_hierarchical


def test_reads_a_table_and_keeps_column_order(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("X,Y,Z,count\n1,0,0,5\n0,1,1,3\n1,1,1,2\n1,0,0,1\n")
    table = CaptureTable.from_csv(path)
    assert table.lists == ("X", "Y", "Z")
    assert table.observed == 11
    assert table.counts[0b100] == 6  # repeated patterns add up
    assert table.list_totals() == {"X": 8, "Y": 5, "Z": 5}


def test_errors_name_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("A,B,C,count\n1,0,0,5\n0,2,1,3\n")
    with pytest.raises(TableError, match=r"bad.csv, row 3, column 'B'"):
        CaptureTable.from_csv(path)
    path.write_text("A,B,C,count\n1,0,0,-5\n")
    with pytest.raises(TableError, match=r"row 2, column 'count'"):
        CaptureTable.from_csv(path)
    path.write_text("A,B,C,count\n0,0,0,5\n")
    with pytest.raises(TableError, match="recorded by no list"):
        CaptureTable.from_csv(path)
    path.write_text("A,B,C\n1,0,0\n")
    with pytest.raises(TableError, match="no 'count' column"):
        CaptureTable.from_csv(path)


def test_histories_become_pattern_counts() -> None:
    people = pd.DataFrame({"a": [1, 1, 0, 1], "b": [0, 1, 1, 0], "c": [0, 0, 1, 0]})
    table = CaptureTable.from_histories(people, ["a", "b", "c"])
    assert table.counts[0b100] == 2 and table.counts[0b110] == 1 and table.counts[0b011] == 1
    with pytest.raises(TableError, match="recorded by no system"):
        CaptureTable.from_histories(pd.DataFrame({"a": [0], "b": [0], "c": [0]}), ["a", "b", "c"])


@settings(max_examples=50, deadline=None)
@given(
    st.integers(3, 6).flatmap(
        lambda j: st.lists(st.integers(0, 50), min_size=2**j - 1, max_size=2**j - 1)
    )
)
def test_frame_round_trip(counts: list[int]) -> None:
    n_lists = int(np.log2(len(counts) + 1))
    table = CaptureTable.from_counts([f"L{j}" for j in range(n_lists)], [0, *counts])
    again = CaptureTable.from_frame(table.to_frame())
    assert again.lists == table.lists
    assert np.array_equal(again.counts, table.counts)


@pytest.mark.parametrize(("lists", "count"), [(3, 8), (4, 113), (5, 6893)])
def test_number_of_hierarchical_models(lists: int, count: int) -> None:
    assert len(all_hierarchical(lists)) == count


@settings(max_examples=100, deadline=None)
@given(
    st.integers(3, 6).flatmap(
        lambda j: st.tuples(
            st.just(j),
            st.lists(st.sets(st.integers(0, j - 1), min_size=2, max_size=j - 1), max_size=4),
        )
    )
)
def test_model_notation_round_trip(case: tuple[int, list[set[int]]]) -> None:
    n_lists, terms = case
    model = LogLinearModel.of(n_lists, [sorted(t) for t in terms])
    assert LogLinearModel.parse(model.name, n_lists) == model
    assert LogLinearModel.parse(model.rcapture_name, n_lists) == model


def test_model_notation() -> None:
    model = LogLinearModel.parse("[13,24,34]", 4)
    assert model.interactions == ((0, 2), (1, 3), (2, 3))
    assert LogLinearModel.parse("independence", 4).rcapture_name == "[1,2,3,4]"
    assert LogLinearModel.of(4, [(0, 1, 2)]).name == "[123,4]"
    with pytest.raises(ValueError, match="numbered 1 to 3"):
        LogLinearModel.parse("[14]", 3)
