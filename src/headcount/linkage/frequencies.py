"""Term frequencies of the name columns, counted so that one person reported often stays rare.

Splink adjusts the weight of an exact name match by how common the name is: its term
frequency, the share of records holding it. Here one person is often reported many times —
five news articles about one death, a border record and a court record — and counting records
makes the name of everyone who is reported often look common: "Tursun Tohti", held by four
records of one person among 18,000, weighed 2.5 bits less than a name seen once, and the
person's own records stopped matching each other.

So a value counts once per source and per (birth year, citizenship) it is given with: the
five articles count once, while two different men called Muhammad Ali in one list count
twice if their birth years or citizenships differ. This only approximates a count of
persons — two namesakes without birth year or citizenship in one source count once — but it
is computed before linkage, from the records alone, and it errs towards rarer names only
where a source repeats a value it cannot tell apart.

The same tables score the pairs (registered with Splink in place of its own) and explain
them later (kept with the run), so an explanation adds up to the score.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

TF_COLUMNS = ("name_sorted", "name_skeleton_key", "name_phonetic_key", "kunya_first")
DISTINCT_BY = ("source", "birth_year", "first_citizenship")
"""What a value is counted once per."""
TF_KEPT = 5_000
"""Most frequent values per column kept with a run, for explanations."""


def value_counts(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Per TF column, each value's count (once per source, birth year and citizenship)."""
    citizenship = frame["citizenship"].map(
        lambda c: c[0] if c is not None and len(c) else None, na_action="ignore"
    )
    base = pd.DataFrame(
        {
            "source": frame["source"].to_numpy(),
            "birth_year": frame["birth_year"].astype("Int64").astype(str).to_numpy(),
            "first_citizenship": citizenship.astype(str).to_numpy(),
        }
    )
    out = {}
    for column in TF_COLUMNS:
        values = base.assign(value=frame[column].to_numpy()).dropna(subset=["value"])
        out[column] = values.drop_duplicates(["value", *DISTINCT_BY])["value"].value_counts()
    return out


def register(linker: Any, db_api: Any, counted: dict[str, pd.Series]) -> None:
    """Make Splink score with these frequencies (`value_counts`) instead of counting records
    itself."""
    for column, counts in counted.items():
        table = pd.DataFrame(
            {
                column: counts.index.astype(str),
                f"tf_{column}": counts.to_numpy() / (counts.sum() or 1),
            }
        )
        registered = db_api.register(table, table_name=f"headcount_tf_{column}")
        linker.table_management.register_term_frequency_lookup(registered, column)


def term_frequencies(counted: dict[str, pd.Series], records: int) -> dict[str, Any]:
    """The most frequent values of each TF column (`value_counts`) with their frequency, and
    the total they are shares of (an unseen value's frequency is 1 / total), as kept with a
    run for explanations."""
    out: dict[str, Any] = {"records": records}
    for column, counts in counted.items():
        total = int(counts.sum()) or 1
        out[column] = {str(k): int(v) / total for k, v in counts.head(TF_KEPT).items()}
        out[f"{column}_total"] = total
    return out
