"""A linkage run as stored, for inspection: its settings (the trained model) and the match
weights of the pairs it scored between records a reader may see."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from headcount.model.vocabulary import EVERY, Compartments
from headcount.storage.queries import visible_records
from headcount.storage.tables import linkage_runs, pair_scores


def run_settings(connection: Connection, run_id: int) -> tuple[dict[str, Any], float]:
    """The settings the run saved (its model under "model", its training under "training")
    and its threshold."""
    text, threshold = connection.execute(
        select(linkage_runs.c.settings, linkage_runs.c.threshold).where(linkage_runs.c.id == run_id)
    ).one()
    return (dict(json.loads(text)) if text else {}), float(threshold or 0.5)


def run_pair_weights(
    connection: Connection, run_id: int, compartments: Compartments = EVERY
) -> list[tuple[int, int, float, float]]:
    """(record_a, record_b, match weight, probability) of every pair the run scored whose two
    records `compartments` see."""
    query = select(
        pair_scores.c.record_a, pair_scores.c.record_b, pair_scores.c.match_weight,
        pair_scores.c.probability,
    ).where(pair_scores.c.run_id == run_id)  # fmt: skip
    if not compartments >= EVERY:
        visible = visible_records(compartments)
        query = query.where(
            pair_scores.c.record_a.in_(visible), pair_scores.c.record_b.in_(visible)
        )
    return [(int(a), int(b), float(w), float(p)) for a, b, w, p in connection.execute(query)]
