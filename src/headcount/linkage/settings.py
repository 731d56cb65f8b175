"""The linkage model: Splink comparisons over the columns `prepare` builds.

A Fellegi–Sunter model: each comparison sorts a pair of records into one of its levels, and
each level carries m (how often true matches fall there) and u (how often non-matches do);
a pair's match weight is the sum of log2(m/u) over comparisons, plus the prior. Splink
estimates u by random sampling and m by expectation maximisation, and adjusts the weight of
an exact name or kunya match by how common the value is (term-frequency adjustment).

What headcount adds is in the columns, not in Splink: names arrive as canonical parts,
consonant skeletons and phonetic keys (`headcount.names`), so that Mohamed / Muhammad /
محمد / Мухаммад agree at a strong level, and birth dates as year, month and day, so that
"1990" and "1990-05-12" agree at the precision both have.

The comparisons (every level's SQL is written for DuckDB and translated by Splink for Spark):

| comparison   | levels, strongest first                                                          |
|--------------|----------------------------------------------------------------------------------|
| name         | same parts · same skeletons · same phonetic keys (each TF-adjusted) · one's     |
|              | parts, or skeletons, all in the other's (≥2) · 2 parts shared · 2 skeletons     |
|              | shared · sorted names ≤ 2 edits apart · 1 part or skeleton shared · else         |
| kunya        | same first kunya (TF) · a kunya shared · else                                    |
| nisba        | a nisba shared · else                                                            |
| birth_date   | same day · day and month swapped · same day and month, the year one off ·      |
|              | same month · same month, the days differ · a clerical slip apart (one digit    |
|              | changed or two swapped) · same year · same year, the dates differ · a year an  |
|              | age allows (a range of years on one side) · a year apart · else                 |
| country      | a residence or birth place shared · a citizenship shared · a country shared     |
|              | (citizenship, residence, nisba; not nisba against nisba, which the nisba        |
|              | comparison weighs) · else                                                        |
| gender       | same · else                                                                      |
| id_number    | a document number shared · numbers a slip or two apart (one digit changed, two  |
|              | swapped) · else                                                                  |
| address      | same street address · addresses two edits apart (a house number mistyped) ·     |
|              | same postcode · else                                                             |
| event        | a death the other record contradicts (another month, or an event after it) · an |
|              | event of the same kind in the same month but another country · the same kind on |
|              | the same day · in the same month · else                                          |

Each comparison has a null level (nothing to compare on one side), which weighs nothing.

Disagreement is evidence, not a veto: a birth date or a document number that differs is
weighed by the model at the level it falls in — a clerical slip (one digit changed, two
neighbouring digits swapped, day and month swapped, the year one off) has its own m and u,
so that records that agree on everything else still link; only values too far apart for a
slip contradict (`cluster`, rule 5). Two full dates of one year that differ are not the
partial agreement of a date against a bare year (1990-03-14 and 1990-11-02 against 1990 and
1990-03-14): each has its own level since method 2.3 (on 10,000 simulated persons, seed 7,
+3.1 and −3.6 bits, where the one level they shared weighed +1.0).

Why some levels are hand-written SQL rather than Splink's library levels: evaluating the
levels of every candidate pair is most of a run's time, and Splink's array levels measure an
intersection with `list_intersect`, which builds a hash set per pair (the name comparison did
so up to five times). Counting the left array's elements the right one holds is the size of
the intersection, since `prepare`'s arrays are sets, and five times cheaper; an edit distance
is not computed where the lengths already rule it out. The levels are Splink's, pair for pair
(tests/linkage/test_settings.py): on 100,734 records the same pairs and persons, scoring in
half the processor time (docs/methodology/linkage.md, "One million records").
"""

from __future__ import annotations

from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator

from headcount.linkage.blocking import prediction_rules

DIALECT = "duckdb"
"""The dialect custom SQL is written in (Splink translates it for Spark with sqlglot)."""


def _sql(condition: str, label: str) -> cll.CustomLevel:
    return cll.CustomLevel(condition, label_for_charts=label, base_dialect_str=DIALECT)


def _null(*columns: str) -> Any:
    sides = " OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in columns)
    return _sql(sides, "nothing to compare").configure(is_null_level=True)


def _comparison(name: str, levels: list[Any], description: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        comparison_levels=levels, output_column_name=name, comparison_description=description
    )


def _shared(column: str) -> str:
    """How many elements of the left record's array the right's holds: the size of their
    intersection, since `prepare`'s arrays are sets (sorted, no element twice; none empty)."""
    return f'array_length(list_filter("{column}_l", lambda v: list_contains("{column}_r", v)))'


def _intersect(column: str, size: int = 1) -> cll.CustomLevel:
    """At least `size` elements shared (Splink's `ArrayIntersectLevel`, in cheaper SQL)."""
    return _sql(f"{_shared(column)} >= {size}", f"{size} or more shared")


