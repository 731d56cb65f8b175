"""Multiple systems estimation: R's LCMCR reproduced, speed against the previous sampler,
per-country stratifications, and coverage on simulated lists.

Run: .venv/bin/python benchmarks/estimation.py [--persons 10000 40000] [--skip-baseline]
     [--reps 200] [--harsh-reps 50] [--scenario main|heterogeneous|harsh|all]
     [--skip-r] [--skip-speed] [--skip-long] [--skip-strata] [--skip-coverage]

1. R. R's `lcmCR()` settings (K=10, a_alpha=b_alpha=0.25, burn-in 10,000, 1,000 draws
   thinned by 100), given by their R names, on the three published tables with seeds 1-3,
   beside R's answers (reference.json, "lcmcr_doc"; R's seed 20240601 and two more).
2. Speed per sweep. One chain of R's 110,500 sweeps on each published table, by the sampler
   of this version and by the previous one (the Numba kernel of commit `BASELINE`, loaded
   from git), in CPU seconds: the ratio is the kernel's gain, and R's own seconds are
   beside it.
3. HRDAG-sized: 5 million sweeps in all, two chains on two cores (R: 130-220 s).
4. Stratifications. The simulator's true capture histories of N persons (every source a
   system, persons of one country a stratum, strata of fewer than 20 seen refused as
   `headcount estimate --by country` does): every stratum by the previous code (four
   chains of the fixed 110,500 sweeps each, one stratum after another, as `estimate` ran
   before) and by this one (`estimate_histories`: chains stop once they agree, all strata
   share the cores). Printed: CPU and wall seconds of each, their ratio, seconds per
   stratum, how far the medians differ in Monte Carlo standard errors, and how often each
   interval holds the true number who went. Then the same strata under several partitions
   of the records (as linked, and with 2%, 4% ... of the people on two lists split in two,
   as missed links would), pooled by `estimate_partitions`, and with `--cold` beside every
   table estimated afresh.
5. Coverage. Populations of known size (1,000 people, four lists, capture propensity
   varying between people with sd 0.5 on the logit, lists 1 and 2 dependent: +1 on the
   log-odds of list 2 for people on list 1), every method's 95% interval checked against
   the truth; the same without dependence, and a harsher scenario (five lists, sd 1.0)
   where every method fails. LCMCR runs with its defaults (early stop).

Speed is measured as ratios within this script; on a shared machine CPU seconds are what
the code costs (the load average is printed).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

from headcount.estimation import (
    DEFAULT_METHOD,
    CaptureTable,
    EstimationRefused,
    LcmcrSettings,
    estimate_histories,
    estimate_table,
    simulate_histories,
)
from headcount.estimation.checks import table_reasons
from headcount.estimation.convergence import ess
from headcount.estimation.lcmcr import (
    R_SETTINGS,
    estimate_lcmcr_tables,
    estimate_partitions,
    lcmcr_settings,
    load_sampler,
    sample_lcmcr,
)
from headcount.simulate.simulation import simulate
from headcount.simulate.truth import capture_histories

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("HEADCOUNT_SHARED", REPO / ".." / "shared"))
MSE = SHARED / "benchmarks" / "mse"
COVERAGE_METHODS = ("lcmcr", "bma", "loglinear", "mh-chao", "mth-chao", "mth-poisson")
BASELINE = "5ed6c89"
"""The commit whose LCMCR sampler is the baseline: fixed schedule, Numba's global generator."""


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def r_agreement() -> None:
    """R's settings by their R names, seeds 1-3, beside R's published answers."""
    reference = json.loads((MSE / "reference.json").read_text())
    settings = lcmcr_settings(10, 0.25, 0.25, 10_000, 1000, 100)
    print("R's lcmCR() settings (K=10, a=b=0.25, burnin 10000, 1000 samples thinned by 100)")
    print(
        f"{'table':15s} {'seed':>4s} {'median':>8s} {'2.5%':>7s} {'97.5%':>7s} {'R-hat':>6s} "
        f"{'ESS':>5s} {'R median':>9s} {'R 2.5%':>7s} {'R 97.5%':>8s} {'diff':>6s}"
    )
    for name, data in reference["datasets"].items():
        table = CaptureTable.from_csv(MSE / data["file"])
        r = data["lcmcr_doc"]
        r_seeds = r["detail"].split("|")[1]
        for seed in (1, 2, 3):
            got = estimate_table(table, "lcmcr", seed=seed, lcmcr=settings)
            d = got.diagnostics
            print(
                f"{name:15s} {seed:4d} {got.estimate:8.1f} {got.lower:7.0f} {got.upper or 0:7.0f} "
                f"{d['rhat']:6.3f} {d['ess']:5.0f} {r['N']:9.1f} {r['lower']:7.0f} "
                f"{r['upper']:8.0f} {got.estimate / r['N'] - 1:+6.1%}"
            )
        print(f"{'':15s} R's medians over seeds 20240601-03: {r_seeds}")


