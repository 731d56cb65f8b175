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

import json
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from sqlalchemy import Connection, func, insert, select, update

from headcount.model.vocabulary import EVERY, OPEN_ONLY, Compartment, Compartments, Scope
from headcount.storage.audit import record_audit
from headcount.storage.bulk import insert_rows, insert_values
from headcount.storage.engine import Store, now
from headcount.storage.persons import run_persons
from headcount.storage.queries import latest_run_id, visible_records
from headcount.storage.tables import linkage_runs, pair_scores, person_records, persons

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
    last = connection.execute(select(func.max(persons.c.id))).scalar()
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
        shared = Counter(previous[r] for r in members if r in previous)
        for old, count in shared.items():
            # Most shared records first; then the old person that held most; then the older id.
            overlaps.append((-count, -sizes[old], old, key))
    overlaps.sort(key=lambda item: (item[0], item[1], item[2]))
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
        run_id = connection.execute(
            insert(linkage_runs).returning(linkage_runs.c.id),
            {
                "engine": engine,
                "threshold": threshold,
                "settings": json.dumps(settings or {}, default=str),
                "user_name": user,
                "started_at": started,
                "scope": scope.value,
            },
        ).scalar_one()
        previous = (
            _previous(connection) if scope is Scope.every else _previous_open(connection, beside)
        )
        ids, kept = assign_ids(clusters, previous, _next_number(connection))
        existing = set(connection.execute(select(persons.c.id)).scalars())
        fresh = sorted(set(ids.values()) - existing)
        insert_rows(
            connection,
            persons,
            [{"id": p, "first_run_id": run_id, "created_at": started} for p in fresh],
        )
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
        insert_rows(connection, person_records, rows)
        if pairs is not None:
            _save_pairs(connection, run_id, pairs)
        restricted = _restricted_records(connection, run_id)
        if scope is Scope.open and restricted:
            raise ValueError(f"an open run cannot link restricted records ({restricted} given)")
        connection.execute(
            update(linkage_runs)
            .where(linkage_runs.c.id == run_id)
            .values(finished_at=now(), restricted_records=restricted)
        )
        summary = RunSummary(run_id, len(clusters), len(rows), kept, len(clusters) - kept)
        compartment = Compartment.restricted if restricted else Compartment.open
        record_audit(
            connection, user, "link", "linkage_run", str(run_id), summary.__dict__,
            compartment=compartment,
        )  # fmt: skip
    return summary


def _restricted_records(connection: Connection, run_id: int) -> int:
    query = (
        select(func.count())
        .select_from(person_records)
        .where(
            person_records.c.run_id == run_id,
            person_records.c.record_id.not_in(visible_records(OPEN_ONLY)),
        )
    )
    return int(connection.execute(query).scalar_one())


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
        store, clusters, engine=engine, user=user, threshold=threshold, reasons=reasons,
        pairs=pairs,
    )  # fmt: skip
    with store.reading() as connection:
        open_ids = set(connection.execute(visible_records(OPEN_ONLY)).scalars())
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
        store, kept, engine=engine, user=user, threshold=threshold, reasons=reasons,
        pairs=open_pairs, scope=Scope.open, beside=summary.run_id,
    )  # fmt: skip
    return summary


def _save_pairs(connection: Connection, run_id: int, pairs: Pairs) -> None:
    """The run's scored pairs, each once with the smaller record id first."""
    lo = np.minimum(pairs.left, pairs.right).tolist()
    hi = np.maximum(pairs.left, pairs.right).tolist()
    weight, probability = pairs.weight.tolist(), pairs.probability.tolist()
    names_only = (~pairs.linkable()).tolist()
    columns = ("run_id", "record_a", "record_b", "match_weight", "probability", "names_only")
    batch = 200_000
    for start in range(0, len(lo), batch):
        end = start + batch
        rows = zip(
            repeat(run_id), lo[start:end], hi[start:end], weight[start:end],
            probability[start:end], names_only[start:end],
        )  # fmt: skip
        insert_values(connection, pair_scores, columns, list(rows))


def current_persons(
    connection: Connection, compartments: Compartments = EVERY
) -> dict[str, list[int]]:
    """The current persons as `compartments` see them: person id → record ids."""
    members: dict[str, list[int]] = defaultdict(list)
    for record_id, person_id in sorted(_previous(connection, compartments).items()):
        members[person_id].append(record_id)
    return dict(members)
