"""The contract accounting depends on: alternative clusterings of a run from its stored pairs."""

from __future__ import annotations

import os

import numpy as np
import pytest
from tests.linkage.stored import store_records

from headcount.linkage import alternatives as alternatives_module
from headcount.linkage.alternatives import (
    NoRun,
    alternative_clusterings,
    clusterings,
    neighbouring_thresholds,
    run_pairs,
    scored_run,
)
from headcount.linkage.cluster import Pairs, cluster_records
from headcount.linkage.judgements import add_judgement
from headcount.linkage.persons import save_run
from headcount.linkage.traits import store_traits
from headcount.model.vocabulary import Decision
from headcount.storage import Store
from headcount.storage.persons import run_persons


def _run(db: Store) -> tuple[int, dict[str, int]]:
    ids = store_records(db, {"s": [str(k) for k in range(1, 9)]})
    judged = add_judgement(db, "s/1", "s/4", "different", user="ana")
    add_judgement(db, "s/7", "s/8", "same", user="ana")  # made after: not in the run
    pairs = Pairs.of([(1, 2, 0.999), (2, 3, 0.95), (3, 4, 0.999), (5, 6, 0.6), (6, 7, 0.05)])
    clustering = cluster_records(range(1, 9), pairs, 0.9, {(1, 4): Decision.different})
    summary = save_run(
        db,
        clustering.clusters,
        engine="test",
        user="t",
        threshold=0.9,
        settings={"judgements": [judged.id]},
        reasons=clustering.reasons,
        pairs=pairs,
    )
    return summary.run_id, ids


def test_there_is_nothing_to_vary_before_a_run(db: Store) -> None:
    with db.reading() as c, pytest.raises(NoRun):
        alternative_clusterings(c)


def test_neighbouring_thresholds_bracket_the_run_threshold() -> None:
    around = neighbouring_thresholds(0.9)
    assert around["lower"] < 0.9 < around["upper"]
    assert around["lower"] == pytest.approx(0.9 / (0.9 + 8 * 0.1))


def test_alternatives_cover_every_record_and_apply_the_runs_judgements(db: Store) -> None:
    run_id, _ = _run(db)
    with db.reading() as c:
        persons = run_persons(c, run_id)
        alternatives = alternative_clusterings(c)
        again = alternative_clusterings(c, run_id)
        own = alternative_clusterings(c, run_id, {"run": 0.9, "low": 0.5})
    assert set(alternatives) == {"lower", "upper", "sample_1", "sample_2", "sample_3"}
    assert alternatives == again  # the draws are seeded by the run
    assert own["run"] == persons  # the run's own threshold gives back its persons
    for mapping in alternatives.values():
        assert set(mapping) == set(persons)
        assert mapping[1] != mapping[4]  # judged different in the run
        assert mapping[7] != mapping[8]  # judged after the run: not applied
    lower, upper = alternatives["lower"], alternatives["upper"]
    assert len(set(lower.values())) <= len(set(persons.values())) <= len(set(upper.values()))
    assert lower[5] == lower[6] and own["low"][5] == own["low"][6]
    assert upper[5] != upper[6]
    # a cluster that keeps a person of the run keeps its id; others get a labelled key
    assert lower[1] == persons[1] and lower[6].startswith(("P", "lower-"))


def test_a_pair_agreeing_on_names_alone_is_never_a_model_link(db: Store) -> None:
    store_records(db, {"s": [str(k) for k in range(1, 5)]})
    # 1–2 agree on names alone (however likely the names make them); 3–4 have more
    pairs = Pairs(
        np.array([1, 3]),
        np.array([2, 4]),
        np.array([0.5, 0.4]),
        np.array([0.0, -0.58]),
        np.array([True, False]),
    )
    for threshold in (0.5, 0.1):
        person = cluster_records(range(1, 5), pairs, threshold, {}).person_of()
        assert person[1] != person[2]
    assert cluster_records(range(1, 5), pairs, 0.1, {}).person_of()[3] == 3
    judged = cluster_records(range(1, 5), pairs, 0.5, {(1, 2): Decision.same})
    assert judged.person_of()[1] == judged.person_of()[2]
    clustering = cluster_records(range(1, 5), pairs, 0.5, {})
    summary = save_run(
        db,
        clustering.clusters,
        engine="test",
        user="t",
        threshold=0.5,
        settings={},
        reasons=clustering.reasons,
        pairs=pairs,
    )
    with db.reading() as c:
        stored = run_pairs(c, summary.run_id)
        alternatives = alternative_clusterings(c, summary.run_id, samples=20)
    assert stored.names_only is not None
    pairs_stored = zip(stored.left.tolist(), stored.right.tolist(), strict=True)
    flags = dict(zip(pairs_stored, stored.names_only.tolist(), strict=True))
    assert flags == {(1, 2): True, (3, 4): False}
    assert all(mapping[1] != mapping[2] for mapping in alternatives.values())
    assert alternatives["lower"][3] == alternatives["lower"][4]


def test_drawn_clusterings_are_the_alternatives_own_draws(
    db: Store,
) -> None:
    run_id, _ = _run(db)
    with db.reading() as c:
        drawn = clusterings(scored_run(c, run_id), store_traits(c), samples=3)
        alternatives = alternative_clusterings(c, run_id)
    assert list(drawn) == ["sample_1", "sample_2", "sample_3"]
    assert all(drawn[k] == alternatives[k] for k in drawn)  # the same seeded draws
    assert all(mapping[1] != mapping[4] for mapping in drawn.values())  # judgements hold


def test_worker_processes_make_the_same_clusterings(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large runs are clustered in forked workers, one per core: the draws are made before,
    so the clusterings are those of one process."""
    run_id, _ = _run(db)
    with db.reading() as c:
        run, traits = scored_run(c, run_id), store_traits(c)
    one = alternatives_module.clusterings(run, traits, {"lower": 0.5}, samples=4)
    monkeypatch.setattr(alternatives_module, "PARALLEL_PAIRS", 1)
    monkeypatch.setattr(alternatives_module, "_alone", lambda: True)
    monkeypatch.setattr(alternatives_module.os, "sched_getaffinity", lambda _: {0, 1})
    called: list[int] = []
    forked = alternatives_module.clusterings(
        run, traits, {"lower": 0.5}, samples=4, meanwhile=lambda: called.append(os.getpid())
    )
    assert called == [os.getpid()]  # in this process, while the workers cluster
    assert list(forked) == ["lower", "sample_1", "sample_2", "sample_3", "sample_4"]
    assert forked == one
    assert len({tuple(sorted(m.items())) for m in one.values()}) > 1  # the draws differ
