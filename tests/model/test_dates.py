from datetime import date

import pytest
from hypothesis import given, strategies as st

from headcount.model.dates import InvalidDate, Precision, from_value, parse_date


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2014", "2014", Precision.year),
        ("2015-03", "2015-03", Precision.month),
        ("2016-05-12", "2016-05-12", Precision.day),
        ("19560715", "1956-07-15", Precision.day),
        ("12/05/2016", "2016-05-12|2016-12-05", Precision.ambiguous),
        ("13/05/2016", "2016-05-13", Precision.day),
        ("05/13/2016", "2016-05-13", Precision.day),
        ("03/2014", "2014-03", Precision.month),
        ("spring 2016", "2016-03/2016-05", Precision.range),
        ("winter 2016", "2016-12/2017-02", Precision.range),
        ("printemps 2015", "2015-03/2015-05", Precision.range),
        ("2015-03/2015-06", "2015-03/2015-06", Precision.range),
        ("12 mai 2016", "2016-05-12", Precision.day),
        ("March 2015", "2015-03", Precision.month),
        ("c. 1990", "1990", Precision.year),
    ],
)
def test_reads_the_forms_sources_write(text: str, value: str, precision: Precision) -> None:
    parsed = parse_date(text)
    assert parsed.value == value
    assert parsed.precision is precision


def test_day_month_ambiguity_is_kept_unless_the_order_is_declared() -> None:
    ambiguous = parse_date("03/04/2015")
    assert set(ambiguous.alternatives) == {date(2015, 4, 3), date(2015, 3, 4)}
    assert ambiguous.contains(date(2015, 3, 4)) and not ambiguous.contains(date(2015, 3, 20))
    assert parse_date("03/04/2015", "DMY").value == "2015-04-03"
    assert parse_date("03/04/2015", "MDY").value == "2015-03-04"


def test_approximate_dates_say_so() -> None:
    assert parse_date("c. 1990").approximate
    assert str(parse_date("~1990")) == "~1990"
    assert not parse_date("1990").approximate


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2015-02-30", "has no day 30"),
        ("31/02/2015", "has no day 31"),
        ("2015-13", "no month 13"),
        ("1700", "outside"),
        ("yesterday", "not a date"),
        ("", "empty"),
        ("2016/2015", "ends before it starts"),
    ],
)
def test_impossible_dates_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidDate, match=reason):
        parse_date(text)


def test_comparison_happens_at_the_precision_both_sides_have() -> None:
    assert parse_date("2015").overlaps(parse_date("2015-03-04"))
    assert parse_date("2015-03").overlaps(parse_date("2015-03-31"))
    assert not parse_date("2015-03").overlaps(parse_date("2015-04-01"))
    assert parse_date("03/04/2015").overlaps(parse_date("2015-03"))
    assert not parse_date("03/04/2015").overlaps(parse_date("2015-05"))
    assert parse_date("spring 2016").overlaps(parse_date("2016-04-20"))


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@given(days, st.sampled_from(["day", "month", "year", "slashed"]))
def test_the_stored_value_reads_back_as_the_same_date(day: date, form: str) -> None:
    text = {
        "day": day.isoformat(),
        "month": day.isoformat()[:7],
        "year": str(day.year),
        "slashed": day.strftime("%d/%m/%Y"),
    }[form]
    parsed = parse_date(text)
    again = from_value(parsed.value)
    assert (again.earliest, again.latest, again.precision) == (
        parsed.earliest,
        parsed.latest,
        parsed.precision,
    )
    assert parsed.contains(day)


@given(days, days)
def test_overlap_is_symmetric(a: date, b: date) -> None:
    x, y = parse_date(a.isoformat()[:7]), parse_date(str(b.year))
    assert x.overlaps(y) == y.overlaps(x)
