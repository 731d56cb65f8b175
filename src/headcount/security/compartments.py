"""Source compartments: what a user may see of the store.

A source is `open` or `restricted`. A user without restricted access sees nothing that
comes from a restricted source — not the source, nor any of its records, statements or
events — anywhere: pages, API, counts, search, the review queue. A person whose every
record is restricted does not exist for them; a person with some open records is the
person those records make.

These functions are the one filter every read path applies: SQL conditions for queries,
and `visible_evidence` for accounting's in-memory evidence. Command-line use sees every
compartment (whoever runs it holds the store itself).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, Connection, Select, select, true

from headcount.accounting.timeline import Evidence
from headcount.model.vocabulary import (
    EVERY as EVERY,
    OPEN_ONLY as OPEN_ONLY,
    Compartments as Compartments,
)
from headcount.security.accounts import User
from headcount.storage.tables import records, sources


def compartments_for(user: User | None) -> Compartments:
    """The compartments a user may see; `None` (the command line) sees all."""
    if user is None or user.restricted_access:
        return EVERY
    return OPEN_ONLY


OPEN_COVERAGE = (
    "Open sources only: restricted sources are left out of every person, count and estimate "
    "you see here, as if they did not exist (your account has no restricted access)."
)


def coverage(compartments: Compartments) -> str | None:
    """What a user's figures leave out, said beside them; None when they see everything."""
    return None if compartments >= EVERY else OPEN_COVERAGE


def source_visible(compartments: Compartments) -> ColumnElement[bool]:
    """A condition on `sources` keeping the sources these compartments may see."""
    if compartments >= EVERY:
        return true()
    return sources.c.compartment.in_(sorted(c.value for c in compartments))


def visible_source_query(compartments: Compartments) -> Select[Any]:
    """The ids of the visible sources, as a subquery to filter on."""
    return select(sources.c.id).where(source_visible(compartments))


def record_visible(compartments: Compartments) -> ColumnElement[bool]:
    """A condition on `records` keeping the records of visible sources."""
    if compartments >= EVERY:
        return true()
    return records.c.source_id.in_(visible_source_query(compartments))


def visible_source_ids(connection: Connection, compartments: Compartments) -> frozenset[int]:
    """The ids of every source these compartments may see."""
    return frozenset(
        int(i) for i in connection.execute(visible_source_query(compartments)).scalars()
    )


def visible_evidence(evidence: Evidence, source_ids: frozenset[int]) -> Evidence:
    """Accounting's evidence with only the records of the given sources (and their events
    and places); persons left with no record are gone."""
    recs = evidence.records
    keep = recs["source_id"].isin(sorted(source_ids)).to_numpy()
    if keep.all():
        return evidence
    new_position = np.full(len(recs), -1, dtype=np.int64)
    new_position[keep] = np.arange(int(keep.sum()))
    kept = replace(
        evidence,
        records=recs[keep].reset_index(drop=True),
        events=_renumbered(evidence.events, new_position),
        places=_renumbered(evidence.places, new_position),
    )
    person_of = dict(
        zip(kept.records["record_id"].tolist(), _person_ids(evidence, keep), strict=True)
    )
    return kept.with_persons(person_of)


def _person_ids(evidence: Evidence, keep: np.ndarray) -> list[str]:
    """The person ids of the kept records (persons are ids, or codes into `person_keys`)."""
    persons = evidence.records["person"].to_numpy()[keep]
    keys = getattr(evidence, "person_keys", None)
    return [str(p) for p in (keys[persons] if keys is not None else persons)]


def _renumbered(frame: pd.DataFrame, new_position: np.ndarray) -> pd.DataFrame:
    """Rows whose `record` is kept, with `record` renumbered to the kept records' positions."""
    moved = new_position[frame["record"].to_numpy()]
    kept = frame[moved >= 0].reset_index(drop=True)
    return kept.assign(record=moved[moved >= 0])
