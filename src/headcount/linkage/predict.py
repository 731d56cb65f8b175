"""Scoring the blocked pairs with the trained model, and the rule that a name is not enough.

Splink scores every pair the blocking rules find; the prior under them is then re-estimated
from those scores (`prior`), and the pairs at or above `PAIR_FLOOR` under it are kept (the
rest are so unlikely that neither clustering, nor the alternative clusterings, nor a reviewer
needs them).

headcount then applies its safeguard (DESIGN, "Safeguards": no automatic merge on a name
alone): a pair whose only agreeing evidence is names — the name, kunya and nisba
comparisons — is marked `names_only`, which clustering never links at any threshold (nor
the alternative clusterings accounting draws), and its probability is capped at
`NAME_ONLY_CAP`. It stays in the scored pairs for review; a `same` judgement can still join
it. Evidence beyond names is a supporting comparison (birth date, country or place,
identity document, address, event) at a level whose match weight is positive.

Invariant: the pairs come out with `left < right`, once each, sorted, with match weight and
probability consistent (weight = log2 of the odds).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from splink import Linker

from headcount.linkage.cluster import Pairs, weight_of
from headcount.linkage.prior import logit2, reestimated_prior

PAIR_FLOOR = 0.01
"""Pairs scored below this probability are not kept."""
SCORING_FLOOR = 1e-4
"""Pairs Splink returns for the prior's re-estimation (the prior can rise by up to 6.6 bits
before a pair below this floor would reach PAIR_FLOOR)."""
NAME_ONLY_CAP = 0.5
"""The highest probability a pair agreeing on names alone may keep."""
SUPPORTING = ("birth_date", "country", "id_number", "address", "event")
"""Comparisons that count as evidence beyond names."""


def supported(table: pd.DataFrame) -> np.ndarray:
    """Whether each scored pair has evidence beyond names: a supporting comparison with a
    positive match weight (Splink's `mw_<comparison>` columns)."""
    found = np.zeros(len(table), dtype=bool)
    for name in SUPPORTING:
        column = f"mw_{name}"
        if column in table:
            found |= table[column].to_numpy(np.float64) > 0
    return found


def score(linker: Linker, records: int) -> tuple[Pairs, float]:
    """Every blocked pair scored at or above PAIR_FLOOR under the re-estimated prior, with the
    name-only cap applied; and that prior.

    Only the match weights of all the pairs Splink returns are brought out of the engine (the
    prior needs them); the pairs themselves only where they can pass the floor, a tenth as
    many, so that a million records do not hold every scored pair in memory twice."""
    predictions = linker.inference.predict(threshold_match_probability=SCORING_FLOOR)
    spark = linker._db_api.sql_dialect.sql_dialect_str == "spark"
    weights = _fetch(predictions, spark, ["match_weight"])["match_weight"].to_numpy(np.float64)
    before = float(linker.misc.save_model_to_json()["probability_two_random_records_match"])
    prior = reestimated_prior(weights, before, records)
    del weights
    shift = logit2(prior) - logit2(before)
    # a margin below the floor in SQL; the floor itself is applied exactly, below, in numpy
    lowest = logit2(PAIR_FLOOR) - shift - 1e-6
    wanted = ["unique_id_l", "unique_id_r", "match_weight", *(f"mw_{n}" for n in SUPPORTING)]
    table = _fetch(predictions, spark, wanted, f"match_weight >= {lowest!r}")
    predictions.drop_table_from_database_and_remove_from_cache()
    weight = table["match_weight"].to_numpy(np.float64) + shift
    table = table.assign(match_weight=weight, match_probability=1 / (1 + np.exp2(-weight)))
    return capped(table[table["match_probability"] >= PAIR_FLOOR]), prior


def _fetch(
    predictions: Any, spark: bool, columns: list[str], where: str | None = None
) -> pd.DataFrame:
    """Columns of Splink's predictions (the rows `where` allows) as a pandas DataFrame."""
    if spark:
        frame = predictions.as_spark_dataframe()
        frame = frame.filter(where) if where else frame
        return _from_spark(frame.select(*columns))
    relation = predictions.as_duckdbpyrelation()
    relation = relation.filter(where) if where else relation
    selected: pd.DataFrame = relation.select(", ".join(columns)).df()
    return selected


def _from_spark(frame: Any) -> pd.DataFrame:
    """A Spark DataFrame brought home through Parquet files (pyspark's own conversion to
    pandas does not yet support pandas 3, and collecting rows one by one is slow)."""
    with tempfile.TemporaryDirectory(prefix="headcount-pairs-") as folder:
        path = Path(folder) / "pairs"
        frame.write.parquet(str(path))
        return pd.read_parquet(path)


def capped(table: pd.DataFrame) -> Pairs:
    """Pairs from Splink's predictions, with the name-only cap (see the module doc)."""
    if table.empty:
        return Pairs.empty()
    left = table["unique_id_l"].to_numpy(np.int64)
    right = table["unique_id_r"].to_numpy(np.int64)
    probability = table["match_probability"].to_numpy(np.float64).copy()
    weight = table["match_weight"].to_numpy(np.float64).copy()
    names_only = ~supported(table)
    over = names_only & (probability > NAME_ONLY_CAP)
    probability[over] = NAME_ONLY_CAP
    weight[over] = weight_of(np.asarray([NAME_ONLY_CAP]))[0]
    lo, hi = np.minimum(left, right), np.maximum(left, right)
    order = np.lexsort((hi, lo))
    return Pairs(lo[order], hi[order], probability[order], weight[order], names_only[order])