def _within(column: str) -> cll.CustomLevel:
    """One side's elements all in the other's, two at least (Splink's `ArraySubsetLevel` and
    `ArrayIntersectLevel(column, 2)` together, in cheaper SQL)."""
    fewer = f'least(array_length("{column}_l"), array_length("{column}_r"))'
    return _sql(f"{fewer} >= 2 AND {_shared(column)} = {fewer}", "one's all in the other")


def _edits(column: str, most: int) -> cll.CustomLevel:
    """At most `most` edits apart (Splink's `LevenshteinLevel`), not computed for two values
    whose lengths differ by more: no fewer edits can bridge them (one edit moves a length by
    one, in characters or, as DuckDB counts edits, bytes). Two thirds of the name pairs that
    reach this level differ in length by more than 2."""
    left, right = f'"{column}_l"', f'"{column}_r"'
    return _sql(
        f"CASE WHEN abs(length({left}) - length({right})) > {most} THEN false "
        f"ELSE levenshtein({left}, {right}) <= {most} END",
        f"at most {most} edits apart",
    )


def _exact_with_tf(column: str, label: str) -> Any:
    return cll.ExactMatchLevel(column).configure(
        tf_adjustment_column=column, label_for_charts=label
    )


def name_comparison() -> cl.CustomComparison:
    """Names compared as sets of canonical parts and skeletons (see the module doc)."""
    return _comparison(
        "name",
        [
            _null("name_tokens"),
            _exact_with_tf("name_sorted", "same parts"),
            _exact_with_tf("name_skeleton_key", "same skeletons"),
            _exact_with_tf("name_phonetic_key", "same phonetic keys"),
            _within("name_tokens").configure(label_for_charts="one name's parts all in the other"),
            _within("name_skeletons").configure(
                label_for_charts="one name's skeletons all in the other"
            ),
            _intersect("name_tokens", 2).configure(label_for_charts="two parts shared"),
            _intersect("name_skeletons", 2).configure(label_for_charts="two skeletons shared"),
            # an edit distance, not Jaro-Winkler: DuckDB's and Spark's Jaro-Winkler differ
            # (Aleksandrovich Ivakov Maksim / Aleksandr Ivanov Maksim: ≥ 0.9 on one, not the
            # other), and the two engines must give the same persons
            _edits("name_sorted", 2).configure(
                label_for_charts="sorted names at most 2 edits apart"
            ),
            cll.Or(_intersect("name_tokens"), _intersect("name_skeletons")).configure(
                label_for_charts="one part or skeleton shared"
            ),
            cll.ElseLevel(),
        ],
        "Names as canonical parts, skeletons and sorted text",
    )


def kunya_comparison() -> cl.CustomComparison:
    return _comparison(
        "kunya",
        [
            _null("kunya"),
            cll.ExactMatchLevel("kunya_first").configure(
                tf_adjustment_column="kunya_first", label_for_charts="same kunya"
            ),
            _intersect("kunya").configure(label_for_charts="a kunya shared"),
            cll.ElseLevel(),
        ],
        "Kunyas (Abu Hamza): evidence, never enough alone",
    )


def birth_date_comparison() -> cl.CustomComparison:
    """Birth dates at the precision both sides have (see `prepare`): a range of years (from
    an age) agrees with a date or a range that allows one of its years, at its own level; two
    full dates of one month or year that differ have levels of their own, apart from a date
    that agrees with a month or a year as far as the other side goes."""
    same_year = '"birth_year_l" = "birth_year_r"'
    year_off = (
        '"birth_month_l" = "birth_month_r" AND "birth_dom_l" = "birth_dom_r" '
        'AND abs("birth_year_l" - "birth_year_r") = 1'
    )
    exact = (
        '"birth_day_l" = "birth_day_r" OR "birth_day_l" = "birth_day_alt_r" '
        'OR "birth_day_alt_l" = "birth_day_r"'
    )
    same_month = f'{same_year} AND "birth_month_l" = "birth_month_r"'
    both_days = '"birth_day_l" IS NOT NULL AND "birth_day_r" IS NOT NULL'
    swapped = f'{same_year} AND "birth_month_l" = "birth_dom_r" AND "birth_dom_l" = "birth_month_r"'
    overlap = (
        '"birth_year_low_l" <= "birth_year_high_r" AND "birth_year_low_r" <= "birth_year_high_l"'
    )
    near = (
        '"birth_year_low_l" - 1 <= "birth_year_high_r" '
        'AND "birth_year_low_r" - 1 <= "birth_year_high_l"'
    )
    # two ISO days (ten characters) a slip apart differ in one character or two neighbours,
    # so in the year or in the month and day, never both: the distance, computed for most
    # pairs otherwise, is only computed for those
    slip = (
        'CASE WHEN substr("birth_day_l", 1, 4) <> substr("birth_day_r", 1, 4) '
        'AND substr("birth_day_l", 6, 5) <> substr("birth_day_r", 6, 5) THEN false '
        'ELSE damerau_levenshtein("birth_day_l", "birth_day_r") <= 1 END'
    )
    return _comparison(
        "birth_date",
        [
            _null("birth_year_low"),
            _sql(exact, "same day"),
            _sql(swapped, "day and month swapped"),
            _sql(year_off, "same day and month, the year one off"),
            _sql(f"{same_month} AND NOT ({both_days})", "same month"),
            _sql(same_month, "same month, the days differ"),
            _sql(slip, "a clerical slip apart"),
            _sql(f"{same_year} AND NOT ({both_days})", "same year"),
            _sql(same_year, "same year, the dates differ"),
            _sql(overlap, "a year the age allows"),
            _sql(near, "a year apart"),
            cll.ElseLevel(),
        ],
        "Birth dates compared at the precision both sides give",
    )


