"""Fit the calibration of pair probabilities (`headcount.linkage.calibrate`) and check it.

Run: `.venv/bin/python benchmarks/calibration.py [--fit 10000:7 40000:31] [--check 10000:21]
[--cache DIR]`. For each simulated population (persons:seed) it ingests the records, trains the
model and scores the blocked pairs as `link` does (`predict.scored_table`), and labels each
kept pair with the simulator's truth. On the `--fit` populations it fits the coefficients —
a logistic regression (statsmodels) of the truth on the first-order features of
`calibrate.FEATURES`, in bits, with the model's own weight (re-estimated prior included) as
offset and a ridge penalty on each comparison's departure from it; then, over that, the
products of the comparisons' weights (`calibrate.PRODUCTS`) — and prints them as the
Python constant `calibrate.COEFFICIENTS` holds. Then, for every population, the calibration
table: per band of probability, the pairs and the share of them truly one person, under the
model (`calibrate.IDENTITY`), under the shipped coefficients and under the ones just fitted.

`--cache DIR` keeps each population's scored table (Parquet: the records of each pair, each
comparison's weight, the truth and the prior), so that a second run does not simulate and
link again, and a change to the calibration's features (`calibrate.features`,
`competing.competition`) is fitted from it as it is.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm

from headcount.linkage.blocking import add_blocking_keys
from headcount.linkage.calibrate import (
    COEFFICIENTS,
    COMPARISONS,
    FEATURES,
    IDENTITY,
    PRODUCTS,
    calibrated_weight,
)
from headcount.linkage.engines import database_api
from headcount.linkage.frequencies import register, value_counts
from headcount.linkage.namecache import cached_features
from headcount.linkage.predict import pair_features, scored_table
from headcount.linkage.prepare import TRAIT_COLUMNS, comparison_frame, name_values, store_facts
from headcount.linkage.train import trained_linker
from headcount.linkage.within import record_sources

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkage import simulated_store, truth_by_id

PRODUCT_RIDGE = 1e-2
"""The ridge penalty on each product's coefficient (`fit_products`; a product is in bits²)."""
FIRST_ORDER = tuple(f for f in FEATURES if f not in PRODUCTS)
RIDGE = 1e-3
"""The ridge penalty on each comparison's departure from the model's weight (statsmodels'
`alpha`, per pair): large enough to keep an unexercised comparison at the model's weight,
small enough to leave a well-measured one where the data put it."""
BANDS = (
    (0.01, 0.1),
    (0.1, 0.3),
    (0.3, 0.5),
    (0.5, 0.6),
    (0.6, 0.8),
    (0.8, 0.9),
    (0.9, 0.99),
    (0.99, 1.01),
)


def labelled_pairs(persons: int, seed: int, cache: Path | None) -> pd.DataFrame:
    """The kept pairs of a simulated population: features, prior and truth (`same`).

    The cache keeps the scored table itself (each comparison's weight, the records) and each
    record's source, so that a change to the calibration's features is fitted again without
    linking again. The sources' repeat shares (`within`) are read under the shipped
    coefficients."""
    path = cache / f"table-{persons}-{seed}.parquet" if cache else None
    kept = cache / f"sources-{persons}-{seed}.parquet" if cache else None
    if path is not None and kept is not None and path.exists():
        table, sources = pd.read_parquet(path), pd.read_parquet(kept)["source"]
    else:
        table, sources = scored_population(persons, seed)
        if path is not None and kept is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            table.to_parquet(path)
            sources.to_frame("source").to_parquet(kept)
    prior = 2 ** table["prior_bits"].iloc[0]
    out = pair_features(
        table.drop(columns=["same", "prior_bits"]), sources, prior / (1 + prior), COEFFICIENTS
    )
    out["same"] = table["same"].to_numpy(bool)
    out["prior_bits"] = table["prior_bits"].to_numpy(np.float64)
    out["population"] = f"{persons}:{seed}"
    return out


def scored_population(persons: int, seed: int) -> tuple[pd.DataFrame, pd.Series]:
    """The scored table of a simulated population (`predict.scored_table`), each pair
    labelled with the truth (`same`) and the prior (`prior_bits`); and each record's source."""
    with tempfile.TemporaryDirectory(prefix="headcount-calibration-") as folder:
        store, truth_path = simulated_store(persons, seed, Path(folder))
        with store.reading() as connection:
            facts = list(store_facts(connection))
        known, _ = cached_features(store, name_values(facts))
        frame = comparison_frame(facts, known=known)
        counted = value_counts(frame)
        framed, _ = add_blocking_keys(frame.drop(columns=list(TRAIT_COLUMNS)))
        api = database_api("duckdb")
        linker, _ = trained_linker(framed, api)
        register(linker, api, counted)
        table, prior = scored_table(linker, len(frame))
        truth = truth_by_id(store, truth_path)
    left = truth.reindex(table["unique_id_l"]).to_numpy()
    right = truth.reindex(table["unique_id_r"]).to_numpy()
    return table.assign(
        same=(left == right) & pd.notna(left), prior_bits=math.log2(prior / (1 - prior))
    ), record_sources(frame)


