"""Clustering scored pairs into persons, with human judgements applied on top of the model.

The rules (docs/methodology/linkage.md, "What a judgement does"):

1. Pairs scored at or above the threshold join their records (connected components, as
   Splink clusters), except a pair judged `different` and a pair whose only agreeing
   evidence is names (`Pairs.names_only`, DESIGN's "no automatic merge on a name alone"),
   at any threshold.
2. A `same` judgement joins its two records whatever the model says; `same` judgements are
   transitive (A = B and B = C put A, B and C together).
3. A `different` judgement wins over any chain of model links or `same` judgements: a group
   that would hold both records is rebuilt link by link — `same` judgements first (oldest
   first), then model links from the most probable down — refusing every link that would put
   two records judged different together. The records fall apart where the evidence is
   weakest.
4. `unsure` changes nothing (it waits for review).
5. Model links never make a person whose records contradict each other (`Traits`): birth
   years more than a year apart (a range of years, read from an age, counts by the year of
   it nearest the others) unless the two birth dates are a clerical slip apart (`SLIP`: one
   digit changed, two neighbouring digits swapped: 1968-02-16 and 1918-02-16), two genders,
   two records that each give identity-document numbers with none in common and none a slip
   apart (`DOCUMENT_SLIP` edits), or two fathers' names (read from patronymics: Русланович,
   RUSLAN) more than a letter apart in their phonetic keys (among the blocked pairs of
   40,000 simulated persons that have both, 13,396 different persons and 66 one person's).
   Pairwise scores cannot see this — A–B and B–C may each look likely while A and C were
   born ten years apart — and chains of such links merged different people (on 10,000
   simulated persons, pairwise precision 0.75 at threshold 0.5). A group whose records
   contradict each other is rebuilt like one torn by a `different` judgement, and a model
   link that would join two contradicting parts is refused. `same` judgements are applied
   whatever the records say: the analyst has seen them. A slip is not a contradiction but it
   is not agreement either: the model weighs it, at its own level of the birth-date and
   document comparisons (`settings`). And a model link of probability `OVERWHELMING` or more
   joins its two records even when they contradict each other — the model weighed their
   disagreement, and everything else outweighed it (a list that replaced a whole birth date)
   — but not when the contradiction lies between other records of the two groups, which that
   link's score never saw.
6. A weak model link (below `FIRM`) never joins two groups that disagree
   (`GroupTraits.disagrees`: full birth dates none shared nor a slip apart, or citizenships
   none in common), as kunya-only reports scored 0.57 and 0.52 chained two namesakes born
   weeks apart. A firm link overrides it (the model weighed its own records'
   disagreement), and a `same` judgement always does.

Each record gets the reason it is where it is: `judgement` (a `same` judgement holds it),
`split` (a `different` judgement cut its group), `conflict` (contradicting or disagreeing
records cut its group), `model`, or `singleton`.

Connected components are solved with SciPy's sparse-graph routine (linear in the pairs);
only groups touched by a `different` judgement or holding contradicting or disagreeing
records go through the slower link-by-link rebuild, which is hand-written because no library
clusters with cannot-link constraints this way. The result is the same as rebuilding every
group link by link: a group no refusal can touch is its connected component.

Invariants: every record given is in exactly one cluster; a cluster's key is its smallest
record id; two records judged `different` are never in one cluster; two records judged
`same` are in one cluster unless a `different` judgement separates them; no cluster joined
by model links alone holds contradicting records, but for two records an overwhelming link
(≥ OVERWHELMING) joins directly; every link below FIRM that joined two parts of a cluster
joined parts that did not disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from headcount.linkage.contradictions import (
    NOTHING,
    YEAR_SLACK,
    GroupTraits,
    Traits,
    fathers_apart,
)
from headcount.model.vocabulary import Decision

JUDGEMENT, SPLIT, CONFLICT, MODEL, SINGLETON = (
    "judgement",
    "split",
    "conflict",
    "model",
    "singleton",
)
OVERWHELMING = 0.9999
"""A model link this probable joins two records that contradict each other (rule 5)."""
FIRM = 0.95
"""A model link less probable than this never joins two groups that disagree (rule 6)."""


@dataclass(frozen=True)
class Pairs:
    """Scored candidate pairs as parallel arrays: record ids, match weight and probability,
    and whether a pair agrees on names alone (never a model link; None: no pair does)."""

    left: np.ndarray
    right: np.ndarray
    probability: np.ndarray
    weight: np.ndarray
    names_only: np.ndarray | None = None

    def linkable(self) -> np.ndarray:
        """Which pairs the model may link (all but those agreeing on names alone)."""
        if self.names_only is None:
            return np.ones(len(self.left), dtype=bool)
        return ~self.names_only

    def subset(self, mask: np.ndarray) -> Pairs:
        only = None if self.names_only is None else self.names_only[mask]
        return Pairs(
            self.left[mask], self.right[mask], self.probability[mask], self.weight[mask], only
        )

    @classmethod
    def joined(cls, *parts: Pairs) -> Pairs:
        """The pairs of every part, one after the other."""
        return cls(
            np.concatenate([p.left for p in parts]),
            np.concatenate([p.right for p in parts]),
            np.concatenate([p.probability for p in parts]),
            np.concatenate([p.weight for p in parts]),
            np.concatenate([~p.linkable() for p in parts]),
        )

    @classmethod
    def empty(cls) -> Pairs:
        return cls.of([])

    @classmethod
    def of(cls, rows: Iterable[tuple[int, int, float]]) -> Pairs:
        """From (record, record, probability) rows; the weight is log2 of the odds."""
        items = list(rows)
        a, b, p = zip(*items, strict=True) if items else ((), (), ())
        probability = np.asarray(p, np.float64)
        return cls(
            np.asarray(a, np.int64), np.asarray(b, np.int64), probability, weight_of(probability)
        )

    def __len__(self) -> int:
        return len(self.left)


def weight_of(probability: np.ndarray) -> np.ndarray:
    """Match weight (log2 of the odds) of probabilities, finite at 0 and 1."""
    p = np.clip(np.asarray(probability, np.float64), 1e-15, 1 - 1e-15)
    return np.asarray(np.log2(p / (1 - p)))


def probability_of(weight: float) -> float:
    """The probability a match weight stands for."""
    return float(1 / (1 + 2.0 ** (-weight)))


@dataclass(frozen=True)
class Clustering:
    """Clusters (smallest record id → record ids) and each record's reason."""

    clusters: dict[int, list[int]]
    reasons: dict[int, str]

    def person_of(self) -> dict[int, int]:
        """Record id → its cluster's key."""
        return {r: key for key, members in self.clusters.items() for r in members}


