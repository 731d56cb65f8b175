"""Multiple systems estimation: speed beside R's LCMCR, and coverage on simulated lists.

Run: .venv/bin/python benchmarks/estimation.py [--reps 200] [--harsh-reps 50]
     [--scenario main|harsh|both] [--skip-coverage] [--skip-long] [--skip-speed]

1. Speed. R's LCMCR (reference.json, "lcmcr_doc") took 1.2-1.9 s for one chain of 110,500
   sweeps (500 warm-up, 10,000 burn-in, 1,000 draws thinned by 100) on the three published
   tables; HRDAG's 5-million-iteration runs took 130-220 s on 2 cores. The same sweeps are
   timed here, one chain per core, and the ratio to R's seconds printed (Numba compiles once
   and caches the machine code: the first call after installation is slower).
2. Coverage. 200 populations of known size (1,000 people, four lists, capture propensity
   varying between people with sd 0.5 on the logit, lists 1 and 2 dependent: +1 on the
   log-odds of list 2 for people on list 1), every method's 95% interval checked against
   the truth. A second, harsher scenario (five lists, sd 1.0) shows where every method
   fails: heterogeneity that leaves too little trace in the overlaps.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from headcount.estimation import (
    DEFAULT_METHOD,
    CaptureTable,
    EstimationRefused,
    LcmcrSettings,
    estimate_table,
    simulate_histories,
)
from headcount.estimation.lcmcr import R_SETTINGS, sample_lcmcr

SHARED = Path(
    os.environ.get("HEADCOUNT_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared")
)
MSE = SHARED / "benchmarks" / "mse"
COVERAGE_METHODS = ("lcmcr", "bma", "loglinear", "mh-chao", "mth-chao", "mth-poisson")


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def speed() -> None:
    """One chain of R's 110,500 sweeps on each published table, against R's seconds."""
    reference = json.loads((MSE / "reference.json").read_text())
    settings = replace(R_SETTINGS, chains=1)
    warm = CaptureTable.from_csv(MSE / "hav_taiwan.csv")
    start = time.perf_counter()
    sample_lcmcr(warm, LcmcrSettings(burnin=1, samples=1, thinning=1, chains=1), 1)
    print(f"numba load (compile on first run, cached after): {time.perf_counter() - start:.2f} s")
    print("seconds: wall clock, and CPU time of the process (steadier on a shared machine)")
    print(
        f"{'table':16s} {'lists':>5s} {'sweeps':>8s} {'wall s':>7s} {'cpu s':>6s} "
        f"{'sweeps/cpu-s':>12s} {'R seconds':>9s} {'R/ours(cpu)':>11s}"
    )
    for name, data in reference["datasets"].items():
        table = CaptureTable.from_csv(MSE / data["file"])
        wall, cpu = time.perf_counter(), time.process_time()
        sample_lcmcr(table, settings, 20240601)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        r_seconds = data["lcmcr_doc"]["seconds"]
        print(
            f"{name:16s} {table.n_lists:5d} {settings.sweeps_per_chain:8d} {wall:7.2f} "
            f"{cpu:6.2f} {settings.sweeps_per_chain / cpu:12.0f} {r_seconds:9.2f} "
            f"{r_seconds / cpu:11.2f}"
        )
    for lists in (5, 6):
        capture = (0.3, 0.25, 0.2, 0.3, 0.25, 0.2)[:lists]
        people = simulate_histories(5000, capture, heterogeneity=0.5, seed=lists)
        table = CaptureTable.from_histories(people, list(people.columns))
        wall, cpu = time.perf_counter(), time.process_time()
        sample_lcmcr(table, settings, 1)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"{'simulated':16s} {lists:5d} {settings.sweeps_per_chain:8d} {wall:7.2f} "
            f"{cpu:6.2f} {settings.sweeps_per_chain / cpu:12.0f} {'1.2-6':>9s}"
        )


def long_run() -> None:
    """HRDAG-sized: 5 million sweeps in all, two chains on two cores (R: 130-220 s)."""
    people = simulate_histories(5000, (0.3, 0.25, 0.2, 0.3, 0.25), heterogeneity=0.5, seed=9)
    table = CaptureTable.from_histories(people, list(people.columns))
    settings = replace(R_SETTINGS, burnin=500_000, samples=1000, thinning=1_999, chains=2)
    wall, cpu = time.perf_counter(), time.process_time()
    draws, _ = sample_lcmcr(table, settings, 1)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    sweeps = settings.sweeps_per_chain * settings.chains
    print(
        f"5 lists, {sweeps:,} sweeps on 2 chains: {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"({sweeps / wall:,.0f} sweeps/s wall; R: 130-220 s wall on 2 cores, ratio "
        f"{130 / wall:.1f}-{220 / wall:.1f}); median N {np.median(draws):.0f}"
    )


SCENARIOS: dict[str, dict[str, Any]] = {
    "main": {
        "population": 1000,
        "capture": (0.3, 0.25, 0.2, 0.3),
        "heterogeneity": 0.5,
        "dependence": 1.0,
    },
    "heterogeneous": {
        "population": 1000,
        "capture": (0.3, 0.25, 0.2, 0.3),
        "heterogeneity": 0.5,
        "dependence": 0.0,
    },
    "harsh": {
        "population": 2000,
        "capture": (0.3, 0.25, 0.2, 0.3, 0.25),
        "heterogeneity": 1.0,
        "dependence": 0.7,
    },
}
"""main: the issue's target; heterogeneous: the same without list dependence (where a
prior favouring one latent class hides the heterogeneity); harsh: where every method fails."""


def coverage(
    scenario: str, reps: int, methods: tuple[str, ...], first: int = 0, log: Path | None = None
) -> None:
    """Each method's 95% interval on populations `first` … `first + reps - 1` (the seeds),
    one JSON line per replication and method to `log`, then the summary."""
    spec = SCENARIOS[scenario]
    population = spec["population"]
    rows = []
    start = time.perf_counter()
    for rep in range(first, first + reps):
        people = simulate_histories(
            population,
            spec["capture"],
            heterogeneity=spec["heterogeneity"],
            dependence={(0, 1): spec["dependence"]} if spec["dependence"] else None,
            seed=rep,
        )
        table = CaptureTable.from_histories(people, list(people.columns))
        for method in methods:
            row: dict[str, Any] = {"scenario": scenario, "rep": rep, "method": method}
            try:
                got = estimate_table(table, method, seed=rep)
            except EstimationRefused:
                row["refused"] = True
            else:
                row |= {"estimate": got.estimate, "lower": got.lower, "upper": got.upper}
                row["warnings"] = [w.code for w in got.warnings]
            rows.append(row)
            if log is not None:
                with log.open("a") as out:
                    out.write(json.dumps(row) + "\n")
    print(f"{scenario}: {reps} replications in {time.perf_counter() - start:.0f} s")
    summarise(rows)


def summarise(rows: list[dict[str, Any]]) -> None:
    """Coverage, median estimate, median width and refusals per scenario and method."""
    keys = sorted({(r["scenario"], r["method"]) for r in rows})
    print(
        f"{'scenario':13s} {'method':12s} {'reps':>4s} {'coverage':>8s} {'median est.':>11s} "
        f"{'median width':>12s} {'refused':>7s}"
    )
    for scenario, method in keys:
        mine = [r for r in rows if (r["scenario"], r["method"]) == (scenario, method)]
        truth = SCENARIOS[scenario]["population"]
        got = [r for r in mine if not r.get("refused")]
        upper = [np.inf if r["upper"] is None else r["upper"] for r in got]
        hits = sum(r["lower"] <= truth <= u for r, u in zip(got, upper, strict=True))
        widths = [u - r["lower"] for r, u in zip(got, upper, strict=True)]
        mark = "  <- default" if method == DEFAULT_METHOD else ""
        print(
            f"{scenario:13s} {method:12s} {len(mine):4d} {hits / len(mine):8.1%} "
            f"{np.median([r['estimate'] for r in got]):11.0f} {np.median(widths):12.0f} "
            f"{len(mine) - len(got):7d}{mark}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--first", type=int, default=0, help="first seed")
    parser.add_argument("--skip-coverage", action="store_true")
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--scenario", choices=(*SCENARIOS, "all"), default="all")
    parser.add_argument("--harsh-reps", type=int, default=50)
    parser.add_argument("--methods", default=",".join(COVERAGE_METHODS))
    parser.add_argument("--log", type=Path, help="append one JSON line per replication here")
    parser.add_argument("--summarise", type=Path, nargs="*", help="summarise logs and stop")
    args = parser.parse_args()
    if args.summarise:
        summarise([json.loads(line) for f in args.summarise for line in f.read_text().splitlines()])
        return
    if not args.skip_speed:
        speed()
    if not args.skip_long:
        long_run()
    methods = tuple(args.methods.split(","))
    for scenario in SCENARIOS if args.scenario == "all" else (args.scenario,):
        if not args.skip_coverage:
            reps = args.harsh_reps if scenario == "harsh" else args.reps
            coverage(scenario, reps, methods, args.first, args.log)
    print(f"peak memory: {peak_memory_mb():.0f} MiB")


if __name__ == "__main__":
    main()
