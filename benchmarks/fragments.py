"""Where headcount's own linkage makes extra persons, and what reaches them (issue 17).

For each store made by `benchmarks/validate.py --work DIR` (a folder holding
`headcount.sqlite` and the simulator's `truth/`), compares the capture histories of the
model's run with those of the truth's, per country, on the date `--as-of`: persons and
one-list persons each way, and the run's *fragments* (persons of the run whose main true
person another person of the run holds more of). For each fragment: the best scored pair to
the rest of its person (0.11 or more, 0.01-0.11, or never compared), whether the floor's
joined partition links it, in how many drawn partitions it is linked, and whether the
floor's folding (`estimation.fragments`) folds it.

    .venv/bin/python -u benchmarks/fragments.py DIR/afp-2017-2000-3001 … [--as-of 2017-12-08]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pandas as pd

from headcount.accounting.rules import Rules
from headcount.accounting.status import Snapshot
from headcount.accounting.timeline import Evidence, load_evidence
from headcount.estimation.fragments import folded
from headcount.estimation.histories import person_histories
from headcount.estimation.partitions import Linkage, partition_histories, read_linkage
from headcount.storage import connect
from headcount.storage.persons import run_persons
from headcount.storage.runs import latest_runs_by_engine
from headcount.validation.run import true_departed


def histories(evidence: Evidence, linkage: Linkage, as_of: date) -> tuple[list[str], pd.DataFrame]:
    system_of = {row.id: row.name for row in linkage.listed}
    found = person_histories(Snapshot(evidence, as_of=as_of, rules=Rules()), system_of)
    return list(found.systems), partition_histories(found, evidence, linkage.pairs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2017, 12, 8))
    args = parser.parse_args()
    for folder in args.folders:
        report(folder, args.as_of)


def report(folder: Path, as_of: date) -> None:
    store = connect(f"sqlite:///{folder / 'headcount.sqlite'}")
    with store.reading() as connection:
        runs = latest_runs_by_engine(connection)
        own, perfect = int(runs["duckdb"]), int(runs["truth"])
        evidence, truth_evidence = (
            load_evidence(connection, own),
            load_evidence(connection, perfect),
        )
        linkage = read_linkage(connection, own)
        truth_of = run_persons(connection, perfect)
    systems, mine = histories(evidence, linkage, as_of)
    true_systems, theirs = histories(truth_evidence, linkage, as_of)
    joined = evidence.with_persons(linkage.joined)
    joined_systems, joined_frame = histories(joined, linkage, as_of)
    kept = folded(joined_frame, joined_systems, joined, linkage.elements, linkage.traits).frame
    kept_persons = set(kept["person"])
    keys = evidence.person_keys[evidence.records["person"].to_numpy()]
    records_of: dict[str, list[int]] = defaultdict(list)
    for record, key in zip(evidence.records["record_id"].tolist(), keys.tolist(), strict=True):
        records_of[key].append(record)
    best: dict[tuple[int, int], float] = {}
    pairs = linkage.pairs
    scored = zip(pairs.left.tolist(), pairs.right.tolist(), pairs.probability.tolist(), strict=True)
    for a, b, p in scored:
        best[(a, b)] = best[(b, a)] = max(p, best.get((a, b), 0.0))
    country = dict(zip(mine["person"], mine["country"], strict=True))
    one_list = dict(zip(mine["person"], mine[systems].sum(axis=1) == 1, strict=True))
    by_true: dict[str, list[str]] = defaultdict(list)
    for person in mine["person"]:
        main = Counter(truth_of[r] for r in records_of[person]).most_common(1)[0][0]
        by_true[main].append(person)
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for persons in by_true.values():
        primary, *rest = sorted(persons, key=lambda p: -len(records_of[p]))
        for fragment in rest:
            tally = found[country[fragment]]
            tally["fragments"] += 1
            tally["one-list"] += int(one_list[fragment])
            crossing = [(a, b) for a in records_of[fragment] for b in records_of[primary]]
            p = max((best.get(pair, -1.0) for pair in crossing), default=-1.0)
            tally[
                "never compared" if p < 0 else "pair >= 0.11" if p >= 0.11 else "pair < 0.11"
            ] += 1
            tally["joined"] += any(
                linkage.joined.get(a) == linkage.joined.get(b) for a, b in crossing
            )
            tally["linked in draws (sum)"] += sum(
                any(drawn.get(a) == drawn.get(b) for a, b in crossing)
                for drawn in linkage.drawn.values()
            )
            joined_key = linkage.joined.get(records_of[fragment][0])
            tally["folded away"] += joined_key not in kept_persons
    truth = true_departed(folder, as_of)
    print(
        f"== {folder.name}: persons own {len(mine)} (one-list {sum(one_list.values())}), "
        f"perfect {len(theirs)} (one-list {int((theirs[true_systems].sum(axis=1) == 1).sum())})"
    )
    for place in sorted(set(mine["country"]) | set(found), key=lambda c: -truth.get(c, 0)):
        here, there = mine["country"] == place, theirs["country"] == place
        if here.sum() < 15 and there.sum() < 15 and place not in found:
            continue
        print(
            f"{place}: truth {truth.get(place, 0)}, own {int(here.sum())} "
            f"(one-list {int((here & (mine[systems].sum(axis=1) == 1)).sum())}), perfect "
            f"{int(there.sum())} (one-list "
            f"{int((there & (theirs[true_systems].sum(axis=1) == 1)).sum())}) "
            f"{dict(found.get(place, Counter()))}"
        )
    total: Counter[str] = Counter()
    for tally in found.values():
        total.update(tally)
    print(f"all: {dict(total)}")


if __name__ == "__main__":
    main()
