"""What any linker bound by the safeguard could reach on these records, and what blocking keeps.

DESIGN forbids a merge on a name alone. Records that share nothing but names (a kunya-only
death notice beside the person's civil records) can therefore never be linked, however true
the link, and an F1 against the truth mixes that bound with the linker's own faults. The
*safeguard-bound ceiling* separates them: the scores of a linker that joins exactly the true
pairs whose records share a name element (a phonetic name part or a kunya) and a fact beyond
names, transitively, and nothing else. A fact beyond names is one of:

- birth years that overlap (a date, or the range of years an age allows);
- an identity-document number, or a residence or birth place;
- an event of one kind in one month, unless both records place it and in different countries;
- a country, where at least one side states it (a citizenship or residence), rather than
  both inferring it from a nisba.

A linker's ratio to that ceiling is its own quality. *Blocking recall* is the share of true
pairs that the blocking rules propose at all (a pair never proposed is never scored): over
every true pair, and over the ceiling's pairs, which are the ones that matter. The ceiling
reached by blocking is the same ceiling with only the proposed pairs (what a perfect scorer
of the proposed pairs could reach under the safeguard).

A record with no fact beyond names at all can join no one under the safeguard: it is *not
attributable* and is counted as such.

Invariant: the ceiling links only true pairs, so its precision is 1.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from headcount.linkage.blocking import KEY_COLUMNS, add_blocking_keys
from headcount.linkage.cluster import Pairs, cluster_records
from headcount.linkage.prepare import TRAIT_COLUMNS
from headcount.linkage.scores import bcubed, pairwise

NAME_ELEMENTS = ("name_phonetic", "kunya")
FACT_COLUMNS = ("id_numbers", "places", "event_months", "stated_countries")
"""Array columns any of which, where given, makes a record carry a fact beyond names."""


@dataclass(frozen=True)
class Ceiling:
    """The safeguard-bound ceiling and blocking recall on one set of records."""

    pairs_true: int
    pairs_linkable: int
    """True pairs sharing a name element and a fact beyond names."""
    pairwise_f1: float
    bcubed_f1: float
    blocking_recall: float
    """Share of the true pairs the blocking rules propose."""
    blocking_recall_linkable: float
    """Share of the linkable true pairs the blocking rules propose."""
    blocked_pairwise_f1: float
    """The ceiling when only the proposed pairs can be linked."""
    blocked_bcubed_f1: float
    not_attributable: int
    """Records that carry no fact beyond names."""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _set(cell: Any) -> frozenset[str]:
    return frozenset() if cell is None else frozenset(cell)


def true_pairs(ids: list[int], truth: Mapping[int, Hashable]) -> list[tuple[int, int]]:
    """Every pair of the records `ids` that the truth puts in one person (left < right)."""
    groups: dict[Hashable, list[int]] = {}
    for record in sorted(ids):
        if record in truth:
            groups.setdefault(truth[record], []).append(record)
    return [
        (a, b)
        for members in groups.values()
        for i, a in enumerate(members)
        for b in members[i + 1 :]
    ]


def _linkable(rows: Mapping[str, Mapping[Any, Any]], a: int, b: int) -> bool:
    """Whether records a and b share a name element and a fact beyond names (module doc)."""
    if not any(_set(rows[c][a]) & _set(rows[c][b]) for c in NAME_ELEMENTS):
        return False
    low_a, low_b = rows["birth_year_low"][a], rows["birth_year_low"][b]
    known = not pd.isna(low_a) and not pd.isna(low_b)
    if known and low_a <= rows["birth_year_high"][b] and low_b <= rows["birth_year_high"][a]:
        return True
    if any(_set(rows[c][a]) & _set(rows[c][b]) for c in ("id_numbers", "places")):
        return True
    if _set(rows["event_months"][a]) & _set(rows["event_months"][b]):
        placed = _set(rows["placed_event_months"][a]) & _set(rows["placed_event_months"][b])
        if not placed or _set(rows["event_places"][a]) & _set(rows["event_places"][b]):
            return True
    stated = rows["stated_countries"][a] is not None or rows["stated_countries"][b] is not None
    return stated and bool(_set(rows["countries"][a]) & _set(rows["countries"][b]))


def _blocked(keys: Mapping[str, Mapping[Any, Any]], a: int, b: int) -> bool:
    return any(_set(column[a]) & _set(column[b]) for column in keys.values())


def _scores(ids: list[int], links: list[tuple[int, int]], truth: pd.Series) -> tuple[float, float]:
    """Pairwise and B-cubed F1 of linking `links` transitively (and nothing else)."""
    person = cluster_records(ids, Pairs.of((a, b, 1.0) for a, b in links), 0.5, {}).person_of()
    predicted = pd.Series([person[r] for r in truth.index], index=truth.index)
    return pairwise(predicted, truth).f1, bcubed(predicted, truth).f1


def ceiling(frame: pd.DataFrame, truth: Mapping[int, Hashable]) -> Ceiling:
    """The ceiling and blocking recall of a comparison frame (`prepare.comparison_frame`)
    against the truth (record id → true person); records the truth lacks are left out."""
    ids = [int(r) for r in frame["unique_id"] if int(r) in truth]
    frame = frame[frame["unique_id"].isin(ids)].drop(columns=list(TRAIT_COLUMNS))
    framed, _ = add_blocking_keys(frame)
    indexed = framed.set_index("unique_id")
    wanted = (
        *NAME_ELEMENTS,
        *FACT_COLUMNS,
        "birth_year_low",
        "birth_year_high",
        "countries",
        "placed_event_months",
        "event_places",
    )
    rows = {c: indexed[c].to_dict() for c in wanted}
    keys = {c: indexed[c].to_dict() for c in KEY_COLUMNS}
    pairs = true_pairs(ids, truth)
    linkable = [p for p in pairs if _linkable(rows, *p)]
    blocked = {p for p in pairs if _blocked(keys, *p)}
    reached = [p for p in linkable if p in blocked]
    labels = pd.Series({r: str(truth[r]) for r in ids}).sort_index()
    pairwise_f1, bcubed_f1 = _scores(ids, linkable, labels)
    blocked_pairwise, blocked_bcubed = _scores(ids, reached, labels)
    facts = np.zeros(len(indexed), dtype=bool)
    for column in FACT_COLUMNS:
        facts |= indexed[column].notna().to_numpy()
    facts |= indexed["birth_year_low"].notna().to_numpy()
    return Ceiling(
        pairs_true=len(pairs),
        pairs_linkable=len(linkable),
        pairwise_f1=pairwise_f1,
        bcubed_f1=bcubed_f1,
        blocking_recall=round(len(blocked) / len(pairs), 6) if pairs else 1.0,
        blocking_recall_linkable=round(len(reached) / len(linkable), 6) if linkable else 1.0,
        blocked_pairwise_f1=blocked_pairwise,
        blocked_bcubed_f1=blocked_bcubed,
        not_attributable=int((~facts).sum()),
    )
