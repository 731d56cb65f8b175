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
             + c₄·names_only + e₁·within_rare + e₂·within_often + Σⱼ≤ₖ dⱼₖ·wⱼ·wₖ

where λ is the prior re-estimated from the scores (`prior`), wₖ the model's weight of
comparison k at the level the pair falls in (with its term-frequency adjustment),
`mutual_best`, `unrivalled` and `rivals` the competing-candidate facts, and `names_only` the
safeguard's flag (such a pair is capped afterwards all the same, `predict`), `within_rare`
and `within_often` the level of the two records' sources (since 2.5, `within`: one source
that seldom or often repeats a record; 0 and 0 across two), and the dⱼₖ weigh the comparisons two by two (`CROSSED`, since 2.4): the model adds their weights as if
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
facts, its sources' level and the prior only; a coefficient missing from a saved calibration counts as IDENTITY's.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from headcount.linkage.within import WITHIN

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
FEATURES = ("intercept", *COMPARISONS, *COMPETING, "names_only", *WITHIN, *PRODUCTS)

IDENTITY: dict[str, float] = {f: (1.0 if f in COMPARISONS else 0.0) for f in FEATURES}
"""The coefficients under which the calibrated weight is the model's."""

COEFFICIENTS: dict[str, float] = {
    "intercept": 7.0989,
    "name": 0.8561,
    "kunya": 1.0353,
    "nisba": 0.5736,
    "birth_date": 1.0521,
    "country": 0.5139,
    "gender": 0.8682,
    "id_number": 0.9162,
    "address": 1.0,
    "event": 1.0615,
    "mutual_best": 1.0929,
    "unrivalled": -0.4612,
    "rivals": -0.8401,
    "names_only": 0.8877,
    "within_rare": -5.1903,
    "within_often": 0.4785,
    "name*name": -0.00517,
    "name*kunya": -0.00098,
    "name*nisba": -0.01587,
    "name*birth_date": 0.0406,
    "name*country": -0.01124,
    "name*id_number": 0.01242,
    "name*event": -0.00107,
    "kunya*kunya": -0.04832,
    "kunya*nisba": 0.01545,
    "kunya*birth_date": 0.02433,
    "kunya*country": 0.03685,
    "kunya*id_number": 0.0001,
    "kunya*event": 0.06528,
    "nisba*nisba": -0.01662,
    "nisba*birth_date": -0.01506,
    "nisba*country": -0.01907,
    "nisba*id_number": 0.00011,
    "nisba*event": 0.01114,
    "birth_date*birth_date": -0.02513,
    "birth_date*country": 0.02951,
    "birth_date*id_number": 0.03427,
    "birth_date*event": 0.05769,
    "country*country": 0.00694,
    "country*id_number": 0.01209,
    "country*event": 0.00831,
    "id_number*id_number": -0.02649,
    "id_number*event": 0.01211,
    "event*event": -0.01582,
}
"""Fitted by `benchmarks/calibration.py` on 10,000 persons (seed 7) and 40,000 (seed 31):
391,708 scored pairs, blocked and trained as method 2.5 does (as 2.4), the sources' repeat
shares read under 2.4's coefficients (`within`; read under these, the refit gives these to the
last digit), the products fitted over the first-order features (`fit_products`). No simulated pair has an address to compare, so it keeps the
model's weight (the fit's ridge penalty); a gender agrees on 3% of the pairs, mostly weak
ones."""


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


def features(table: pd.DataFrame, facts: pd.DataFrame, names_only: np.ndarray) -> pd.DataFrame:
    """The calibration's features of scored pairs, in the order of FEATURES, from their
    comparison weights, their competing and within-source `facts` (one `facts` lacks counts 0)
    and the safeguard's flag."""
    frame = comparison_weights(table)
    frame.insert(0, "intercept", 1.0)
    for name in COMPETING:
        frame[name] = _fact(facts, name, len(frame))
    frame["names_only"] = np.asarray(names_only, np.float64)
    for name in WITHIN:
        frame[name] = _fact(facts, name, len(frame))
    crossed = {
        name: frame[a].to_numpy(np.float64) * frame[b].to_numpy(np.float64)
        for name, (a, b) in zip(PRODUCTS, PAIRS, strict=True)
    }
    return pd.concat([frame, pd.DataFrame(crossed, index=frame.index)], axis=1)


def _fact(facts: pd.DataFrame, name: str, count: int) -> np.ndarray:
    found = facts[name].to_numpy(np.float64) if name in facts else 0.0
    return np.zeros(count) + found


def calibrated_weight(
    frame: pd.DataFrame, prior: float, coefficients: Mapping[str, float]
) -> np.ndarray:
    """The calibrated match weight (bits) of pairs with these features (see the module doc)."""
    vector = np.asarray([coefficients.get(f, IDENTITY[f]) for f in FEATURES], np.float64)
    weight: np.ndarray = frame[list(FEATURES)].to_numpy(np.float64) @ vector
    return weight + float(np.log2(prior / (1 - prior)))
