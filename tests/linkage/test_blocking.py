"""Blocking keys of records written by hand, key by key: refined, dropped and wide keys, halves
of document numbers, the order of a name pair; the Arrow and the pandas entry points agree."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from headcount.linkage import blocking
from headcount.linkage.blocking import KEY_COLUMNS, SOURCE_COLUMNS, BlockSizes
from headcount.linkage.prepare import arrow_frame


def _row(**values: Any) -> dict[str, Any]:
    return {**dict.fromkeys(SOURCE_COLUMNS), **values}


def _records() -> pd.DataFrame:
    muhammad = {"kunya": ["abu_muhammad"], "nisba": ["rusi"], "countries": ["RUS"]}
    bakr = {"kunya": ["abu_bakr"], "nisba": ["libi"], "countries": ["LBY"]}
    killed = ["killed:2015-11-27"]
    rows = [
        _row(
            name_phonetic=["mhmt", "al", "mhmt"],
            birth_year_low=1990,
            birth_year_high=1990,
            countries=["GBR"],
            id_numbers=["AB1234567"],
        ),
        _row(
            name_phonetic=["mhmt", "al"],
            birth_year_low=1991,
            birth_year_high=1991,
            countries=["GBR"],
            id_numbers=["ДФ12345678", "1234567"],
        ),
        _row(
            name_phonetic=["al", "mhmt"],
            birth_year_low=1990,
            birth_year_high=1990,
            countries=["FRA"],
            birth_day="1990-05-01",
            places=["raqqa"],
            postcode="AB12CD",
        ),
        *(_row(**muhammad) for _ in range(3)),
        *(_row(**bakr) for _ in range(4)),
        _row(
            name_phonetic=["ä", "Z", "a"],
            event_days=killed,
            event_months=["killed:2015-11"],
            birth_year_low=1980,
            birth_year_high=1981,
        ),
        _row(event_days=killed, birth_year_low=1980, birth_year_high=1980),
        _row(event_days=killed, birth_year_low=1980, birth_year_high=1980),
        _row(),
    ]
    frame = pd.DataFrame(rows)
    for column in ("birth_year_low", "birth_year_high"):
        frame[column] = frame[column].astype("Int64")
    frame.insert(0, "unique_id", range(100, 100 + len(frame)))
    frame.insert(1, "source", "hand")
    return frame


EXPECTED = {
    "block_name_pair": {
        # `al·mhmt` (3 records) refined by year and country, each alone; Z < a < ä as code points
        0: ["al·mhmt·1990", "al·mhmt·GBR"],
        1: ["al·mhmt·1991", "al·mhmt·GBR"],
        2: ["al·mhmt·1990", "al·mhmt·FRA"],
        10: ["Z·a", "Z·ä", "a·ä"],
    },
    # both refined by country alone (no birth year); the smaller kept wide within the budget
    # of 0.25 pairs per record (3.5), the larger (abu_bakr·libi·LBY, 6 pairs) dropped
    "block_kunya_nisba": {
        3: ["abu_muhammad·rusi·RUS"],
        4: ["abu_muhammad·rusi·RUS"],
        5: ["abu_muhammad·rusi·RUS"],
    },
    # refined by the years: ·1980 is still held by 3 and dropped (not a wide rule)
    "block_event_day": {10: ["killed:2015-11-27·1981"]},
    "block_birth_country": {2: ["1990-05-01·FRA"]},
    "block_id_number": {0: ["AB1234567"], 1: ["1234567", "ДФ12345678"]},
    # 9 characters: halves of 4 around the middle one; 10: halves of 4 around the middle two
    # (characters, not bytes); 7: too short
    "block_document_half": {0: ["<AB12", ">4567"], 1: ["<ДФ12", ">5678"]},
    "block_birth_place": {2: ["1990-05-01·AB12CD", "1990-05-01·raqqa"]},
    "block_name_year": {
        0: ["al·1990", "mhmt·1990"],
        1: ["al·1991", "mhmt·1991"],
        2: ["al·1990", "mhmt·1990"],
        10: ["Z·1980", "Z·1981", "a·1980", "a·1981", "ä·1980", "ä·1981"],
    },
    "block_name_country": {
        0: ["al·GBR", "mhmt·GBR"],
        1: ["al·GBR", "mhmt·GBR"],
        2: ["al·FRA", "mhmt·FRA"],
        3: ["abu_muhammad·RUS·RUS"],
        4: ["abu_muhammad·RUS·RUS"],
        5: ["abu_muhammad·RUS·RUS"],
    },
    "block_name_place": {2: ["al·raqqa", "mhmt·raqqa"]},  # places, not the postcode
    "block_name_event": {10: ["Z·2015-11", "a·2015-11", "ä·2015-11"]},
}
SIZES = [
    BlockSizes("name_pair", keys=7, pairs=2, refined=1, dropped=0, largest=2),
    BlockSizes("kunya_nisba", keys=1, pairs=3, refined=2, dropped=1, largest=3),
    BlockSizes("event_day", keys=1, pairs=0, refined=1, dropped=1, largest=1),
    BlockSizes("birth_country", keys=1, pairs=0, refined=0, dropped=0, largest=1),
    BlockSizes("id_number", keys=3, pairs=0, refined=0, dropped=0, largest=1),
    BlockSizes("document_half", keys=4, pairs=0, refined=0, dropped=0, largest=1),
    BlockSizes("birth_place", keys=2, pairs=0, refined=0, dropped=0, largest=1),
    BlockSizes("name_year", keys=10, pairs=2, refined=0, dropped=0, largest=2),
    BlockSizes("name_country", keys=5, pairs=5, refined=2, dropped=1, largest=3),
    BlockSizes("name_place", keys=2, pairs=0, refined=0, dropped=0, largest=1),
    BlockSizes("name_event", keys=3, pairs=0, refined=0, dropped=0, largest=1),
]


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blocking, "MAX_BLOCK", 2)
    monkeypatch.setattr(blocking, "WIDE_BLOCK", 4)
    monkeypatch.setattr(blocking, "OVERFLOW_PAIRS", 0.25)


@pytest.mark.usefixtures("small_blocks")
def test_the_keys_of_records_written_by_hand() -> None:
    frame = _records()
    out, sizes = blocking.add_blocking_keys(frame)
    assert sizes == SIZES
    for column in KEY_COLUMNS:
        expected = [EXPECTED[column].get(row) for row in range(len(frame))]
        assert out[column].tolist() == expected, column
    assert out.drop(columns=list(KEY_COLUMNS)).equals(frame)


@pytest.mark.usefixtures("small_blocks")
def test_the_arrow_table_gets_the_same_keys_in_its_own_row_order() -> None:
    frame = _records()
    table, sizes = blocking.blocking_keys(arrow_frame(frame))
    assert sizes == SIZES
    framed, _ = blocking.add_blocking_keys(frame)
    assert arrow_frame(framed).equals(table)  # as `train.engine_table` gives DuckDB either
    assert table.column_names == [*frame.columns, *KEY_COLUMNS]
    assert table.drop_columns(list(KEY_COLUMNS)).equals(arrow_frame(frame))
    for column in KEY_COLUMNS:
        assert table.schema.field(column).type == pa.list_(pa.string())
        expected = [EXPECTED[column].get(row) for row in range(len(frame))]
        assert table.column(column).to_pylist() == expected, column
    # a record's keys do not depend on its row
    shuffled = frame.sample(frac=1, random_state=5).reset_index(drop=True)
    again, again_sizes = blocking.blocking_keys(arrow_frame(shuffled))
    assert again_sizes == SIZES
    first = shuffled["unique_id"].iloc[0] - 100
    assert again.column("block_name_year")[0].as_py() == EXPECTED["block_name_year"].get(first)
    by_record = again.to_pandas().set_index("unique_id")
    for column in KEY_COLUMNS:
        keys = [by_record.loc[100 + row, column] for row in range(len(frame))]
        assert [None if k is None else list(k) for k in keys] == [
            EXPECTED[column].get(row) for row in range(len(frame))
        ], column


def test_no_records_and_no_keys() -> None:
    frame = _records()
    empty, sizes = blocking.add_blocking_keys(frame.iloc[:0])
    assert len(empty) == 0 and all(s == BlockSizes(s.rule, 0, 0, 0, 0, 0) for s in sizes)
    keyless, sizes = blocking.blocking_keys(arrow_frame(frame.iloc[-1:]))
    assert all(keyless.column(c).to_pylist() == [None] for c in KEY_COLUMNS)
    assert [s.keys for s in sizes] == [0] * len(KEY_COLUMNS)
