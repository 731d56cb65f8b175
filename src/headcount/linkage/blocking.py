"""Blocking: which pairs of records the model scores at all.

Scoring every pair of a million records is 5·10¹¹ comparisons; blocking keeps the pairs that
share a key. headcount's keys are built from normalised and phonetic name parts, so that
transliteration variants meet (Mohamed / Muhammad / محمد share the phonetic key of
`muhammad`), and each family of keys is one Splink blocking rule (an exploded array column):

| rule             | key                                              | finds                       |
|------------------|--------------------------------------------------|-----------------------------|
| `name_pair`      | two phonetic name parts                          | the same name, spelt otherwise |
| `kunya_nisba`    | kunya + nisba (abu_hamza·faransi)                | the noms de guerre          |
| `event_day`      | kind and day of an event                         | one event, several sources  |
| `birth_country`  | birth day + country                              | the same person, names apart |
| `id_number`      | an identity-document number                      | the same passport           |
| `document_half`  | the first or last half of a document number      | a number with a slip        |
| `birth_place`    | birth day + a residence, birth place or postcode | names mistyped on one list  |
| `name_year`      | a name element + a birth year it allows          | one name part in common     |
| `name_country`   | a name element + a country                       | a kunya and a citizenship   |
| `name_place`     | a name element + a residence or birth place      | one part and a town         |
| `name_event`     | a name element + the month of an event           | reports of one death        |

A *name element* is a phonetic name part or a kunya. The last four rules propose exactly the
pairs that `ceiling` calls linkable (a name element and a fact beyond names in common), so
that no pair the safeguard allows is lost before scoring unless its key is too common.
`kunya + month of an event` was a rule until `name_event` took it in.

Memory is bounded by a cap on block size: a key held by more than `MAX_BLOCK` records is
refined by the birth year, and by the country, side by side (`muhammad·ali` becomes
`muhammad·ali·1990` and `muhammad·ali·GBR`), and dropped if it is still too common — unless
it is a key of `WIDE_RULES` of at most `WIDE_BLOCK` records and fits the rule's budget of
`OVERFLOW_PAIRS` pairs per record, the smallest such keys first. What refinement cannot
narrow is a record with no birth year whose country is the one its key names already: a
kunya-only death notice (abu_muhammad, al-Rusi, Russia) beside the person's civil records;
those keys are the ones kept wide. `block_sizes` reports, per rule, the keys, the pairs they
make and the keys refined or dropped, before anything is scored. (The figures each step
bought are in docs/methodology/linkage.md, "Blocking"; `benchmarks/blocking.py` lists the
true pairs no rule proposes.)

Invariant: keys depend only on the records (a record's keys never depend on its row
order); no key is held by more than `WIDE_BLOCK` records, and only keys of `WIDE_RULES` by
more than `MAX_BLOCK`, whose pairs stay within `OVERFLOW_PAIRS` per record and `OVERFLOW_CAP`
for each of those rules: the candidate pairs grow with the records, not with the square of a
common name, and the wide keys' share of them is bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from splink import block_on

MAX_BLOCK = 30
"""The most records one blocking key may hold (larger blocks are refined, then dropped unless
kept wide)."""
WIDE_BLOCK = 200
"""The most records a key still too common once refined may hold and be kept (OVERFLOW_PAIRS)."""
OVERFLOW_PAIRS = 30.0
"""Per rule, the pairs that refined keys of MAX_BLOCK to WIDE_BLOCK records may add, per record
of the frame: the budget grows with the records, not with the square of a block."""
OVERFLOW_CAP = 1_500_000
"""And never more than this many per rule: at a million records, 30 per record in three rules
(90 million pairs, against 24 million from every rule before) ran DuckDB out of its memory
while blocking; up to 50,000 records the cap changes nothing."""
WIDE_RULES = ("kunya_nisba", "name_country", "name_event")
"""The rules whose keys may overflow: those that a record without a birth year, which nothing
narrows, is left to."""
REFINE_BY = ("birth_year_low", "birth_year_high", "countries")
"""What a key too common is refined by (each, side by side)."""


def _long(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """(row, value) for every element of an array column (or every value of a scalar one)."""
    values = frame[column].reset_index(drop=True)
    if values.dtype == object:
        values = values.explode()
    values = values.dropna()
    if pd.api.types.is_numeric_dtype(values):
        values = values.astype("int64")
    return pd.DataFrame({"row": values.index.to_numpy(np.int64), "value": values.astype(str)})


def _joined(left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    """Keys `left·right` for every pair of values one row has in the two columns."""
    both = left.merge(right, on="row", suffixes=("_a", "_b"))
    return pd.DataFrame({"row": both["row"], "key": both["value_a"] + "·" + both["value_b"]})


def _plain(values: pd.DataFrame) -> pd.DataFrame:
    return values.rename(columns={"value": "key"})


def _name_pair(frame: pd.DataFrame) -> pd.DataFrame:
    codes = _long(frame, "name_phonetic").drop_duplicates()
    both = codes.merge(codes, on="row", suffixes=("_a", "_b"))
    both = both[both["value_a"] < both["value_b"]]
    return pd.DataFrame({"row": both["row"], "key": both["value_a"] + "·" + both["value_b"]})


def _months(frame: pd.DataFrame) -> pd.DataFrame:
    months = _long(frame, "event_months")
    return months.assign(value=months["value"].str.split(":", n=1).str[1]).drop_duplicates()


def _elements(frame: pd.DataFrame) -> pd.DataFrame:
    """A record's name elements: its phonetic name parts and its kunyas."""
    both = pd.concat([_long(frame, "name_phonetic"), _long(frame, "kunya")], ignore_index=True)
    return both.drop_duplicates()


