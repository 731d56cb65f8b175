"""Linkage runs as stored: the run row, its persons and record memberships, its scored
pairs (`linkage_runs`, `persons`, `person_records`, `pair_scores`).

What a run decides (clusters, stable ids, which pairs are links) is `linkage`'s business;
this module writes and reads it, in the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, func, insert, select, update

from headcount.model.vocabulary import EVERY, OPEN_ONLY, Compartments, Scope
from headcount.storage.bulk import insert_rows, insert_values
from headcount.storage.engine import now
from headcount.storage.tables import linkage_runs, pair_scores, person_records, persons
from headcount.storage.visibility import visible_record_query

PAIR_COLUMNS = ("record_a", "record_b", "match_weight", "probability", "names_only")
"""A scored pair as stored, after its run id (record_a < record_b)."""
PAIR_BATCH = 200_000


def open_run(
    connection: Connection,
    *,
    engine: str,
    threshold: float | None,
    settings: dict[str, Any],
    user: str,
    started: datetime,
    scope: Scope,
) -> int:
    """Insert a run's row (unfinished); its id."""
    row = {
        "engine": engine,
        "threshold": threshold,
        "user_name": user,
        "started_at": started,
        "settings": json.dumps(settings, default=str),
        "scope": scope.value,
    }
    return int(
        connection.execute(insert(linkage_runs).returning(linkage_runs.c.id), row).scalar_one()
    )


def finish_run(connection: Connection, run_id: int, restricted_records: int) -> None:
    connection.execute(
        update(linkage_runs)
        .where(linkage_runs.c.id == run_id)
        .values(finished_at=now(), restricted_records=restricted_records)
    )


def last_person_id(connection: Connection) -> str | None:
    """The greatest person id ever given (ids are never reused)."""
    last = connection.execute(select(func.max(persons.c.id))).scalar()
    return None if last is None else str(last)


def insert_persons(
    connection: Connection, person_ids: Iterable[str], run_id: int, created: datetime
) -> None:
    """Add persons the store has not had yet (ids it already holds are left as they are)."""
    existing = set(connection.execute(select(persons.c.id)).scalars())
    fresh = sorted(set(person_ids) - existing)
    rows = [{"id": p, "first_run_id": run_id, "created_at": created} for p in fresh]
    insert_rows(connection, persons, rows)


def insert_memberships(connection: Connection, rows: Sequence[dict[str, object]]) -> None:
    """`person_records` rows: run_id, record_id, person_id, reason."""
    insert_rows(connection, person_records, rows)


def restricted_records_of(connection: Connection, run_id: int) -> int:
    """How many of the run's records are of restricted sources."""
    query = (
        select(func.count())
        .select_from(person_records)
        .where(
            person_records.c.run_id == run_id,
            person_records.c.record_id.not_in(visible_record_query(OPEN_ONLY)),
        )
    )
    return int(connection.execute(query).scalar_one())


def insert_pairs(connection: Connection, run_id: int, columns: Sequence[np.ndarray]) -> None:
    """A run's scored pairs, given as the arrays of `PAIR_COLUMNS` (in that order)."""
    lists = [c.tolist() for c in columns]
    total = len(lists[0]) if lists else 0
    for start in range(0, total, PAIR_BATCH):
        chunk = [c[start : start + PAIR_BATCH] for c in lists]
        rows = [(run_id, *values) for values in zip(*chunk, strict=True)]
        insert_values(connection, pair_scores, ("run_id", *PAIR_COLUMNS), rows)


def run_pair_columns(connection: Connection, run_id: int) -> list[np.ndarray] | None:
    """The arrays of `PAIR_COLUMNS` of the pairs a run stored; None if it stored none."""
    rows = connection.execute(
        select(*(pair_scores.c[c] for c in PAIR_COLUMNS)).where(pair_scores.c.run_id == run_id)
    ).all()
    if not rows:
        return None
    return [np.asarray(c) for c in zip(*rows, strict=True)]


