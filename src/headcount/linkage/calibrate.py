"""Calibrated pair probabilities: the model's comparison weights re-weighed on simulated truth.

Fellegi–Sunter adds the comparisons' weights log2(m/u) as if they were independent given the
match status. They are not (a news report that gives a name and a country gives no birth date,
a court record gives all three; a kunya and a nisba come together), so the sum is wrong in a
known direction: on 40,000 simulated persons (seed 31), of the pairs the model called 0.5–0.6
only 41% were true, of those called 0.8–0.9, 67%. And the model scores each pair alone,
blind to competing candidates (`competing`), which say much.

So a pair's match weight is a logistic calibration of what the model computed (Platt scaling
with one slope per comparison, as Splink and fastLink users recalibrate on labelled pairs).
`rivals` is what lets one calibration serve populations of every size: the model's weights do
not see how crowded a name is, the number of other candidates does (−1 bit per doubling):

    weight = log2(λ/(1−λ)) + a + Σₖ bₖ·wₖ + c₁·mutual_best + c₂·unrivalled + c₃·rivals
             + c₄·names_only

where λ is the prior re-estimated from the scores (`prior`), wₖ the model's weight of
comparison k at the level the pair falls in (with its term-frequency adjustment),
`mutual_best`, `unrivalled` and `rivals` the competing-candidate facts, and `names_only` the
safeguard's flag (such a pair is capped afterwards all the same, `predict`). With a = 0,
every bₖ = 1 and every c = 0 it is the model unchanged (`IDENTITY`).

The coefficients are fitted by `benchmarks/calibration.py` (statsmodels' logistic regression
with the model's weight as offset, each comparison's departure from it ridge-penalised) on
the scored pairs of two simulated populations — 10,000 persons
(seed 7) and 40,000 persons (seed 31) — and shipped here as constants: a run does not fit
anything, and saves the coefficients it used in its settings (`calibration`), so that it is
explained and repeated as it was made. The fit is checked on seeds it did not see
(tests/linkage/test_calibrate.py; figures in docs/methodology/linkage.md, "Calibrated pair
probabilities").

Invariant: the calibrated weight is a function of the pair's model weights, its competing
facts and the prior only; a coefficient missing from a saved calibration counts as IDENTITY's.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

COMPARISONS = (
    "name",
    "kunya",
    "nisba",
    "birth_date",
    "country",
    "gender",
    "id_number",
    "address",
    "event",
)
"""The model's comparisons (`settings.comparisons`), one weight each."""
COMPETING = ("mutual_best", "unrivalled", "rivals")
"""The competing-candidate features (`competing.competition`)."""
FEATURES = ("intercept", *COMPARISONS, *COMPETING, "names_only")

IDENTITY: dict[str, float] = {f: (1.0 if f in COMPARISONS else 0.0) for f in FEATURES}
"""The coefficients under which the calibrated weight is the model's."""

COEFFICIENTS: dict[str, float] = {
    "intercept": 6.1653,
    "name": 0.8498,
    "kunya": 1.0485,
    "nisba": 0.5336,
    "birth_date": 1.0296,
    "country": 0.53,
    "gender": 0.2777,
    "id_number": 0.922,
    "address": 1.0,
    "event": 0.9801,
    "mutual_best": 0.6569,
    "unrivalled": -0.2841,
    "rivals": -0.8531,
    "names_only": 0.802,
}
"""Fitted by `benchmarks/calibration.py` on 10,000 persons (seed 7) and 40,000 (seed 31):
399,736 scored pairs, blocked as method 2.2 blocks them (with the wide keys, whose pairs add
rivals). No simulated pair has an address to compare, so it keeps the model's weight (the
fit's ridge penalty); a gender agrees on 3% of the pairs, mostly weak ones."""


def comparison_weights(table: pd.DataFrame) -> pd.DataFrame:
    """Per pair and comparison, the model's weight with its term-frequency adjustment
    (Splink's `mw_<comparison>` and `mw_tf_adj_<comparison>`; 0 where absent)."""
    out = {}
    for name in COMPARISONS:
        weight = np.zeros(len(table))
        for column in (f"mw_{name}", f"mw_tf_adj_{name}"):
            if column in table:
                weight = weight + np.nan_to_num(table[column].to_numpy(np.float64))
        out[name] = weight
    return pd.DataFrame(out, index=table.index)


def features(table: pd.DataFrame, competing: pd.DataFrame, names_only: np.ndarray) -> pd.DataFrame:
    """The calibration's features of scored pairs, in the order of FEATURES (a competing
    feature `competing` lacks counts 0)."""
    frame = comparison_weights(table)
    frame.insert(0, "intercept", 1.0)
    for name in COMPETING:
        found = competing[name].to_numpy(np.float64) if name in competing else 0.0
        frame[name] = np.zeros(len(frame)) + found
    frame["names_only"] = np.asarray(names_only, np.float64)
    return frame


def calibrated_weight(
    frame: pd.DataFrame, prior: float, coefficients: Mapping[str, float]
) -> np.ndarray:
    """The calibrated match weight (bits) of pairs with these features (see the module doc)."""
    vector = np.asarray([coefficients.get(f, IDENTITY[f]) for f in FEATURES], np.float64)
    weight: np.ndarray = frame[list(FEATURES)].to_numpy(np.float64) @ vector
    return weight + float(np.log2(prior / (1 - prior)))
