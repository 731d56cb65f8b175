"""Perfect linkage from a simulator's truth: persons exactly as the simulation made them.

`link_from_truth` reads `DIR/truth/links.csv` (source,record_id,person_id — the source's
name and its own record id, i.e. `records.record_key`) and saves it as a linkage run with
engine `truth` (and the open run beside it, when restricted records exist), so that counts
made on it measure the status rules alone, free of linkage error. Only for simulated data:
a real store has no truth.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from headcount.linkage.persons import RunSummary, save_given_runs
from headcount.storage.engine import Store
from headcount.storage.records import record_keys


class TruthMismatch(ValueError):
    """The links name records the store does not hold, or the store holds unlinked records."""


def link_from_truth(store: Store, links_csv: Path, *, user: str) -> RunSummary:
    """Save the simulator's links as a linkage run (engine `truth`, reason `truth`)."""
    with store.reading() as connection:
        rows = record_keys(connection)
    record_of = {(name, key): rid for rid, name, key in rows}
    clusters: dict[str, list[int]] = defaultdict(list)
    missing = []
    with links_csv.open(newline="", encoding="utf-8") as handle:
        for link in csv.DictReader(handle):
            rid = record_of.get((link["source"], link["record_id"]))
            if rid is None:
                missing.append(f"{link['source']}/{link['record_id']}")
            else:
                clusters[link["person_id"]].append(rid)
    if missing:
        raise TruthMismatch(f"{len(missing)} linked records are not in the store: {missing[:5]}")
    linked = {r for members in clusters.values() for r in members}
    if len(linked) != len(record_of):
        raise TruthMismatch(f"{len(record_of) - len(linked)} records of the store have no link")
    reasons = dict.fromkeys(linked, "truth")
    return save_given_runs(store, clusters, engine="truth", user=user, reasons=reasons)