def run_settings(connection: Connection, run_id: int) -> dict[str, Any]:
    """The settings a run was made with ({} for an unknown run)."""
    text = connection.execute(
        select(linkage_runs.c.settings).where(linkage_runs.c.id == run_id)
    ).scalar()
    found = json.loads(text or "{}")
    return found if isinstance(found, dict) else {}


def run_threshold(connection: Connection, run_id: int) -> float | None:
    """The match probability a run linked at (None for runs given whole)."""
    value = connection.execute(
        select(linkage_runs.c.threshold).where(linkage_runs.c.id == run_id)
    ).scalar()
    return None if value is None else float(value)


def run_pair_weights(
    connection: Connection, run_id: int, compartments: Compartments = EVERY
) -> list[tuple[int, int, float, float]]:
    """(record_a, record_b, match weight, probability) of every pair the run scored whose two
    records `compartments` see."""
    query = select(
        pair_scores.c.record_a,
        pair_scores.c.record_b,
        pair_scores.c.match_weight,
        pair_scores.c.probability,
    ).where(pair_scores.c.run_id == run_id)
    if not compartments >= EVERY:
        visible = visible_record_query(compartments)
        query = query.where(
            pair_scores.c.record_a.in_(visible), pair_scores.c.record_b.in_(visible)
        )
    return [(int(a), int(b), float(w), float(p)) for a, b, w, p in connection.execute(query)]


def pairs_among(connection: Connection, run_id: int, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The pairs the run scored between two of these records (`PAIR_COLUMNS`)."""
    query = select(*(pair_scores.c[c] for c in PAIR_COLUMNS)).where(
        pair_scores.c.run_id == run_id,
        pair_scores.c.record_a.in_(list(ids)),
        pair_scores.c.record_b.in_(list(ids)),
    )
    return [dict(r) for r in connection.execute(query).mappings()]


def pairs_in_band(
    connection: Connection,
    run_id: int,
    low: float,
    high: float,
    threshold: float,
    compartments: Compartments,
) -> list[tuple[int, int, float, float]]:
    """(record_a, record_b, probability, match weight) of the run's pairs with a probability
    from `low` to `high` whose two records `compartments` see, nearest `threshold` first."""
    visible = visible_record_query(compartments)
    rows = connection.execute(
        select(
            pair_scores.c.record_a,
            pair_scores.c.record_b,
            pair_scores.c.probability,
            pair_scores.c.match_weight,
        )
        .where(
            pair_scores.c.run_id == run_id,
            pair_scores.c.probability.between(low, high),
            pair_scores.c.record_a.in_(visible),
            pair_scores.c.record_b.in_(visible),
        )
        .order_by(
            func.abs(pair_scores.c.probability - threshold),
            pair_scores.c.record_a,
            pair_scores.c.record_b,
        )
    )
    return [(int(a), int(b), float(p), float(w)) for a, b, p, w in rows]


def run_has_pairs(connection: Connection, run_id: int) -> bool:
    """Whether the run stored scored pairs (a run from a simulator's truth, or persons saved
    by hand, stores none)."""
    query = select(pair_scores.c.run_id).where(pair_scores.c.run_id == run_id).limit(1)
    return connection.execute(query).first() is not None


def pair_score(connection: Connection, run_id: int, a: int, b: int) -> tuple[float, float] | None:
    """The match weight and probability the run stored for the pair, if it scored it."""
    row = connection.execute(
        select(pair_scores.c.match_weight, pair_scores.c.probability).where(
            pair_scores.c.run_id == run_id,
            pair_scores.c.record_a == min(a, b),
            pair_scores.c.record_b == max(a, b),
        )
    ).first()
    return None if row is None else (float(row[0]), float(row[1]))


def latest_runs_by_engine(connection: Connection) -> dict[str, int]:
    """The latest run of every record (scope `every`) made by each engine."""
    rows = connection.execute(
        select(linkage_runs.c.engine, func.max(linkage_runs.c.id))
        .where(linkage_runs.c.scope == "every")
        .group_by(linkage_runs.c.engine)
    )
    return {str(engine): int(run) for engine, run in rows}
