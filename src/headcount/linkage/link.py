"""`link`: resolve every record of the store into persons, end to end.

records → comparison frame (`prepare`) → an Arrow table of it and what clustering reads
beside (`prepared`: a large store's made in a child process, whose memory goes back to the
system when it ends) → blocking keys (`blocking`) → Splink model trained
(`train`) → blocked pairs scored (`predict`), their probabilities calibrated over the
comparisons and competing candidates (`calibrate`) → clusters with judgements (`cluster`) →
persons with stable ids, the run's scored pairs and its settings saved (`persons.save_run`).

The model is always trained on DuckDB, in this process, from the same frame; `--engine
spark` moves the expensive step — blocking and scoring every candidate pair — to Spark.
Splink's random sampling of u draws differently on each engine, so training on one engine
is what makes both engines give the same model and therefore the same persons.

The run's settings keep what is needed to explain or re-cluster it later without the
model running again: the trained model (Splink's JSON), the ids of the judgements applied,
the block sizes and the most frequent values of the term-frequency columns.

Invariant: the store is only written at the end, in one transaction; a run that fails
leaves no trace.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from headcount.linkage.blocking import BlockSizes, blocking_keys, describe
from headcount.linkage.calibrate import COEFFICIENTS
from headcount.linkage.cluster import Clustering, Pairs, cluster_records
from headcount.linkage.engines import ENGINES, EngineError, database_api, release, trim_memory
from headcount.linkage.frequencies import register, term_frequencies
from headcount.linkage.judgements import active_judgements, effective_judgements
from headcount.linkage.persons import RunSummary, save_run
from headcount.linkage.predict import scored_pairs, scored_table
from headcount.linkage.prepared import PreparedRecords, prepare_store
from headcount.linkage.threshold import DEFAULT_THRESHOLD
from headcount.linkage.train import trained_linker
from headcount.model.vocabulary import EVERY, OPEN_ONLY, Compartments, Decision, Scope
from headcount.storage.engine import Store
from headcount.storage.migrate import require_current
from headcount.storage.queries import record_count, restricted_record_count


@dataclass
class LinkReport:
    """What a link run did, with the time each step took."""

    run: RunSummary
    """The run of every record."""
    engine: str
    threshold: float
    records: int
    pairs_scored: int
    blocking: list[BlockSizes]
    judgements: int
    seconds: dict[str, float] = field(default_factory=dict)
    names_parsed: int = 0
    """Name values parsed by this run (the others came from the store's cache)."""
    open_run: LinkReport | None = None
    """The run of the open records alone, made when the store holds restricted records."""
    model: dict[str, Any] = field(default_factory=dict)
    """The run's model as Splink saves it (prior, comparisons, m and u of every level)."""


STEPS = (
    "reading",
    "parsing names",
    "preparing",
    "blocking",
    "training",
    "scoring",
    "clustering",
    "saving",
)
"""The steps of one run, in order (a store with restricted records makes two runs)."""


class LinkError(RuntimeError):
    """Linkage cannot run (no records, an unknown engine …)."""


def model_run(
    records: PreparedRecords,
    engine: str,
    threshold: float,
    decisions: dict[tuple[int, int], Decision],
    step: Callable[[str], None] = lambda _: None,
    model: dict[str, Any] | None = None,
) -> tuple[Clustering, Pairs, dict[str, Any], list[BlockSizes]]:
    """Blocking, training (none with a given `model`), scoring and clustering of prepared
    records (no store needed: `prepared.from_frame` makes them of a comparison frame)."""
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    ids, size = records.ids, len(records)
    table, sizes = blocking_keys(records.table)
    step("blocking")
    same = [k for k, d in decisions.items() if d is Decision.same]
    with warnings.catch_warnings():
        # pyspark 4 warns that pandas 3 is not fully supported; the frame holds only strings,
        # integers and lists of strings, which it converts correctly (tests/linkage/test_spark)
        warnings.filterwarnings("ignore", "PySpark does not yet fully support", FutureWarning)
        scoring = database_api(engine)
        training_api = scoring if engine == "duckdb" else database_api("duckdb")
        try:
            linker, training = trained_linker(table, scoring, same, training_api, model)
        except ValueError as exc:
            raise LinkError(str(exc)) from None
        del table  # the engines hold the records now
        register(linker, scoring, records.counted)
        step("training")
        scored, prior = scored_table(linker, size)
        trained = linker.misc.save_model_to_json()
        # the engine's memory back before the pairs are calibrated, not after
        release(scoring)
        if training_api is not scoring:
            release(training_api)
        pairs, shares = scored_pairs(scored, prior, COEFFICIENTS, records.sources)
        del scored
        trim_memory()
        step("scoring")
    clustering = cluster_records(ids, pairs, threshold, decisions, records.read_traits())
    step("clustering")
    settings = {
        "model": {**trained, "probability_two_random_records_match": prior},
        "training": training,
        "calibration": dict(COEFFICIENTS),
        "source_repeats": shares,
        "term_frequencies": term_frequencies(records.counted, size),
        "blocking": describe(sizes),
    }
    return clustering, pairs, settings, sizes


def link(
    store: Store,
    *,
    engine: str = "duckdb",
    user: str,
    threshold: float = DEFAULT_THRESHOLD,
    workers: int | None = None,
    progress: Callable[[str], None] = lambda _: None,
    model: dict[str, Any] | None = None,
) -> LinkReport:
    """Resolve every record of the store into persons (see the module doc).

    `progress` is told the name of each step as it ends (`STEPS`), for a progress bar. A
    saved `model` (`LinkReport.model` of an earlier run, as `link --save-model` writes it)
    scores with its parameters instead of training new ones.

    When the store holds restricted records, the open records are then linked again on
    their own, model and all: those without restricted access see the persons that run
    makes, exactly as if the restricted records did not exist (a restricted record can
    neither bridge two open records nor train the model that scores them)."""
    require_current(store)
    with store.reading() as connection:
        restricted = restricted_record_count(connection)
    report = _link_scope(store, EVERY, engine, user, threshold, workers, progress, model)
    if restricted:
        report.open_run = _link_scope(
            store,
            OPEN_ONLY,
            engine,
            user,
            threshold,
            workers,
            progress,
            model,
            beside=report.run.run_id,
        )
    return report


def _link_scope(
    store: Store,
    compartments: Compartments,
    engine: str,
    user: str,
    threshold: float,
    workers: int | None,
    progress: Callable[[str], None],
    model: dict[str, Any] | None,
    *,
    beside: int | None = None,
) -> LinkReport:
    """One run over the records `compartments` see."""
    scope = Scope.every if compartments >= EVERY else Scope.open
    seconds: dict[str, float] = {}
    clock = [time.perf_counter()]

    def step(name: str, took: float | None = None) -> None:
        now = time.perf_counter()
        seconds[name] = round(now - clock[0] if took is None else took, 2)
        clock[0] = now
        progress(name)

    with store.reading() as connection:
        applied = active_judgements(connection, compartments=compartments)
        size = record_count(connection, compartments)
    if not size:
        raise LinkError("the store holds no records: run `headcount ingest` first")
    decisions = effective_judgements(applied)
    with prepare_store(store, compartments, workers, size, step) as records:
        clustering, pairs, settings, sizes = model_run(
            records, engine, threshold, decisions, step, model
        )
        parsed, records_linked = records.names_parsed, len(records)
    del records  # its table, traits and sources: clustering is done with them
    settings["judgements"] = [j.id for j in applied]
    summary = save_run(
        store,
        clustering.clusters,
        engine=engine,
        user=user,
        threshold=threshold,
        settings=settings,
        reasons=clustering.reasons,
        pairs=pairs,
        scope=scope,
        beside=beside,
    )
    kept = len(pairs)
    del clustering, pairs
    trim_memory()
    step("saving")
    return LinkReport(
        summary,
        engine,
        threshold,
        records_linked,
        kept,
        sizes,
        len(applied),
        seconds,
        parsed,
        model=settings["model"],
    )
