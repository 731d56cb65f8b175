"""`headcount estimate --by country` end to end on a linked store, stage by stage (issue 17).

Builds a store once per (persons, seed) in `--work` (simulate, ingest, link with the own
model; kept, so that the estimate can be rerun alone), then estimates as `headcount
estimate --by country` does (LCMCR, 10 partitions drawn from the linkage, default seed)
and prints CPU and wall seconds of each stage:

- evidence: the run's records, events and places (`load_evidence`);
- partitions: the plausible partitions drawn from the pair probabilities (`read_linkage`);
- histories: every partition's capture histories, countries apportioned, tables built;
- chains: LCMCR's chains on every stratum x partition (`lcmcr.estimate_partitions`);
- the rest (warnings, the total).

Then the strata's sweeps per chain and how many held the true number who went.

    .venv/bin/python benchmarks/estimate_store.py --persons 10000 [40000] [--seed 11]
        [--work /tmp/headcount-estimate] [--repeat 1] [--as-of YYYY-MM-DD]

CPU seconds are those of the whole process (every thread): on a shared machine they, not
wall seconds, are what the code costs; the load average is printed beside each run.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from headcount.accounting.timeline import load_evidence
from headcount.estimation import lcmcr, pooled, store as estimation_store
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
def timed(stages: Stages, name: str) -> Iterator[None]:
    """Add the wall and CPU seconds of the block to `stages[name]`."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        got = stages.setdefault(name, [0.0, 0.0])
        got[0] += time.perf_counter() - wall
        got[1] += time.process_time() - cpu


def wrapped(stages: Stages, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        with timed(stages, name):
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
    saved = (
        estimation_store.load_evidence,
        estimation_store.read_linkage,
        estimation_store.estimate_imputations,
        pooled.estimate_partitions,
    )
    estimation_store.load_evidence = wrapped(stages, "evidence", load_evidence)  # type: ignore[assignment]
    estimation_store.read_linkage = wrapped(stages, "partitions", saved[1])  # type: ignore[assignment]
    estimation_store.estimate_imputations = wrapped(stages, "imputations", saved[2])  # type: ignore[assignment]
    pooled.estimate_partitions = wrapped(stages, "chains", lcmcr.estimate_partitions)  # type: ignore[assignment]
    try:
        with timed(stages, "total"):
            found = estimation_store.estimate_store(store, as_of, by=["country"])
    finally:
        (
            estimation_store.load_evidence,
            estimation_store.read_linkage,
            estimation_store.estimate_imputations,
            pooled.estimate_partitions,
        ) = saved
    imputations = stages.pop("imputations")
    chains = stages["chains"]
    stages["histories"] = [imputations[0] - chains[0], imputations[1] - chains[1]]
    total = stages.pop("total")
    rest = [total[i] - sum(v[i] for v in stages.values()) for i in (0, 1)]
    stages["rest"] = rest
    stages["total"] = total
    for name in ("evidence", "partitions", "histories", "chains", "rest", "total"):
        wall, cpu = stages[name]
        print(f"  {name:10s} {wall:7.1f} s wall {cpu:7.1f} s CPU")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, nargs="*", default=[10_000])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--work", type=Path, default=Path("/tmp/headcount-estimate"))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--as-of", type=date.fromisoformat, help="default: today, as the CLI")
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
        finally:
            store.close()


if __name__ == "__main__":
    main()
