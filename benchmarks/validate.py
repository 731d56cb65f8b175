"""headcount's honesty test on several scenarios: `headcount validate`'s figures, printed.

For each (scenario, persons), runs `headcount.validation.validate` on `--seeds` seeds from
`--first-seed` (never the seeds of the tests) and prints, for own and perfect linkage side
by side, the coverage of count cells (per status), of country strata and of the total,
with the total's bias and width.

    .venv/bin/python benchmarks/validate.py [--runs default:2000 afp-2017:2000]
        [--seeds 3] [--first-seed 1001] [--method lcmcr] [--as-of 2019-12-31] [--work DIR]
        [--strata FILE]

With `--strata`, every stratum's row (estimate, interval, truth, warnings, floor) of every
seed and linkage is written to FILE as JSON lines, to weigh a warning against the misses.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from headcount.validation import validate


def run(spec: str) -> tuple[str, int]:
    scenario, persons = spec.split(":")
    return scenario, int(persons)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", nargs="*", type=run, default=[("default", 2000)])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--first-seed", type=int, default=1001)
    parser.add_argument("--method", default="lcmcr")
    parser.add_argument("--as-of", type=date.fromisoformat)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--strata", type=Path)
    args = parser.parse_args()
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    for scenario, persons in args.runs:
        started = time.perf_counter()
        found = validate(
            persons, seeds, scenario=scenario, method=args.method, as_of=args.as_of, work=args.work
        )
        print(
            f"{scenario}, {persons:,} persons, seeds {seeds}, {args.method}, as of "
            f"{found.as_of}: {time.perf_counter() - started:.0f} s"
        )
        for row in found.summary():
            print(json.dumps(row, default=str))
        for seed in found.seeds:
            for linkage, misses in seed.misses.items():
                print(f"  seed {seed.seed} {linkage}: missed {'; '.join(misses) or 'none'}")
        if args.strata:
            with args.strata.open("a", encoding="utf-8") as out:
                for seed in found.seeds:
                    for linkage, rows in seed.rows.items():
                        for row in rows:
                            line = {"scenario": scenario, "persons": persons, "seed": seed.seed}
                            out.write(json.dumps({**line, "linkage": linkage, **row}) + "\n")


if __name__ == "__main__":
    main()
