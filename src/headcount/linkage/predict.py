"""Scoring the blocked pairs with the trained model, and the rule that a name is not enough.

Splink scores every pair the blocking rules find; the prior under them is then re-estimated
from those scores (`prior`), and the pairs at or above `PAIR_FLOOR` under it are kept (the
rest are so unlikely that neither clustering, nor the alternative clusterings, nor a reviewer
needs them): `scored_table`, with each comparison's weight. Their match weight is then
calibrated (`calibrate`) over those weights and the competing-candidate facts (`competing`),
a slice of `CALIBRATED_AT_ONCE` pairs at a time (the calibration's 44 features of every pair
of a million records at once were gigabytes, copied twice more on the way); then the two
records' sources are weighed (`within`), with each source's repeat share read from that first
pass: `scored_pairs`.

headcount then applies its safeguard (DESIGN, "Safeguards": no automatic merge on a name
alone): a pair whose only agreeing evidence is names — the name, kunya and nisba
comparisons — is marked `names_only`, which clustering never links at any threshold (nor
the alternative clusterings accounting draws), and its probability is capped at
`NAME_ONLY_CAP`. It stays in the scored pairs for review; a `same` judgement can still join
it. Evidence beyond names is a supporting comparison (birth date, country or place,
identity document, address, event) at a level whose match weight is positive.

Invariant: the pairs come out at or above PAIR_FLOOR after calibration too, and with
`left < right`, once each, sorted, with match weight and probability consistent (weight =
log2 of the odds); given the same model, they do not depend on the order in which the engine
returns its rows (the scored table is sorted before anything is computed from it).
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from splink import Linker

from headcount.linkage.calibrate import IDENTITY, calibrated_weight, features
from headcount.linkage.cluster import Pairs, weight_of
from headcount.linkage.competing import competition
from headcount.linkage.prior import logit2, reestimated_prior
from headcount.linkage.within import WITHIN, repeat_shares, within_features

PAIR_FLOOR = 0.01
"""Pairs scored below this probability are not kept."""
SCORING_FLOOR = 1e-4
"""Pairs Splink returns for the prior's re-estimation (the prior can rise by up to 6.6 bits
before a pair below this floor would reach PAIR_FLOOR)."""
CALIBRATED_AT_ONCE = 250_000
"""Pairs whose calibration features (`calibrate.FEATURES`) are held at once: each pair's
calibrated weight depends only on its own features, so slicing changes no pair, only the last
bits of some sums (the matrix product adds in blocks; within 2e-16 in probability)."""
NAME_ONLY_CAP = 0.5
"""The highest probability a pair agreeing on names alone may keep."""
SUPPORTING = ("birth_date", "country", "id_number", "address", "event")
"""Comparisons that count as evidence beyond names."""
WANTED = ["unique_id_l", "unique_id_r", "match_weight"]
"""The columns of Splink's predictions a scored table keeps, besides the `mw_` ones."""


def supported(table: pd.DataFrame) -> np.ndarray:
    """Whether each scored pair has evidence beyond names: a supporting comparison with a
    positive match weight (Splink's `mw_<comparison>` columns)."""
    found = np.zeros(len(table), dtype=bool)
    for name in SUPPORTING:
        column = f"mw_{name}"
        if column in table:
            found |= table[column].to_numpy(np.float64) > 0
    return found


def scored_table(linker: Linker, records: int) -> tuple[pd.DataFrame, float]:
    """Every blocked pair whose model probability under the re-estimated prior is at or above
    PAIR_FLOOR, with its match weight under that prior and each comparison's weight
    (Splink's `mw_` columns), sorted by record ids; and that prior.

    Sorted, because the engine returns rows in an order that varies with its threads, and
    the competing-candidate facts break ties of weight by the order of the pairs (that and
    EM's sums, `engines.one_thread`, made 58,236, 58,237 and 58,239 persons of 100,000 records
    on three identical runs on 2 threads).

    Only the match weights of all the pairs Splink returns are brought out of the engine (the
    prior needs them); the pairs themselves only where they can pass the floor, a tenth as
    many, so that a million records do not hold every scored pair in memory twice."""
    predictions = linker.inference.predict(threshold_match_probability=SCORING_FLOOR)
    spark = linker._db_api.sql_dialect.sql_dialect_str == "spark"
    fetched = _fetch(predictions, spark, ["match_weight"]).column(0).to_numpy()
    # the engine returns rows in no set order, and a sum's last bits depend on its order
    weights = np.sort(np.asarray(fetched, np.float64))
    del fetched
    before = float(linker.misc.save_model_to_json()["probability_two_random_records_match"])
    prior = reestimated_prior(weights, before, records)
    del weights
    shift = logit2(prior) - logit2(before)
    # a margin below the floor in SQL; the floor itself is applied exactly, below, in numpy
    lowest = logit2(PAIR_FLOOR) - shift - 1e-6
    table = _fetch(predictions, spark, WANTED, f"match_weight >= {lowest!r}", prefix="mw_")
    predictions.drop_table_from_database_and_remove_from_cache()
    weight = np.asarray(table.column("match_weight").to_numpy(), np.float64) + shift
    kept = np.flatnonzero(weight >= logit2(PAIR_FLOOR))
    left, right = (
        np.asarray(table.column(c).to_numpy(), np.int64)[kept]
        for c in ("unique_id_l", "unique_id_r")
    )
    order = kept[np.lexsort((right, left))]
    sorted_table = _taken(table, order)
    sorted_table["match_weight"] = weight[order]
    return sorted_table, prior


