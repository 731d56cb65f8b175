"""What estimating reads of a linkage run besides the evidence, and the histories it makes
of each partition.

A run gives plausible partitions drawn from its pair probabilities (`pooled`), the joined
partition of the linkage floor (`floor`), its scored pairs, the sources that may be systems
and, for the floor, the records' name elements and traits (`fragments`).
`partition_histories` turns one partition's persons into the capture histories an estimate
reads, without the later persons that are probably fragments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from headcount.accounting.timeline import Evidence
from headcount.estimation.floor import JOINED, joined_threshold
from headcount.estimation.fragments import name_elements
from headcount.estimation.histories import Histories
from headcount.estimation.pooled import IMPUTATIONS
from headcount.linkage.alternatives import clusterings, run_pairs, scored_run
from headcount.linkage.cluster import Pairs
from headcount.linkage.contradictions import Traits
from headcount.linkage.traits import store_traits
from headcount.model.sources import SourceLabel
from headcount.storage.engine import Connection
from headcount.storage.sources import source_labels

DUPLICATE_FLOOR = 0.1
"""A scored pair of at least this probability across two persons makes both probable
duplicates (`probable_duplicates`)."""


@dataclass(frozen=True)
class Linkage:
    """What estimating reads of a linkage run besides the evidence: plausible partitions
    drawn from it (label → record id → person key), its scored pairs, and the sources
    (id, name, publisher, kind) that may be systems."""

    drawn: dict[str, dict[int, str]]
    pairs: Pairs
    listed: list[SourceLabel]
    joined: dict[int, str] = field(default_factory=dict)
    """The partition at the run's lower neighbouring threshold (`floor`); none when no
    partitions were drawn."""
    elements: Mapping[int, frozenset[str]] = field(default_factory=dict)
    """Record id → name elements, for the floor's folding (`fragments`); read with the
    joined partition."""
    traits: Traits = field(default_factory=Traits)
    """The records' traits, for the floor's folding; read with the joined partition."""

    def seen_through(self, source_ids: frozenset[int]) -> Linkage:
        """The same with only the sources `source_ids` as systems (what a user's
        compartments allow; records of others are absent from their evidence)."""
        return replace(self, listed=[row for row in self.listed if row.id in source_ids])


def read_linkage(
    connection: Connection,
    run_id: int,
    imputations: int = IMPUTATIONS,
    meanwhile: Callable[[], object] | None = None,
) -> Linkage:
    """A run's `Linkage`: `imputations` partitions drawn (none when 1: the run's persons
    alone, as certain), its pairs and every source; with partitions drawn, the joined
    partition and what folding reads. `meanwhile` is called while the partitions are drawn
    (`linkage.alternatives.clusterings`), or first when none are."""
    listed = source_labels(connection)
    pairs = run_pairs(connection, run_id)
    if imputations <= 1 or not len(pairs.left):
        if meanwhile is not None:
            meanwhile()
        return Linkage({}, pairs, listed)
    run = scored_run(connection, run_id, pairs)
    traits = store_traits(connection)
    elements: dict[int, frozenset[str]] = {}

    def besides() -> None:
        elements.update(name_elements(connection))
        if meanwhile is not None:
            meanwhile()

    drawn = clusterings(run, traits, joined_threshold(run), imputations, besides)
    joined = drawn.pop(JOINED)
    return Linkage(drawn, pairs, listed, joined, elements, traits)


def partition_histories(histories: Histories, evidence: Evidence, pairs: Pairs) -> pd.DataFrame:
    """The histories without the persons recorded only after the date who have a probable
    duplicate (`probable_duplicates`, under this partition): such a person is most
    likely a fragment of another, and would read as one more person one list recorded."""
    frame = histories.frame
    if not histories.later or not len(pairs.left):
        return frame
    keys = evidence.person_keys[evidence.records["person"].to_numpy()]
    of_record = dict(zip(evidence.records["record_id"].tolist(), keys.tolist(), strict=True))
    duplicates = probable_duplicates(of_record, pairs.left, pairs.right, pairs.probability)
    fragments = frame["person"].isin(histories.later & duplicates).to_numpy()
    return frame[~fragments].reset_index(drop=True)


def probable_duplicates(
    person_of_record: Mapping[int, Any], left: np.ndarray, right: np.ndarray, p: np.ndarray
) -> set[Any]:
    """Persons with a record in a candidate pair of probability DUPLICATE_FLOOR or more
    whose other record belongs to another person."""
    out: set[Any] = set()
    for a, b in zip(
        left[p >= DUPLICATE_FLOOR].tolist(), right[p >= DUPLICATE_FLOOR].tolist(), strict=True
    ):
        pa, pb = person_of_record.get(a), person_of_record.get(b)
        if pa is not None and pb is not None and pa != pb:
            out.update((pa, pb))
    return out
