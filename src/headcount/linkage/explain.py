"""Why two records are (or are not) one person: each field's part of the match weight.

The data behind a waterfall chart: the prior (how likely two records are the same person
before any comparison), then, comparison by comparison, the level the pair falls in, its
match weight log2(m/u), and the term-frequency adjustment for an exact name or kunya; the
sum is the pair's match weight and gives its probability. headcount adds what it decides on
top of Splink: the calibration (`calibrate`: each comparison's weight scaled by its
coefficient, the intercept as a contribution of its own, the two records' source when they
share one (`within`, with the run's saved repeat shares), and the competing candidates — read
back as the difference between the stored weight and the calibrated one without them, since
they depend on the run's other pairs), the name-only cap (`predict`), the judgements
on the pair, the persons the latest run put each record in, and the pair's score as the run
stored it. A run made before calibration (method 2.1) is explained as the model scored it.

The pair is scored with the latest run's trained model (saved with the run) by Splink's
`score_pair`, on DuckDB, so an explanation never needs the run to be repeated. Term
frequencies come from the run's saved list of the most frequent values; a value not in it
counts as rare (held by one record), which is exact for most names and close for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pandas import DataFrame, isna as pd_isna
from splink import Linker

from headcount.linkage.alternatives import NoRun
from headcount.linkage.calibrate import IDENTITY
from headcount.linkage.cluster import probability_of
from headcount.linkage.engines import duckdb_api
from headcount.linkage.frequencies import TF_COLUMNS
from headcount.linkage.judgements import active_judgements, resolve_record
from headcount.linkage.namecache import cached_features
from headcount.linkage.predict import NAME_ONLY_CAP, SUPPORTING
from headcount.linkage.prepare import (
    ARRAY_COLUMNS,
    INTEGER_COLUMNS,
    comparison_frame,
    name_values,
    store_facts,
)
from headcount.linkage.settings import model_settings
from headcount.linkage.train import with_parameters
from headcount.linkage.within import WITHIN, within_features
from headcount.model.vocabulary import EVERY, Compartments
from headcount.storage.engine import Connection, Store
from headcount.storage.persons import run_persons
from headcount.storage.queries import latest_run_id
from headcount.storage.runs import pair_score, run_settings


@dataclass(frozen=True)
class Contribution:
    """One comparison's part of the match weight."""

    comparison: str
    level: str
    weight: float
    tf_adjustment: float
    left: Any
    right: Any


@dataclass
class Explanation:
    """Every part of a pair's match weight, and what headcount decided."""

    record_a: int
    record_b: int
    run_id: int
    prior: float
    contributions: list[Contribution]
    match_weight: float
    probability: float
    names_only: bool
    decided_probability: float
    stored: dict[str, float] | None
    judgements: list[dict[str, Any]] = field(default_factory=list)
    persons: dict[int, str | None] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "record_a": self.record_a,
            "record_b": self.record_b,
            "run_id": self.run_id,
            "prior": self.prior,
            "contributions": [c.__dict__ for c in self.contributions],
            "match_weight": self.match_weight,
            "probability": self.probability,
            "names_only": self.names_only,
            "decided_probability": self.decided_probability,
            "stored": self.stored,
            "judgements": self.judgements,
            "same_person": self.persons.get(self.record_a) == self.persons.get(self.record_b),
            "persons": {str(k): v for k, v in self.persons.items()},
        }


def _run_settings(connection: Connection, run_id: int) -> dict[str, Any]:
    settings = run_settings(connection, run_id)
    if "model" not in settings:
        raise NoRun(f"run {run_id} has no trained model to explain with")
    return dict(settings)


def _labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """Comparison → (comparison vector value → level label)."""
    out: dict[str, dict[int, str]] = {}
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        plain = [lv for lv in levels if not lv.get("is_null_level")]
        labels = {len(plain) - 1 - i: lv.get("label_for_charts", "") for i, lv in enumerate(plain)}
        labels[-1] = "nothing to compare"
        out[comparison["output_column_name"]] = labels
    return out


