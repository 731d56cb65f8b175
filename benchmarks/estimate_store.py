"""`headcount estimate --by country` end to end on a linked store, stage by stage (issue 17).

Builds a store once per (persons, seed) in `--work` (simulate, ingest, link with the own
model; kept, so that the estimate can be rerun alone), then estimates as `headcount
estimate --by country` does (LCMCR, 10 partitions drawn from the linkage, default seed)
and prints CPU and wall seconds of each stage:

- evidence: the run's records, events and places (`load_evidence`);
- partitions: the plausible partitions drawn from the pair probabilities and the joined
  partition (`read_linkage`);
- histories: every partition's capture histories (`person_histories`,
  `partition_histories`);
- folding: the joined partition's possible fragments folded (`fragments.folded`), in a
  thread of its own while the chains run (its CPU seconds are that thread's; its wall
  seconds are the chains');
- chains: LCMCR's chains on every stratum x partition and on the floor, the countries
  drawn and the tables made (`pooled.estimate_imputations`, less the folding);
- the rest (warnings, the total).

Then the strata's sweeps per chain and how many held the true number who went. With
`--cli`, also the wall seconds of `headcount estimate --by country` itself, each time in a
fresh process (what a user waits for: the sampler's and ArviZ's loading included).

    .venv/bin/python benchmarks/estimate_store.py --persons 10000 [40000] [--seed 11]
        [--work /tmp/headcount-estimate] [--repeat 1] [--as-of YYYY-MM-DD] [--cli]

CPU seconds are those of the whole process (every thread): on a shared machine they, not
wall seconds, are what the code costs; the load average is printed beside each run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from headcount.estimation import pooled, store as estimation_store
from headcount.estimation.lcmcr import load_sampler
from headcount.ingest import ingest_path
from headcount.linkage.link import link
from headcount.simulate import simulate, write
from headcount.storage import Store, connect, upgrade
from headcount.validation.run import true_departed

USER = "benchmark"
Stages = dict[str, list[float]]


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


@contextmanager
def timed(
    stages: Stages, name: str, clock: Callable[[], float] = time.process_time
) -> Iterator[None]:
    """Add the wall and CPU seconds of the block (the process's, or the thread's with
    `clock=time.thread_time`) to `stages[name]`."""
    wall, cpu = time.perf_counter(), clock()
    try:
        yield
    finally:
        got = stages.setdefault(name, [0.0, 0.0])
        got[0] += time.perf_counter() - wall
        got[1] += clock() - cpu


def wrapped(
    stages: Stages,
    name: str,
    function: Callable[..., Any],
    clock: Callable[[], float] = time.process_time,
) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        with timed(stages, name, clock):
            return function(*args, **kwargs)

    return run


def linked_store(persons: int, seed: int, work: Path) -> tuple[Store, Path]:
    """The population's store, simulated, ingested and linked (once per folder)."""
    folder = work / f"default-{persons}-{seed}"
    database = folder / "headcount.sqlite"
    if not database.exists():
        folder.mkdir(parents=True, exist_ok=True)
        steps: Stages = {}
        with timed(steps, "simulate"):
            write(simulate(persons, seed), folder)
        store = connect(f"sqlite:///{database}")
        upgrade(store)
        with timed(steps, "ingest"):
            ingest_path(store, folder / "sources", user=USER)
        with timed(steps, "link"):
            link(store, user=USER)
        store.close()
        print(
            "built: "
            + ", ".join(f"{k} {w:.0f} s wall / {c:.0f} s CPU" for k, (w, c) in steps.items())
        )
    return connect(f"sqlite:///{database}"), folder


