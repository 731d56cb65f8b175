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
             + c₄·names_only + Σⱼ≤ₖ dⱼₖ·wⱼ·wₖ

where λ is the prior re-estimated from the scores (`prior`), wₖ the model's weight of
comparison k at the level the pair falls in (with its term-frequency adjustment),
`mutual_best`, `unrivalled` and `rivals` the competing-candidate facts, and `names_only` the
safeguard's flag (such a pair is capped afterwards all the same, `predict`), and the dⱼₖ
weigh the comparisons two by two (`CROSSED`, since 2.4): the model adds their weights as if
independent, and the fit says otherwise — a birth date that agrees beside an event, a name or
a document weighs more than alone, a strong kunya less than its own weight says. With a = 0,
every bₖ = 1 and every c and d = 0 it is the model unchanged (`IDENTITY`).

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
CROSSED = ("name", "kunya", "nisba", "birth_date", "country", "id_number", "event")
"""The comparisons whose weights are also taken two by two (method 2.4): the product of each
two, and of each with itself, is a feature (`a*b`, in bits²)."""
PAIRS = tuple((a, b) for i, a in enumerate(CROSSED) for b in CROSSED[i:])
PRODUCTS = tuple(f"{a}*{b}" for a, b in PAIRS)
FEATURES = ("intercept", *COMPARISONS, *COMPETING, "names_only", *PRODUCTS)

IDENTITY: dict[str, float] = {f: (1.0 if f in COMPARISONS else 0.0) for f in FEATURES}
"""The coefficients under which the calibrated weight is the model's."""

COEFFICIENTS: dict[str, float] = {
    "intercept": 6.9413,
    "name": 0.8607,
    "kunya": 1.0615,
    "nisba": 0.5464,
    "birth_date": 1.0561,
    "country": 0.5213,
    "gender": 0.3239,
    "id_number": 0.9112,
    "address": 1.0,
    "event": 0.9967,
    "mutual_best": 0.569,
    "unrivalled": -0.287,
    "rivals": -0.8295,
    "names_only": 0.8112,
    "name*name": -0.00454,
    "name*kunya": -0.00239,
    "name*nisba": -0.01828,
    "name*birth_date": 0.04424,
    "name*country": -0.0096,
    "name*id_number": 0.01295,
    "name*event": 0.00091,
    "kunya*kunya": -0.05881,
    "kunya*nisba": 0.02946,
    "kunya*birth_date": 0.0376,
    "kunya*country": 0.04669,
    "kunya*id_number": 9e-05,
    "kunya*event": 0.04393,
    "nisba*nisba": -0.02915,
    "nisba*birth_date": -0.01389,
    "nisba*country": -0.00674,
    "nisba*id_number": 9e-05,
    "nisba*event": 0.00647,
    "birth_date*birth_date": -0.02515,
    "birth_date*country": 0.02724,
    "birth_date*id_number": 0.03335,
    "birth_date*event": 0.05931,
    "country*country": -0.00068,
    "country*id_number": 0.0105,
    "country*event": 0.01288,
    "id_number*id_number": -0.02277,
    "id_number*event": 0.0119,
    "event*event": -0.01367,
}
"""Fitted by `benchmarks/calibration.py` on 10,000 persons (seed 7) and 40,000 (seed 31):
391,708 scored pairs, blocked and trained as method 2.4 does, the products fitted over the
first-order features (`fit_products`). No simulated pair has an address to compare, so it
keeps the model's weight (the fit's ridge penalty); a gender agrees on 3% of the pairs,
mostly weak ones."""


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
    crossed = {
        name: frame[a].to_numpy(np.float64) * frame[b].to_numpy(np.float64)
        for name, (a, b) in zip(PRODUCTS, PAIRS, strict=True)
    }
    return pd.concat([frame, pd.DataFrame(crossed, index=frame.index)], axis=1)


def calibrated_weight(
    frame: pd.DataFrame, prior: float, coefficients: Mapping[str, float]
) -> np.ndarray:
    """The calibrated match weight (bits) of pairs with these features (see the module doc)."""
    vector = np.asarray([coefficients.get(f, IDENTITY[f]) for f in FEATURES], np.float64)
    weight: np.ndarray = frame[list(FEATURES)].to_numpy(np.float64) @ vector
    return weight + float(np.log2(prior / (1 - prior)))