def _array_comparison(name: str, column: str, description: str) -> cl.CustomComparison:
    return _comparison(
        name,
        [_null(column), _intersect(column).configure(label_for_charts="shared"), cll.ElseLevel()],
        description,
    )


def country_comparison() -> cl.CustomComparison:
    """Places, citizenship and countries, as one comparison: a shared town implies a shared
    country, and weighing the two apart counted the country twice (a town is common among
    the records of its country). Two records whose only countries come from their nisbas
    have nothing to compare here, since the nisba comparison already weighs that agreement
    (counting it twice would let a kunya and a nisba pass for evidence beyond names)."""
    only_nisbas = '"stated_countries_l" IS NULL AND "stated_countries_r" IS NULL'
    no_country = f'"countries_l" IS NULL OR "countries_r" IS NULL OR ({only_nisbas})'
    no_place = '"places_l" IS NULL OR "places_r" IS NULL'
    return _comparison(
        "country",
        [
            _sql(f"({no_country}) AND ({no_place})", "nothing to compare").configure(
                is_null_level=True
            ),
            _intersect("places").configure(label_for_charts="a residence or birth place shared"),
            _intersect("citizenship").configure(label_for_charts="a citizenship shared"),
            _intersect("countries").configure(label_for_charts="a country shared"),
            cll.ElseLevel(),
        ],
        "Places, citizenships, and countries of residence and of nisbas",
    )


def id_number_comparison() -> cl.CustomComparison:
    """Document numbers: shared, or a slip or two apart (compared as the sorted numbers)."""
    return _comparison(
        "id_number",
        [
            _null("id_numbers"),
            _intersect("id_numbers").configure(label_for_charts="shared"),
            cll.DamerauLevenshteinLevel("id_key", 2).configure(
                label_for_charts="a slip or two apart"
            ),
            cll.ElseLevel(),
        ],
        "Identity-document numbers",
    )


def address_comparison() -> cl.CustomComparison:
    """Street addresses (`value_keys.address_key`) and postcodes."""
    return _comparison(
        "address",
        [
            _sql(
                '("address_key_l" IS NULL OR "address_key_r" IS NULL) '
                'AND ("postcode_l" IS NULL OR "postcode_r" IS NULL)',
                "nothing to compare",
            ).configure(is_null_level=True),
            cll.ExactMatchLevel("address_key").configure(label_for_charts="same address"),
            cll.LevenshteinLevel("address_key", 2).configure(
                label_for_charts="addresses two edits apart"
            ),
            cll.ExactMatchLevel("postcode").configure(label_for_charts="same postcode"),
            cll.ElseLevel(),
        ],
        "Street addresses and postcodes",
    )


def event_comparison() -> cl.CustomComparison:
    return _comparison(
        "event",
        [
            _null("event_months"),
            _sql(
                '"death_month_l" <> "death_month_r" OR "death_month_l" < "last_event_month_r" '
                'OR "death_month_r" < "last_event_month_l"',
                "a death the other record contradicts",
            ),
            cll.And(
                _intersect("placed_event_months"), cll.Not(_intersect("event_places"))
            ).configure(label_for_charts="same event, same month, another country"),
            _intersect("event_days").configure(label_for_charts="same event, same day"),
            _intersect("event_months").configure(label_for_charts="same event, same month"),
            cll.ElseLevel(),
        ],
        "Events of the same kind (a death, a detention …) on the same day or month, in the same country where both name one",
    )


def comparisons() -> list[Any]:
    """Every comparison of the model, in the order the explanation shows them."""
    return [
        name_comparison(),
        kunya_comparison(),
        _array_comparison("nisba", "nisba", "Nisbas (al-Faransi): claimed origin"),
        birth_date_comparison(),
        country_comparison(),
        cl.ExactMatch("gender"),
        id_number_comparison(),
        address_comparison(),
        event_comparison(),
    ]


def model_settings(probability_two_random_records_match: float = 1e-5) -> SettingsCreator:
    """The untrained model: comparisons, blocking rules, dedupe across every source."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=prediction_rules(),
        probability_two_random_records_match=probability_two_random_records_match,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
        additional_columns_to_retain=[],
        max_iterations=20,
        em_convergence=0.001,
    )
