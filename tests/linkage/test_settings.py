"""The model's cheaper SQL sorts every pair into the level Splink's own levels would.

The comparisons count shared array elements with `list_filter` and skip edit distances that
lengths already rule out (`settings`); these tests hold them, level by level, to the Splink
levels they stand for, on the values `prepare` makes: arrays that are sets and ISO days.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import splink.comparison_level_library as cll
from hypothesis import given, settings, strategies as st

from headcount.linkage.link import LinkReport
from headcount.linkage.prepare import ARRAY_COLUMNS, comparison_frame, store_facts
from headcount.linkage.settings import birth_date_comparison, name_comparison
from headcount.storage import connect

ELEMENTS = st.sampled_from(["abu", "ali", "hamza", "muhammad", "umar", "yusuf", "zayd"])
SETS = st.none() | st.lists(ELEMENTS, min_size=1, max_size=5, unique=True).map(sorted)
NAMES = st.none() | st.text(alphabet="abdlmuyжх ", max_size=12)
DAYS = st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2010, 12, 31)).map(dt.date.isoformat)


def _level(comparison: Any, label: str) -> str:
    levels = comparison.get_comparison("duckdb").as_dict()["comparison_levels"]
    return next(level["sql_condition"] for level in levels if level["label_for_charts"] == label)


def _splink(level: Any) -> str:
    return str(level.get_comparison_level("duckdb").as_dict()["sql_condition"])


NAME, BIRTH = name_comparison(), birth_date_comparison()
TWO = cll.ArrayIntersectLevel("name_tokens", 2)
LEVELS = {
    "two parts shared": _splink(TWO),
    "one name's parts all in the other": _splink(cll.And(cll.ArraySubsetLevel("name_tokens"), TWO)),
    "one part or skeleton shared": _splink(cll.ArrayIntersectLevel("name_tokens", 1)),
    "sorted names at most 2 edits apart": _splink(cll.LevenshteinLevel("name_sorted", 2)),
    "a clerical slip apart": _splink(cll.DamerauLevenshteinLevel("birth_day", 1)),
}
"""Each of our levels tested, and the SQL of the Splink level it stands for."""
OURS = {label: _level(NAME, label) for label in list(LEVELS)[:4]} | {
    "a clerical slip apart": _level(BIRTH, "a clerical slip apart")
}
# the level's first half: its tokens (the second, skeletons, is the same SQL on another column)
OURS["one part or skeleton shared"] = OURS["one part or skeleton shared"].split(" OR ")[0]


def _same_verdicts(label: str, rows: dict[str, list[Any]]) -> None:
    """Both conditions true, or both not (false or null: a CASE moves on either way)."""
    ours, theirs = OURS[label], LEVELS[label]
    con = duckdb.connect()
    con.register("pairs", pd.DataFrame(rows))
    found = con.execute(
        f"SELECT coalesce(({ours}), false), coalesce(({theirs}), false) FROM pairs"
    ).fetchall()
    assert [a for a, _ in found] == [b for _, b in found]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(SETS, SETS), min_size=1, max_size=40))
def test_shared_elements_are_splinks_array_intersections(pairs: list[tuple[Any, Any]]) -> None:
    rows = {"name_tokens_l": [a for a, _ in pairs], "name_tokens_r": [b for _, b in pairs]}
    _same_verdicts("two parts shared", rows)
    _same_verdicts("one name's parts all in the other", rows)
    _same_verdicts("one part or skeleton shared", rows)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(NAMES, NAMES), min_size=1, max_size=40))
def test_names_a_length_apart_are_never_computed_near(pairs: list[tuple[Any, Any]]) -> None:
    rows = {"name_sorted_l": [a for a, _ in pairs], "name_sorted_r": [b for _, b in pairs]}
    _same_verdicts("sorted names at most 2 edits apart", rows)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(DAYS, DAYS), min_size=1, max_size=40), st.data())
def test_a_slip_between_two_days_is_splinks_damerau_levenshtein(
    pairs: list[tuple[Any, Any]], data: st.DataObject
) -> None:
    # slips too: one digit changed, two neighbours swapped (the pairs the level exists for)
    slipped = []
    for day, _ in pairs:
        if day is None:
            continue
        at = data.draw(st.integers(0, len(day) - 2))
        digit = data.draw(st.sampled_from("0123456789"))
        slipped.append((day, day[:at] + digit + day[at + 1 :]))
        slipped.append((day, day[:at] + day[at + 1] + day[at] + day[at + 2 :]))
    every = pairs + slipped
    rows = {"birth_day_l": [a for a, _ in every], "birth_day_r": [b for _, b in every]}
    _same_verdicts("a clerical slip apart", rows)


def test_prepared_arrays_are_sets_and_days_iso(linked_file: tuple[Path, LinkReport]) -> None:
    """What the cheaper SQL relies on, on a simulated population's records."""
    with connect(f"sqlite:///{linked_file[0]}").reading() as c:
        frame = comparison_frame(list(store_facts(c)), workers=1)
    for column in ARRAY_COLUMNS:
        for values in frame[column].dropna():
            assert values and list(values) == sorted(set(values)), (column, values)
    days = pd.concat([frame["birth_day"], frame["birth_day_alt"]]).dropna()
    assert len(days) and all(dt.date.fromisoformat(d).isoformat() == d for d in days)
