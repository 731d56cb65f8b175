"""How far a better scorer of the same pairs could take linkage: a bound on the pair scores.

Run: `.venv/bin/python -u benchmarks/recall.py --persons 40000 --seed 63 --keep r63.pkl`
(once per population), then `.venv/bin/python -u benchmarks/scorer_bound.py r63.pkl
[r64.pkl …] [--sets "as shipped" "+ neighbours"]` (a set of inputs took 15–25 minutes per
40,000-person population on two cores shared with other work).

Issue 16 asks pairwise F1 ≥ 0.95 of the safeguard-bound ceiling (`ceiling`) at 40,000 persons.
The ceiling assumes a scorer that knows which of the pairs sharing a name element and a fact
beyond names are true. This benchmark asks how much of the distance to it is the scorer's —
the logistic calibration (`calibrate`) — and how much is the records', by replacing the
calibration with a flexible learner (scikit-learn's gradient-boosted trees) **trained on the
truth of the population it scores**, cross-fitted in four folds of records (a pair is scored
by trees that never saw it, but saw its neighbours and the same population's names):
an optimistic bound of what any function of these features can reach on these records.
Each scorer's probabilities are clustered as `link` clusters them (`cluster_records`,
contradictions included).

Rows, per population: the shipped calibration; a perfect scorer of the pairs kept (every
true pair the safeguard allows at 1, the rest at 0); and the learner over

- `as shipped`: the comparisons' weights (term-frequency adjustments apart), the competing
  facts, the sources' levels and the safeguard's flag — the calibration's own inputs;
- `+ country crowd`: and the number of records holding the rarest country the two share
  (a shared Russia says less than a shared Finland: the model's country weight is one);
- `+ neighbours`: and, from the shipped calibration's pairs, the best support through a third
  record (max over c of min(p(a, c), p(b, c))), the number of third records linked to both
  at 0.5 or more, and the two records' numbers of candidates.

A learner is not shipped (a linker must not fit on a population's truth); the bound says what
a change of calibration can and cannot buy.
"""

from __future__ import annotations

import argparse
import pickle
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier

from headcount.linkage.calibrate import COEFFICIENTS, COMPETING
from headcount.linkage.ceiling import _linkable, _scores, true_pairs
from headcount.linkage.cluster import Pairs, cluster_records
from headcount.linkage.predict import PAIR_FLOOR, capped, pair_features, scored_pairs, supported
from headcount.linkage.scores import Scores, bcubed, pairwise
from headcount.linkage.within import WITHIN

WEIGHTS = (
    "mw_name",
    "mw_tf_adj_name",
    "mw_kunya",
    "mw_tf_adj_kunya",
    "mw_nisba",
    "mw_birth_date",
    "mw_country",
    "mw_gender",
    "mw_id_number",
    "mw_event",
)
FACTS = (*COMPETING, "names_only", *WITHIN)
"""The calibration's inputs beside the comparisons' weights (`calibrate.FEATURES`)."""
SETS = {
    "as shipped": (*WEIGHTS, *FACTS),
    "+ country crowd": (*WEIGHTS, *FACTS, "country_crowd"),
    "+ neighbours": (*WEIGHTS, *FACTS, "country_crowd", "support", "supporters", "candidates"),
}
FOLDS = 4
THRESHOLDS = (0.5, 0.6)


