"""Records become comparison columns: names across scripts meet, dates keep their precision."""

from __future__ import annotations

import numpy as np
import pandas as pd

from headcount.linkage.blocking import (
    MAX_BLOCK,
    OVERFLOW_CAP,
    OVERFLOW_PAIRS,
    WIDE_BLOCK,
    WIDE_RULES,
    _wide,
    add_blocking_keys,
)
from headcount.linkage.explain import _labels, score_with_model
from headcount.linkage.prepare import RecordFacts, comparison_frame, record_names_of
from headcount.linkage.settings import model_settings


def _frame(*facts: RecordFacts) -> pd.DataFrame:
    return comparison_frame(facts, workers=1).set_index("unique_id")


def test_transliterations_of_one_name_get_one_key() -> None:
    frame = _frame(
        RecordFacts(1, "a", (("given_name", "Mohamed"), ("family_name", "Ali"))),
        RecordFacts(2, "b", (("full_name", "محمد علي"),)),
        RecordFacts(3, "c", (("full_name", "Мухаммад Али"),)),
    )
    assert frame.name_skeleton_key.nunique() == 1
    assert frame.loc[1, "script"] == "Latin" and frame.loc[2, "script"] == "Arabic"


def test_kunya_and_nisba_are_their_own_columns_and_a_name_alone_has_no_tokens() -> None:
    frame = _frame(RecordFacts(1, "a", (("kunya", "Abu Hamza"), ("nisba", "al-Faransi"))))
    row = frame.loc[1]
    assert (
        row.kunya == ["abu_hamza"] and row.nisba == ["faransi"] and row.kunya_first == "abu_hamza"
    )
    assert row.name_tokens is None and "FRA" in row.countries


def test_birth_dates_keep_their_precision_and_both_readings() -> None:
    frame = _frame(
        RecordFacts(1, "a", (("birth_date", "1990"),)),
        RecordFacts(2, "a", (("birth_date", "1990-05-12"),)),
        RecordFacts(3, "a", (("birth_date", "1990-05-12|1990-12-05"),)),
        RecordFacts(4, "a", (("birth_date", "1990"), ("birth_date", "1990-05"))),
    )
    assert frame.loc[1, "birth_year"] == 1990 and pd.isna(frame.loc[1, "birth_day"])
    assert frame.loc[2, ["birth_month", "birth_dom", "birth_day"]].tolist() == [5, 12, "1990-05-12"]
    assert frame.loc[3, "birth_day_alt"] == "1990-12-05"
    assert frame.loc[4, "birth_month"] == 5  # the most precise date a record gives


def test_an_age_gives_the_two_years_it_allows_and_a_wide_range_gives_nothing() -> None:
    frame = _frame(
        RecordFacts(1, "a", (("birth_date", "1992-01-24/1993-01-23"),)),
        RecordFacts(2, "a", (("birth_date", "1992-01-24/1993-01-23"), ("birth_date", "1993"))),
        RecordFacts(3, "a", (("birth_date", "1980/1989"),)),
    )
    assert pd.isna(frame.loc[1, "birth_year"])
    assert (frame.loc[1, "birth_year_low"], frame.loc[1, "birth_year_high"]) == (1992, 1993)
    assert (frame.loc[2, "birth_year"], frame.loc[2, "birth_year_low"]) == (1993, 1993)
    assert pd.isna(frame.loc[3, "birth_year_low"])


def test_events_are_compared_by_kind_day_and_month() -> None:
    frame = _frame(
        RecordFacts(1, "a", (), (("killed", "2015-11-27", "SYR"), ("sighted", "2015", None)))
    )
    assert frame.loc[1, "event_days"] == ["killed:2015-11-27"]
    assert frame.loc[1, "event_months"] == ["killed:2015-11"]
    assert frame.loc[1, "event_places"] == ["killed:2015-11:SYR"]
    assert frame.loc[1, "death_month"] == "2015-11" and pd.isna(frame.loc[1, "last_event_month"])


def _event_level(a: RecordFacts, b: RecordFacts) -> str:
    """The event level the model puts two records at."""
    frame = _frame(a, b)
    rows = [{str(k): v for k, v in frame.loc[r].to_dict().items()} for r in (1, 2)]
    model = model_settings().create_settings_dict("duckdb")
    scored = score_with_model(model, [{**row, "unique_id": i} for i, row in enumerate(rows, 1)])
    return _labels(model)["event"][int(scored["gamma_event"])]