def _years(frame: pd.DataFrame) -> pd.DataFrame:
    """Every birth year a record allows: its first and last (`prepare` keeps ranges of at
    most two years, so these are all of them)."""
    both = pd.concat([_long(frame, "birth_year_low"), _long(frame, "birth_year_high")])
    return both.drop_duplicates()


def _element_and(facts: Callable[[pd.DataFrame], pd.DataFrame]) -> Rule:
    """A rule keyed by a name element and a fact beyond names (`ceiling`'s linkable pairs)."""
    return lambda f: _joined(_elements(f), facts(f))


Rule = Callable[[pd.DataFrame], pd.DataFrame]


def _document_halves(frame: pd.DataFrame) -> pd.DataFrame:
    """The first and the last half of each document number of at least 8 characters, the
    middle character left out of both: one digit mistyped or two neighbours swapped leave one
    half whole."""
    numbers = _long(frame, "id_numbers")
    numbers = numbers[numbers["value"].str.len() >= 8]
    half = numbers["value"].str.len() // 2 - (numbers["value"].str.len() % 2 == 0)
    head = [v[:h] for v, h in zip(numbers["value"], half, strict=True)]
    tail = [v[-h:] for v, h in zip(numbers["value"], half, strict=True)]
    return pd.DataFrame(
        {
            "row": np.concatenate([numbers["row"], numbers["row"]]).astype(np.int64),
            "key": pd.Series(["<" + v for v in head] + [">" + v for v in tail], dtype=object),
        }
    )


def _places(frame: pd.DataFrame) -> pd.DataFrame:
    both = pd.concat([_long(frame, "places"), _long(frame, "postcode")], ignore_index=True)
    return both.drop_duplicates()


RULES: dict[str, Rule] = {
    "name_pair": _name_pair,
    "kunya_nisba": lambda f: _joined(_long(f, "kunya"), _long(f, "nisba")),
    "event_day": lambda f: _plain(_long(f, "event_days")),
    "birth_country": lambda f: _joined(_long(f, "birth_day"), _long(f, "countries")),
    "id_number": lambda f: _plain(_long(f, "id_numbers")),
    "document_half": _document_halves,
    "birth_place": lambda f: _joined(_long(f, "birth_day"), _places(f)),
    "name_year": _element_and(_years),
    "name_country": _element_and(lambda f: _long(f, "countries")),
    "name_place": _element_and(lambda f: _long(f, "places")),
    "name_event": _element_and(_months),
}
"""Each blocking rule and how its keys are made: (row, key) for every key of every record."""
KEY_COLUMNS = tuple(f"block_{name}" for name in RULES)


@dataclass(frozen=True)
class BlockSizes:
    """What one rule's keys amount to, before scoring."""

    rule: str
    keys: int
    pairs: int
    """Pairs its keys make (a pair two keys share is counted twice)."""
    refined: int
    dropped: int
    largest: int


