"""Pairs within one source: two records of a source that seldom holds anyone twice are seldom
one person.

A watch list, a register or a court's docket holds each person once, or nearly; the news and
the border records hold many persons several times. The comparisons cannot see it: two
entries of one watch list that share a common name and a country weigh what they would weigh
across two sources. Under method 2.4 the pairs within a source that repeats few of its
records (under 5%) called 0.5–0.8 were 22% one person on 40,000 simulated persons (seed 63),
where the pairs across two sources in that band were 71%.

So each pair falls in one of three levels, as in a comparison of Splink's, and the two
within-source levels are features of the calibration (`calibrate`), weighed on simulated
truth like every other: `within_rare` (both records come from one source that repeats under
`OFTEN` of its records), `within_often` (one source that repeats more), or neither (two
sources). A source's repeat share is read from the run's own pairs, never from the source's
name nor from any truth: the share of its records that have a firm link (calibrated
probability ≥ `FIRM`, before these features are added) to another record of the same
source. It is rounded (`DIGITS`) and saved with the run (`source_repeats`), so that
`link --new` and `explain` weigh a pair as the run did.

Levels rather than a slope in the share: on the fit's pairs (10,000 persons, seed 7) two
levels fit better than a line in the share (deviance 17,684 against 17,774, from 18,392 with
neither), and a level's weight cannot grow without bound on a list that repeats more than
any the fit saw. With one source only, every pair is within it and the levels say nothing
(Splink's m = u): no pair gets either.

Invariant: the features of a pair depend only on its two records' sources and the shares;
the shares only on the sources of the run's records and the pairs' first-pass weights.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from headcount.linkage.prior import logit2

WITHIN = ("within_rare", "within_often")
"""The features of a pair's sources (`calibrate.FEATURES`)."""
OFTEN = 0.1
"""A source whose repeat share is at or above this repeats its records often (the shares of
the simulator's sources fall under 0.08 or over 0.11)."""
FIRM = 0.99
"""A link at or above this probability counts a record as repeated in its source."""
DIGITS = 4
"""The shares are rounded to this many decimals (so that a saved share is the one used)."""


def record_sources(frame: pd.DataFrame) -> pd.Series:
    """Each record's source, by record id, from a comparison frame (`prepare`)."""
    return pd.Series(frame["source"].to_numpy(object), index=frame["unique_id"].to_numpy())


def repeat_shares(
    sources: pd.Series, left: np.ndarray, right: np.ndarray, weight: np.ndarray
) -> dict[str, float]:
    """Per source, the share of its records (`sources`: every record's source, by record id)
    with a link of weight ≥ logit2(FIRM) to another record of the same source."""
    names, codes = _codes(sources)
    first, second = _code_of(sources, codes, left), _code_of(sources, codes, right)
    firm = (first == second) & (first >= 0) & (np.asarray(weight, np.float64) >= logit2(FIRM))
    linked = np.unique(np.concatenate([left[firm], right[firm]]))
    repeated = np.bincount(_code_of(sources, codes, linked), minlength=len(names))
    counts = np.bincount(codes[codes >= 0], minlength=len(names))
    return {
        str(name): round(float(repeated[i] / counts[i]), DIGITS)
        for i, name in enumerate(names)
        if counts[i]
    }


def within_features(
    sources: pd.Series, left: np.ndarray, right: np.ndarray, shares: Mapping[str, float]
) -> pd.DataFrame:
    """Per pair, `within_rare` or `within_often` (1 when both records come from one source
    that repeats under or at least OFTEN of its records; a source without a share counts 0),
    neither when the records come from two sources or the run has shares of one source only
    (`shares` holds every source of the run, `repeat_shares`)."""
    names, codes = _codes(sources)
    first, second = _code_of(sources, codes, left), _code_of(sources, codes, right)
    same = (first == second) & (first >= 0) & (len(shares) > 1)
    often = np.asarray([shares.get(str(n), 0.0) >= OFTEN for n in names] + [False])[first]
    return pd.DataFrame(
        {
            "within_rare": (same & ~often).astype(np.float64),
            "within_often": (same & often).astype(np.float64),
        }
    )


def _codes(sources: pd.Series) -> tuple[list[str], np.ndarray]:
    """The sources' names, sorted, and each record's code among them (-1: no source)."""
    categorical = pd.Categorical(sources.to_numpy(object))
    return [str(c) for c in categorical.categories], np.asarray(categorical.codes, np.int64)


def _code_of(sources: pd.Series, codes: np.ndarray, records: np.ndarray) -> np.ndarray:
    """The code of each of `records` (-1: a record `sources` lacks)."""
    position = sources.index.get_indexer(pd.Index(records))
    return np.where(position >= 0, codes[position], -1)
