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

So both facts are features of the calibration (`calibrate`), which weighs them against the
comparisons on simulated truth, rather than fixed bonuses; and a third, `rivals`: how many
other candidates the two records have (log2 of one more than their number), which grows with
the population and its common names, where the model's weights do not move. Candidates are the pairs kept after
scoring (probability ≥ `predict.PAIR_FLOOR`), ranked by the model's match weight; a pair
agreeing on names alone competes like any other.

Invariant: the features depend only on the pairs' records and model weights, not on their order
(ties go to the pair listed first, and pairs come sorted).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def competition(left: np.ndarray, right: np.ndarray, weight: np.ndarray) -> pd.DataFrame:
    """Per pair: `mutual_best` (its records are each other's best candidate: the one-to-one
    best match), `unrivalled` (besides, one of them has no other candidate) and `rivals`
    (log2 of one more than the other candidates of the two records)."""
    count = len(left)
    index = np.arange(count)
    sides = pd.DataFrame(
        {
            "record": np.concatenate([left, right]),
            "weight": np.concatenate([weight, weight]),
            "pair": np.concatenate([index, index]),
        }
    )
    candidates = sides["record"].value_counts()
    ranked = sides.sort_values(["weight", "pair"], ascending=[False, True], kind="stable")
    best = ranked.drop_duplicates("record").set_index("record")["pair"]
    mutual = (best.reindex(left).to_numpy() == index) & (best.reindex(right).to_numpy() == index)
    on_left = candidates.reindex(left).to_numpy()
    on_right = candidates.reindex(right).to_numpy()
    alone = (on_left == 1) | (on_right == 1)
    return pd.DataFrame(
        {
            "mutual_best": mutual,
            "unrivalled": mutual & alone,
            "rivals": np.log2(on_left + on_right - 1.0),
        }
    )