def pair_features(
    table: pd.DataFrame,
    sources: pd.Series,
    prior: float,
    coefficients: Mapping[str, float],
    competing: bool = True,
) -> pd.DataFrame:
    """The calibration's features of the pairs of a scored table (`calibrate.features`), the
    sources' repeat shares read under `coefficients` (`within`); without `competing`, as if
    no pair had a competing fact (`link --new`: the new records' rivals among the old ones
    are in the previous run, stored calibrated already)."""
    facts, names_only = _competition(table, competing), ~supported(table)
    first = _first_pass(table, facts, names_only, prior, coefficients)
    within, _ = _within(table, sources, first, {})
    frame = features(table, facts, names_only)
    frame[list(WITHIN)] = within.to_numpy(np.float64)
    return frame


def _competition(table: pd.DataFrame, competing: bool) -> pd.DataFrame:
    if competing and len(table):
        return competition(
            table["unique_id_l"].to_numpy(np.int64),
            table["unique_id_r"].to_numpy(np.int64),
            table["match_weight"].to_numpy(np.float64),
        )
    return pd.DataFrame(index=range(len(table)))


def _first_pass(
    table: pd.DataFrame,
    facts: pd.DataFrame,
    names_only: np.ndarray,
    prior: float,
    coefficients: Mapping[str, float],
) -> np.ndarray:
    """The calibrated weight of every pair but for its sources (`within`), a slice of
    CALIBRATED_AT_ONCE pairs at a time."""
    parts = [np.zeros(0)]
    for start in range(0, len(table), CALIBRATED_AT_ONCE):
        rows = slice(start, start + CALIBRATED_AT_ONCE)
        frame = features(table.iloc[rows], facts.iloc[rows], names_only[rows])
        parts.append(calibrated_weight(frame, prior, coefficients))
    return np.concatenate(parts)


def _within(
    table: pd.DataFrame, sources: pd.Series, first: np.ndarray, shares: Mapping[str, float]
) -> tuple[pd.DataFrame, dict[str, float]]:
    """The pairs' within-source features, and the repeat shares they used: `shares`, and for
    a source not in them, the share read from these pairs' first-pass weights."""
    left = table["unique_id_l"].to_numpy(np.int64)
    right = table["unique_id_r"].to_numpy(np.int64)
    used = {**repeat_shares(sources, left, right, first), **shares}
    return within_features(sources, left, right, used), used


def scored_pairs(
    table: pd.DataFrame,
    prior: float,
    coefficients: Mapping[str, float],
    sources: pd.Series,
    competing: bool = True,
    shares: Mapping[str, float] | None = None,
) -> tuple[Pairs, dict[str, float]]:
    """The pairs of a scored table, calibrated, capped and floored (see the module doc), and
    the sources' repeat shares they were weighed with (`within`; `shares` given are kept,
    those of other sources read from these pairs). `sources`: each record's source, by id."""
    if table.empty:
        return Pairs.empty(), dict(shares or {})
    facts, names_only = _competition(table, competing), ~supported(table)
    first = _first_pass(table, facts, names_only, prior, coefficients)
    within, used = _within(table, sources, first, shares or {})
    # the within-source features enter the calibration alone, never crossed (`calibrate`)
    slopes = np.asarray([coefficients.get(f, IDENTITY[f]) for f in WITHIN], np.float64)
    weight = first + within[list(WITHIN)].to_numpy(np.float64) @ slopes
    probability = 1 / (1 + np.exp2(-weight))
    kept = probability >= PAIR_FLOOR
    pairs = capped(
        table[kept].assign(match_weight=weight[kept], match_probability=probability[kept])
    )
    return pairs, used


def _fetch(
    predictions: Any, spark: bool, columns: list[str], where: str | None = None, prefix: str = ""
) -> pa.Table:
    """Columns of Splink's predictions (the rows `where` allows), and those whose name starts
    with `prefix` when one is given, as an Arrow table (each column its own buffers, which
    `_taken` lets go one by one)."""
    if spark:
        frame = predictions.as_spark_dataframe()
        frame = frame.filter(where) if where else frame
        return _from_spark(frame.select(*columns, *_prefixed(frame.columns, prefix)))
    relation = predictions.as_duckdbpyrelation()
    relation = relation.filter(where) if where else relation
    chosen = [*columns, *_prefixed(relation.columns, prefix)]
    fetched: pa.Table = relation.select(", ".join(chosen)).to_arrow_table()
    return fetched


def _taken(table: pa.Table, rows: np.ndarray) -> pd.DataFrame:
    """The table's `rows`, in that order, as a pandas frame, a column at a time: each column
    let go as it is taken, so that the table is never held twice (at a million records, a
    gigabyte at scoring's peak, where a frame's `iloc` copied every column at once)."""
    chosen = pa.array(rows, pa.int64())
    columns = {}
    for name in table.column_names:
        columns[name] = table.column(name).take(chosen)
        table = table.drop_columns([name])
    frame: pd.DataFrame = pa.table(columns).to_pandas(split_blocks=True, self_destruct=True)
    return frame


def _prefixed(columns: list[str], prefix: str) -> list[str]:
    return [c for c in columns if prefix and c.startswith(prefix)]


def _from_spark(frame: Any) -> pa.Table:
    """A Spark DataFrame brought home through Parquet files (pyspark's own conversion to
    pandas does not yet support pandas 3, and collecting rows one by one is slow)."""
    with tempfile.TemporaryDirectory(prefix="headcount-pairs-") as folder:
        path = Path(folder) / "pairs"
        frame.write.parquet(str(path))
        return pq.read_table(path)


def capped(table: pd.DataFrame) -> Pairs:
    """Pairs from a scored table (its `match_weight` and `match_probability`), with the
    name-only cap (see the module doc)."""
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
