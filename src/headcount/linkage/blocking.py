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
those keys are the ones kept wide. `blocking_keys` returns, with the keys, what each rule's
keys amount to before anything is scored (`BlockSizes`: the keys, the pairs they make, the
keys refined and dropped). (The figures each step bought are in docs/methodology/linkage.md,
"Blocking"; `benchmarks/blocking.py` lists the true pairs no rule proposes.)

The keys are made here, by hand, because Splink's blocking rules compare columns as they are
and cannot derive a key (two name parts of one record, half a document number, a key refined
because its block is too large): Splink blocks on the keys made here, each family an array
column it explodes (`prediction_rules`). They are made with pyarrow.compute on Arrow arrays,
and counted, deduplicated and sorted as integer codes in numpy, so that no key is a Python
object: at a million records, keys as Python strings in pandas columns (as they were made
before) held gigabytes of Python heap that the allocator never gave back. `blocking_keys`
takes and returns an Arrow table (the records as DuckDB scans them: `train.engine_table`);
`add_blocking_keys` gives the same keys to a pandas frame, as Python lists.

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
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from splink import block_on

from headcount.linkage.prepare import arrow_frame

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
SEPARATOR = "·"
"""Between the parts of a key (U+00B7)."""

Rows = npt.NDArray[np.int64]


_PAIRS = pa.schema([("row", pa.int64()), ("key", pa.string())])


def _pairs_table(rows: Rows, keys: Any) -> pa.Table:
    """(row, key): `keys` an Arrow array (or chunked array) of as many strings as `rows`."""
    return pa.Table.from_arrays([pa.array(rows, pa.int64()), keys], schema=_PAIRS)


def _long(table: pa.Table, column: str) -> pa.Table:
    """(row, value) for every element of a list column (or every value of a scalar one), nulls
    left out, an integer as its decimal text; rows ascending."""
    values = table.column(column).combine_chunks()
    if pa.types.is_list(values.type) or pa.types.is_large_list(values.type):
        rows = pc.list_parent_indices(values)
        values = pc.list_flatten(values)
    else:
        rows = pa.array(np.arange(len(values), dtype=np.int64))
    values = values.cast(pa.string())
    present = values.is_valid()
    return pa.table({"row": rows, "value": values}).filter(present)


def _sorted_codes(values: Any) -> tuple[Rows, Any]:
    """Each value's code, and the distinct values in ascending order (code i is the i-th):
    Arrow orders strings by their UTF-8 bytes, which is the order of their code points,
    Python's order."""
    encoded = pc.dictionary_encode(values)
    order = pc.sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order), dtype=np.int64)
    return rank[encoded.indices.to_numpy()], encoded.dictionary.take(order)


def _distinct(pairs: pa.Table) -> tuple[Rows, Rows, Any]:
    """The distinct (row, value) of a two-column table as rows, codes and the sorted distinct
    values, ordered by row, then value."""
    codes, values = _sorted_codes(pairs.column(1).combine_chunks())
    if not len(values):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), values
    # sorted, not np.unique: numpy 2.4's hashing unique took 22 of 39 s at a million records
    packed = np.sort(pairs.column(0).to_numpy() * len(values) + codes)
    packed = packed[np.concatenate(([True], packed[1:] != packed[:-1]))]
    return packed // len(values), packed % len(values), values


def _once(pairs: pa.Table) -> pa.Table:
    """Each (row, value) once, ordered by row, then value."""
    rows, codes, values = _distinct(pairs)
    return pa.table({"row": pa.array(rows, pa.int64()), "value": values.take(codes)})


def _union(*parts: pa.Table) -> pa.Table:
    return _once(pa.concat_tables(parts))


def _matches(left: Rows, right: Rows) -> tuple[Rows, Rows]:
    """(i, j) for every element i of `left` and j of `right` on the same row (`right`
    ascending): a join on the row, as integers."""
    start = np.searchsorted(right, left, "left")
    count = np.searchsorted(right, left, "right") - start
    i = np.repeat(np.arange(len(left), dtype=np.int64), count)
    j = np.repeat(start - (np.cumsum(count) - count), count) + np.arange(len(i), dtype=np.int64)
    return i, j


def _joined(left: pa.Table, right: pa.Table) -> pa.Table:
    """Keys `left·right` for every pair of values one row has in the two columns (`right` in
    row order, as `_long` and `_once` give it)."""
    rows = left.column("row").to_numpy()
    i, j = _matches(rows, right.column("row").to_numpy())
    keys = pc.binary_join_element_wise(
        left.column("value").take(i), right.column("value").take(j), SEPARATOR
    )
    return _pairs_table(rows[i], keys)


def _plain(values: pa.Table) -> pa.Table:
    return values.rename_columns(["row", "key"])