def test_a_death_elsewhere_or_outlived_is_not_the_same_event() -> None:
    def record(i: int, *found: tuple[str, str, str | None]) -> RecordFacts:
        return RecordFacts(i, "a", (), found)

    syria = ("killed", "2016-03-04", "SYR")
    assert _event_level(record(1, syria), record(2, ("killed", "2016-03", "SYR"))) == (
        "same event, same month"
    )
    assert _event_level(record(1, syria), record(2, ("killed", "2016-03", None))) == (
        "same event, same month"
    )
    assert _event_level(record(1, syria), record(2, ("killed", "2016-03-04", "IRQ"))) == (
        "same event, same month, another country"
    )
    outlived = record(2, ("detained", "2018-01-02", "SYR"))
    assert _event_level(record(1, syria), outlived) == "a death the other record contradicts"
    before = record(2, ("departed", "2014-01-02", None))
    assert _event_level(record(1, syria), before) == "All other comparisons"


def test_record_names_put_the_fullest_name_first() -> None:
    facts = RecordFacts(
        1,
        "a",
        (
            ("family_name", "Ali"),
            ("given_name", "Omar"),
            ("kunya", "Abu Bakr"),
            ("nisba", "al-Libi"),
            ("alias", "O. Ali"),
        ),
    )
    assert record_names_of(facts) == ["Omar Ali", "Abu Bakr al-Libi", "O. Ali"]


def test_variants_meet_in_a_block_and_no_block_outgrows_the_cap() -> None:
    facts = [
        RecordFacts(1, "a", (("full_name", "Youssef Abdelkader"), ("birth_date", "1988"))),
        RecordFacts(2, "b", (("full_name", "يوسف عبد القادر"), ("birth_date", "1988-02-01"))),
    ]
    facts += [
        RecordFacts(
            10 + i, "c", (("full_name", "Muhammad Ali"), ("birth_date", str(1950 + i % 40)))
        )
        for i in range(3 * MAX_BLOCK)
    ]
    frame, sizes = add_blocking_keys(comparison_frame(facts, workers=1))
    keyed = frame.set_index("unique_id")
    shared = set(keyed.loc[1, "block_name_pair"]) & set(keyed.loc[2, "block_name_pair"])
    assert shared, "a transliteration variant shares a name-pair key"
    pair = next(s for s in sizes if s.rule == "name_pair")
    assert pair.refined >= 1 and pair.largest <= MAX_BLOCK
    assert all(s.largest <= MAX_BLOCK for s in sizes if s.rule not in WIDE_RULES)
    assert all(s.largest <= WIDE_BLOCK for s in sizes)


def _kunya_only(record: int, country: str) -> RecordFacts:
    return RecordFacts(
        record,
        "notices",
        (("kunya", "Abu Muhammad"), ("nisba", "al-Rusi"), ("citizenship", country)),
    )


def test_a_kunya_nothing_narrows_is_kept_wide_within_the_budget() -> None:
    """Kunya-only records of one country: refining by country cannot narrow their key, so it
    is kept whole while it fits the budget, and dropped once it does not."""
    assert OVERFLOW_PAIRS * 60 >= 60 * 59 / 2 and WIDE_BLOCK >= 60
    frame, sizes = add_blocking_keys(
        comparison_frame([_kunya_only(i, "RUS") for i in range(60)], workers=1)
    )
    country = next(s for s in sizes if s.rule == "name_country")
    assert country.largest == 60 and country.dropped == 0
    assert all(len(keys) >= 1 for keys in frame["block_name_country"])
    many = WIDE_BLOCK + 1
    _, sizes = add_blocking_keys(
        comparison_frame([_kunya_only(i, "RUS") for i in range(many)], workers=1)
    )
    country = next(s for s in sizes if s.rule == "name_country")
    assert country.dropped >= 1 and country.largest <= MAX_BLOCK


def test_the_pairs_wide_keys_add_grow_with_the_records_up_to_a_cap() -> None:
    sizes = np.full(400, 100)  # 400 keys (in key order) of 100 records: 4,950 pairs each
    few = _wide(sizes, records=1_000)  # 30 pairs per record: 30,000
    assert np.flatnonzero(few).tolist() == list(range(int(OVERFLOW_PAIRS * 1_000) // 4_950))
    many = int(_wide(sizes, records=10_000_000).sum())  # 30 per record would be 300 million
    assert many * 4_950 <= OVERFLOW_CAP < (many + 1) * 4_950
