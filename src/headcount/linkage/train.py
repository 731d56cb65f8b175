"""Training the model: Splink's estimators, in the order its documentation gives, plus labels.

1. The prior (how likely two random records are the same person) from deterministic rules
   that admit almost no false match, adjusted for their recall.
2. u by random sampling of record pairs (nearly all are different persons).
3. m by expectation maximisation, in two sessions blocked on different fields so that every
   comparison is estimated at least once from pairs it did not select: one blocked on the
   birth day, one on the sorted name parts.
4. Human judgements: where analysts have judged enough pairs `same`, their comparison
   vectors re-estimate m (Splink's `estimate_m_from_pairwise_labels`); below that, a few
   labels would only add noise, and judgements act at clustering (`cluster`) instead.
5. A floor under every m and u (`M_FLOOR`, `U_FLOOR`), after training and before each EM
   session: EM gives m = 0 to a level no training pair fell in (a citizenship that differs,
   on a small list), which would let one clerical error veto a match whatever else agrees;
   the floor bounds any one comparison's weight against a match at about log2(M_FLOOR), −10.
   Started from such a zero, the next session's EM underflows (Splink rejects m = 0).

Nothing here is re-implemented: each step is one Splink call. Training runs on one DuckDB
thread (`engines.one_thread`): on several, the order of EM's sums, and so the last bits of
the model, vary from run to run. Splink samples by a hash of the record ids and the seed, so
with one thread the model repeats exactly (and on Spark).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import pandas as pd
import pyarrow as pa
from splink import Linker, block_on
from splink.internals.exceptions import SplinkException

from headcount.linkage.engines import one_thread
from headcount.linkage.prepare import arrow_frame, pandas_frame
from headcount.linkage.settings import model_settings

SEED = 20171208
U_PAIRS = 5e6
"""Record pairs sampled to estimate u."""
PRIOR_RULES = (("name_sorted", "birth_day"),)
PRIOR_RECALL = 0.6
EM_RULES = (("birth_day",), ("name_sorted",))
M_FLOOR = 1e-3
U_FLOOR = 1e-7
EM_PAIRS = 2e6
"""At most this many blocked pairs per EM session (Splink samples records by a hash of their
id, so the sample is the same on every run)."""
MIN_LABELS = 50
"""`same` judgements needed before they re-estimate m."""

for _name in ("splink", "splink.internals"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def trained_linker(
    frame: pd.DataFrame | pa.Table,
    db_api: Any,
    same_pairs: Iterable[tuple[int, int]] = (),
    training_api: Any = None,
    model: dict[str, Any] | None = None,
) -> tuple[Linker, dict[str, Any]]:
    """A Linker over the frame on `db_api`, with the model trained on `training_api` (the
    same one by default), and what was done; or, given a saved `model` (Splink's JSON, as
    `link --save-model` writes it), with that model's parameters and no training, so that a
    run can be reproduced or reviewed.

    `link` trains on DuckDB whatever engine scores: random sampling draws differently on
    each engine, and one trained model is what makes both engines give the same persons.
    """
    if model is not None:
        dialect = db_api.sql_dialect.sql_dialect_str
        given = with_parameters(model_settings().create_settings_dict(dialect), model)
        registered = db_api.register(engine_table(db_api, frame), table_name="records")
        return Linker(registered, floored(given)), {"model": "given", "em_sessions": 0}
    trainer = training_api if training_api is not None else db_api
    trained_on = trainer.register(engine_table(trainer, frame), table_name="records")
    with one_thread(trainer):
        model, info = train(trained_on, same_pairs)
    if trainer is db_api:
        return Linker(trained_on, floored(model)), info
    dialect = db_api.sql_dialect.sql_dialect_str
    moved = with_parameters(model_settings().create_settings_dict(dialect), model)
    registered = db_api.register(engine_table(db_api, frame), table_name="records")
    return Linker(registered, floored(moved)), info


def engine_table(db_api: Any, frame: pd.DataFrame | pa.Table) -> Any:
    """The records as `db_api` best reads them: DuckDB an Arrow table (`prepare.arrow_frame`),
    which it scans in place, Spark a pandas frame (`prepare.pandas_frame`)."""
    duckdb = db_api.sql_dialect.sql_dialect_str == "duckdb"
    if isinstance(frame, pa.Table):
        return frame if duckdb else pandas_frame(frame)
    return arrow_frame(frame) if duckdb else frame


def with_parameters(settings: dict[str, Any], model: dict[str, Any]) -> dict[str, Any]:
    """`settings` (the model's SQL in another dialect) with the trained parameters of `model`.

    A saved model's SQL is in the dialect it was trained on; the same comparisons built for
    another dialect take its prior, m and u level by level.
    """
    shape = [len(c["comparison_levels"]) for c in settings["comparisons"]]
    if shape != [len(c["comparison_levels"]) for c in model.get("comparisons", [])]:
        raise ValueError(
            "the model was made by another version of headcount's comparisons: "
            "run `headcount link` to train one"
        )
    settings["probability_two_random_records_match"] = model["probability_two_random_records_match"]
    for target, source in zip(settings["comparisons"], model["comparisons"], strict=True):
        for level, trained in zip(
            target["comparison_levels"], source["comparison_levels"], strict=True
        ):
            for key in ("m_probability", "u_probability"):
                if trained.get(key) is not None:
                    level[key] = trained[key]
    return settings


def floored(model: dict[str, Any]) -> dict[str, Any]:
    """The model with every level's m and u at least M_FLOOR and U_FLOOR."""
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            for key, floor in (("m_probability", M_FLOOR), ("u_probability", U_FLOOR)):
                if level.get(key) is not None:
                    level[key] = max(float(level[key]), floor)
    return model


def train(
    table: Any, same_pairs: Iterable[tuple[int, int]] = ()
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Estimate the prior, u and m on a registered table (see the module doc).

    Returns the trained model (Splink's JSON) and what was done. Each EM session starts
    from the model as it stands and is kept only if it completes: on a small list a session
    can find no pairs, or leave a level with none (whose m Splink refuses to set to 0), and
    an interrupted session must not leave its half-updated parameters behind.
    """
    linker = Linker(table, model_settings())
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*rule) for rule in PRIOR_RULES], recall=PRIOR_RECALL
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=U_PAIRS, seed=SEED)
    model = linker.misc.save_model_to_json()
    sessions = []
    for rule in EM_RULES:
        # A session starts from the floored model: an m of 0 left by the previous session
        # gives its pairs a probability of exactly 0, which can leave another level with no
        # weight at all, and Splink refuses the m = 0 that follows (seen on 1,500 simulated
        # persons, seed 29: the name session was lost and birth dates weighed nothing).
        attempt = Linker(table, floored(model))
        try:
            attempt.training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule), estimate_without_term_frequencies=True, max_pairs=EM_PAIRS
            )
        except (SplinkException, ValueError):
            continue
        model = attempt.misc.save_model_to_json()
        sessions.append(list(rule))
    labels = sorted(set(same_pairs))
    used_labels = len(labels) >= MIN_LABELS
    if used_labels:
        model = _from_labels(table, model, labels)
    return model, {"em_sessions": sessions, "labels": len(labels) if used_labels else 0}


def _from_labels(
    table: Any, model: dict[str, Any], labels: list[tuple[int, int]]
) -> dict[str, Any]:
    """m re-estimated from pairs judged `same` (Splink's estimate_m_from_pairwise_labels)."""
    linker = Linker(table, model)
    pairs = pd.DataFrame(
        {
            "source_dataset_l": "records",
            "unique_id_l": [a for a, _ in labels],
            "source_dataset_r": "records",
            "unique_id_r": [b for _, b in labels],
        }
    )
    registered = linker.table_management.register_table(pairs, "__headcount_labels")
    linker.training.estimate_m_from_pairwise_labels(registered)
    return linker.misc.save_model_to_json()
