"""Blocking diagnosis: which true pairs no blocking rule proposes, and what they share.

Run: `.venv/bin/python benchmarks/blocking.py [--persons 10000] [--seed 7] [--show 20]
[--store URL --truth links.csv]`. It simulates (or takes) a population, builds the comparison
frame and the blocking keys as `link` does, and prints, without scoring anything:

- per rule, its keys, the pairs they make, the keys refined and dropped, the largest block;
- the distinct candidate pairs (a pair two rules propose counted once);
- blocking recall over both denominators: every true pair, and the true pairs a linker bound
  by the safeguard could link (`ceiling`: a name element and a fact beyond names in common);
- the linkable true pairs no rule proposes, counted by the rule whose unrefined key would have
  met them and that key's size, and `--show` of them at random (seeded) with their columns.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pandas as pd

from headcount.linkage import ceiling as top
from headcount.linkage.blocking import KEY_COLUMNS, RULES, SOURCE_COLUMNS, add_blocking_keys
from headcount.linkage.namecache import cached_features
from headcount.linkage.prepare import (
    TRAIT_COLUMNS,
    arrow_frame,
    comparison_frame,
    name_values,
    store_facts,
)
from headcount.storage import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from linkage import given_or_simulated, truth_by_id

SHOWN = (
    "source",
    "name_sorted",
    "name_phonetic",
    "kunya",
    "nisba",
    "birth_year_low",
    "countries",
    "stated_countries",
    "places",
    "event_months",
    "id_numbers",
)
ELEMENT_RULES = ("kunya_nisba", "name_year", "name_country", "name_place", "name_event")


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def candidate_pairs(keys: dict[str, dict[int, Any]]) -> set[tuple[int, int]]:
    """Every pair of records some rule's key puts together (left < right)."""
    found: set[tuple[int, int]] = set()
    for column in keys.values():
        blocks: dict[str, list[int]] = defaultdict(list)
        for record, held in column.items():
            for key in held if held is not None else ():
                blocks[key].append(record)
        for members in blocks.values():
            members.sort()
            found.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    return found


def diagnose(store: Store, truth_path: Path, show: int) -> None:
    with store.reading() as connection:
        facts = list(store_facts(connection))
    known, _ = cached_features(store, name_values(facts))
    truth = truth_by_id(store, truth_path)
    frame = comparison_frame(facts, known=known)
    frame = frame[frame["unique_id"].isin(truth.index)].drop(columns=list(TRAIT_COLUMNS))
    framed, sizes = add_blocking_keys(frame)
    for s in sizes:
        print(
            f"  {s.rule:<14} keys {s.keys:>7,} pairs {s.pairs:>9,} refined {s.refined:>5,} "
            f"dropped {s.dropped:>5,} largest {s.largest}"
        )
    indexed = framed.set_index("unique_id")
    keys = {c: indexed[c].to_dict() for c in KEY_COLUMNS}
    proposed = candidate_pairs(keys)
    print(f"distinct candidate pairs: {len(proposed):,} ({len(frame):,} records)")
    wanted = (*top.NAME_ELEMENTS, *top.FACT_COLUMNS, "birth_year_low", "birth_year_high")
    rows = {c: indexed[c].to_dict() for c in (*wanted, "countries", "placed_event_months")}
    rows["event_places"] = indexed["event_places"].to_dict()
    ids = sorted(int(r) for r in indexed.index)
    pairs = top.true_pairs(ids, truth.to_dict())
    linkable = [p for p in pairs if top._linkable(rows, *p)]
    blocked = [p for p in pairs if p in proposed]
    missed = [p for p in linkable if p not in proposed]
    print(
        f"blocking recall: {len(blocked) / len(pairs):.4f} of every true pair "
        f"({len(blocked):,} of {len(pairs):,}); "
        f"{1 - len(missed) / len(linkable):.4f} of the linkable ones "
        f"({len(linkable) - len(missed):,} of {len(linkable):,})"
    )
    record_of = frame["unique_id"].to_numpy()
    table = arrow_frame(frame[list(SOURCE_COLUMNS)])
    unrefined = {}
    for rule in ELEMENT_RULES:
        made = RULES[rule](table).to_pandas().drop_duplicates()
        made["row"] = record_of[made["row"].to_numpy()]
        unrefined[rule] = (
            made.groupby("row")["key"].apply(set).to_dict(),
            made["key"].value_counts(),
        )
    causes: Counter[str] = Counter()
    for a, b in missed:
        smallest = min(
            (
                (int(counts[key]), rule)
                for rule, (held, counts) in unrefined.items()
                for key in held.get(a, set()) & held.get(b, set())
            ),
            default=None,
        )
        if smallest is None:
            causes["no key in common"] += 1
        else:
            size, rule = smallest
            causes[f"{rule}, key of {30 * (size // 30)}–{30 * (size // 30) + 29} records"] += 1
    print("linkable pairs no rule proposes, by the smallest unrefined key they share:")
    for cause, count in sorted(causes.items(), key=lambda item: -item[1]):
        print(f"  {count:>5}  {cause}")
    columns = {c: indexed[c].to_dict() for c in SHOWN}
    for a, b in random.Random(0).sample(missed, min(show, len(missed))):
        print("--")
        for record in (a, b):
            given = {c: columns[c][record] for c in SHOWN if _given(columns[c][record])}
            print(
                "  ",
                {
                    c: list(v) if not isinstance(v, str | int | float) else v
                    for c, v in given.items()
                },
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=20)
    parser.add_argument("--store")
    parser.add_argument("--truth")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="headcount-blocking-") as folder:
        store, truth_path = given_or_simulated(args, Path(folder))
        diagnose(store, truth_path, args.show)
        store.close()


if __name__ == "__main__":
    main()