class Population:
    """One population kept by `recall.py --keep`, with its pairs' features and truth."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            kept = pickle.load(handle)
        self.table, self.prior, self.ids, self.traits, truth, self.rows, _, self.sources = kept
        self.truth: pd.Series = truth
        self.left = self.table["unique_id_l"].to_numpy(np.int64)
        self.right = self.table["unique_id_r"].to_numpy(np.int64)
        found_l, found_r = truth.reindex(self.left).to_numpy(), truth.reindex(self.right).to_numpy()
        self.same = (found_l == found_r) & pd.notna(found_l)
        self.shipped, _ = scored_pairs(self.table, self.prior, COEFFICIENTS, self.sources)
        facts = pair_features(self.table, self.sources, self.prior, COEFFICIENTS)
        self.features = pd.concat(
            [
                self.table[list(WEIGHTS)].fillna(0.0).reset_index(drop=True),
                facts[list(FACTS)].reset_index(drop=True),
            ],
            axis=1,
        )
        self.features["country_crowd"] = self._country_crowd()
        self.features = pd.concat([self.features, self._neighbours()], axis=1)

    def _country_crowd(self) -> np.ndarray:
        countries = self.rows["countries"]
        held = Counter(c for cell in countries.values() if cell is not None for c in cell)
        out = np.zeros(len(self.left))
        for i, (a, b) in enumerate(zip(self.left.tolist(), self.right.tolist(), strict=True)):
            shared = set(countries.get(a) or ()) & set(countries.get(b) or ())
            if shared:
                out[i] = np.log2(min(held[c] for c in shared))
        return out

    def _neighbours(self) -> pd.DataFrame:
        shipped = self.shipped
        probability: dict[tuple[int, int], float] = {}
        around: dict[int, set[int]] = {}
        for a, b, p in zip(
            shipped.left.tolist(), shipped.right.tolist(), shipped.probability.tolist(), strict=True
        ):
            probability[(a, b)] = probability[(b, a)] = p
            around.setdefault(a, set()).add(b)
            around.setdefault(b, set()).add(a)
        support, supporters, candidates = (np.zeros(len(self.left)) for _ in range(3))
        for i, (a, b) in enumerate(zip(self.left.tolist(), self.right.tolist(), strict=True)):
            near_a, near_b = around.get(a, set()), around.get(b, set())
            candidates[i] = np.log2(1 + len(near_a) + len(near_b))
            through = [min(probability[(a, c)], probability[(b, c)]) for c in near_a & near_b]
            support[i] = max(through, default=0.0)
            supporters[i] = sum(p >= 0.5 for p in through)
        return pd.DataFrame(
            {"support": support, "supporters": supporters, "candidates": candidates}
        )

    def scores(self, pairs: Pairs, threshold: float) -> tuple[Scores, Scores, int]:
        person = cluster_records(self.ids, pairs, threshold, {}, self.traits).person_of()
        predicted = pd.Series([person[r] for r in self.truth.index], index=self.truth.index)
        found = len(set(person.values()))
        return pairwise(predicted, self.truth), bcubed(predicted, self.truth), found

    def pairs_of(self, probability: np.ndarray) -> Pairs:
        probability = np.clip(probability, 1e-9, 1 - 1e-9)
        kept = probability >= PAIR_FLOOR
        weight = np.log2(probability / (1 - probability))
        return capped(
            self.table[kept].assign(match_weight=weight[kept], match_probability=probability[kept])
        )

    def ceiling(self) -> tuple[float, float]:
        """The safeguard-bound ceiling's pairwise and B-cubed F1 (`ceiling.ceiling`)."""
        ids = [r for r in self.ids if r in self.truth.index]
        truth = {int(k): v for k, v in self.truth.items()}
        linkable = [p for p in true_pairs(ids, truth) if _linkable(self.rows, *p)]
        return _scores(ids, linkable, self.truth)


def cross_fitted(population: Population, columns: tuple[str, ...]) -> np.ndarray:
    """Each pair's probability from trees fitted on the other folds (folds by left record)."""
    design = population.features[list(columns)].to_numpy(np.float64)
    fold = population.left % FOLDS
    out = np.zeros(len(design))
    for k in range(FOLDS):
        learner = HistGradientBoostingClassifier(
            max_iter=150,
            learning_rate=0.1,
            max_leaf_nodes=63,
            min_samples_leaf=40,
            l2_regularization=1.0,
            random_state=k,
        )
        learner.fit(design[fold != k], population.same[fold != k])
        out[fold == k] = learner.predict_proba(design[fold == k])[:, 1]
    return out


def report(path: Path, sets: list[str]) -> None:
    """The table of one population (see the module doc), the learner over `sets`."""
    population = Population(path)
    top_pairwise, top_bcubed = population.ceiling()
    print(
        f"{path.name}: {len(population.ids):,} records, {len(population.table):,} scored pairs "
        f"({int(population.same.sum()):,} true); ceiling pairwise F1 {top_pairwise:.4f}, "
        f"B-cubed {top_bcubed:.4f}",
        flush=True,
    )

    def line(label: str, pairs: Pairs, threshold: float) -> None:
        p, b, found = population.scores(pairs, threshold)
        print(
            f"  {label:<34} {threshold:.2f}  P {p.precision:.4f} R {p.recall:.4f} "
            f"F1 {p.f1:.4f} ({p.f1 / top_pairwise:.3f})  B-cubed {b.f1:.4f} "
            f"({b.f1 / top_bcubed:.3f})  persons {found:,}",
            flush=True,
        )

    for threshold in THRESHOLDS:
        line("shipped calibration", population.shipped, threshold)
    perfect = (population.same & supported(population.table)).astype(np.float64)
    line("perfect scorer of the kept pairs", population.pairs_of(perfect), 0.5)
    for label in sets:
        probability = cross_fitted(population, SETS[label])
        for threshold in THRESHOLDS:
            line(f"learner, {label}", population.pairs_of(probability), threshold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kept", nargs="+", type=Path, help="pickles of recall.py --keep")
    parser.add_argument(
        "--sets", nargs="*", choices=list(SETS), default=list(SETS), help="the learner's inputs"
    )
    args = parser.parse_args()
    for path in args.kept:
        report(path, args.sets)


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