def _name_pair(table: pa.Table) -> pa.Table:
    codes = _once(_long(table, "name_phonetic"))
    rows = codes.column("row").to_numpy()
    i, j = _matches(rows, rows)
    first, second = codes.column("value").take(i), codes.column("value").take(j)
    ordered = pc.less(first, second)
    keys = pc.binary_join_element_wise(first.filter(ordered), second.filter(ordered), SEPARATOR)
    return _pairs_table(rows[i][ordered.to_numpy(zero_copy_only=False)], keys)


def _months(table: pa.Table) -> pa.Table:
    """The month of each event: what follows the first colon (`killed:2015-11` → `2015-11`;
    a value without one gives none)."""
    months = _long(table, "event_months")
    parts = pc.split_pattern(months.column("value"), ":", max_splits=1)
    split = pc.equal(pc.list_value_length(parts), 2)
    month = pc.list_element(parts.filter(split), 1)
    return _once(pa.table({"row": months.column("row").filter(split), "value": month}))


def _elements(table: pa.Table) -> pa.Table:
    """A record's name elements: its phonetic name parts and its kunyas."""
    return _union(_long(table, "name_phonetic"), _long(table, "kunya"))


def _years(table: pa.Table) -> pa.Table:
    """Every birth year a record allows: its first and last (`prepare` keeps ranges of at
    most two years, so these are all of them)."""
    return _union(_long(table, "birth_year_low"), _long(table, "birth_year_high"))


Rule = Callable[[pa.Table], pa.Table]


def _element_and(facts: Callable[[pa.Table], pa.Table]) -> Rule:
    """A rule keyed by a name element and a fact beyond names (`ceiling`'s linkable pairs)."""
    return lambda t: _joined(_elements(t), facts(t))


def _document_halves(table: pa.Table) -> pa.Table:
    """The first and the last half of each document number of at least 8 characters, the
    middle character left out of both: one digit mistyped or two neighbours swapped leave one
    half whole. (Lengths and halves in characters, not bytes; sliced one length at a time.)"""
    numbers = _long(table, "id_numbers")
    lengths = pc.utf8_length(numbers.column("value")).to_numpy(zero_copy_only=False)
    found = [_pairs_table(np.zeros(0, np.int64), pa.array([], pa.string()))]
    for length in np.unique(lengths[lengths >= 8]).tolist():
        half = length // 2 - (1 if length % 2 == 0 else 0)
        these = numbers.filter(pa.array(lengths == length))
        rows, values = these.column("row").to_numpy(), these.column("value")
        for mark, part in (
            ("<", pc.utf8_slice_codeunits(values, 0, half)),
            (">", pc.utf8_slice_codeunits(values, -half)),
        ):
            found.append(_pairs_table(rows, pc.binary_join_element_wise(mark, part, "")))
    return pa.concat_tables(found)


def _places(table: pa.Table) -> pa.Table:
    return _union(_long(table, "places"), _long(table, "postcode"))


RULES: dict[str, Rule] = {
    "name_pair": _name_pair,
    "kunya_nisba": lambda t: _joined(_long(t, "kunya"), _long(t, "nisba")),
    "event_day": lambda t: _plain(_long(t, "event_days")),
    "birth_country": lambda t: _joined(_long(t, "birth_day"), _long(t, "countries")),
    "id_number": lambda t: _plain(_long(t, "id_numbers")),
    "document_half": _document_halves,
    "birth_place": lambda t: _joined(_long(t, "birth_day"), _places(t)),
    "name_year": _element_and(_years),
    "name_country": _element_and(lambda t: _long(t, "countries")),
    "name_place": _element_and(lambda t: _long(t, "places")),
    "name_event": _element_and(_months),
}
"""Each blocking rule and how its keys are made: a table of (row, key) for every key of every
record (a key may come more than once)."""
KEY_COLUMNS = tuple(f"block_{name}" for name in RULES)
SOURCE_COLUMNS = (
    "name_phonetic",
    "kunya",
    "nisba",
    "birth_day",
    "birth_year_low",
    "birth_year_high",
    "countries",
    "places",
    "postcode",
    "id_numbers",
    "event_days",
    "event_months",
)
"""The columns the keys are made of."""


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


@dataclass(frozen=True)
class _Keys:
    """A rule's keys, each (row, key) once: `codes` index `keys` (the distinct keys, in
    ascending order), and the pairs are ordered by row, then key."""

    rows: Rows
    codes: Rows
    keys: Any

    @classmethod
    def of(cls, pairs: pa.Table) -> _Keys:
        return cls(*_distinct(pairs))

    def sizes(self) -> Rows:
        """The records holding each key."""
        return np.bincount(self.codes, minlength=len(self.keys)).astype(np.int64)