class _Groups:
    """Union–find over record positions that refuses unions joining records judged different
    and, for model links, unions joining contradicting records."""

    def __init__(self, size: int, apart: Mapping[int, set[int]], traits: list[GroupTraits]) -> None:
        self.parent = list(range(size))
        self.apart = {k: set(v) for k, v in apart.items()}
        self.traits = traits
        self.own = list(traits)
        """Each record's own traits (those of `traits` grow as groups join)."""
        self.size = [1] * size
        self.grown: set[int] = set()
        """The roots whose traits are their own copy, grown in place (`GroupTraits.take`)."""

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(
        self,
        a: int,
        b: int,
        *,
        judged: bool = False,
        overwhelming: bool = False,
        weak: bool = False,
    ) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        apart_a, apart_b = self.apart.get(ra, ()), self.apart.get(rb, ())
        if any(self.find(x) == rb for x in apart_a) or any(self.find(x) == ra for x in apart_b):
            return False
        # an overwhelming link outweighs a contradiction between its own two records, which
        # the model weighed; not one elsewhere in the groups, which it did not
        excused = overwhelming and self.own[a].contradicts(self.own[b])
        if not judged and not excused and self.traits[ra].contradicts(self.traits[rb]):
            return False
        if weak and not judged and self.traits[ra].disagrees(self.traits[rb]):
            return False
        # the larger group takes the smaller: each record's traits are copied a few times,
        # not once per link (both checks above are symmetric, and only the groups count)
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        if ra not in self.grown:
            self.traits[ra] = self.traits[ra].growing()
            self.grown.add(ra)
        self.traits[ra].take(self.traits[rb])
        moved = self.apart.get(rb)
        if moved:
            self.apart.setdefault(ra, set()).update(moved)
        return True