def baseline_sampler() -> ModuleType:
    """The previous sampler, from git (Numba's cache off: it is compiled in a temp dir)."""
    source = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{BASELINE}:src/headcount/estimation/lcmcr_sampler.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.replace("cache=True", "cache=False")
    path = Path(tempfile.mkdtemp()) / "lcmcr_baseline.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("lcmcr_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["lcmcr_baseline"] = module
    spec.loader.exec_module(module)
    return module


def baseline_draws(
    old: ModuleType, table: CaptureTable, settings: LcmcrSettings, seed: int
) -> np.ndarray:
    """Draws of N as the previous `sample_lcmcr` made them: every chain runs the whole fixed
    schedule, one thread per chain."""
    present = np.flatnonzero(table.counts)
    cells = table.patterns[present].astype(np.int64)
    freq = table.counts[present].astype(np.int64)
    children = np.random.SeedSequence(seed).spawn(settings.chains)
    seeds = [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]
    args = (settings.latent_classes, settings.a_alpha, settings.b_alpha, 500)
    schedule = (settings.burnin, settings.samples, settings.thinning)

    def one(chain_seed: int) -> np.ndarray:
        return np.asarray(old.run_chain(cells, freq, *args, *schedule, chain_seed)[0])

    with ThreadPoolExecutor(max_workers=settings.chains) as pool:
        return table.observed + np.array(list(pool.map(one, seeds)))


def speed(old: ModuleType) -> None:
    """One chain of R's 110,500 sweeps per published table: this sampler and the previous."""
    reference = json.loads((MSE / "reference.json").read_text())
    settings = replace(R_SETTINGS, chains=1)
    warm = CaptureTable.from_csv(MSE / "hav_taiwan.csv")
    start = time.perf_counter()
    load_sampler()
    baseline_draws(old, warm, replace(settings, burnin=1, samples=1, thinning=1), 1)
    print(
        f"compile both samplers (this one from Numba's cache): {time.perf_counter() - start:.1f} s"
    )
    print(
        f"{'table':16s} {'lists':>5s} {'sweeps':>8s} {'cpu s':>6s} {'previous':>8s} "
        f"{'gain':>5s} {'R s':>5s} {'R/ours':>6s}"
    )
    for name, data in reference["datasets"].items():
        table = CaptureTable.from_csv(MSE / data["file"])
        cpu = time.process_time()
        sample_lcmcr(table, settings, 20240601)
        cpu = time.process_time() - cpu
        before = time.process_time()
        baseline_draws(old, table, settings, 20240601)
        before = time.process_time() - before
        r_seconds = data["lcmcr_doc"]["seconds"]
        print(
            f"{name:16s} {table.n_lists:5d} {settings.sweeps_per_chain:8d} {cpu:6.2f} "
            f"{before:8.2f} {before / cpu:5.2f} {r_seconds:5.2f} {r_seconds / cpu:6.2f}"
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
        f"({sweeps / cpu:,.0f} sweeps per CPU second; R: 130-220 s wall on 2 cores); "
        f"median N {np.median(draws):.0f}"
    )


def country_histories(persons: int, seed: int) -> tuple[pd.DataFrame, list[str], pd.Series]:
    """The simulator's true capture histories of the persons some source recorded, with
    their country, and the true number who went per country."""
    sim = simulate(persons, seed)
    names = [s.name for s in sim.sources]
    frame = pd.DataFrame(capture_histories(sim).astype(np.int64), columns=names)
    frame["country"] = np.asarray(sim.population.country)
    truth = frame.groupby("country").size()
    return frame[frame[names].sum(axis=1) > 0].reset_index(drop=True), names, truth


