"""The same figures from several checkouts of headcount: did a refactoring change what it finds?

Run: `.venv/bin/python benchmarks/redesign.py LABEL=CHECKOUT [LABEL=CHECKOUT ...]
[--persons 3000] [--seed 7] [--scenario default] [--as-of 2017-12-08] [--out DIR]`, where
each CHECKOUT is a working tree of headcount with its own `.venv` (`make install` there; a
past commit: `git worktree add --detach DIR SHA`). It drives each checkout only through its
command line, the part that stays stable across versions.

The first checkout simulates the population (`simulate --persons --seed --scenario`), or
`--population DIR` names one simulated before (to compare checkouts over several runs of
this script, the same files); every checkout then ingests those same files into a store of its own, links them (`link`, timed),
and reports `evaluate-linkage` against the simulator's truth, `count --as-of` and
`estimate --as-of` (the total, LCMCR, its default seed). The checkouts run one after the
other in this one process, so the time of each link is also given as a ratio to the first
checkout's: the machine's load moves seconds more than it moves ratios. CPU seconds (user
and system of the child processes) are given beside wall seconds for the same reason.

DuckDB runs on `--threads` threads (1 by default): on several, its seeded sampling and the
order of its sums vary from run to run. Checkouts older than `HEADCOUNT_DUCKDB_THREADS` do
not read it, so every command runs with a `sitecustomize` on its path that sets the threads
of each DuckDB connection it opens; newer checkouts set the same number themselves.

The figures go to standard output as one table, and with `--out` each command's JSON output
and the table (`figures.md`) stay in DIR.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATUSES = (
    "en_route",
    "in_theatre",
    "killed_confirmed",
    "killed_reported",
    "detained",
    "returned",
    "relocated",
    "contested",
    "unknown",
)

SITECUSTOMIZE = '''"""Every DuckDB connection of this process on HEADCOUNT_DUCKDB_THREADS threads."""
import os

_threads = os.environ.get("HEADCOUNT_DUCKDB_THREADS")
if _threads:
    import duckdb

    _connect = duckdb.connect

    def _connect_on_threads(*args, **kwargs):
        connection = _connect(*args, **kwargs)
        connection.execute(f"SET threads = {int(_threads)}")
        return connection

    duckdb.connect = _connect_on_threads
'''


@dataclass
class Checkout:
    """One working tree of headcount and what its commands found."""

    label: str
    path: Path
    commit: str = ""
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def command(self) -> Path:
        return self.path / ".venv" / "bin" / "headcount"


def _commit(path: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(path), "log", "-1", "--format=%h %ad", "--date=format:%H:%M"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _run(
    checkout: Checkout, args: list[str], env: dict[str, str], folder: Path
) -> tuple[str, float, float]:
    """Run one command of the checkout in `folder`; its output, wall and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [str(checkout.command), *args], cwd=folder, env=env, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"{checkout.label}: headcount {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout, wall, cpu