def cluster_records(
    record_ids: Iterable[int],
    pairs: Pairs,
    threshold: float,
    decisions: Mapping[tuple[int, int], Decision],
    traits: Traits | None = None,
) -> Clustering:
    """Cluster records from scored pairs, judgements and what the records say (see the
    module doc)."""
    traits = traits or Traits()
    ids = np.unique(np.fromiter(record_ids, dtype=np.int64))
    positive = [k for k, d in decisions.items() if d is Decision.same]
    negative = [k for k, d in decisions.items() if d is Decision.different]
    extra = np.asarray(sorted({r for k in positive + negative for r in k}), np.int64)
    ids = np.union1d(ids, extra)
    position = {int(r): i for i, r in enumerate(ids.tolist())}
    keep = (pairs.probability >= threshold) & pairs.linkable()
    left, right, prob = pairs.left[keep], pairs.right[keep], pairs.probability[keep]
    if negative:
        mask = ~np.isin(_pair_codes(left, right), _pair_codes(*np.asarray(negative).T))
        left, right, prob = left[mask], right[mask], prob[mask]
    li = np.searchsorted(ids, left)
    ri = np.searchsorted(ids, right)
    pa = np.asarray([position[a] for a, _ in positive], np.int64)
    pb = np.asarray([position[b] for _, b in positive], np.int64)
    rows, cols = np.concatenate([li, pa]), np.concatenate([ri, pb])
    graph = coo_matrix((np.ones(len(rows), np.int8), (rows, cols)), shape=(len(ids), len(ids)))
    _, labels = connected_components(graph, directed=False)
    labels = labels.astype(np.int64)
    torn = {
        int(labels[position[a]]) for a, b in negative if labels[position[a]] == labels[position[b]]
    }
    contradicting = _contradicting(ids, labels, traits) - torn
    reasons: dict[int, str] = {}
    if torn or contradicting:
        rebuilt = _rebuild(
            ids, labels, torn | contradicting, li, ri, prob, positive, negative, position, traits
        )
        reasons.update(
            {int(ids[i]): SPLIT if label in torn else CONFLICT for i, label in rebuilt.items()}
        )
    for a, b in positive:
        if labels[position[a]] == labels[position[b]]:
            reasons[a] = reasons[b] = JUDGEMENT
    return _clustering(ids, labels, reasons)