def stratification(persons: int, seed: int, old: ModuleType | None) -> None:
    """Every country of N simulated persons, by the previous code and by this one."""
    frame, names, truth = country_histories(persons, seed)
    print(
        f"\n{persons:,} persons (seed {seed}): {len(frame):,} seen, {frame.country.nunique()} "
        f"countries; {load()}"
    )
    wall, cpu = time.perf_counter(), time.process_time()
    got = estimate_histories(frame, names, by=["country"], seed=seed, drop_empty=True)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    strata = len(got.strata)
    sweeps = [e.diagnostics["sweeps_per_chain"] for _, e in got.strata]
    capped = sum(s == LcmcrSettings().sweeps_per_chain for s in sweeps)
    hits = sum(e.lower <= truth[k["country"]] <= (e.upper or np.inf) for k, e in got.strata)
    print(
        f"this version: {strata} strata estimated ({len(got.refused)} refused) in {wall:.1f} s "
        f"wall, {cpu:.1f} s CPU ({cpu / strata:.2f} CPU s per stratum); sweeps per chain: "
        f"median {np.median(sweeps):,.0f}, {capped} strata ran the whole schedule; "
        f"intervals holding the truth: {hits}/{strata}; {load()}"
    )
    if old is None:
        return
    settings = LcmcrSettings()
    z, old_hits = [], 0
    wall_old, cpu_old = time.perf_counter(), time.process_time()
    for i, (key, est) in enumerate(got.strata):
        stratum = frame[frame.country == key["country"]]
        table = CaptureTable.from_histories(stratum, [c for c in names if stratum[c].any()])
        draws = baseline_draws(old, table, settings, seed + i)
        lower, median, upper = np.quantile(draws, [0.025, 0.5, 0.975])
        old_hits += lower <= truth[key["country"]] <= upper
        # medians of whole numbers move by steps of 1: half a step is part of their error
        se = np.sqrt(_median_se(draws) ** 2 + _median_se(est.draws) ** 2 + 0.25)
        z.append((est.estimate - median) / se)
        if abs(z[-1]) > 3:
            print(
                f"  {key['country']}: {est.observed} seen, {truth[key['country']]} went; "
                f"previous {median:.0f} ({lower:.0f}-{upper:.0f}), this {est.estimate:.0f} "
                f"({est.lower:.0f}-{est.upper or np.inf:.0f}), z {z[-1]:.1f}, "
                f"R-hat {est.diagnostics['rhat']:.3f}"
            )
    wall_old, cpu_old = time.perf_counter() - wall_old, time.process_time() - cpu_old
    z_abs = np.abs(z)
    print(
        f"previous code: the same {strata} strata in {wall_old:.1f} s wall, {cpu_old:.1f} s CPU "
        f"({cpu_old / strata:.2f} CPU s per stratum); intervals holding the truth: "
        f"{old_hits}/{strata}; {load()}"
    )
    print(
        f"ratio previous / this: {cpu_old / cpu:.1f} x CPU, {wall_old / wall:.1f} x wall; "
        f"medians apart by |z| (Monte Carlo standard errors): median {np.median(z_abs):.2f}, "
        f"{np.mean(z_abs <= 2):.0%} within 2, {np.mean(z_abs <= 3):.0%} within 3, "
        f"largest {z_abs.max():.1f}"
    )


def fragmented(table: CaptureTable, share: float, seed: int) -> CaptureTable:
    """The table as a linkage that split `share` of the people on two lists would give it:
    each such person becomes two people, one on each list."""
    rng = np.random.default_rng(seed)
    counts = table.counts.copy()
    patterns = table.patterns
    for index in np.flatnonzero(patterns.sum(axis=1) == 2):
        split = rng.binomial(counts[index], share)
        counts[index] -= split
        for j in np.flatnonzero(patterns[index]):
            counts[1 << (table.n_lists - 1 - j)] += split
    return CaptureTable(table.lists, counts)