def _digest(folder: Path) -> str:
    """One hash of the files under `folder` (names and contents), to say two populations are
    the same; Excel files are left out, as they carry the time they were written."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".xlsx"):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _json(text: str) -> Any:
    """The JSON document a command printed, after any lines a library wrote before it."""
    start = text.find("\n{") + 1 if not text.startswith("{") else 0
    return json.JSONDecoder().raw_decode(text[start:])[0]


def _count_totals(found: dict[str, Any]) -> dict[str, Any]:
    """Departed and each status over every country: the `all` row where the version prints
    one, otherwise the sum of the country rows."""
    rows = found["rows"]
    whole = [r for r in rows if r.get("country") == "all"]
    if whole:
        row = whole[0]
        out = {"departed": row["departed"]["value"], "how": "all row"}
        out |= {s: row["statuses"].get(s, {}).get("value") for s in STATUSES}
        return out
    countries = [r for r in rows if r.get("country") not in {"all", "mentions"}]
    out = {"departed": sum(r["departed"]["value"] for r in countries), "how": "sum of rows"}
    for s in STATUSES:
        out[s] = sum(r["statuses"].get(s, {}).get("value", 0) for r in countries)
    return out


def measure(checkout: Checkout, population: Path, args: argparse.Namespace, work: Path) -> None:
    """Ingest, link, evaluate, count and estimate with one checkout; fills its figures."""
    folder = work / checkout.label
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "HEADCOUNT_DB_URL": f"sqlite:///{folder / 'store.sqlite'}",
        "HEADCOUNT_DUCKDB_THREADS": str(args.threads),
        "PYTHONPATH": str(work / "site"),
        "COLUMNS": "200",
    }
    checkout.commit = _commit(checkout.path)
    _run(checkout, ["init"], env, folder)
    _run(checkout, ["ingest", str(population / "sources")], env, folder)
    linked, wall, cpu = _run(checkout, ["link", "--format", "json"], env, folder)
    (folder / "link.json").write_text(linked, encoding="utf-8")
    run = _json(linked)
    truth = str(population / "truth" / "links.csv")
    evaluated, _, _ = _run(
        checkout, ["evaluate-linkage", "--truth", truth, "--format", "json"], env, folder
    )
    date = ["--as-of", args.as_of]
    counted, _, _ = _run(checkout, ["count", *date, "--format", "json"], env, folder)
    estimated, est_wall, _ = _run(checkout, ["estimate", *date, "--format", "json"], env, folder)
    for name, text in (
        ("evaluate", evaluated),
        ("count", counted),
        ("estimate", estimated),
    ):
        (folder / f"{name}.json").write_text(text, encoding="utf-8")
    quality = _json(evaluated)
    total = _json(estimated)["total"]
    checkout.figures = {
        "records": run["records"],
        "persons": run["run"]["persons"],
        "pairs scored": run["pairs_scored"],
        "pairwise P": quality["pairwise"]["precision"],
        "pairwise R": quality["pairwise"]["recall"],
        "pairwise F1": quality["pairwise"]["f1"],
        "B-cubed F1": quality["bcubed"]["f1"],
        "link wall s": wall,
        "link CPU s": cpu,
        **{f"count {k}": v for k, v in _count_totals(_json(counted)).items()},
        "estimate observed": total["observed"],
        "estimate": total["estimate"],
        "estimate 95%": f"{total['lower']:,.0f}–{total['upper']:,.0f}",
        "estimate wall s": est_wall,
    }


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4f}" if value < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(checkouts: list[Checkout]) -> str:
    """The figures side by side, with the link time as a ratio to the first checkout."""
    head = "| figure | " + " | ".join(f"{c.label} ({c.commit})" for c in checkouts) + " |"
    lines = [head, "|---" * (len(checkouts) + 1) + "|"]
    for key in checkouts[0].figures:
        values = [_cell(c.figures.get(key, "–")) for c in checkouts]
        lines.append(f"| {key} | " + " | ".join(values) + " |")
    for key in ("link wall s", "link CPU s"):
        first = checkouts[0].figures[key]
        ratios = [f"{c.figures[key] / first:.2f}" for c in checkouts]
        kind = key.split()[1]
        lines.append(f"| link time ratio ({kind}) | " + " | ".join(ratios) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkouts", nargs="+", help="LABEL=PATH of a headcount working tree")
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scenario", default="default")
    parser.add_argument("--as-of", default="2017-12-08")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, help="keep the outputs and figures.md here")
    parser.add_argument(
        "--population", type=Path, help="a population simulate wrote before (no simulating)"
    )
    args = parser.parse_args()
    checkouts = [Checkout(c.split("=", 1)[0], Path(c.split("=", 1)[1])) for c in args.checkouts]
    with tempfile.TemporaryDirectory() as scratch:
        work = args.out or Path(scratch)
        (work / "site").mkdir(parents=True, exist_ok=True)
        (work / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
        population = args.population or work / "population"
        made = "given"
        if args.population is None:
            env = {**os.environ, "PYTHONPATH": str(work / "site")}
            simulate = ["simulate", "--persons", str(args.persons), "--seed", str(args.seed)]
            simulate += ["--scenario", args.scenario, "--out", str(population)]
            _run(checkouts[0], simulate, env, work)
            made = f"{args.persons:,} persons, seed {args.seed}, scenario {args.scenario}, "
            made += f"simulated by {checkouts[0].label}"
        print(
            f"population: {made} (files other than Excel {_digest(population / 'sources')}); "
            f"as of {args.as_of}; DuckDB on {args.threads} thread(s)",
            flush=True,
        )
        for checkout in checkouts:
            measure(checkout, population, args, work)
            print(f"{checkout.label} done", file=sys.stderr, flush=True)
        figures = table(checkouts)
        print(figures)
        if args.out:
            (work / "figures.md").write_text(figures + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
