"""Persons with stable ids: saving a linkage run's clusters so that ids survive re-linking.

A linkage run ends with clusters of records. Each cluster becomes a person whose id is
carried over from the previous run wherever the cluster survives:

- clusters are matched to the previous run's persons by how many records they share,
  largest overlap first, each previous person used at most once;
- when a person splits, the part holding most of its records keeps the id;
- when persons merge, the merged cluster keeps the id of the one that held most records
  (ties go to the older, lower id);
- a cluster that shares no record with any previous person gets a new id.

Invariants: ids are never reused for another person and never deleted; every run's
`person_records` say, for every record it saw, which person it belonged to and why
(`model`, `judgement`, `singleton`, or `truth` for runs built from a simulator's links).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from headcount.model.persons import Person
from headcount.model.vocabulary import EVERY, OPEN_ONLY, Compartment, Compartments, Scope
from headcount.storage import runs
from headcount.storage.audit import record_audit
from headcount.storage.engine import Connection, Store, now
from headcount.storage.persons import run_person_list, run_persons
from headcount.storage.queries import latest_run_id
from headcount.storage.visibility import visible_record_ids

if TYPE_CHECKING:
    from headcount.linkage.cluster import Pairs

K = TypeVar("K", bound=Hashable)

ID_PREFIX = "P"
ID_DIGITS = 7


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    persons: int
    records: int
    kept_ids: int
    new_ids: int


def format_person_id(number: int) -> str:
    return f"{ID_PREFIX}{number:0{ID_DIGITS}d}"


def _next_number(connection: Connection) -> int:
    last = runs.last_person_id(connection)
    return int(last[len(ID_PREFIX) :]) + 1 if last else 1


def _previous(connection: Connection, compartments: Compartments = EVERY) -> dict[int, str]:
    run = latest_run_id(connection, compartments)
    return {} if run is None else run_persons(connection, run)


def _previous_open(connection: Connection, beside: int | None) -> dict[int, str]:
    """What an open run's ids carry over from: the persons of the run of every record made
    beside it (so that a person the two runs agree on has one id), overridden by the
    previous open persons (so that those without restricted access keep their ids)."""
    alongside = {} if beside is None else run_persons(connection, beside)
    return alongside | _previous(connection, OPEN_ONLY)


def assign_ids(
    clusters: Mapping[K, list[int]], previous: Mapping[int, str], first_new: int
) -> tuple[dict[K, str], int]:
    """Person ids for clusters (key → record ids), carried over from `previous` (record → id).

    Returns the ids and how many were kept. Pure: the rules in the module docstring.
    """
    overlaps: list[tuple[int, int, str, K]] = []
    sizes: dict[str, int] = Counter(previous.values())
    for key, members in clusters.items():
        held = [previous[r] for r in members if r in previous]
        if held and held.count(held[0]) == len(held):  # most clusters: one old person's
            shared: Mapping[str, int] = {held[0]: len(held)}
        else:
            shared = Counter(held)
        for old, count in shared.items():
            # Most shared records first; then the old person that held most; then the older id.
            overlaps.append((-count, -sizes[old], old, key))
    overlaps.sort(key=itemgetter(0, 1, 2))
    chosen: dict[K, str] = {}
    used: set[str] = set()
    for _, _, old, key in overlaps:
        if key in chosen or old in used:
            continue
        chosen[key] = old
        used.add(old)
    kept = len(chosen)
    number = first_new
    for key in sorted(clusters, key=lambda k: min(clusters[k])):
        if key not in chosen:
            chosen[key] = format_person_id(number)
            number += 1
    return chosen, kept


def save_run(
    store: Store,
    clusters: Mapping[K, list[int]],
    *,
    engine: str,
    user: str,
    threshold: float | None = None,
    settings: dict[str, Any] | None = None,
    reasons: Mapping[int, str] | None = None,
    pairs: Pairs | None = None,
    scope: Scope = Scope.every,
    beside: int | None = None,
) -> RunSummary:
    """Save one linkage run: its clusters (key → record ids) become persons with stable ids.

    `reasons` says per record why it is where it is (default `model`, or `singleton` for a
    cluster of one); `pairs`, the run's scored candidate pairs, go to `pair_scores`.
    `scope` says which records it linked (`open`: the open records only, made `beside` the
    run of every record); the run counts the restricted records it linked, so that no one
    without restricted access is ever shown its persons. Everything is written in one
    transaction.
    """
    with store.transaction() as connection:
        started = now()
        run_id = runs.open_run(
            connection,
            engine=engine,
            threshold=threshold,
            settings=settings or {},
            user=user,
            started=started,
            scope=scope,
        )
        previous = (
            _previous(connection) if scope is Scope.every else _previous_open(connection, beside)
        )
        ids, kept = assign_ids(clusters, previous, _next_number(connection))
        runs.insert_persons(connection, ids.values(), run_id, started)
        rows: list[dict[str, object]] = []
        why = reasons or {}
        for key, members in clusters.items():
            default = "singleton" if len(members) == 1 else "model"
            rows.extend(
                {
                    "run_id": run_id,
                    "record_id": r,
                    "person_id": ids[key],
                    "reason": why.get(r, default),
                }
                for r in members
            )
        runs.insert_memberships(connection, rows)
        if pairs is not None:
            _save_pairs(connection, run_id, pairs)
        restricted = runs.restricted_records_of(connection, run_id)
        if scope is Scope.open and restricted:
            raise ValueError(f"an open run cannot link restricted records ({restricted} given)")
        runs.finish_run(connection, run_id, restricted)
        summary = RunSummary(run_id, len(clusters), len(rows), kept, len(clusters) - kept)
        compartment = Compartment.restricted if restricted else Compartment.open
        record_audit(
            connection,
            user,
            "link",
            "linkage_run",
            str(run_id),
            summary.__dict__,
            compartment=compartment,
        )
    return summary


def save_given_runs(
    store: Store,
    clusters: Mapping[K, list[int]],
    *,
    engine: str,
    user: str,
    threshold: float | None = None,
    reasons: Mapping[int, str] | None = None,
    pairs: Pairs | None = None,
) -> RunSummary:
    """Save persons given whole (a simulator's truth, a test's world), and, when they hold
    restricted records, beside them the same persons without those records as the open
    run (for persons given as truth, the open records' persons are the same persons)."""
    summary = save_run(
        store,
        clusters,
        engine=engine,
        user=user,
        threshold=threshold,
        reasons=reasons,
        pairs=pairs,
    )
    with store.reading() as connection:
        open_ids = visible_record_ids(connection, OPEN_ONLY)
    if all(r in open_ids for members in clusters.values() for r in members):
        return summary
    kept = {k: [r for r in m if r in open_ids] for k, m in clusters.items()}
    kept = {k: m for k, m in kept.items() if m}
    if pairs is None:
        open_pairs = None
    else:
        wanted = np.fromiter(open_ids, dtype=np.int64, count=len(open_ids))
        open_pairs = pairs.subset(np.isin(pairs.left, wanted) & np.isin(pairs.right, wanted))
    save_run(
        store,
        kept,
        engine=engine,
        user=user,
        threshold=threshold,
        reasons=reasons,
        pairs=open_pairs,
        scope=Scope.open,
        beside=summary.run_id,
    )
    return summary


def _save_pairs(connection: Connection, run_id: int, pairs: Pairs) -> None:
    """The run's scored pairs, each once with the smaller record id first."""
    lo = np.minimum(pairs.left, pairs.right)
    hi = np.maximum(pairs.left, pairs.right)
    runs.insert_pairs(
        connection, run_id, [lo, hi, pairs.weight, pairs.probability, ~pairs.linkable()]
    )


def current_persons(
    connection: Connection, compartments: Compartments = EVERY
) -> dict[str, Person]:
    """The persons of the latest run `compartments` see, by id (none before the first run)."""
    run = latest_run_id(connection, compartments)
    found = [] if run is None else run_person_list(connection, run)
    return {p.id: p for p in found}
