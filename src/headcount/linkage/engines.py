"""Where Splink runs: DuckDB in this process (the default), or Apache Spark.

Both run the same model on the same frame; only the SQL engine differs. Spark is an extra
(`pip install 'headcount[spark]'`, and Java 17): it is imported only when asked for, and
started in local mode on every core unless `HEADCOUNT_SPARK_MASTER` names a cluster.

Hand-written here is only the session set-up Splink needs on Spark: its string-similarity
functions (Jaro-Winkler …) ship as a jar that must be on the session's class path.
"""

from __future__ import annotations

import ctypes
import gc
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa

ENGINES = ("duckdb", "spark")
DUCKDB_MEMORY = os.environ.get("HEADCOUNT_DUCKDB_MEMORY", "2.5GB")
"""DuckDB's memory limit: past it, DuckDB spills to disk instead of growing."""


class EngineError(RuntimeError):
    """The engine asked for is unknown or cannot start."""


def database_api(engine: str) -> Any:
    """A Splink database API for `engine` (`duckdb` or `spark`)."""
    if engine == "duckdb":
        return duckdb_api()
    if engine == "spark":
        return spark_api()
    raise EngineError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")


def duckdb_api() -> Any:
    """DuckDB in memory, with a memory limit and every core (or `HEADCOUNT_DUCKDB_THREADS`);
    what it spills goes to the system's temporary folder (DuckDB's default, `.tmp` in the
    working directory, would litter wherever the command was typed).

    On several threads the order of DuckDB's sums varies from run to run, and so do the last
    bits of what EM estimates; training runs on one thread (`one_thread`) so that the model,
    and with it the run, repeats exactly; scoring, where each pair is computed on its own, on
    every core."""
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect()
    connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    threads = os.environ.get("HEADCOUNT_DUCKDB_THREADS")
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    spill = Path(tempfile.gettempdir()) / "headcount-duckdb"
    connection.execute("SET temp_directory = '" + spill.as_posix().replace("'", "''") + "'")
    connection.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection=connection)


@contextmanager
def one_thread(db_api: Any) -> Iterator[None]:
    """DuckDB on one thread for the duration (its setting restored after), so that sums over
    many rows are added in one order: EM's estimates then repeat to the last bit (on two
    threads, two identical runs of 10,000 simulated persons differed in 14 of the model's m
    and u, at the 16th digit, and made 9,224 and 9,228 persons). Other engines as they are."""
    if db_api.sql_dialect.sql_dialect_str != "duckdb":
        yield
        return
    connection = db_api.duckdb_con
    (threads,) = connection.execute("SELECT current_setting('threads')").fetchone()
    connection.execute("SET threads = 1")
    try:
        yield
    finally:
        connection.execute(f"SET threads = {int(threads)}")


def release(db_api: Any) -> None:
    """Close a DuckDB database once a run is done with it: its buffers (up to DUCKDB_MEMORY)
    are given back at once, not whenever the garbage collector frees the linker that holds
    it, which at 100,000 records kept 0.7 GB through clustering, saving and the next run's
    reading. Spark's session is shared by the process and left running."""
    if db_api.sql_dialect.sql_dialect_str == "duckdb":
        db_api.duckdb_con.close()


def trim_memory() -> None:
    """Give the system back what this process has freed but still holds: Arrow's pool of
    buffers and glibc's free lists (`malloc_trim`, where the C library is glibc). At a million
    records, once the scored pairs were calibrated, this gave back 2.2 GiB that clustering,
    saving and the next run's child would otherwise have had beside them (sampled during
    `benchmarks/linkage.py scale`). Python's own arenas give back what they can when freed."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim this way
        pass


def spark_session() -> Any:
    """A Spark session Splink can use (local mode unless HEADCOUNT_SPARK_MASTER is set)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise EngineError(
            "the Spark engine needs pyspark and Java 17: pip install 'headcount[spark]'"
        ) from exc
    from splink.backends.spark import similarity_jar_location

    master = os.environ.get("HEADCOUNT_SPARK_MASTER", "local[*]")
    return (
        SparkSession.builder.master(master)
        .appName("headcount-link")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", os.environ.get("HEADCOUNT_SPARK_PARTITIONS", "8"))
        .config("spark.driver.memory", os.environ.get("HEADCOUNT_SPARK_MEMORY", "4g"))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )


def spark_api() -> Any:
    """Splink's Spark API on `spark_session()`."""
    from splink import SparkAPI

    session = spark_session()
    session.sparkContext.setLogLevel("ERROR")
    # Splink breaks long query plans by checkpointing: a folder of this run's own
    checkpoints = os.environ.get("HEADCOUNT_SPARK_CHECKPOINTS") or tempfile.mkdtemp(
        prefix="headcount-spark-"
    )
    session.sparkContext.setCheckpointDir(checkpoints)
    return SparkAPI(spark_session=session, num_partitions_on_repartition=8)