def pooling(persons: int, seed: int, partitions: int, cold: bool) -> None:
    """Each country's table under `partitions` partitions (as linked, and with 2%, 4% ...
    of the people on two lists split in two), pooled by `estimate_partitions`; with
    `cold`, beside every table estimated afresh."""
    frame, names, _ = country_histories(persons, seed)
    groups = []
    for _, stratum in frame.groupby("country"):
        table = CaptureTable.from_histories(stratum, [c for c in names if stratum[c].any()])
        if not table_reasons(table):
            groups.append([table] + [fragmented(table, 0.02 * p, p) for p in range(1, partitions)])
    wall, cpu = time.perf_counter(), time.process_time()
    pooled = estimate_partitions(groups, seeds=list(range(len(groups))))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    spread = np.median([np.ptp(e.diagnostics["partition_medians"]) / e.estimate for e in pooled])
    print(
        f"{persons:,} persons, {len(groups)} strata x {partitions} partitions pooled: {wall:.1f} s "
        f"wall, {cpu:.1f} s CPU; partitions' medians spread by {spread:.1%} of the estimate "
        f"(median over strata); {load()}"
    )
    if not cold:
        return
    tables = [t for group in groups for t in group]
    wall_cold, cpu_cold = time.perf_counter(), time.process_time()
    estimate_lcmcr_tables(tables, seeds=list(range(len(tables))))
    wall_cold, cpu_cold = time.perf_counter() - wall_cold, time.process_time() - cpu_cold
    print(
        f"  every table afresh: {wall_cold:.1f} s wall, {cpu_cold:.1f} s CPU: pooling costs "
        f"{cpu / cpu_cold:.0%} of it; {load()}"
    )


def _median_se(draws: np.ndarray | None) -> float:
    """Monte Carlo standard error of a posterior median from (chains, draws) or flat draws."""
    assert draws is not None
    flat = np.asarray(draws, dtype=float)
    chains = flat if flat.ndim == 2 else flat.reshape(4, -1)
    spread = np.subtract(*np.quantile(flat, [0.75, 0.25]))
    return float(1.25 * max(spread, 1.0) / np.sqrt(ess(chains)))


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
    parser.add_argument("--persons", type=int, nargs="*", default=[10_000, 40_000])
    parser.add_argument("--seed", type=int, default=11, help="the simulated populations' seed")
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--first", type=int, default=0, help="first seed")
    parser.add_argument("--skip-r", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--skip-strata", action="store_true")
    parser.add_argument("--skip-baseline", action="store_true", help="no previous code")
    parser.add_argument("--partitions", type=int, default=5, help="pooled; 1: none")
    parser.add_argument("--cold", action="store_true", help="pooling beside tables afresh")
    parser.add_argument("--skip-coverage", action="store_true")
    parser.add_argument("--scenario", choices=(*SCENARIOS, "all"), default="all")
    parser.add_argument("--harsh-reps", type=int, default=50)
    parser.add_argument("--methods", default=",".join(COVERAGE_METHODS))
    parser.add_argument("--log", type=Path, help="append one JSON line per replication here")
    parser.add_argument("--summarise", type=Path, nargs="*", help="summarise logs and stop")
    args = parser.parse_args()
    if args.summarise:
        summarise([json.loads(line) for f in args.summarise for line in f.read_text().splitlines()])
        return
    print(load())
    old = None if args.skip_baseline else baseline_sampler()
    if not args.skip_r:
        r_agreement()
    if not args.skip_speed and old is not None:
        speed(old)
    if not args.skip_long:
        long_run()
    if not args.skip_strata:
        for persons in args.persons:
            stratification(persons, args.seed, old)
            if args.partitions > 1:
                pooling(persons, args.seed, args.partitions, args.cold)
    methods = tuple(args.methods.split(","))
    for scenario in SCENARIOS if args.scenario == "all" else (args.scenario,):
        if not args.skip_coverage:
            reps = args.harsh_reps if scenario == "harsh" else args.reps
            coverage(scenario, reps, methods, args.first, args.log)
    print(f"peak memory: {peak_memory_mb():.0f} MiB; {load()}")


if __name__ == "__main__":
    main()
