"""Accounting's evidence as a user with given compartments sees it, or of some records only.

The one in-memory counterpart of `security.compartments`' SQL conditions: the records of
the visible sources are kept, with their events and places; persons left with no record
are gone (see docs/security.md).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from headcount.accounting.timeline import Evidence


def visible_evidence(evidence: Evidence, source_ids: frozenset[int]) -> Evidence:
    """Accounting's evidence with only the records of the given sources (and their events
    and places); persons left with no record are gone."""
    keep = evidence.records["source_id"].isin(sorted(source_ids)).to_numpy()
    return kept_records(evidence, keep)


def kept_records(evidence: Evidence, keep: np.ndarray) -> Evidence:
    """The evidence of the records `keep` marks (a boolean per record), with their events
    and places; persons keep their ids, and persons left with no record are gone."""
    if keep.all():
        return evidence
    recs = evidence.records
    new_position = np.full(len(recs), -1, dtype=np.int64)
    new_position[keep] = np.arange(int(keep.sum()))
    kept = replace(
        evidence,
        records=recs[keep].reset_index(drop=True),
        events=_renumbered(evidence.events, new_position),
        places=_renumbered(evidence.places, new_position),
        judged=_renumbered(evidence.judged, new_position),
        subjects=_renumbered(evidence.subjects, new_position),
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
    renumbered: pd.DataFrame = kept.assign(record=moved[moved >= 0])
    return renumbered