def _tf(row: dict[str, Any], frequencies: dict[str, Any]) -> dict[str, Any]:
    """A record with the `tf_<column>` values Splink needs to score it alone."""
    out = dict(row)
    for column in TF_COLUMNS:
        value = row.get(column)
        known = frequencies.get(column, {})
        total = frequencies.get(f"{column}_total") or frequencies.get("records") or 1
        out[f"tf_{column}"] = known.get(str(value), 1 / total) if value is not None else None
    return out


def _stored(connection: Connection, run_id: int, a: int, b: int) -> dict[str, float] | None:
    found = pair_score(connection, run_id, a, b)
    return {"match_weight": found[0], "probability": found[1]} if found else None


def score_with_model(model: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Splink's `score_pair` of two comparison rows under a saved model: one output row."""
    try:
        settings = with_parameters(model_settings().create_settings_dict("duckdb"), model)
    except ValueError as exc:
        raise NoRun(str(exc)) from exc
    settings["retain_matching_columns"] = True
    settings["retain_intermediate_calculation_columns"] = True
    settings["blocking_rules_to_generate_predictions"] = []
    api = duckdb_api()
    linker = Linker(api.register(_typed([], rows[0]), table_name="records"), settings)
    left = api.register(_typed([rows[0]], rows[0]), table_name="__headcount_left")
    right = api.register(_typed([rows[1]], rows[0]), table_name="__headcount_right")
    scored = linker.inference.score_pair(left, right).as_pandas_dataframe()
    return dict(scored.iloc[0].to_dict())


def _column_type(column: str) -> Any:
    import pyarrow as pa

    if column in ARRAY_COLUMNS:
        return pa.list_(pa.string())
    if column in INTEGER_COLUMNS:
        return pa.int64()
    if column.startswith("tf_"):
        return pa.float64()
    return pa.string()


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, list | tuple) and bool(pd_isna(value)))


def _typed(rows: list[dict[str, Any]], like: dict[str, Any]) -> Any:
    """Comparison rows as an Arrow table typed by column, not by value: a column that is null
    on both sides (no second reading of a birth day) would otherwise be inferred as a number,
    and comparing it with a date string fails in DuckDB."""
    import pyarrow as pa

    schema = pa.schema([(column, _column_type(column)) for column in like])
    clean = [{k: None if _missing(v) else v for k, v in row.items()} for row in rows]
    return pa.Table.from_pylist(clean, schema=schema)


def explain_pair(
    store: Store, record_a: str, record_b: str, compartments: Compartments = EVERY
) -> Explanation:
    """Explain the pair under the model of the latest run `compartments` see (see the
    module doc)."""
    with store.reading() as connection:
        a, b = resolve_record(connection, record_a), resolve_record(connection, record_b)
        run = latest_run_id(connection, compartments)
        if run is None:
            raise NoRun("no linkage run yet: run `headcount link` first")
        settings = _run_settings(connection, run)
        facts = list(store_facts(connection, [a, b]))
        stored = _stored(connection, run, a, b)
        persons = run_persons(connection, run)
        judged = [
            {
                "id": j.id,
                "decision": j.decision.value,
                "user": j.user,
                "note": j.note,
                "at": j.created_at.isoformat(),
            }
            for j in active_judgements(connection)
            if {j.record_a, j.record_b} == {a, b}
        ]
    known, _ = cached_features(store, name_values(facts), workers=1, write=False)
    frame = comparison_frame(facts, workers=1, known=known).set_index("unique_id", drop=False)
    frequencies = settings.get("term_frequencies", {})
    rows = [
        _tf({str(k): v for k, v in frame.loc[r].to_dict().items()}, frequencies) for r in (a, b)
    ]
    model = settings["model"]
    scored = score_with_model(model, rows)
    calibration = {**IDENTITY, **settings.get("calibration", {})}
    within = _within(frame, a, b, calibration, settings.get("source_repeats", {}))
    return _explanation(a, b, run, model, calibration, scored, stored, judged, persons, within)