def _pair_codes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One int64 per unordered pair of record ids (ids are below 2**31)."""
    a, b = np.asarray(a, np.int64), np.asarray(b, np.int64)
    return np.asarray((np.minimum(a, b) << 32) | np.maximum(a, b))


def _contradicting(ids: np.ndarray, labels: np.ndarray, traits: Traits) -> set[int]:
    """Labels of the groups holding two records that contradict each other (rule 5).

    A group no model link could be refused in is exactly one without such a pair: two parts
    of a group contradict only if two of its records do.
    """
    if not traits:
        return set()
    found: set[int] = set()

    def said(column: Mapping[int, Any]) -> Any:
        records, values = traits.arrays(column)
        inside = np.isin(records, ids)
        return pd.DataFrame(
            {"label": labels[np.searchsorted(ids, records[inside])], "value": values[inside]}
        ).groupby("label")["value"]

    lows = said({r: y[0] for r, y in traits.birth_years.items()})
    highs = said({r: y[1] for r, y in traits.birth_years.items()})
    apart = lows.max() - highs.min() > YEAR_SLACK
    maybe = {int(k) for k in apart[apart].index}
    genders = said(traits.gender).nunique() > 1
    found.update(int(k) for k in genders[genders].index)
    records, _ = traits.arrays(traits.documents)
    inside = records[np.isin(records, ids)]
    holder_labels = labels[np.searchsorted(ids, inside)]
    shared, counts = np.unique(holder_labels, return_counts=True)
    several = set(shared[counts > 1].tolist())
    held: dict[int, list[frozenset[str]]] = defaultdict(list)
    for record, label in zip(inside.tolist(), holder_labels.tolist(), strict=True):
        if label in several:
            held[label].append(traits.documents[record])
    fathers: dict[int, list[str]] = defaultdict(list)
    known = np.fromiter(traits.fathers.keys(), dtype=np.int64, count=len(traits.fathers))
    known = known[np.isin(known, ids)]
    for record, label in zip(
        known.tolist(), labels[np.searchsorted(ids, known)].tolist(), strict=True
    ):
        fathers[label].append(traits.fathers[record])
    for label, names in fathers.items():
        unique = sorted(set(names))
        if any(fathers_apart([a], unique[i + 1 :]) for i, a in enumerate(unique)):
            found.add(label)
    for label, sets in held.items():
        if any(not a & b for i, a in enumerate(sets) for b in sets[i + 1 :]):
            maybe.add(label)
    for column in (traits.birth_days, traits.citizenships):
        values = said(column).nunique()
        maybe.update(int(k) for k in values[values > 1].index)
    return found | _verified(ids, labels, maybe - found, traits)


def _verified(ids: np.ndarray, labels: np.ndarray, maybe: set[int], traits: Traits) -> set[int]:
    """Those of the groups `maybe` (birth years apart, documents none in common, several
    birth dates or citizenships) where two records truly contradict each other, a clerical
    slip apart not counting, or disagree (rule 6)."""
    inside = np.flatnonzero(np.isin(labels, list(maybe)))
    members: dict[int, list[int]] = defaultdict(list)
    for position in inside.tolist():
        members[int(labels[position])].append(int(ids[position]))
    found = set()
    for label, records in members.items():
        said = [GroupTraits.of(r, traits) for r in records if r in traits.holders]
        if any(
            a.contradicts(b) or a.disagrees(b) for i, a in enumerate(said) for b in said[i + 1 :]
        ):
            found.add(label)
    return found


def _rebuild(
    ids: np.ndarray,
    labels: np.ndarray,
    chosen: set[int],
    li: np.ndarray,
    ri: np.ndarray,
    prob: np.ndarray,
    positive: list[tuple[int, int]],
    negative: list[tuple[int, int]],
    position: dict[int, int],
    traits: Traits,
) -> dict[int, int]:
    """Rebuild, in place in `labels`, the groups `chosen` link by link (rules 3 and 5).

    Returns each rebuilt record's position with the label its group had before.
    """
    members = np.flatnonzero(np.isin(labels, list(chosen)))
    before = {int(p): int(labels[p]) for p in members.tolist()}
    local = {int(p): i for i, p in enumerate(members.tolist())}
    apart: dict[int, set[int]] = defaultdict(set)
    for a, b in negative:
        pa, pb = position[a], position[b]
        if pa in local and pb in local:
            apart[local[pa]].add(local[pb])
            apart[local[pb]].add(local[pa])
    said = traits.holders
    start = [GroupTraits.of(r, traits) if r in said else NOTHING for r in ids[members].tolist()]
    groups = _Groups(len(members), apart, start)
    for a, b in positive:
        pa, pb = position[a], position[b]
        if pa in local and pb in local:
            groups.union(local[pa], local[pb], judged=True)
    inside = np.isin(li, members) & np.isin(ri, members)
    order = np.argsort(-prob[inside], kind="stable")
    chosen_prob = prob[inside][order]
    links = zip(
        li[inside][order].tolist(),
        ri[inside][order].tolist(),
        (chosen_prob >= OVERWHELMING).tolist(),
        (chosen_prob < FIRM).tolist(),
        strict=True,
    )
    for x, y, overwhelming, weak in links:
        groups.union(local[x], local[y], overwhelming=overwhelming, weak=weak)
    fresh = int(labels.max()) + 1
    for p, i in local.items():
        labels[p] = fresh + groups.find(i)
    return before


def _clustering(ids: np.ndarray, labels: np.ndarray, reasons: dict[int, str]) -> Clustering:
    """Clusters keyed by their smallest record, in that order, members ascending; each
    record's reason (`reasons`, else `singleton` or `model`) in the same order."""
    _, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    smallest = np.full(len(counts), np.iinfo(np.int64).max)
    np.minimum.at(smallest, inverse, ids)
    order = np.lexsort((ids, smallest[inverse]))  # by cluster key, then record
    sizes = counts[np.argsort(smallest, kind="stable")].tolist()
    records = ids[order].tolist()
    clusters: dict[int, list[int]] = {}
    start = 0
    for size in sizes:
        clusters[records[start]] = records[start : start + size]
        start += size
    alone = (counts[inverse] == 1)[order]
    out = dict(zip(records, np.where(alone, SINGLETON, MODEL).tolist(), strict=True))
    out.update(reasons)
    return Clustering(clusters, out)