def _refine(keys: pd.DataFrame, frame: pd.DataFrame, wide: bool) -> tuple[pd.DataFrame, int, int]:
    """Keys held by more than MAX_BLOCK records refined by each of REFINE_BY, then dropped
    unless kept wide (`_wide`, for a rule of WIDE_RULES).

    The refinements are alternatives, not steps: a row of a common key takes the key with its
    birth years and with each of its countries, so a record without a birth year still meets
    the records of its country under that name. (Places were a third refinement until
    session 5: on a million records they proposed millions of pairs that the country key
    mostly proposes too, and cost the memory the model needed; F1 did not move.)"""
    counts = keys["key"].map(keys["key"].value_counts())
    big = (counts > MAX_BLOCK).to_numpy()
    refined = keys.loc[big, "key"].nunique()
    grown = []
    for column in REFINE_BY:
        extra = keys.loc[big].merge(_long(frame, column), on="row")
        grown.append(
            pd.DataFrame({"row": extra["row"], "key": extra["key"] + "·" + extra["value"]})
        )
    keys = pd.concat([keys.loc[~big], *grown], ignore_index=True).drop_duplicates()
    per_key = keys["key"].value_counts()
    counts = keys["key"].map(per_key)
    keep = (counts <= MAX_BLOCK) | keys["key"].isin(_wide(per_key, len(frame) if wide else 0))
    dropped = keys.loc[~keep, "key"].nunique()
    return keys.loc[keep], refined, dropped


def _wide(per_key: pd.Series, records: int) -> set[str]:
    """The refined keys over MAX_BLOCK kept all the same: those of at most WIDE_BLOCK records,
    smallest first (ties by key), while the pairs they make stay within OVERFLOW_PAIRS per
    record of the frame and OVERFLOW_CAP (per rule)."""
    over = per_key[(per_key > MAX_BLOCK) & (per_key <= WIDE_BLOCK)]
    ordered = pd.DataFrame({"key": over.index.astype(str), "size": over.to_numpy(np.int64)})
    ordered = ordered.sort_values(["size", "key"])
    pairs = (ordered["size"] * (ordered["size"] - 1) // 2).cumsum()
    budget = min(OVERFLOW_PAIRS * records, OVERFLOW_CAP)
    return set(ordered.loc[pairs <= budget, "key"])


def add_blocking_keys(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[BlockSizes]]:
    """The frame with a key column per rule (`block_<rule>`, null when none), and the sizes."""
    plain = frame.reset_index(drop=True)
    out = frame.copy()
    sizes = []
    for name, make in RULES.items():
        keys = make(plain).drop_duplicates()
        keys, refined, dropped = _refine(keys, plain, name in WIDE_RULES)
        per_key = keys["key"].value_counts()
        sizes.append(
            BlockSizes(
                name,
                len(per_key),
                int((per_key * (per_key - 1) // 2).sum()),
                refined,
                dropped,
                int(per_key.max()) if len(per_key) else 0,
            )
        )
        out[f"block_{name}"] = _per_row(keys, len(plain))
    return out, sizes


def _per_row(keys: pd.DataFrame, size: int) -> np.ndarray:
    """Each row's sorted keys as a list (None for a row without keys)."""
    ordered = keys.sort_values(["row", "key"])
    rows = ordered["row"].to_numpy(np.int64)
    values = ordered["key"].to_numpy(dtype=object)
    column = np.full(size, None, dtype=object)
    if len(rows):
        cuts = np.flatnonzero(np.diff(rows)) + 1
        starts = np.concatenate(([0], cuts))
        for row, chunk in zip(rows[starts].tolist(), np.split(values, cuts), strict=True):
            column[row] = chunk.tolist()
    return column


def prediction_rules() -> list[Any]:
    """One Splink blocking rule per key family, each on its exploded key column."""
    return [block_on(column, arrays_to_explode=[column]) for column in KEY_COLUMNS]


def describe(sizes: Iterable[BlockSizes]) -> list[dict[str, Any]]:
    """Block sizes as plain rows (for the CLI and the run's settings)."""
    return [s.__dict__.copy() for s in sizes]
