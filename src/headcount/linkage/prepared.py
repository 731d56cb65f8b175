"""The records a run links, as the engine reads them, and a large store's made in a child process.

`prepare.comparison_frame` gives one row per record in pandas: a million records' lists of
Python strings, several gigabytes. What a run needs of it afterwards is far smaller: the
comparison columns as an Arrow table (which DuckDB scans in place and blocking reads without
making a Python object per key), and beside it what clustering reads (each record's traits,
its source) and the term frequencies. `PreparedRecords` is that.

Python's allocator does not give back to the system the memory of the objects freed: of the
frame's gigabytes, most stayed resident for the rest of the run (at a million records, 2.2 GB
after the frame was let go, 0.6 GB of it alive), under DuckDB's own memory and the scored
pairs. So for a store of at least `CHILD_FROM` records, reading, parsing names and preparing
run in a child process (spawned: no engine or thread of the parent is copied), which writes
the Arrow table to a file in the temporary folder, `BATCH` rows at a time, pickles the rest
beside it (the traits apart) and exits, giving every page back; the run then reads the rest,
maps the table's file (the kernel pages it in, and may page it out again), reads the traits
only when it clusters, after the engine has let go of its memory, and deletes the files when
done. Smaller
stores are prepared in the process itself: a child costs a couple of seconds of imports, which
a small run would feel and a large one does not. Both give the same records. (A script that
links such a store calls `link` under `if __name__ == "__main__":`, as any program whose work
Python spawns processes for must: parsing names in worker processes asks the same.)

At a million records (998,015, `benchmarks/linkage.py scale`), with blocking on the Arrow
table and the traits read only when clustering needs them, this took the peak memory of the
run and its child together from 6.32 to 3.88 GiB (docs/methodology/linkage.md, "One million
records (DuckDB)", session 12).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import pandas as pd
import pyarrow as pa

from headcount.linkage.contradictions import Traits
from headcount.linkage.frequencies import value_counts
from headcount.linkage.namecache import cached_features
from headcount.linkage.prepare import TRAIT_COLUMNS, RecordFacts, arrow_frame, frame_of, name_values
from headcount.linkage.traits import frame_traits
from headcount.linkage.within import record_sources
from headcount.model.vocabulary import Compartments
from headcount.storage.engine import Store, connect
from headcount.storage.records import store_facts

CHILD_FROM = 200_000
"""Records from which a store's records are prepared in a child process (see the module doc)."""
PREPARING = ("reading", "parsing names", "preparing")
"""The steps of a run that `prepare_store` does."""
BATCH = 100_000
"""Rows of the records' table a child converts and writes at a time."""
TABLE, REST, TRAITS = "records.arrow", "records.pickle", "traits.pickle"
"""The files a child leaves the run: the table; the rest of `PreparedRecords` and the wall
seconds of each of `PREPARING`; the traits."""
Step = Callable[[str, float | None], None]
"""Told the name of a step as it ends, and its wall seconds where they were measured elsewhere
(in a child)."""


@dataclass
class PreparedRecords:
    """A run's records as the engine and clustering take them (see the module doc)."""

    table: pa.Table
    """The comparison columns (`prepare.FRAME_COLUMNS` but `TRAIT_COLUMNS`), one row per record,
    typed as `prepare.arrow_frame` types them."""
    read_traits: Callable[[], Traits]
    """Each record's traits (`traits.frame_traits`), read when clustering asks: a child's are
    left in its file until then, so that the run does not hold them while DuckDB scores."""
    counted: dict[str, pd.Series]
    """Each term-frequency column's value counts (`frequencies.value_counts`)."""
    sources: pd.Series
    """Each record's source, by record id."""
    names_parsed: int = 0
    """Name values parsed (the others came from the store's cache)."""

    @property
    def ids(self) -> list[int]:
        ids: list[int] = self.table.column("unique_id").to_pylist()
        return ids

    def __len__(self) -> int:
        return int(self.table.num_rows)


def from_frame(frame: pd.DataFrame) -> PreparedRecords:
    """The records of a comparison frame (`prepare.comparison_frame`)."""
    traits = frame_traits(frame)
    return PreparedRecords(
        table=arrow_frame(frame.drop(columns=list(TRAIT_COLUMNS))),
        read_traits=lambda: traits,
        counted=value_counts(frame),
        sources=record_sources(frame),
    )