def _within(
    frame: DataFrame,
    a: int,
    b: int,
    calibration: dict[str, float],
    shares: dict[str, float],
) -> float:
    """What the two records' sources gave the pair in the run (`within`: their level's
    coefficient; 0 across two sources)."""
    sources = frame["source"]
    levels = within_features(sources, np.asarray([a]), np.asarray([b]), shares)
    return float(sum(calibration[name] * levels[name].iloc[0] for name in WITHIN))


def _explanation(
    a: int,
    b: int,
    run: int,
    model: dict[str, Any],
    calibration: dict[str, float],
    scored: dict[str, Any],
    stored: dict[str, float] | None,
    judged: list[dict[str, Any]],
    persons: dict[int, str],
    within: float,
) -> Explanation:
    import math

    labels = _labels(model)
    contributions = []
    lam = float(model["probability_two_random_records_match"])
    prior = math.log2(lam / (1 - lam))
    weight = prior  # summed unrounded: the contributions are shown rounded
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        gamma = int(scored[f"gamma_{name}"])
        slope = calibration.get(name, 1.0)
        tf = float(scored.get(f"mw_tf_adj_{name}", 0.0) or 0.0)
        weight += slope * (float(scored[f"mw_{name}"]) + tf)
        contributions.append(
            Contribution(
                name,
                labels[name].get(gamma, str(gamma)),
                round(slope * float(scored[f"mw_{name}"]), 4),
                round(slope * tf, 4),
                _shown(name, scored, "l"),
                _shown(name, scored, "r"),
            )
        )
    names_only = not any(float(scored[f"mw_{c}"]) > 0 for c in SUPPORTING if f"mw_{c}" in scored)
    shift = calibration["intercept"] + calibration["names_only"] * names_only
    if shift:
        contributions.append(
            Contribution("calibration", "intercept", round(shift, 4), 0.0, None, None)
        )
        weight += shift
    if within:
        contributions.append(
            Contribution("source", "within one source", round(within, 4), 0.0, None, None)
        )
        weight += within
    competing = _competing(stored, weight) if not names_only else 0.0
    if competing:
        contributions.append(
            Contribution("competing", "competing candidates", competing, 0.0, None, None)
        )
        weight += competing
    probability = probability_of(weight)
    decided = min(probability, NAME_ONLY_CAP) if names_only else probability
    return Explanation(
        a,
        b,
        run,
        round(prior, 4),
        contributions,
        round(weight, 4),
        probability,
        names_only,
        decided,
        stored,
        judged,
        {a: persons.get(a), b: persons.get(b)},
    )


def _competing(stored: dict[str, float] | None, weight: float) -> float:
    """What competing candidates gave the pair in the run: the stored weight less the
    calibrated one without them (0 when the pair was not stored)."""
    if stored is None:
        return 0.0
    given = float(stored["match_weight"]) - weight
    return round(given, 4) if abs(given) >= 1e-3 else 0.0


SHOWN = {
    "name": ("name_sorted",),
    "birth_date": ("birth_day", "birth_year"),
    "country": ("countries", "places"),
    "id_number": ("id_numbers",),
    "address": ("address_key", "postcode"),
    "event": ("event_months",),
    "kunya": ("kunya",),
    "nisba": ("nisba",),
    "gender": ("gender",),
}
"""The columns a comparison's values are shown by, the first one present."""


def _shown(comparison: str, scored: dict[str, Any], side: str) -> Any:
    """What one record holds for a comparison (e.g. its birth day, else its birth year)."""
    for column in SHOWN.get(comparison, (comparison,)):
        value = _plain(scored.get(f"{column}_{side}"))
        if value is not None:
            return value
    if comparison == "birth_date":  # a range of years (from an age)
        low, high = (_plain(scored.get(f"birth_year_{end}_{side}")) for end in ("low", "high"))
        return f"{low}–{high}" if low is not None else None
    return None


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, float) and value != value:
        return None
    return value
