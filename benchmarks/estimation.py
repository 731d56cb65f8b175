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
from pathlib import Path

import numpy as np

from headcount.estimation import (
    DEFAULT_METHOD,
    CaptureTable,
    EstimationRefused,
    LcmcrSettings,
    estimate_table,
    simulate_histories,
)
from headcount.estimation.lcmcr import sample_lcmcr

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
    settings = LcmcrSettings(chains=1)
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
    settings = LcmcrSettings(burnin=500_000, samples=1000, thinning=1_999, chains=2)
    wall, cpu = time.perf_counter(), time.process_time()
    draws, _ = sample_lcmcr(table, settings, 1)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    sweeps = settings.sweeps_per_chain * settings.chains
    print(
        f"5 lists, {sweeps:,} sweeps on 2 chains: {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"({sweeps / wall:,.0f} sweeps/s wall; R: 130-220 s wall on 2 cores, ratio "
        f"{130 / wall:.1f}-{220 / wall:.1f}); median N {np.median(draws):.0f}"
    )


def coverage(
    reps: int, population: int, capture: tuple[float, ...], heterogeneity: float, dependence: float
) -> None:
    """Every method's coverage, median estimate and interval width over `reps` populations."""
    hits = {m: 0 for m in COVERAGE_METHODS}
    refused = {m: 0 for m in COVERAGE_METHODS}
    estimates: dict[str, list[float]] = {m: [] for m in COVERAGE_METHODS}
    widths: dict[str, list[float]] = {m: [] for m in COVERAGE_METHODS}
    start = time.perf_counter()
    for rep in range(reps):
        people = simulate_histories(
            population,
            capture,
            heterogeneity=heterogeneity,
            dependence={(0, 1): dependence},
            seed=rep,
        )
        table = CaptureTable.from_histories(people, list(people.columns))
        for method in COVERAGE_METHODS:
            try:
                got = estimate_table(table, method, seed=rep)
            except EstimationRefused:
                refused[method] += 1
                continue
            upper = np.inf if got.upper is None else got.upper
            hits[method] += got.lower <= population <= upper
            estimates[method].append(got.estimate)
            widths[method].append(upper - got.lower)
    print(
        f"N={population}, {len(capture)} lists, heterogeneity sd {heterogeneity}, "
        f"dependence +{dependence} (lists 1-2), {reps} replications, "
        f"{time.perf_counter() - start:.0f} s"
    )
    print(
        f"{'method':12s} {'coverage':>8s} {'median est.':>11s} {'median width':>12s} "
        f"{'refused':>7s}"
    )
    for method in COVERAGE_METHODS:
        mark = "  <- default" if method == DEFAULT_METHOD else ""
        print(
            f"{method:12s} {hits[method] / reps:8.1%} {np.median(estimates[method]):11.0f} "
            f"{np.median(widths[method]):12.0f} {refused[method]:7d}{mark}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--skip-coverage", action="store_true")
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--scenario", choices=("main", "harsh", "both"), default="both")
    parser.add_argument("--harsh-reps", type=int, default=50)
    args = parser.parse_args()
    if not args.skip_speed:
        speed()
    if not args.skip_long:
        long_run()
    if not args.skip_coverage and args.scenario in ("main", "both"):
        coverage(args.reps, 1000, (0.3, 0.25, 0.2, 0.3), 0.5, 1.0)
    if not args.skip_coverage and args.scenario in ("harsh", "both"):
        coverage(args.harsh_reps, 2000, (0.3, 0.25, 0.2, 0.3, 0.25), 1.0, 0.7)
    print(f"peak memory: {peak_memory_mb():.0f} MiB")


if __name__ == "__main__":
    main()
