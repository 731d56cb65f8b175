"""Recall diagnosis: where the true pairs a linker bound by the safeguard could link are lost.

Run: `.venv/bin/python -u benchmarks/recall.py [--persons 10000] [--seed 61] [--threshold 0.5]
[--store URL --truth links.csv | --work DIR] [--keep FILE]`. It simulates (or takes) a population and runs
`link`'s steps in process (`prepare`, `blocking`, `train`, `predict`, `cluster`), keeping each
scored pair's comparison weights, and sorts every linkable true pair (`ceiling`: a name element
and a fact beyond names in common) that ends in two persons by the first step that lost it:

- `not proposed`: no blocking rule's key meets the two records;
- `below the floor`: proposed, scored under `predict.PAIR_FLOOR`, not kept;
- `names only`: kept, but no supporting comparison agrees (the safeguard);
- `below the threshold`: kept under the threshold;
- `split by clustering`: at or above it, but the two records' groups were kept apart (rules
  5 and 6 of `cluster`).

Then the same per fragment (issue 17): a true person found as k persons has k − 1 fragments
too many; each is charged to the best evidence between the fragments (joining them with the
split links first, then those below the threshold, and so on). For the pairs below the
threshold it prints which comparisons weigh against them (the sum of the negative weights)
and their number per band of calibrated probability; and the calibration of every kept pair
(per band, the mean probability and the share of true pairs). `--keep` pickles the scored
table (with each comparison's weight), the prior, the traits, the truth and each record's source, to try a
calibration or a clustering rule on them without training and scoring again. `--work DIR`
simulates into DIR and keeps the store there, or takes the one a previous run left in it
(40,000 persons take minutes to simulate and ingest).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from headcount.linkage.blocking import KEY_COLUMNS, add_blocking_keys
from headcount.linkage.calibrate import COEFFICIENTS
from headcount.linkage.ceiling import NAME_ELEMENTS, _linkable, true_pairs
from headcount.linkage.cluster import cluster_records
from headcount.linkage.engines import duckdb_api, release
from headcount.linkage.frequencies import register, value_counts
from headcount.linkage.namecache import cached_features
from headcount.linkage.predict import scored_pairs, scored_table
from headcount.linkage.prepare import TRAIT_COLUMNS, comparison_frame, name_values, store_facts
from headcount.linkage.scores import bcubed, pairwise
from headcount.linkage.train import trained_linker
from headcount.linkage.traits import frame_traits
from headcount.linkage.within import record_sources
from headcount.storage import Store, connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkage import given_or_simulated, truth_by_id

STEPS = (
    "split by clustering",
    "below the threshold",
    "names only",
    "below the floor",
    "not proposed",
    "not linkable",
)
"""Where a true pair is lost, from the last step to the first (and pairs the ceiling leaves)."""
BANDS = (0.01, 0.1, 0.2, 0.3, 0.4, 0.5)
CALIBRATION = (0.01, 0.1, 0.3, 0.5, 0.6, 0.8, 0.9, 0.99)
ROW_COLUMNS = (
    *NAME_ELEMENTS,
    "id_numbers",
    "places",
    "event_months",
    "stated_countries",
    "birth_year_low",
    "birth_year_high",
    "countries",
    "placed_event_months",
    "event_places",
)


def diagnose(store: Store, truth_path: Path, threshold: float, keep: str | None) -> None:
    truth = truth_by_id(store, truth_path)
    started = time.process_time()
    with store.reading() as c:
        facts = list(store_facts(c))
    known, _ = cached_features(store, name_values(facts))
    frame = comparison_frame(facts, None, known)
    ids, traits, counted = frame["unique_id"].tolist(), frame_traits(frame), value_counts(frame)
    sources = record_sources(frame)
    framed, _ = add_blocking_keys(frame.drop(columns=list(TRAIT_COLUMNS)))
    indexed = framed.set_index("unique_id")
    rows = {c: indexed[c].to_dict() for c in ROW_COLUMNS}
    keys = {c: indexed[c].to_dict() for c in KEY_COLUMNS}
    api = duckdb_api()
    linker, _ = trained_linker(framed, api)
    register(linker, api, counted)
    table, prior = scored_table(linker, len(framed))
    release(api)
    if keep:
        with Path(keep).open("wb") as handle:
            pickle.dump((table, prior, ids, traits, truth, rows, keys, sources), handle)
    pairs, _ = scored_pairs(table, prior, COEFFICIENTS, sources)
    person = cluster_records(ids, pairs, threshold, {}, traits).person_of()
    print(f"{len(ids):,} records, {len(pairs):,} pairs kept, {time.process_time() - started:.0f} s")
    predicted = pd.Series([person[r] for r in truth.index], index=truth.index)
    print(f"pairwise {pairwise(predicted, truth)} | B-cubed {bcubed(predicted, truth)}")
    same = truth.reindex(pairs.left).to_numpy() == truth.reindex(pairs.right).to_numpy()
    print("calibration: per band of probability, pairs, mean probability, share true")
    for low, high in zip(CALIBRATION, (*CALIBRATION[1:], 1.01), strict=True):
        band = (pairs.probability >= low) & (pairs.probability < high)
        if band.any():
            print(
                f"  [{low:.2f}, {min(high, 1):.2f}) {int(band.sum()):>9,} "
                f"{pairs.probability[band].mean():.3f} {same[band].mean():.3f}"
            )

    kept = {
        (int(a), int(b)): (float(p), bool(n))
        for a, b, p, n in zip(
            pairs.left, pairs.right, pairs.probability, ~pairs.linkable(), strict=True
        )
    }
    weights = table.set_index(["unique_id_l", "unique_id_r"])
    mw = [c for c in table.columns if c.startswith("mw_")]
    lost: Counter[str] = Counter()
    against: Counter[str] = Counter()
    bands: Counter[float] = Counter()
    edges: dict[str, list[tuple[int, int]]] = {step: [] for step in STEPS}
    truth_ids = set(truth.index)
    every = true_pairs([r for r in ids if r in truth_ids], truth.to_dict())
    for a, b in every:
        step = _step(a, b, rows, keys, kept, threshold)
        if person[a] != person[b]:
            edges[step].append((a, b))
            if step != "not linkable":
                lost[step] += 1
            if step == "below the threshold":
                for column in mw:
                    value = float(weights.at[(a, b), column])
                    if value < 0:
                        against[column[3:]] += -value
                low = max(x for x in BANDS if x <= kept[(a, b)][0])
                bands[low] += 1
    linkable = sum(1 for a, b in every if _linkable(rows, a, b))
    print(f"true pairs {len(every):,}, linkable {linkable:,}; linkable pairs in two persons:")
    for step in STEPS[:-1]:
        print(f"  {step:<22} {lost[step]:>7,} ({lost[step] / linkable:.3f} of the linkable)")
    print("below the threshold, per band of calibrated probability:")
    for low in BANDS[:-1]:
        print(f"  [{low:.2f}, …) {bands[low]:>7,}")
    print("below the threshold, the weight (bits) each comparison puts against them, summed:")
    for name, total in against.most_common():
        print(f"  {name:<14} {total:>10,.0f}")
    _fragments(truth, person, edges)


def _step(
    a: int,
    b: int,
    rows: dict[str, dict[Any, Any]],
    keys: dict[str, dict[Any, Any]],
    kept: dict[tuple[int, int], tuple[float, bool]],
    threshold: float,
) -> str:
    if not _linkable(rows, a, b):
        return "not linkable"
    if (a, b) in kept:
        probability, names_only = kept[(a, b)]
        if names_only:
            return "names only"
        return "below the threshold" if probability < threshold else "split by clustering"
    met = any(set(k[a] or ()) & set(k[b] or ()) for k in keys.values())
    return "below the floor" if met else "not proposed"


def _fragments(
    truth: pd.Series, person: dict[int, int], edges: dict[str, list[tuple[int, int]]]
) -> None:
    """Each fragment too many charged to the best evidence that could have joined it."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    found = pd.Series({r: person[r] for r in truth.index})
    fragments = found.groupby(truth).nunique()
    excess = int((fragments - 1).sum())
    print(
        f"fragments: {len(fragments):,} true persons found as {int(fragments.sum()):,} "
        f"({excess:,} too many, {excess / len(fragments):+.1%}); each charged to:"
    )
    for step in STEPS:
        joined = 0
        for a, b in edges[step]:
            ra, rb = find(person[a]), find(person[b])
            if ra != rb:
                parent[rb] = ra
                joined += 1
        print(f"  {step:<22} {joined:>7,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=61)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--store")
    parser.add_argument("--truth")
    parser.add_argument("--keep", help="pickle the scored table, prior, traits and truth here")
    parser.add_argument("--work", type=Path, help="simulate into this folder, or reuse its store")
    args = parser.parse_args()
    if args.work:
        diagnose(*_worked(args), args.threshold, args.keep)
        return
    with tempfile.TemporaryDirectory(prefix="headcount-recall-") as folder:
        store, truth_path = given_or_simulated(args, Path(folder))
        diagnose(store, truth_path, args.threshold, args.keep)


def _worked(args: argparse.Namespace) -> tuple[Store, Path]:
    """The store a previous run simulated into `--work`, or one simulated there now."""
    database = args.work / "headcount.sqlite"
    if database.exists():
        return connect(f"sqlite:///{database}"), args.work / "truth" / "links.csv"
    args.work.mkdir(parents=True, exist_ok=True)
    return given_or_simulated(args, args.work)


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
