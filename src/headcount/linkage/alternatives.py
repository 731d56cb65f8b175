"""Alternative clusterings of a linkage run, for counts with linkage uncertainty.

A count of persons depends on where the match threshold is drawn. Accounting asks how the
count moves when it is drawn elsewhere, without running the model again: a run keeps its
scored candidate pairs (`pair_scores`), and this module re-clusters them

- at neighbouring thresholds, `lower` (more links: fewer, larger persons) and `upper`
  (fewer links), `WEIGHT_STEP` match-weight units either side of the run's threshold
  (a factor of 2**WEIGHT_STEP on the odds);
- and `samples` times by drawing each pair as a link with its own match probability
  (`sample_1`, `sample_2` …; seeded by the run id, so the same run gives the same draws).

Each clustering applies exactly the judgements the run applied (their ids are in the run's
settings) by the same rules (`cluster.cluster_records`), and refuses the same contradictions
(the records' traits, read from the store: `traits.store_traits`).

Person keys: a cluster that keeps most of a person of the run keeps that person's id (the
rules of `persons.assign_ids`); any other cluster is keyed `<label>-<smallest record id>`.

Large runs (`PARALLEL_PAIRS` scored pairs or more) are clustered in worker processes, one
per core, forked from a process that runs no other thread (the command line off a
terminal; a server or a progress bar keeps it in one process): clustering is interpreted
Python (the cannot-link rebuild, `cluster`), so threads would wait on each other, and a
fork copies the run and traits for free where spawned workers took longer to start (about
5 s) than the clusterings they shared. The draws are made first, in the caller, so the
clusterings are the same however many workers make them.

Invariant: every record of the run is in every clustering, and the clustering at the run's
own threshold gives back the run's persons.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

import numpy as np

from headcount.linkage.cluster import Pairs, cluster_records, probability_of, weight_of
from headcount.linkage.contradictions import Traits
from headcount.linkage.judgements import active_judgements, effective_judgements
from headcount.linkage.persons import assign_ids
from headcount.linkage.traits import store_traits
from headcount.model.vocabulary import Decision
from headcount.storage.engine import Connection
from headcount.storage.persons import run_persons
from headcount.storage.queries import latest_run_id
from headcount.storage.runs import run_pair_columns, run_settings, run_threshold

WEIGHT_STEP = 3.0
"""How far the `lower` and `upper` thresholds sit from the run's, in match-weight units."""
SAMPLES = 3
"""Clusterings drawn from the pair probabilities by default."""
DEFAULT_THRESHOLD = 0.9
PARALLEL_PAIRS = 100_000
"""From this many scored pairs, clusterings are made in worker processes (one clustering took
about 1.3 s at 40,000 simulated persons, 239,000 pairs; starting a worker takes about 2 s)."""


class NoRun(LookupError):
    """There is no finished linkage run to work from."""


def run_pairs(connection: Connection, run_id: int) -> Pairs:
    """The scored candidate pairs a run stored."""
    columns = run_pair_columns(connection, run_id)
    if columns is None:
        return Pairs.empty()
    a, b, w, p, n = columns
    return Pairs(
        a.astype(np.int64),
        b.astype(np.int64),
        p.astype(np.float64),
        w.astype(float),
        n.astype(bool),
    )


def run_decisions(connection: Connection, run_id: int) -> dict[tuple[int, int], Decision]:
    """The judgements a run applied (their ids are in its settings), as in force then."""
    applied = set(run_settings(connection, run_id).get("judgements", []))
    chosen = [j for j in active_judgements(connection) if j.id in applied]
    return effective_judgements(chosen)


@dataclass(frozen=True)
class ScoredRun:
    """What re-clustering a run reads of it, read once: its id, persons (record id → person
    id), scored pairs, the judgements it applied and its threshold."""

    id: int
    persons: dict[int, str]
    pairs: Pairs
    decisions: dict[tuple[int, int], Decision]
    threshold: float


def scored_run(connection: Connection, run_id: int, pairs: Pairs | None = None) -> ScoredRun:
    """The run `run_id` as re-clustering reads it (`pairs`: its scored pairs, when read
    already)."""
    value = run_threshold(connection, run_id)
    return ScoredRun(
        run_id,
        run_persons(connection, run_id),
        pairs if pairs is not None else run_pairs(connection, run_id),
        run_decisions(connection, run_id),
        value if value is not None else DEFAULT_THRESHOLD,
    )


