"""Clustering scored pairs into persons, with human judgements applied on top of the model.

The rules (docs/methodology/linkage.md, "What a judgement does"):

1. Pairs scored at or above the threshold join their records (connected components, as
   Splink clusters), except a pair judged `different`.
2. A `same` judgement joins its two records whatever the model says; `same` judgements are
   transitive (A = B and B = C put A, B and C together).
3. A `different` judgement wins over any chain of model links or `same` judgements: a group
   that would hold both records is rebuilt link by link — `same` judgements first (oldest
   first), then model links from the most probable down — refusing every link that would put
   two records judged different together. The records fall apart where the evidence is
   weakest.
4. `unsure` changes nothing (it waits for review).

Each record gets the reason it is where it is: `judgement` (a `same` judgement holds it),
`split` (a `different` judgement cut its group), `model`, or `singleton`.

Connected components are solved with SciPy's sparse-graph routine (linear in the pairs);
only groups touched by a `different` judgement go through the slower link-by-link rebuild,
which is hand-written because no library clusters with cannot-link constraints this way.

Invariants: every record given is in exactly one cluster; a cluster's key is its smallest
record id; two records judged `different` are never in one cluster; two records judged
`same` are in one cluster unless a `different` judgement separates them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from headcount.model.vocabulary import Decision

JUDGEMENT, SPLIT, MODEL, SINGLETON = "judgement", "split", "model", "singleton"


@dataclass(frozen=True)
class Pairs:
    """Scored candidate pairs as parallel arrays: record ids, match weight and probability."""

    left: np.ndarray
    right: np.ndarray
    probability: np.ndarray
    weight: np.ndarray

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
    """Union–find over record positions that refuses unions joining records judged different."""

    def __init__(self, size: int, apart: Mapping[int, set[int]]) -> None:
        self.parent = list(range(size))
        self.apart = {k: set(v) for k, v in apart.items()}

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        apart_a, apart_b = self.apart.get(ra, set()), self.apart.get(rb, set())
        if any(self.find(x) == rb for x in apart_a) or any(self.find(x) == ra for x in apart_b):
            return False
        self.parent[rb] = ra
        if apart_b:
            self.apart.setdefault(ra, set()).update(apart_b)
        return True


def cluster_records(
    record_ids: Iterable[int],
    pairs: Pairs,
    threshold: float,
    decisions: Mapping[tuple[int, int], Decision],
) -> Clustering:
    """Cluster records from scored pairs and judgements (see the module doc)."""
    ids = np.unique(np.fromiter(record_ids, dtype=np.int64))
    positive = [k for k, d in decisions.items() if d is Decision.same]
    negative = [k for k, d in decisions.items() if d is Decision.different]
    extra = np.asarray(sorted({r for k in positive + negative for r in k}), np.int64)
    ids = np.union1d(ids, extra)
    position = {int(r): i for i, r in enumerate(ids.tolist())}
    keep = pairs.probability >= threshold
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
    reasons: dict[int, str] = {}
    if negative:
        split_labels = _split(ids, labels, li, ri, prob, positive, negative, position)
        reasons.update({int(ids[i]): SPLIT for i in split_labels})
    for a, b in positive:
        if labels[position[a]] == labels[position[b]]:
            reasons[a] = reasons[b] = JUDGEMENT
    return _clustering(ids, labels, reasons)


def _pair_codes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One int64 per unordered pair of record ids (ids are below 2**31)."""
    a, b = np.asarray(a, np.int64), np.asarray(b, np.int64)
    return (np.minimum(a, b) << 32) | np.maximum(a, b)


def _split(
    ids: np.ndarray,
    labels: np.ndarray,
    li: np.ndarray,
    ri: np.ndarray,
    prob: np.ndarray,
    positive: list[tuple[int, int]],
    negative: list[tuple[int, int]],
    position: dict[int, int],
) -> list[int]:
    """Rebuild, in place in `labels`, every group holding two records judged different.

    Returns the positions of the records in the rebuilt groups.
    """
    torn = {
        int(labels[position[a]]) for a, b in negative if labels[position[a]] == labels[position[b]]
    }
    if not torn:
        return []
    members = np.flatnonzero(np.isin(labels, list(torn)))
    local = {int(p): i for i, p in enumerate(members.tolist())}
    apart: dict[int, set[int]] = defaultdict(set)
    for a, b in negative:
        pa, pb = position[a], position[b]
        if pa in local and pb in local:
            apart[local[pa]].add(local[pb])
            apart[local[pb]].add(local[pa])
    groups = _Groups(len(members), apart)
    for a, b in positive:
        pa, pb = position[a], position[b]
        if pa in local and pb in local:
            groups.union(local[pa], local[pb])
    inside = np.isin(li, members) & np.isin(ri, members)
    order = np.argsort(-prob[inside], kind="stable")
    for x, y in zip(li[inside][order].tolist(), ri[inside][order].tolist(), strict=True):
        groups.union(local[x], local[y])
    fresh = int(labels.max()) + 1
    for p, i in local.items():
        labels[p] = fresh + groups.find(i)
    return list(local)


def _clustering(ids: np.ndarray, labels: np.ndarray, reasons: dict[int, str]) -> Clustering:
    groups: dict[int, list[int]] = defaultdict(list)
    for record, label in zip(ids.tolist(), labels.tolist(), strict=True):
        groups[label].append(record)
    clusters = {members[0]: members for members in groups.values()}
    out: dict[int, str] = {}
    for members in clusters.values():
        default = SINGLETON if len(members) == 1 else MODEL
        for r in members:
            out[r] = reasons.get(r, default)
    return Clustering(clusters, out)