def _unpickled(path: str) -> Any:
    with open(path, "rb") as handle:
        return pickle.load(handle)  # written by our own child


def _handed_over(items: list[RecordFacts]) -> Iterator[RecordFacts]:
    """The items in order, each dropped from the list as it is given (the list ends empty):
    a million records' facts let go while their rows are made, not after."""
    items.reverse()
    while items:
        yield items.pop()


def _frame(
    store: Store, compartments: Compartments, workers: int | None, step: Step
) -> tuple[pd.DataFrame, int]:
    """The comparison frame of the records `compartments` see, and how many name values were
    parsed, telling `step` as reading and parsing names end."""
    with store.reading() as connection:
        facts = list(store_facts(connection, compartments=compartments))
    step("reading", None)
    known, parsed = cached_features(store, name_values(facts), workers)
    step("parsing names", None)
    return frame_of(_handed_over(facts), known), parsed


def _prepared(
    store: Store, compartments: Compartments, workers: int | None, step: Step
) -> PreparedRecords:
    """Read, parse names and prepare the records `compartments` see, telling `step` as each
    of `PREPARING` ends."""
    frame, parsed = _frame(store, compartments, workers, step)
    records = from_frame(frame)
    step("preparing", None)
    return replace(records, names_parsed=parsed)


def _prepared_to_files(
    url: str, compartments: Compartments, workers: int | None, folder: str, batch: int
) -> None:
    """In the child: the records prepared as `_prepared` does, the table written to
    `folder`'s TABLE (Arrow's file format) `batch` rows at a time, so that the whole table is
    never held beside the frame, the rest pickled to its REST and the traits to its TRAITS:
    the parent reads them once the child has ended, so that the two never hold them at once,
    and the traits only when it clusters."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str, _: float | None) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 2)
        clock = now

    store = connect(url)
    try:
        frame, parsed = _frame(store, compartments, workers, step)
    finally:
        store.close()
    rest = {
        "counted": value_counts(frame),
        "sources": record_sources(frame),
        "names_parsed": parsed,
    }
    traits = frame_traits(frame)
    _write_table(frame.drop(columns=list(TRAIT_COLUMNS)), os.path.join(folder, TABLE), batch)
    del frame
    step("preparing", None)
    for name, value in ((REST, (rest, seconds)), (TRAITS, traits)):
        with open(os.path.join(folder, name), "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _write_table(frame: pd.DataFrame, path: str, batch: int) -> None:
    """The frame as an Arrow file (`prepare.arrow_frame`), `batch` rows at a time."""
    schema = arrow_frame(frame.iloc[:0]).schema
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, schema) as writer:
        for start in range(0, len(frame), batch):
            writer.write_table(arrow_frame(frame.iloc[start : start + batch]))


@contextmanager
def prepare_store(
    store: Store, compartments: Compartments, workers: int | None, size: int, step: Step
) -> Iterator[PreparedRecords]:
    """The records `compartments` see of the store (`size` of them), prepared in this process
    or, from CHILD_FROM records on a store a child can open, in a child (see the module doc);
    `step` is told each of `PREPARING` as it ends, with the child's wall seconds where a child
    did it. The files a child leaves are deleted when the block ends."""
    url = store.engine.url
    if size < CHILD_FROM or url.database in (None, "", ":memory:"):
        yield _prepared(store, compartments, workers, step)
        return
    folder = tempfile.mkdtemp(prefix="headcount-records-")
    try:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=context) as child:
            child.submit(
                _prepared_to_files,
                url.render_as_string(hide_password=False),
                compartments,
                workers,
                folder,
                BATCH,
            ).result()
        rest, seconds = _unpickled(os.path.join(folder, REST))
        for name in PREPARING:
            step(name, seconds[name])
        yield PreparedRecords(
            # mapped, not read: the kernel pages the table in as it is scanned
            table=pa.ipc.open_file(pa.memory_map(os.path.join(folder, TABLE))).read_all(),
            read_traits=partial(_unpickled, os.path.join(folder, TRAITS)),
            **rest,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
