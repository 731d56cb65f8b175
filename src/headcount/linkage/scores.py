"""Pairwise and B-cubed precision, recall and F1 of two labellings of the same records.

- **Pairwise**: over pairs of records, a pair put in one person is right when the truth has
  them as one person. Large persons weigh quadratically.
- **B-cubed** (Bagga & Baldwin 1998): per record, precision is the share of its predicted
  person that truly belongs with it, recall the share of its true person it was put with;
  averaged over records. Every record weighs the same.

A few lines of NumPy over contingency tables (`evaluate` adds the per-source and per-script
breakdowns, `ceiling` the safeguard-bound ceiling).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> Scores:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(round(precision, 6), round(recall, 6), round(f1, 6))


def pair_count(keys: pd.Series) -> int:
    n = keys.value_counts().to_numpy(np.int64)
    return int((n * (n - 1) // 2).sum())


def pairwise(predicted: pd.Series, truth: pd.Series) -> Scores:
    """Pairwise precision and recall of two labellings of the same records."""
    both = pair_count(predicted.astype(str) + "\x00" + truth.astype(str))
    found, real = pair_count(predicted), pair_count(truth)
    return Scores.of(both / found if found else 1.0, both / real if real else 1.0)


def bcubed_per_record(predicted: pd.Series, truth: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each record's B-cubed precision and recall."""
    joint = predicted.astype(str) + "\x00" + truth.astype(str)
    n_joint = joint.map(joint.value_counts()).to_numpy(float)
    n_pred = predicted.map(predicted.value_counts()).to_numpy(float)
    n_true = truth.map(truth.value_counts()).to_numpy(float)
    return n_joint / n_pred, n_joint / n_true


def bcubed(predicted: pd.Series, truth: pd.Series) -> Scores:
    """B-cubed precision and recall of two labellings of the same records."""
    precision, recall = bcubed_per_record(predicted, truth)
    return Scores.of(float(np.mean(precision)), float(np.mean(recall)))
