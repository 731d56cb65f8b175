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

Invariant: every record of the run is in every clustering, and the clustering at the run's
own threshold gives back the run's persons.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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
    out = clusterings_at(scored, thresholds or neighbouring_thresholds(scored.threshold), traits)
    if thresholds is None:
        out |= _samples(scored, samples, traits)
    return out


def clusterings_at(
    run: ScoredRun, thresholds: Mapping[str, float], traits: Traits
) -> dict[str, dict[int, str]]:
    """The run's records clustered at each of `thresholds` (label → match probability):
    label → (record id → person key)."""
    out: dict[str, dict[int, str]] = {}
    for label, threshold in thresholds.items():
        clustering = cluster_records(run.persons, run.pairs, threshold, run.decisions, traits)
        out[label] = _keys(label, clustering.clusters, run.persons)
    return out


def sampled_clusterings(run: ScoredRun, samples: int, traits: Traits) -> dict[str, dict[int, str]]:
    """`samples` clusterings of a run's records drawn from its match probabilities alone
    (`sample_1` …, the same draws `alternative_clusterings` makes): plausible partitions of
    the records into persons, for estimates pooled over them. None for a run that stored no
    scored pairs (its persons are taken as certain)."""
    return _samples(run, samples, traits) if len(run.pairs) else {}


def _samples(run: ScoredRun, samples: int, traits: Traits) -> dict[str, dict[int, str]]:
    """Each pair drawn as a link with its own probability, `samples` times (seeded by the
    run), clustered under the run's judgements and the records' traits."""
    out: dict[str, dict[int, str]] = {}
    rng = np.random.default_rng([run.id, 20171208])
    for k in range(1, samples + 1):
        drawn = rng.random(len(run.pairs)) < run.pairs.probability
        clustering = cluster_records(
            run.persons, run.pairs.subset(drawn), 0.0, run.decisions, traits
        )
        out[f"sample_{k}"] = _keys(f"sample_{k}", clustering.clusters, run.persons)
    return out


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
