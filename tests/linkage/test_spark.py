"""The same model on Spark (local mode) gives the same persons as on DuckDB (one small run)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from tests.conftest import need

from headcount.linkage.link import LinkReport, model_run
from headcount.linkage.prepare import comparison_frame, store_facts
from headcount.linkage.prepared import from_frame
from headcount.storage import connect


@pytest.mark.spark
def test_spark_and_duckdb_give_the_same_persons(
    linked_file: tuple[Path, LinkReport], monkeypatch: pytest.MonkeyPatch
) -> None:
    if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
        need("the Spark engine needs pyspark and Java")
    monkeypatch.setenv("HEADCOUNT_DUCKDB_THREADS", "1")  # DuckDB's training repeats on one thread
    store = connect(f"sqlite:///{linked_file[0]}")
    with store.reading() as connection:
        records = from_frame(comparison_frame(store_facts(connection), workers=1))
    store.close()
    on_duckdb, duck_pairs, duck_settings, _ = model_run(records, "duckdb", 0.8, {})
    on_spark, spark_pairs, spark_settings, _ = model_run(records, "spark", 0.8, {})
    assert len(spark_pairs) == len(duck_pairs)
    assert (spark_pairs.left == duck_pairs.left).all()
    # the engines sum in different orders (the model avoids Jaro-Winkler, which they compute
    # differently), EM's estimates move with that and the calibration carries it through:
    # measured, about 2% of pairs differ by more than 1e-9, at most by 1.2e-3; allow 1e-2, and
    # the persons must be the same
    differ = abs(spark_pairs.probability - duck_pairs.probability)
    assert differ.max() <= 1e-2, (differ.max(), (differ > 1e-9).mean())
    assert sorted(on_spark.clusters.values()) == sorted(on_duckdb.clusters.values())
    # the prior is re-estimated from each engine's scores: a sum, equal to rounding
    prior = "probability_two_random_records_match"
    assert spark_settings["model"][prior] == pytest.approx(duck_settings["model"][prior], rel=1e-9)
