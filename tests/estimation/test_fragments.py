"""Folding possible fragments for the linkage floor (estimation.fragments), on records by
hand: a one-list person folds into its one partner, and only then."""

from __future__ import annotations

import numpy as np
import pandas as pd

from headcount.accounting.timeline import UNATTRIBUTED, Evidence
from headcount.estimation.fragments import folded
from headcount.linkage.contradictions import Traits


def _evidence(persons: list[str]) -> Evidence:
    """One record per person: record i+1 belongs to persons[i]."""
    records = pd.DataFrame(
        {"record_id": np.arange(1, len(persons) + 1), "person": np.arange(len(persons))}
    )
    empty = pd.DataFrame()
    return Evidence(
        0, records, empty, empty, np.array(persons, dtype=object), np.array(["XXX", "FRA"])
    )


def _frame(rows: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["person", "country", "a", "b"])


def test_a_one_list_person_folds_into_its_one_partner_and_keeps_the_capture() -> None:
    # F1 on a and b; F2 on b alone shares the kunya with F1 only: folded, its capture on b
    # kept by F1 (already there). F3 on a alone shares a name part with F4 (on b), but their
    # birth years are ten apart: no partner, kept.
    frame = _frame(
        [("F1", "FRA", 1, 1), ("F2", "FRA", 0, 1), ("F3", "FRA", 1, 0), ("F4", "FRA", 0, 1)]
    )
    elements = {
        1: frozenset({"kunya:abu_omar", "name_phonetic:xyz"}),
        2: frozenset({"kunya:abu_omar"}),
        3: frozenset({"name_phonetic:tazi"}),
        4: frozenset({"name_phonetic:tazi"}),
    }
    years = {1: (1990, 1990), 2: (1989, 1990), 3: (1990, 1990), 4: (1980, 1980)}
    traits = Traits(birth_years=years)
    got, n, _ = folded(frame, ["a", "b"], _evidence(["F1", "F2", "F3", "F4"]), elements, traits)
    assert n == 1
    assert got["person"].tolist() == ["F1", "F3", "F4"]
    assert got[["a", "b"]].sum().tolist() == [2, 2]


def test_two_possible_partners_fold_no_one() -> None:
    # F3 on a alone shares a common kunya with F1 and F2, both on a and b and neither
    # contradicting: no sign of whose piece it is, kept. An unplaced person (XXX) may fold
    # into a placed one; a person without birth years folds into no one (a name alone).
    frame = _frame(
        [("F1", "FRA", 1, 1), ("F2", "FRA", 1, 1), ("F3", "FRA", 1, 0), ("X1", "XXX", 1, 0)]
    )
    common = frozenset({"kunya:abu_muhammad"})
    elements = {1: common, 2: common, 3: common, 4: frozenset({"name_phonetic:durand"})}
    elements[2] = elements[2] | {"name_phonetic:durand"}
    years = Traits(birth_years=dict.fromkeys([1, 2, 3, 4], (1990, 1990)))
    who = _evidence(["F1", "F2", "F3", "X1"])
    got, n, one_list = folded(frame, ["a", "b"], who, elements, years)
    assert n == 1
    assert got["person"].tolist() == ["F1", "F2", "F3"]
    assert got[["a", "b"]].sum().tolist() == [3, 2]
    # the one-list persons as given, F3 crowded (two partners), X1 folded (one)
    assert one_list["person"].tolist() == ["F3", "X1"]
    assert one_list["crowded"].tolist() == [True, False]
    _, none, _ = folded(frame, ["a", "b"], who, elements, Traits())
    assert none == 0


def test_a_dual_nationals_record_placed_elsewhere_folds_into_the_person() -> None:
    # T1 (TUN, on a alone) states a Tunisian citizenship only; F1 (FRA, on b) holds both.
    frame = _frame([("F1", "FRA", 0, 1), ("T1", "TUN", 1, 0)])
    elements = {1: frozenset({"name_phonetic:benali"}), 2: frozenset({"name_phonetic:benali"})}
    years = dict.fromkeys([1, 2], (1990, 1990))
    both = Traits(birth_years=years, citizenships={1: frozenset({"FRA", "TUN"})})
    who = _evidence(["F1", "T1"])
    assert folded(frame, ["a", "b"], who, elements, both)[1] == 1
    assert folded(frame, ["a", "b"], who, elements, Traits(birth_years=years))[1] == 0


def test_countries_fit_either_way_and_an_unplaced_person_fits_any() -> None:
    # T1 (TUN, on a alone) whose own record states a French citizenship fits F1 (FRA, on a
    # and b); U1 (unplaced, on a alone) fits R1 (RUS); T2 (TUN, on a alone) does not fit R2
    # (RUS). Each pair shares a name element and birth years, no other pair does.
    frame = _frame(
        [
            ("F1", "FRA", 1, 1),
            ("R1", "RUS", 1, 1),
            ("R2", "RUS", 1, 1),
            ("T1", "TUN", 1, 0),
            ("T2", "TUN", 1, 0),
            ("U1", UNATTRIBUTED, 1, 0),
        ]
    )
    pairs = {1: "x", 2: "y", 3: "z", 4: "x", 5: "z", 6: "y"}
    elements = {r: frozenset({f"kunya:{name}"}) for r, name in pairs.items()}
    traits = Traits(
        birth_years=dict.fromkeys(pairs, (1990, 1990)), citizenships={4: frozenset({"FRA"})}
    )
    who = _evidence(["F1", "R1", "R2", "T1", "T2", "U1"])
    got, n, _ = folded(frame, ["a", "b"], who, elements, traits)
    assert n == 2
    assert got["person"].tolist() == ["F1", "R1", "R2", "T2"]
    assert got[["a", "b"]].sum().tolist() == [4, 3]  # every capture kept