def neighbouring_thresholds(threshold: float, step: float = WEIGHT_STEP) -> dict[str, float]:
    """`lower` and `upper` probability thresholds `step` match-weight units either side."""
    weight = float(weight_of(np.asarray([threshold]))[0])
    return {"lower": probability_of(weight - step), "upper": probability_of(weight + step)}


def alternative_clusterings(
    connection: Connection,
    run_id: int | None = None,
    thresholds: Mapping[str, float] | None = None,
    *,
    samples: int = SAMPLES,
    traits: Traits | None = None,
) -> dict[str, dict[int, str]]:
    """Clusterings of a run's records at other thresholds: label → (record id → person key).

    By default `lower`, `upper` and `samples` draws (see the module doc); with `thresholds`
    (label → match probability), exactly those. `traits` are the records' (read from the
    store when not given).
    """
    run = run_id if run_id is not None else latest_run_id(connection)
    if run is None:
        raise NoRun("no linkage run yet: run `headcount link` first")
    scored = scored_run(connection, run)
    traits = traits if traits is not None else store_traits(connection)
    chosen = thresholds or neighbouring_thresholds(scored.threshold)
    return clusterings(scored, traits, chosen, samples if thresholds is None else 0)


def clusterings(
    run: ScoredRun,
    traits: Traits,
    thresholds: Mapping[str, float] | None = None,
    samples: int = 0,
    meanwhile: Callable[[], object] | None = None,
) -> dict[str, dict[int, str]]:
    """The run's records clustered at each of `thresholds` (label → match probability), then
    `samples` times with each pair drawn as a link with its own probability (seeded by the
    run: `sample_1` …), all under the run's judgements and the records' traits: label →
    (record id → person key). `meanwhile` is called in this process while worker processes
    cluster (before clustering, without them): other work that would otherwise wait."""
    work: list[tuple[str, np.ndarray | None, float]] = [
        (label, None, threshold) for label, threshold in (thresholds or {}).items()
    ]
    rng = np.random.default_rng([run.id, 20171208])
    for k in range(1, samples + 1):
        work.append((f"sample_{k}", rng.random(len(run.pairs)) < run.pairs.probability, 0.0))
    workers = min(len(work), len(os.sched_getaffinity(0)))
    besides = meanwhile or (lambda: None)
    if workers < 2 or len(run.pairs) < PARALLEL_PAIRS or not _alone():
        besides()
        return {label: _clustered(run, traits, label, drawn, t) for label, drawn, t in work}
    fork = get_context("fork")
    with ProcessPoolExecutor(workers, fork, initializer=_hold, initargs=(run, traits)) as pool:
        # with fork, every worker is started on the first submission, before the pool's
        # own thread: `besides` may start threads of its own
        futures = [(w[0], pool.submit(_clustered_held, *w)) for w in work]
        besides()
        return {label: future.result() for label, future in futures}


def _alone() -> bool:
    """Whether this process runs one thread only, the one a fork copies (module doc)."""
    return threading.active_count() == 1


def _clustered(
    run: ScoredRun, traits: Traits, label: str, drawn: np.ndarray | None, threshold: float
) -> dict[int, str]:
    """The run's records clustered from the pairs `drawn` (all: None) at `threshold`."""
    pairs = run.pairs if drawn is None else run.pairs.subset(drawn)
    clustering = cluster_records(run.persons, pairs, threshold, run.decisions, traits)
    return _keys(label, clustering.clusters, run.persons)


_held: list[tuple[ScoredRun, Traits]] = []
"""A worker process's run and traits, sent once (`_hold`)."""


def _hold(run: ScoredRun, traits: Traits) -> None:
    _held.append((run, traits))


def _clustered_held(label: str, drawn: np.ndarray | None, threshold: float) -> dict[int, str]:
    run, traits = _held[-1]
    return _clustered(run, traits, label, drawn, threshold)


def _keys(label: str, clusters: dict[int, list[int]], persons: dict[int, str]) -> dict[int, str]:
    """Record → person key: the run's person id where the cluster keeps it, else a new key."""
    kept = set(persons.values())
    # new ids numbered past every id of the run, so that they cannot be taken for one of them
    first_new = 1 + max((int(p[1:]) for p in kept if p[1:].isdigit()), default=0)
    ids, _ = assign_ids(clusters, persons, first_new=first_new)
    out: dict[int, str] = {}
    for key, members in clusters.items():
        person = ids[key] if ids[key] in kept else f"{label}-{key}"
        out.update(dict.fromkeys(members, person))
    return out
