"""New records join existing persons, without relinking everything.

After `headcount ingest` adds records, `headcount link --new` places only those records: the
latest run's trained model is reused (no training), and only pairs involving a new record are
scored — new against existing records (Splink's `predict_between`) and new against new
(`predict_within`) — with the same blocking rules, and calibrated with the run's
coefficients and its sources' repeat shares (`within`; a source the run did not have is read
from the new pairs), without competing candidates (a new record's rivals among the old ones
are in the previous run, whose pairs are stored calibrated already). The run's persons stay
as they were; a new record joins the person its links lead to (or starts one), two persons
join only when a new record links both, and judgements apply as in a full run.

What it does not do: re-estimate the model, or revisit links between existing records. A
full `headcount link` does both, and is what to run after large ingests or many judgements.

Invariant: every record of the previous run keeps its person id unless a new record joins
two persons (then the larger keeps its id, `persons.assign_ids`).
"""

from __future__ import annotations

import time
from typing import Any

import pandas as pd
from splink import Linker

from headcount.linkage.alternatives import NoRun, run_pairs
from headcount.linkage.blocking import add_blocking_keys, describe
from headcount.linkage.calibrate import COEFFICIENTS
from headcount.linkage.cluster import Pairs, cluster_records
from headcount.linkage.engines import duckdb_api
from headcount.linkage.frequencies import register, term_frequencies, value_counts
from headcount.linkage.judgements import active_judgements, effective_judgements
from headcount.linkage.link import LinkReport
from headcount.linkage.namecache import cached_features
from headcount.linkage.persons import save_run
from headcount.linkage.predict import PAIR_FLOOR, WANTED, scored_pairs
from headcount.linkage.prepare import TRAIT_COLUMNS, comparison_frame, name_values, store_facts
from headcount.linkage.settings import model_settings
from headcount.linkage.train import floored, with_parameters
from headcount.linkage.traits import frame_traits
from headcount.linkage.within import record_sources
from headcount.model.vocabulary import EVERY, OPEN_ONLY, Compartments, Scope
from headcount.storage.engine import Store
from headcount.storage.migrate import require_current
from headcount.storage.persons import run_persons
from headcount.storage.queries import latest_run_id, restricted_record_count
from headcount.storage.runs import run_settings, run_threshold

ENGINE = "duckdb-incremental"


def _columns(relation: Any) -> pd.DataFrame:
    scored = relation.as_duckdbpyrelation()
    wanted = WANTED + [c for c in scored.columns if c.startswith("mw_")]
    frame: pd.DataFrame = scored.select(", ".join(wanted)).df()
    return frame


def score_new(
    frame: pd.DataFrame,
    new_ids: set[int],
    settings: dict[str, Any],
    counted: dict[str, pd.Series],
) -> tuple[Pairs, dict[str, float]]:
    """Pairs involving a new record, scored under a run's trained model, calibration and
    sources' repeat shares (see the module doc; a run made before calibration is calibrated
    with today's coefficients, and a source the run has no share for is read from the new
    pairs), and the shares used."""
    model = settings["model"]
    coefficients = settings.get("calibration", COEFFICIENTS)
    shares = settings.get("source_repeats", {})
    db_api = duckdb_api()
    try:
        rebuilt = with_parameters(model_settings().create_settings_dict("duckdb"), model)
    except ValueError as exc:
        raise NoRun(str(exc)) from exc
    floored_settings = floored(rebuilt)
    is_new = frame["unique_id"].isin(new_ids)
    everything = db_api.register(frame, table_name="records")
    fresh = db_api.register(frame[is_new], table_name="new_records")
    known = db_api.register(frame[~is_new], table_name="old_records")
    linker = Linker(everything, floored_settings)
    register(linker, db_api, counted)
    parts = [linker.inference.predict_within(fresh, threshold_match_probability=PAIR_FLOOR)]
    if (~is_new).any():
        parts.append(
            linker.inference.predict_between(fresh, known, threshold_match_probability=PAIR_FLOOR)
        )
    table = pd.concat([_columns(p) for p in parts], ignore_index=True)
    prior = float(model["probability_two_random_records_match"])
    return scored_pairs(
        table, prior, coefficients, record_sources(frame), competing=False, shares=shares
    )


def link_new(store: Store, *, user: str) -> LinkReport:
    """Place the records the latest run has not seen (see the module doc); the open records
    again on their own, beside it, when the store holds restricted records (`link.link`)."""
    require_current(store)
    with store.reading() as connection:
        restricted = restricted_record_count(connection)
    report = _link_new_scope(store, EVERY, user)
    if restricted:
        report.open_run = _link_new_scope(store, OPEN_ONLY, user, beside=report.run.run_id)
    return report


def _link_new_scope(
    store: Store,
    compartments: Compartments,
    user: str,
    *,
    beside: int | None = None,
) -> LinkReport:
    started = time.perf_counter()
    with store.reading() as connection:
        run = latest_run_id(connection, compartments)
        if run is None:
            raise NoRun("no linkage run yet: run `headcount link` first")
        settings = run_settings(connection, run)
        threshold = run_threshold(connection, run)
        previous = run_persons(connection, run)
        old_pairs = run_pairs(connection, run)
        facts = list(store_facts(connection, compartments=compartments))
        applied = active_judgements(connection, compartments=compartments)
    if "model" not in settings or threshold is None:
        raise NoRun(f"run {run} has no trained model to reuse: run `headcount link`")
    new_ids = {f.record_id for f in facts} - set(previous)
    known, parsed = cached_features(store, name_values(facts))
    frame = comparison_frame(facts, known=known)
    framed, sizes = add_blocking_keys(frame.drop(columns=list(TRAIT_COLUMNS)))
    counted = value_counts(frame)
    new_pairs, shares = (
        score_new(framed, new_ids, settings, counted)
        if new_ids
        else (Pairs.empty(), settings.get("source_repeats", {}))
    )
    # the previous persons hold together: each record is tied to the first of its person
    firsts: dict[str, int] = {}
    for record, person in sorted(previous.items()):
        firsts.setdefault(person, record)
    ties = Pairs.of([(firsts[p], r, 1.0) for r, p in previous.items() if firsts[p] != r])
    decisions = effective_judgements(applied)
    clustering = cluster_records(
        frame["unique_id"].tolist(),
        Pairs.joined(ties, new_pairs),
        threshold,
        decisions,
        frame_traits(frame),
    )
    saved = {
        **settings,
        "calibration": settings.get("calibration", COEFFICIENTS),
        "source_repeats": shares,
        "judgements": [j.id for j in applied],
        "incremental_from": run,
        "blocking": describe(sizes),
        "term_frequencies": term_frequencies(counted, len(frame)),
    }
    pairs = Pairs.joined(old_pairs, new_pairs)
    summary = save_run(
        store,
        clustering.clusters,
        engine=ENGINE,
        user=user,
        threshold=threshold,
        settings=saved,
        reasons=clustering.reasons,
        pairs=pairs,
        scope=Scope.every if compartments >= EVERY else Scope.open,
        beside=beside,
    )
    seconds = {"total": round(time.perf_counter() - started, 2)}
    return LinkReport(
        summary,
        ENGINE,
        threshold,
        len(frame),
        len(new_pairs),
        sizes,
        len(applied),
        seconds,
        parsed,
        model=settings["model"],
    )