def fit(pairs: pd.DataFrame) -> dict[str, float]:
    """The coefficients (bits per bit) of the logistic calibration's first-order features:
    the prior and the model's weights as offset, so that what is fitted is each comparison's
    departure from the model, shrunk towards it by a ridge penalty (`RIDGE`) — a comparison
    the populations hardly exercise (gender, address: absent or always null in the
    simulator) keeps the model's weight instead of an arbitrary one. The intercept and the
    competing facts are not shrunk. The products are left at 0 (`fit_products`)."""
    ln2 = math.log(2)
    design = pairs[list(FIRST_ORDER)].to_numpy(np.float64) * ln2
    model_bits = pairs["prior_bits"] + pairs[list(COMPARISONS)].sum(axis=1)
    model = sm.GLM(
        pairs["same"].to_numpy(np.float64),
        design,
        family=sm.families.Binomial(),
        offset=model_bits.to_numpy(np.float64) * ln2,
    )
    penalty = np.asarray([RIDGE if f in COMPARISONS else 0.0 for f in FIRST_ORDER])
    result = model.fit_regularized(alpha=penalty, L1_wt=0.0)
    fitted = {
        f: round(float(c) + IDENTITY[f], 4) for f, c in zip(FIRST_ORDER, result.params, strict=True)
    }
    return {**fitted, **dict.fromkeys(PRODUCTS, 0.0)}


def fit_products(pairs: pd.DataFrame, first: dict[str, float]) -> dict[str, float]:
    """`first` with the products of the comparisons' weights (`calibrate.PRODUCTS`) fitted
    over it: the weight under `first` as offset, a shift of the intercept and one coefficient
    per product, each shrunk towards 0 by `PRODUCT_RIDGE`."""
    ln2 = math.log(2)
    # each population's own prior (calibrated_weight adds none at 0.5)
    offset = calibrated_weight(pairs, 0.5, first) + pairs["prior_bits"].to_numpy(np.float64)
    columns = ["intercept", *PRODUCTS]
    model = sm.GLM(
        pairs["same"].to_numpy(np.float64),
        pairs[columns].to_numpy(np.float64) * ln2,
        family=sm.families.Binomial(),
        offset=np.asarray(offset, np.float64) * ln2,
    )
    penalty = np.asarray([0.0, *[PRODUCT_RIDGE] * len(PRODUCTS)])
    result = model.fit_regularized(alpha=penalty, L1_wt=0.0)
    fitted = dict(first)
    fitted["intercept"] = round(first["intercept"] + float(result.params[0]), 4)
    for name, value in zip(PRODUCTS, result.params[1:], strict=True):
        fitted[name] = round(float(value), 5)
    return fitted


def table(pairs: pd.DataFrame, coefficients: dict[str, float]) -> list[str]:
    """Per band of calibrated probability: pairs, mean probability, share truly one person."""
    prior = 2 ** pairs["prior_bits"].iloc[0]
    weight = calibrated_weight(pairs, prior / (1 + prior), coefficients)
    probability = 1 / (1 + np.exp2(-weight))
    same = pairs["same"].to_numpy(bool)
    lines = []
    for low, high in BANDS:
        band = (probability >= low) & (probability < high)
        if band.any():
            lines.append(
                f"    [{low:.2f}, {min(high, 1):.2f}) {int(band.sum()):>8,} pairs, mean "
                f"{probability[band].mean():.3f}, true {same[band].mean():.3f}"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", nargs="*", default=["10000:7", "40000:31"])
    parser.add_argument("--check", nargs="*", default=[])
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args()
    populations = {
        spec: labelled_pairs(*(int(x) for x in spec.split(":")), args.cache)
        for spec in [*args.fit, *args.check]
    }
    both = pd.concat([populations[s] for s in args.fit], ignore_index=True)
    fitted = fit_products(both, fit(both))
    print("COEFFICIENTS =", fitted)
    for spec, pairs in populations.items():
        role = "fitted on" if spec in args.fit else "not fitted on"
        print(f"{spec} ({role}): {len(pairs):,} pairs, {int(pairs['same'].sum()):,} true")
        for label, coefficients in (
            ("model", IDENTITY),
            ("shipped", COEFFICIENTS),
            ("fitted", fitted),
        ):
            print(f"  {label}:")
            print("\n".join(table(pairs, coefficients)))


if __name__ == "__main__":
    main()
