"""Country attribution against the simulator's truth: how many persons get the wrong country.

Run: `.venv/bin/python benchmarks/origin.py [--persons 2000] [--seed 41] [--scenario afp-2017]`.
It simulates the population, ingests it, links it twice — from the truth (perfect linkage)
and with headcount's model — and prints for each run what `validation.origin.country_errors`
finds: wrong country (a share of all persons), unknown country, mentions, how many of the
wrong had the true country as runner-up (`origin.other_countries`), the wrong ones by what
linkage did to them (whole, fragment of a split person, merge) and by (true, given) country.

Perfect linkage measures the rule alone; the difference to headcount's linkage is the part
linkage errors add.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from headcount.accounting.truth import link_from_truth
from headcount.ingest import ingest_path
from headcount.linkage.link import link
from headcount.simulate import simulate, write
from headcount.storage import connect, upgrade
from headcount.validation.origin import country_errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=41)
    parser.add_argument("--scenario", default="afp-2017")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="headcount-origin-") as scratch:
        folder = Path(scratch)
        write(simulate(args.persons, args.seed, scenario=args.scenario), folder)
        store = connect(f"sqlite:///{folder / 'headcount.sqlite'}")
        upgrade(store)
        ingest_path(store, folder / "sources", user="bench")
        perfect = link_from_truth(store, folder / "truth" / "links.csv", user="bench").run_id
        started = time.perf_counter()
        own = link(store, user="bench").run.run_id
        print(
            f"{args.scenario}, {args.persons:,} persons, seed {args.seed} "
            f"(linked in {time.perf_counter() - started:.0f} s)"
        )
        for label, run in (("perfect linkage", perfect), ("headcount's linkage", own)):
            found = country_errors(store, run, folder / "truth")
            print(
                f"{label}: {found.persons:,} persons, wrong country {found.wrong} "
                f"({found.share:.1%}), unknown {found.unknown}, mentions {found.mentions}; "
                f"the true country was the runner-up for {found.runner_up_true} of the wrong"
            )
            print(f"  wrong by linkage: {found.by_linkage}; (true, given): {found.pairs[:12]}")
        store.close()


if __name__ == "__main__":
    main()