def estimate_once(store: Store, folder: Path, as_of: date) -> None:
    """One `estimate --by country`, its stages timed (module doc)."""
    stages: Stages = {}
    names = ("load_evidence", "read_linkage", "person_histories", "partition_histories")
    saved = {name: getattr(estimation_store, name) for name in (*names, "estimate_imputations")}
    saved_folded = estimation_store.folded
    for name, stage in zip(
        names, ("evidence", "partitions", "histories", "histories"), strict=True
    ):
        setattr(estimation_store, name, wrapped(stages, stage, saved[name]))
    estimation_store.estimate_imputations = wrapped(  # type: ignore[assignment]
        stages, "imputations", saved["estimate_imputations"]
    )
    estimation_store.folded = wrapped(stages, "folding", saved_folded, time.thread_time)  # type: ignore[assignment]
    try:
        with timed(stages, "total"):
            found = estimation_store.estimate_store(store, as_of, by=["country"])
    finally:
        for name, function in saved.items():
            setattr(estimation_store, name, function)
        estimation_store.folded = saved_folded  # type: ignore[assignment]
    imputations, folding = stages.pop("imputations"), stages["folding"]
    # the folding ran in a thread of its own beside the chains: its wall is theirs
    stages["chains"] = [imputations[0], imputations[1] - folding[1]]
    folding[0] = 0.0
    total = stages.pop("total")
    rest = [total[i] - sum(v[i] for v in stages.values()) for i in (0, 1)]
    stages["rest"] = rest
    stages["total"] = total
    for name in ("evidence", "partitions", "histories", "folding", "chains", "rest", "total"):
        wall, cpu = stages[name]
        print(f"  {name:10s} {wall:7.1f} s wall {cpu:7.1f} s CPU")
    serial = total[1] - imputations[1]
    print(
        f"  on 2 free cores, about {serial + imputations[1] / 2:.1f} s wall: {serial:.1f} CPU s "
        f"on one core, then {imputations[1]:.1f} CPU s of chains and folding on both"
    )
    truth = true_departed(folder, as_of)
    result = found.result
    named = {key["country"] for key, _ in result.strata}
    other = sum(v for c, v in truth.items() if c not in named)
    sweeps, hits, partitions = [], 0, 0
    for key, est in result.strata:
        value = other if key["country"] == pooled.OTHER else truth.get(key["country"], 0)
        hits += est.lower <= value <= (est.upper if est.upper is not None else float("inf"))
        sweeps.append(est.diagnostics.get("sweeps_per_chain", 0))
        partitions = max(partitions, int(est.diagnostics.get("partitions", 1)))
    t = result.total
    everyone = sum(truth.values())
    print(
        f"  {len(result.strata)} strata x {partitions} partitions ({len(result.refused)} refused); "
        f"sweeps per chain: median {sorted(sweeps)[len(sweeps) // 2]:,}, most {max(sweeps):,}; "
        f"strata holding the truth {hits}/{len(result.strata)}; total {t.estimate:,.0f} "
        f"({t.lower:,.0f}-{t.upper or float('inf'):,.0f}) for {everyone:,} "
        f"({t.estimate / everyone - 1:+.1%}); {load()}"
    )


def command_once(folder: Path, as_of: date) -> None:
    """`headcount estimate --by country` on the store, in a fresh process: its wall seconds."""
    headcount = Path(sys.executable).with_name("headcount")
    environment = {**os.environ, "HEADCOUNT_DB_URL": f"sqlite:///{folder / 'headcount.sqlite'}"}
    command = [str(headcount), "estimate", "--by", "country", "--as-of", as_of.isoformat()]
    started = time.perf_counter()
    subprocess.run(command, env=environment, check=True, capture_output=True)
    print(
        f"  headcount estimate --by country: {time.perf_counter() - started:.1f} s wall; {load()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="*", default=[10_000])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--work", type=Path, default=Path("/tmp/headcount-estimate"))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--as-of", type=date.fromisoformat, help="default: today, as the CLI")
    parser.add_argument("--cli", action="store_true", help="also time the command itself")
    args = parser.parse_args()
    as_of = args.as_of or date.today()
    wall = time.perf_counter()
    load_sampler()
    print(f"sampler loaded in {time.perf_counter() - wall:.1f} s; {load()}")
    for persons in args.persons:
        store, folder = linked_store(persons, args.seed, args.work)
        try:
            for _ in range(args.repeat):
                print(f"{persons:,} persons, seed {args.seed}, as of {as_of}; {load()}")
                estimate_once(store, folder, as_of)
                if args.cli:
                    command_once(folder, as_of)
        finally:
            store.close()


if __name__ == "__main__":
    main()