def _refine(found: _Keys, refine_by: list[pa.Table], records: int) -> tuple[_Keys, Rows, int, int]:
    """Keys held by more than MAX_BLOCK records refined by each of REFINE_BY, then dropped
    unless kept wide (`_wide`, with the records of a rule of WIDE_RULES, else 0). Returns the
    keys kept, the size of each of `keys` and how many keys were refined and dropped.

    The refinements are alternatives, not steps: a row of a common key takes the key with its
    birth years and with each of its countries, so a record without a birth year still meets
    the records of its country under that name. (Places were a third refinement until
    session 5: on a million records they proposed millions of pairs that the country key
    mostly proposes too, and cost the memory the model needed; F1 did not move.)"""
    sizes = found.sizes()
    common = sizes > MAX_BLOCK
    refined = int(common.sum())
    if refined:
        big = common[found.codes]
        rows = found.rows[big]
        keys = found.keys.take(found.codes[big])
        parts = [_pairs_table(found.rows[~big], found.keys.take(found.codes[~big]))]
        for values in refine_by:
            i, j = _matches(rows, values.column("row").to_numpy())
            grown = pc.binary_join_element_wise(
                keys.take(i), values.column("value").take(j), SEPARATOR
            )
            parts.append(_pairs_table(rows[i], grown))
        found = _Keys.of(pa.concat_tables(parts))
        sizes = found.sizes()
    keep = (sizes <= MAX_BLOCK) | _wide(sizes, records)
    dropped = int((~keep).sum())
    kept = keep[found.codes]
    return _Keys(found.rows[kept], found.codes[kept], found.keys), sizes * keep, refined, dropped


def _wide(sizes: Rows, records: int) -> npt.NDArray[np.bool_]:
    """Which of the keys of these sizes (keys in ascending order) over MAX_BLOCK are kept all
    the same: those of at most WIDE_BLOCK records, smallest first (ties by key), while the
    pairs they make stay within OVERFLOW_PAIRS per record of the frame and OVERFLOW_CAP (per
    rule)."""
    over = np.flatnonzero((sizes > MAX_BLOCK) & (sizes <= WIDE_BLOCK))
    ordered = over[np.argsort(sizes[over], kind="stable")]  # by size, then key (= code)
    pairs = np.cumsum(sizes[ordered] * (sizes[ordered] - 1) // 2)
    budget = min(OVERFLOW_PAIRS * records, OVERFLOW_CAP)
    wide = np.zeros(len(sizes), np.bool_)
    wide[ordered[pairs <= budget]] = True
    return wide


def blocking_keys(table: pa.Table) -> tuple[pa.Table, list[BlockSizes]]:
    """The records (an Arrow table typed as `prepare.arrow_frame` types it) with a key column
    per rule (`block_<rule>`: a row's keys, ascending, each once; null when none), and the
    sizes. Rows keep their order."""
    records = table.num_rows
    refine_by = [_long(table, column) for column in REFINE_BY]
    table = table.drop_columns([c for c in KEY_COLUMNS if c in table.column_names])
    sizes = []
    for name, make in RULES.items():
        found = _Keys.of(make(table))
        found, held, refined, dropped = _refine(
            found, refine_by, records if name in WIDE_RULES else 0
        )
        held = held[held > 0]
        sizes.append(
            BlockSizes(
                name,
                len(held),
                int((held * (held - 1) // 2).sum()),
                refined,
                dropped,
                int(held.max()) if len(held) else 0,
            )
        )
        table = table.append_column(f"block_{name}", _per_row(found, records))
    pa.default_memory_pool().release_unused()  # what the rules' working arrays took
    return table, sizes


def _per_row(found: _Keys, records: int) -> Any:
    """Each row's keys as a list (null for a row without keys): `found` is in row order and,
    within a row, in key order."""
    counts = np.bincount(found.rows, minlength=records)
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    return pa.ListArray.from_arrays(
        pa.array(offsets, pa.int32()),
        found.keys.take(found.codes),
        type=pa.list_(pa.string()),
        mask=pa.array(counts == 0),
    )


def add_blocking_keys(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[BlockSizes]]:
    """The frame with a key column per rule (`block_<rule>`: a list, None when none), and the
    sizes: `blocking_keys` on the columns keys are made of (`SOURCE_COLUMNS`)."""
    keyed, sizes = blocking_keys(arrow_frame(frame[list(SOURCE_COLUMNS)]))
    out = frame.copy()
    for column in KEY_COLUMNS:
        out[column] = pd.Series(keyed.column(column).to_pylist(), dtype=object).to_numpy()
    return out, sizes


def prediction_rules() -> list[Any]:
    """One Splink blocking rule per key family, each on its exploded key column."""
    return [block_on(column, arrays_to_explode=[column]) for column in KEY_COLUMNS]


def describe(sizes: Iterable[BlockSizes]) -> list[dict[str, Any]]:
    """Block sizes as plain rows (for the CLI and the run's settings)."""
    return [s.__dict__.copy() for s in sizes]
