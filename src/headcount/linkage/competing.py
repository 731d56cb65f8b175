"""Competing candidates: a record's best candidate with no rival is likelier than the model says.

Fellegi–Sunter scores each pair alone. But a record whose best candidate is also that
candidate's best — and more so when one of the two has no other candidate at all — is one
person far more often than its score says: no other record competes to explain it (the
best-match and one-to-one adjustments fastLink and Splink users apply). Measured on the
stored pairs of 10,000 simulated persons (seed 7), against a mean probability of 0.41 in the
band 0.3–0.5:

| pairs (probability 0.3–0.5)                               | pairs | true |
|-----------------------------------------------------------|------:|-----:|
| each other's best, one of them with no other candidate    |    94 | 85%  |
| each other's best, both with other candidates             |    90 | 66%  |
| the best of one only, or of neither                       | 2,490 | 36%  |

(and in 0.1–0.3: 59%, 53%, 20% against a mean of 0.18). So such pairs gain a fixed number of
bits, calibrated on those shares: `UNRIVALLED_BITS` (+3: odds × 8) for an unrivalled pair and
`MUTUAL_BITS` (+1.5) for mutual best candidates with rivals; the others are left as the model
scored them. Candidates are the pairs kept after scoring (probability ≥ `predict.PAIR_FLOOR`);
a pair agreeing on names alone competes but gains nothing (it is never linked). `link --new`
scores new records without it: their rivals are in the previous run, whose pairs are stored
adjusted already.

Invariant: the adjustment only raises weights, and only of linkable pairs; the pairs keep
their order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from headcount.linkage.cluster import Pairs

UNRIVALLED_BITS = 3.0
MUTUAL_BITS = 1.5


def competition(pairs: Pairs) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: whether its records are each other's best candidate, and whether one of
    them has no other candidate (ties go to the pair listed first)."""
    count = len(pairs)
    index = np.arange(count)
    sides = pd.DataFrame({
        "record": np.concatenate([pairs.left, pairs.right]),
        "weight": np.concatenate([pairs.weight, pairs.weight]),
        "pair": np.concatenate([index, index]),
    })  # fmt: skip
    candidates = sides["record"].value_counts()
    ranked = sides.sort_values(["weight", "pair"], ascending=[False, True], kind="stable")
    best = ranked.drop_duplicates("record").set_index("record")["pair"]
    mutual = (best.reindex(pairs.left).to_numpy() == index) & (
        best.reindex(pairs.right).to_numpy() == index
    )
    alone = (candidates.reindex(pairs.left).to_numpy() == 1) | (
        candidates.reindex(pairs.right).to_numpy() == 1
    )
    return mutual, mutual & alone


def adjusted(pairs: Pairs) -> Pairs:
    """The pairs with the competing-candidates adjustment (see the module doc)."""
    if not len(pairs):
        return pairs
    mutual, unrivalled = competition(pairs)
    linkable = pairs.linkable()
    bonus = np.where(unrivalled, UNRIVALLED_BITS, np.where(mutual, MUTUAL_BITS, 0.0))
    weight = pairs.weight + bonus * linkable
    probability = 1 / (1 + np.exp2(-weight))
    return Pairs(pairs.left, pairs.right, probability, weight, pairs.names_only)
